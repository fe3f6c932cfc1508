//! The pathway format: questions, outcomes and lookup tables, as read from a RON file.

pub mod condition;
pub mod load;
pub mod locate;
pub mod paths;
pub mod texts;
pub mod validate;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

pub use condition::Condition;
pub use load::{LoadError, Loaded, load_file, load_str};

/// A whole care pathway: the decision tree and the facts it looks up.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pathway {
    /// Stable identifier, e.g. `event-permits`.
    pub id: String,
    /// Version of the clinical content, e.g. `1.0.0`.
    pub version: String,
    pub title: Text,
    /// Languages the pathway declares complete (`en` always; `fr` once translated).
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    /// Shown on the start screen and under every outcome.
    pub disclaimer: Text,
    /// The id of the first question.
    pub start: String,
    /// Questions and outcomes, in the order an author reads them.
    pub nodes: Vec<Node>,
    /// Help that is always one key away (emergency and crisis lines).
    pub crisis: Crisis,
    /// Per-region facts keyed by the answer to one question.
    pub regions: RegionTable,
    /// Routes offered alongside the main one, e.g. coordinated mental-health care.
    #[serde(default)]
    pub alongside: Vec<Alongside>,
    /// Coverage programs keyed by an answer and a region.
    pub coverage: CoverageTable,
    /// Safety flags raised by answers.
    #[serde(default)]
    pub flags: Vec<Flag>,
    /// Strength of evidence keyed by the answer to one question.
    pub evidence: EvidenceTable,
    /// Every source cited anywhere in the pathway.
    pub sources: Vec<Source>,
    /// Node id to position in `nodes`, built once after loading.
    #[serde(skip)]
    index: HashMap<String, usize, foldhash::fast::RandomState>,
    /// Node id to the most questions any route from it can still ask, built once after
    /// loading (the graph does not change with the answers).
    #[serde(skip)]
    remaining: HashMap<String, usize>,
}

fn default_languages() -> Vec<String> {
    vec!["en".to_string()]
}

/// User-facing text in English and French. French may be empty until translated.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    #[serde(default)]
    pub fr: String,
}

/// A language carepath can show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    /// The other language (for matching labels in both).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Fr,
            Lang::Fr => Lang::En,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

impl Text {
    /// The text in `lang`, falling back to English where the translation is missing.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr if !self.fr.trim().is_empty() => &self.fr,
            _ => &self.en,
        }
    }
}

/// Who is reading a prompt.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    Staff,
    Patient,
}

/// One prompt phrased for intake staff and for a patient.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    pub staff: Text,
    pub patient: Text,
}

impl Prompt {
    pub fn for_audience(&self, audience: Audience) -> &Text {
        match audience {
            Audience::Staff => &self.staff,
            Audience::Patient => &self.patient,
        }
    }
}

/// A node of the decision tree.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub enum Node {
    Question(Question),
    Outcome(OutcomeNode),
}

impl Node {
    pub fn id(&self) -> &str {
        match self {
            Node::Question(q) => &q.id,
            Node::Outcome(o) => &o.id,
        }
    }
}

/// Single choice, or several choices with an optional exclusive option such as `none`.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum Choice {
    #[default]
    Single,
    Multi,
}

/// A question and where each answer leads.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(default)]
    pub choice: Choice,
    /// For a multi-choice question: the option that excludes all others (`none`).
    #[serde(default)]
    pub exclusive: Option<String>,
    /// Long option lists are filtered by typing.
    #[serde(default)]
    pub filterable: bool,
    pub prompt: Prompt,
    /// A few words naming the question, for the review list and summaries ("Province").
    #[serde(default)]
    pub short: Text,
    #[serde(default)]
    pub help: Text,
    pub options: Vec<Choosable>,
    /// Branches tried in order; the first whose condition holds is taken.
    #[serde(default)]
    pub next: Vec<Branch>,
    /// Where to go when no branch holds.
    #[serde(default)]
    pub otherwise: Option<String>,
}

impl Question {
    /// The short name, or the staff prompt when the pathway gives none.
    pub fn name(&self) -> &Text {
        if self.short.en.is_empty() {
            &self.prompt.staff
        } else {
            &self.short
        }
    }

    pub fn option(&self, id: &str) -> Option<&Choosable> {
        self.options.iter().find(|o| o.id == id)
    }

    /// The labels of the options `ids` in `lang`, joined by commas (an id the question does
    /// not offer is shown as it is).
    pub fn labels(&self, ids: &[String], lang: Lang) -> String {
        ids.iter()
            .map(|id| self.option(id).map_or(id.as_str(), |o| o.label.get(lang)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Every node this question can lead to, branches first.
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.next
            .iter()
            .map(|b| b.goto.as_str())
            .chain(self.otherwise.as_deref())
    }
}

/// One answer a question offers.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choosable {
    pub id: String,
    pub label: Text,
    /// A short clarification shown beside the label.
    #[serde(default)]
    pub hint: Text,
    /// Other words a person may type for this option, per language ("yes", "oui",
    /// "adulte"): matched by every filter and by the line mode like the label.
    #[serde(default, skip_serializing_if = "Aliases::is_empty")]
    pub aliases: Aliases,
}

/// Words an option may also be typed as, per language. Not shown to anyone.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Aliases {
    #[serde(default)]
    pub en: Vec<String>,
    #[serde(default)]
    pub fr: Vec<String>,
}

impl Aliases {
    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.fr.is_empty()
    }

    /// The words in `lang` (no fallback: English words are matched in French anyway, see
    /// [`Aliases::all`]).
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }

    /// Every word, those of `lang` first: bilingual people type either.
    pub fn all(&self, lang: Lang) -> impl Iterator<Item = &String> {
        self.get(lang).iter().chain(self.get(lang.other()))
    }
}

/// A conditional edge from a question to the next node.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub when: Condition,
    pub goto: String,
}

/// Where the pathway ends: a route and what to tell the person.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeNode {
    pub id: String,
    /// The routing rule this outcome implements, e.g. `R9`.
    pub rule: String,
    /// Why the rule applies, in a sentence.
    pub why: Text,
    /// The route's stable id (`referral`, `emergency`…), shared by the outcomes that take it.
    pub route: String,
    #[serde(default)]
    pub referral_to: Option<String>,
    /// The route in plain words: the first line a person reads.
    pub headline: Text,
    /// Stop everything and show the crisis help.
    #[serde(default)]
    pub crisis: bool,
    /// Look up the facility requirement of the person's region.
    #[serde(default)]
    pub facility: bool,
    #[serde(default)]
    pub next_steps: Vec<Text>,
    /// Safety points every result of this outcome lists.
    #[serde(default)]
    pub safety: Vec<Text>,
    /// Safety points listed only when their condition holds (a point about one way of
    /// doing a thing, only when it is done that way), before `safety`.
    #[serde(default)]
    pub safety_if: Vec<ConditionalText>,
    /// Detail for staff only (never shown to patients).
    #[serde(default)]
    pub staff_detail: Vec<Text>,
    /// Staff detail listed only when its condition holds, before `staff_detail`.
    #[serde(default)]
    pub staff_detail_if: Vec<ConditionalText>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A text shown only when its condition holds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionalText {
    pub when: Condition,
    pub text: Text,
}

/// The crisis help shown one key away on every screen.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Crisis {
    pub title: Text,
    pub lines: Vec<Text>,
    /// Shown in place of the region's line until the region is known.
    #[serde(default)]
    pub before_region: Text,
    /// What a region's `health_line` is called beside the region's name ("Health line");
    /// "Local line" when not given.
    #[serde(default)]
    pub region_line: Text,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// Facts per region, keyed by the options of `question`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegionTable {
    /// The question whose answer names the region.
    pub question: String,
    /// The kinds of requirement every region states, each chosen by a condition on the
    /// answers: the first whose `when` holds applies, and the last, which has none, applies
    /// when no other does.
    pub requirements: Vec<RequirementKind>,
    pub rows: Vec<Region>,
}

/// The keys of the route JSON's `facility` object besides one per kind of requirement, in
/// order: no kind may take one as its id.
pub const FACILITY_KEYS: [&str; 3] = ["province", "regulator", "requirement"];

/// One kind of requirement every region states (the rules for one way of doing a thing).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementKind {
    /// A stable id: the key of a row's `requirements`, of the route JSON and of scenarios.
    pub id: String,
    /// What the requirement is for, shown beside it.
    #[serde(default)]
    pub label: Text,
    /// When this kind applies; `None` for the last kind, which applies otherwise.
    #[serde(default)]
    pub when: Option<Condition>,
    /// Whether the region's `facility_type` names the facility this kind needs: a result's
    /// first line then names it; otherwise it names the kind by its label.
    #[serde(default)]
    pub uses_facility_type: bool,
    /// Whether the route JSON's `facility` object carries this kind's id as a key, true when
    /// it applies and false otherwise (`"<id>": true`).
    #[serde(default)]
    pub json_flag: bool,
}

impl RegionTable {
    /// The kind of requirement the answers choose: the first whose condition holds, or the
    /// last one (`None` only for a table without kinds, which `check` refuses).
    pub fn kind_for(&self, answers: &impl condition::Answers) -> Option<&RequirementKind> {
        self.requirements
            .iter()
            .find(|k| k.when.as_ref().is_none_or(|c| c.holds(answers)))
            .or(self.requirements.last())
    }

    pub fn kind(&self, id: &str) -> Option<&RequirementKind> {
        self.requirements.iter().find(|k| k.id == id)
    }

    /// Every question the choice of a kind reads.
    pub fn kind_questions(&self) -> impl Iterator<Item = &str> {
        self.requirements
            .iter()
            .filter_map(|k| k.when.as_ref())
            .flat_map(Condition::questions)
    }
}

/// One region of the region question (a province, a city).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub id: String,
    pub name: Text,
    /// The body that licenses or inspects, or none.
    #[serde(default)]
    pub regulator: Option<String>,
    /// The kind of facility in a few words, for the first line of a result of the kinds that
    /// use it.
    #[serde(default)]
    pub facility_type: Text,
    /// The region's requirement of each kind, by the kind's id.
    pub requirements: BTreeMap<String, Text>,
    /// The regional health or help line shown with the crisis help.
    pub health_line: Text,
    #[serde(default)]
    pub sources: Vec<String>,
}

impl Region {
    /// The region's requirement of kind `kind`.
    pub fn requirement(&self, kind: &str) -> Option<&Text> {
        self.requirements.get(kind)
    }
}

/// A route offered alongside the main one when a condition holds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Alongside {
    pub route: String,
    pub when: Condition,
    /// Main routes that never get this alongside.
    #[serde(default)]
    pub except_routes: Vec<String>,
    pub text: Text,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// Coverage programs, keyed by an option of `question` and a region.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageTable {
    pub question: String,
    pub rows: Vec<CoverageRow>,
}

/// One program for one answer in some regions.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageRow {
    pub answer: String,
    /// Regions this row covers; empty means every region.
    #[serde(default)]
    pub regions: Vec<String>,
    /// A stable name for the program (`self-pay`), used in JSON and scenarios.
    pub program: String,
    /// The program's name for people, per language; `program` is shown when this is empty.
    #[serde(default)]
    pub program_label: Text,
    pub note: Text,
    /// Criteria in clinical detail, for staff.
    #[serde(default)]
    pub staff_detail: Text,
    /// What the program covers for another route (the mental-health route, say), shown in
    /// place of `note` on that route and beside it when that route is offered alongside.
    #[serde(default)]
    pub route_notes: Vec<RouteNote>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A coverage row's note for one route.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RouteNote {
    pub route: String,
    pub note: Text,
    #[serde(default)]
    pub staff_detail: Text,
}

impl CoverageRow {
    /// The program's name for people in `lang`.
    pub fn program_name(&self, lang: Lang) -> &str {
        match self.program_label.get(lang) {
            "" => &self.program,
            label => label,
        }
    }

    /// The row's note for `route`, when it has one of its own.
    pub fn route_note(&self, route: &str) -> Option<&RouteNote> {
        self.route_notes.iter().find(|n| n.route == route)
    }

    /// The note shown on `route`: its own, or the row's `note`.
    pub fn note_for(&self, route: &str) -> &Text {
        self.route_note(route).map_or(&self.note, |n| &n.note)
    }

    /// The staff detail shown on `route`: its own, or the row's `staff_detail`.
    pub fn staff_detail_for(&self, route: &str) -> &Text {
        match self.route_note(route) {
            Some(n) if !n.staff_detail.en.is_empty() => &n.staff_detail,
            _ => &self.staff_detail,
        }
    }
}

/// A safety point raised when its condition holds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    pub id: String,
    pub when: Condition,
    pub text: Text,
    /// The point in a few words, for the record summary; `text` is used when empty.
    #[serde(default)]
    pub short: Text,
    /// Another flag whose text already says this one's: when both are raised, only that
    /// one's text is shown (both ids stay in the JSON).
    #[serde(default)]
    pub said_by: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// Evidence per option of `question`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceTable {
    pub question: String,
    pub rows: Vec<Evidence>,
}

/// How strong the evidence is for one answer, and where it comes from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub option: String,
    /// A stable id for the strength (`strongest`, `weak`…), used in JSON.
    pub strength: String,
    /// The strength in words, for people; the id is shown when this is empty.
    #[serde(default)]
    pub strength_label: Text,
    pub summary: Text,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A cited work.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    /// Authors or publishing body.
    pub authors: String,
    pub title: String,
    pub year: u16,
    /// The journal or publisher, as published (not translated).
    #[serde(default)]
    pub publication: Option<String>,
    /// What kind of source it is, in the reader's language: "Web page, last checked 2026".
    #[serde(default)]
    pub note: Text,
    #[serde(default)]
    pub url: Option<String>,
    /// When someone last checked the source still says what the pathway cites it for, as
    /// `YYYY-MM`; empty when not written (an error in `check`). `check` warns once it is
    /// older than the review limit.
    #[serde(default)]
    pub checked: String,
}

impl Source {
    /// `Authors (year). Title. Publication. Note. URL` on one line, the note in `lang`.
    pub fn citation(&self, lang: Lang) -> String {
        let mut s = format!("{} ({}). {}.", self.authors, self.year, self.title);
        if let Some(p) = &self.publication {
            s.push(' ');
            s.push_str(p);
            s.push('.');
        }
        let note = self.note.get(lang);
        if !note.is_empty() {
            s.push(' ');
            s.push_str(note);
            s.push('.');
        }
        if let Some(u) = &self.url {
            s.push(' ');
            s.push_str(u);
        }
        s
    }
}

impl Pathway {
    /// Rebuilds the id index; the first node with an id wins (duplicates are a `check` error).
    pub fn reindex(&mut self) {
        self.index.clear();
        for (i, node) in self.nodes.iter().enumerate() {
            self.index.entry(node.id().to_string()).or_insert(i);
        }
        self.remaining = self.longest_routes();
    }

    /// The most questions any route from `id` can still ask, `id` included (0 for an outcome).
    pub fn questions_remaining(&self, id: &str) -> usize {
        self.remaining.get(id).copied().unwrap_or(0)
    }

    /// For every node, the longest chain of questions from it. Iterative, so no pathway can
    /// overflow the stack; a loop (which `check` rejects) ends a chain instead of running on.
    fn longest_routes(&self) -> HashMap<String, usize> {
        let mut memo: HashMap<&str, usize> = HashMap::with_capacity(self.nodes.len());
        let mut on_stack: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for root in &self.nodes {
            let mut stack: Vec<(&str, bool)> = vec![(root.id(), false)];
            while let Some((id, expanded)) = stack.pop() {
                if memo.contains_key(id) {
                    continue;
                }
                let Some(Node::Question(q)) = self.node(id) else {
                    memo.insert(id, 0);
                    continue;
                };
                if expanded {
                    on_stack.remove(id);
                    let best = q
                        .targets()
                        .map(|t| memo.get(t).copied().unwrap_or(0))
                        .max()
                        .unwrap_or(0);
                    memo.insert(id, best + 1);
                    continue;
                }
                on_stack.insert(id);
                stack.push((id, true));
                for t in q.targets() {
                    if !memo.contains_key(t) && !on_stack.contains(t) {
                        stack.push((t, false));
                    }
                }
            }
        }
        memo.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    /// The position of node `id` in `nodes`.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        match self.node(id) {
            Some(Node::Question(q)) => Some(q),
            _ => None,
        }
    }

    pub fn outcome(&self, id: &str) -> Option<&OutcomeNode> {
        match self.node(id) {
            Some(Node::Outcome(o)) => Some(o),
            _ => None,
        }
    }

    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Question(q) => Some(q),
            _ => None,
        })
    }

    pub fn outcomes(&self) -> impl Iterator<Item = &OutcomeNode> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Outcome(o) => Some(o),
            _ => None,
        })
    }

    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.rows.iter().find(|r| r.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// What else an option of `q` may be typed as, for filtering: its label in the other
    /// language, its aliases in both languages (`yes`, `adulte`) and, on the coverage
    /// question, the names of the programs it stands for in every region (the acronyms people use),
    /// so staff can type the name a caller uses.
    pub fn other_names(&self, q: &Question, option: &Choosable, lang: Lang) -> String {
        let mut names = vec![option.label.get(lang.other()).to_string()];
        for alias in option.aliases.all(lang) {
            if !names.iter().any(|n| n == alias) {
                names.push(alias.clone());
            }
        }
        if q.id == self.coverage.question {
            for row in self.coverage.rows.iter().filter(|r| r.answer == option.id) {
                for name in [row.program.as_str(), row.program_label.get(lang)] {
                    if !name.is_empty() && !names.iter().any(|n| n == name) {
                        names.push(name.to_string());
                    }
                }
            }
        }
        names.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::condition::AnswerMap;
    use super::*;

    /// A kind of requirement is chosen by any condition, over any question: the first whose
    /// condition holds, else the last.
    #[test]
    fn the_first_kind_whose_condition_holds_applies_else_the_last() {
        let kind = |id: &str, when: Option<Condition>| RequirementKind {
            id: id.into(),
            label: Text::default(),
            when,
            uses_facility_type: false,
            json_flag: false,
        };
        let table = RegionTable {
            question: "city".into(),
            requirements: vec![
                kind(
                    "road",
                    Some(Condition::Is("features".into(), "road".into())),
                ),
                kind(
                    "large",
                    Some(Condition::AnyOf(
                        "crowd".into(),
                        vec!["hundreds".into(), "thousands".into()],
                    )),
                ),
                kind("standard", None),
            ],
            rows: Vec::new(),
        };
        let chosen = |answers: &[(&str, &[&str])]| {
            let answers: AnswerMap = answers
                .iter()
                .map(|(q, a)| (q.to_string(), a.iter().map(|o| o.to_string()).collect()))
                .collect();
            table.kind_for(&answers).map(|k| k.id.clone())
        };
        let features: &[&str] = &["food", "road"];
        assert_eq!(chosen(&[("features", features)]).as_deref(), Some("road"));
        assert_eq!(
            chosen(&[("features", &["food"]), ("crowd", &["thousands"])]).as_deref(),
            Some("large")
        );
        assert_eq!(
            chosen(&[("features", &["food"])]).as_deref(),
            Some("standard")
        );
        assert_eq!(chosen(&[]).as_deref(), Some("standard"));
        assert_eq!(
            table.kind_questions().collect::<Vec<_>>(),
            ["features", "crowd"]
        );
    }
}
