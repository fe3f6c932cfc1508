//! What changes between two versions of a pathway, for a clinical governance review: every
//! distinct answer path is routed through both versions, and the differences in the result
//! are grouped by change, each with the number of paths and one example path.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write;

use crate::outcome::Outcome;
use crate::pathway::validate::multi_answer_sets;
use crate::pathway::{Choice, Lang, Loaded, Pathway, Question};
use crate::session::{AnswerMap, Step, walk};

/// The comparison stops after this many answer paths, to bound its time.
///
/// Every option of a question that a branch condition of either version reads is tried (for a
/// multi-choice question, every combination of the options a condition names, the coverage
/// question's options, and those only one version has, as `check` does); every single option of a
/// question that the tables read (the region and setting questions, the coverage question,
/// and those the flags and `alongside` test), plus its exclusive option and all its options
/// together; and for any other question one answer, plus each option that only one version
/// has. The bundled pathway compared with itself takes about 130,000 paths. When the limit
/// is hit the report says so and the comparison counts as not proven unchanged.
pub const MAX_DIFF_PATHS: usize = 250_000;

/// A part of the result that can change between versions, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Outcome,
    Route,
    Also,
    ReferralTo,
    /// A facility requirement appears or disappears.
    Facility,
    Regulator,
    Requirement,
    Iv,
    Coverage,
    Flags,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Outcome => "outcome",
            Field::Route => "route",
            Field::Also => "also",
            Field::ReferralTo => "referral_to",
            Field::Facility => "facility",
            Field::Regulator => "facility.regulator",
            Field::Requirement => "facility.requirement",
            Field::Iv => "facility.iv",
            Field::Coverage => "coverage",
            Field::Flags => "flags",
        }
    }
}

/// Which version of a pathway a side of the diff is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    /// The file, as given.
    pub file: String,
    pub id: String,
    pub version: String,
    pub sha256: String,
}

impl VersionInfo {
    fn of(loaded: &Loaded) -> Self {
        VersionInfo {
            file: loaded.name.clone(),
            id: loaded.pathway.id.clone(),
            version: loaded.pathway.version.clone(),
            sha256: loaded.sha256.clone(),
        }
    }
}

/// One distinct change: a field going from one value to another on some paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeGroup {
    pub field: Field,
    pub old: String,
    pub new: String,
    /// How many answer paths show this change.
    pub paths: usize,
    /// The first such path met, as `question=option, …` in the order asked.
    pub example: String,
}

/// The whole comparison.
#[derive(Debug, Clone)]
pub struct PathwayDiff {
    pub old: VersionInfo,
    pub new: VersionInfo,
    /// Answer paths compared.
    pub paths: usize,
    /// Paths with at least one change.
    pub changed_paths: usize,
    /// Questions for which more than one answer was tried, in the order first met.
    pub varied: Vec<String>,
    /// Sorted by field, then old value, then new value.
    pub groups: Vec<ChangeGroup>,
    /// The enumeration stopped at [`MAX_DIFF_PATHS`].
    pub exhausted: bool,
    /// Parts of the file whose content changed (wording, sources, settings), whether or not
    /// any answer path routes differently: `question `safety` (changed)`.
    pub content_changes: Vec<String>,
}

/// Compares two versions path by path. Texts (facility requirements) are compared in `lang`.
pub fn diff(old: &Loaded, new: &Loaded, lang: Lang) -> PathwayDiff {
    let (po, pn) = (&old.pathway, &new.pathway);
    let mut branch_read: HashSet<String> = HashSet::new();
    let mut table_read: HashSet<String> = HashSet::new();
    let mut named: HashMap<String, HashSet<String>> = HashMap::new();
    for p in [po, pn] {
        for q in p.questions() {
            for b in &q.next {
                branch_read.extend(b.when.questions().into_iter().map(str::to_string));
            }
        }
        let conditions = p.questions().flat_map(|q| q.next.iter().map(|b| &b.when));
        let conditions = conditions
            .chain(p.flags.iter().map(|f| &f.when))
            .chain(p.alongside.iter().map(|a| &a.when));
        for c in conditions {
            for (q, o) in c.references() {
                named
                    .entry(q.to_string())
                    .or_default()
                    .extend(o.map(str::to_string));
            }
        }
        if let Some(q) = p.question(&p.coverage.question) {
            named
                .entry(q.id.clone())
                .or_default()
                .extend(q.options.iter().map(|o| o.id.clone()));
        }
        table_read.insert(p.regions.question.clone());
        table_read.insert(p.regions.setting_question.clone());
        table_read.insert(p.coverage.question.clone());
        for f in &p.flags {
            table_read.extend(f.when.questions().into_iter().map(str::to_string));
        }
        for a in &p.alongside {
            table_read.extend(a.when.questions().into_iter().map(str::to_string));
        }
    }
    let mut e = Enumerator {
        old: po,
        new: pn,
        lang,
        branch_read,
        table_read,
        named,
        answers: Vec::new(),
        map: AnswerMap::new(),
        paths: 0,
        changed_paths: 0,
        varied: Vec::new(),
        groups: BTreeMap::new(),
        exhausted: false,
    };
    e.explore();
    let groups = e
        .groups
        .into_iter()
        .map(|((field, old, new), (paths, example))| ChangeGroup {
            field,
            old,
            new,
            paths,
            example,
        })
        .collect();
    PathwayDiff {
        old: VersionInfo::of(old),
        new: VersionInfo::of(new),
        paths: e.paths,
        changed_paths: e.changed_paths,
        varied: e.varied,
        groups,
        exhausted: e.exhausted,
        content_changes: content_changes(&old.pathway, &new.pathway),
    }
}

/// Every part of the pathway, keyed by a name a reviewer recognises, as RON text.
fn parts(p: &Pathway) -> BTreeMap<String, String> {
    fn ron<T: serde::Serialize>(v: &T) -> String {
        ron::to_string(v).unwrap_or_default()
    }
    let mut out = BTreeMap::new();
    out.insert("title".to_string(), ron(&p.title));
    out.insert("disclaimer".to_string(), ron(&p.disclaimer));
    out.insert("crisis help".to_string(), ron(&p.crisis));
    for n in &p.nodes {
        let kind = match n {
            crate::pathway::Node::Question(_) => "question",
            crate::pathway::Node::Outcome(_) => "outcome",
        };
        out.insert(format!("{kind} `{}`", n.id()), ron(n));
    }
    let mut table = p.regions.clone();
    table.rows.clear();
    out.insert("regions table settings".to_string(), ron(&table));
    for r in &p.regions.rows {
        out.insert(format!("region `{}`", r.id), ron(r));
    }
    for a in &p.alongside {
        out.insert(format!("alongside `{}`", a.route), ron(a));
    }
    for c in &p.coverage.rows {
        let regions = match c.regions.is_empty() {
            true => "all".to_string(),
            false => c.regions.join(","),
        };
        out.insert(format!("coverage `{}` in {regions}", c.answer), ron(c));
    }
    for f in &p.flags {
        out.insert(format!("flag `{}`", f.id), ron(f));
    }
    for e in &p.evidence.rows {
        out.insert(format!("evidence `{}`", e.option), ron(e));
    }
    for src in &p.sources {
        out.insert(format!("source `{}`", src.id), ron(src));
    }
    out
}

/// The parts added, removed or changed between two versions, sorted.
fn content_changes(old: &Pathway, new: &Pathway) -> Vec<String> {
    let (old, new) = (parts(old), parts(new));
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter_map(|k| match (old.get(k), new.get(k)) {
            (Some(_), None) => Some(format!("{k} (removed)")),
            (None, Some(_)) => Some(format!("{k} (added)")),
            (Some(a), Some(b)) if a != b => Some(format!("{k} (changed)")),
            _ => None,
        })
        .collect()
}

/// Where one version stands on a partial path.
enum Side {
    /// This question is next.
    Ask(String),
    /// The path ends here, with these results.
    Done(Vec<(Field, String)>),
    /// The path does not exist in this version (an answer it does not offer) or gets stuck.
    Ended(String),
}

struct Enumerator<'a> {
    old: &'a Pathway,
    new: &'a Pathway,
    lang: Lang,
    branch_read: HashSet<String>,
    table_read: HashSet<String>,
    /// The options of each question that some condition of either version names (every
    /// option of the coverage question, which the coverage table reads option by option).
    named: HashMap<String, HashSet<String>>,
    /// The answers of the current path, in the order asked.
    answers: Vec<(String, Vec<String>)>,
    map: AnswerMap,
    paths: usize,
    changed_paths: usize,
    varied: Vec<String>,
    groups: BTreeMap<(Field, String, String), (usize, String)>,
    exhausted: bool,
}

impl Enumerator<'_> {
    fn explore(&mut self) {
        if self.exhausted {
            return;
        }
        let old = side(self.old, &self.map, self.lang);
        let new = side(self.new, &self.map, self.lang);
        let ask = match (&old, &new) {
            (Side::Ask(q), _) | (_, Side::Ask(q)) => q.clone(),
            _ => {
                self.leaf(&old, &new);
                return;
            }
        };
        let sets = self.answer_sets(&ask);
        if sets.len() > 1 && !self.varied.contains(&ask) {
            self.varied.push(ask.clone());
        }
        for set in sets {
            if self.exhausted {
                return;
            }
            self.answers.push((ask.clone(), set.clone()));
            self.map.insert(ask.clone(), set);
            self.explore();
            self.map.remove(&ask);
            self.answers.pop();
        }
    }

    fn leaf(&mut self, old: &Side, new: &Side) {
        if self.paths >= MAX_DIFF_PATHS {
            self.exhausted = true;
            return;
        }
        self.paths += 1;
        let changes = compare(old, new);
        if changes.is_empty() {
            return;
        }
        self.changed_paths += 1;
        // In the order the new version asks, then the old one.
        let position = |q: &str| {
            let in_new = self.new.nodes.iter().position(|n| n.id() == q);
            let in_old = self.old.nodes.iter().position(|n| n.id() == q);
            (in_new.is_none(), in_new.or(in_old))
        };
        let mut answers: Vec<&(String, Vec<String>)> = self.answers.iter().collect();
        answers.sort_by_key(|(q, _)| position(q));
        let example = answers
            .iter()
            .map(|(q, a)| format!("{q}={}", a.join(",")))
            .collect::<Vec<_>>()
            .join(", ");
        for (field, o, n) in changes {
            self.groups
                .entry((field, o, n))
                .and_modify(|(count, _)| *count += 1)
                .or_insert_with(|| (1, example.clone()));
        }
    }

    /// The answers to try for `question` (see [`MAX_DIFF_PATHS`]).
    fn answer_sets(&self, question: &str) -> Vec<Vec<String>> {
        let versions: Vec<_> = [self.old, self.new]
            .iter()
            .filter_map(|p| p.question(question))
            .collect();
        let mut options: Vec<String> = Vec::new();
        for q in &versions {
            for o in &q.options {
                if !options.contains(&o.id) {
                    options.push(o.id.clone());
                }
            }
        }
        let multi = versions.iter().any(|q| q.choice == Choice::Multi);
        let exclusive = versions
            .iter()
            .find_map(|q| q.exclusive.clone())
            .filter(|e| options.contains(e));
        let free: Vec<String> = options
            .iter()
            .filter(|o| Some(*o) != exclusive.as_ref())
            .cloned()
            .collect();
        let single = |o: &String| vec![o.clone()];
        let mut sets: Vec<Vec<String>> = Vec::new();
        if self.branch_read.contains(question) {
            if !multi {
                return options.iter().map(single).collect();
            }
            sets.extend(exclusive.iter().map(single));
            // An option only one version offers is tried as if a condition named it.
            let named = self.named.get(question);
            let is_named = |o: &str| {
                named.is_some_and(|n| n.contains(o))
                    || versions.len() < 2
                    || versions.iter().any(|q| q.option(o).is_none())
            };
            if let Ok(all) = multi_answer_sets(&options, exclusive.as_ref(), is_named) {
                return all;
            }
        } else if self.table_read.contains(question) {
            if !multi {
                return options.iter().map(single).collect();
            }
            sets.extend(exclusive.iter().map(single));
        } else {
            // One answer, plus every option only one version offers.
            let first = exclusive.clone().or_else(|| options.first().cloned());
            sets.extend(first.iter().map(single));
            for o in &options {
                let everywhere =
                    versions.len() == 2 && versions.iter().all(|q| q.option(o).is_some());
                if !everywhere && Some(o) != first.as_ref() {
                    sets.push(single(o));
                }
            }
            return sets;
        }
        sets.extend(free.iter().map(single));
        if free.len() > 1 {
            sets.push(free.clone());
        }
        sets
    }
}

/// Walks one version through the answers so far.
fn side(p: &Pathway, answers: &AnswerMap, lang: Lang) -> Side {
    let (history, step) = match walk(p, answers) {
        Ok(x) => x,
        Err(e) => return Side::Ended(format!("stuck: {e}")),
    };
    for q in &history {
        let given = answers.get(&q.id).map(Vec::as_slice).unwrap_or_default();
        if let Some(why) = not_offered(q, given) {
            return Side::Ended(why);
        }
    }
    match step {
        Step::Ask(q) => Side::Ask(q.id.clone()),
        Step::Done(node) => {
            Side::Done(results(&Outcome::resolve(p, node, &history, answers), lang))
        }
    }
}

/// Why a version cannot take an answer to `q`, in a few words; `None` when it can. (The
/// answers tried never repeat an option.)
fn not_offered(q: &Question, given: &[String]) -> Option<String> {
    if let Some(o) = given.iter().find(|o| q.option(o).is_none()) {
        return Some(format!("{}={o} is not an option", q.id));
    }
    if q.choice == Choice::Single && given.len() > 1 {
        return Some(format!(
            "{}={} is more than one answer",
            q.id,
            given.join(",")
        ));
    }
    match &q.exclusive {
        Some(ex) if given.len() > 1 && given.contains(ex) => {
            Some(format!("{}: {ex} excludes the other answers", q.id))
        }
        _ => None,
    }
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    if items.is_empty() {
        "—".into()
    } else {
        items.join(", ")
    }
}

/// The compared results of a routed path. The facility is kept as its three parts, under
/// `Regulator`, `Requirement` and `Iv`, absent when the outcome has no facility.
fn results(o: &Outcome, lang: Lang) -> Vec<(Field, String)> {
    let mut out = vec![
        (Field::Outcome, format!("{} ({})", o.node.id, o.node.rule)),
        (Field::Route, o.node.route.clone()),
        (Field::Also, list(o.also.iter().map(|a| a.route.clone()))),
        (
            Field::ReferralTo,
            o.node.referral_to.clone().unwrap_or_else(|| "—".into()),
        ),
    ];
    if let Some(f) = o.facility {
        out.push((
            Field::Regulator,
            f.region
                .regulator
                .clone()
                .unwrap_or_else(|| "no regulator".into()),
        ));
        out.push((
            Field::Requirement,
            format!("\"{}\"", f.requirement.get(lang)),
        ));
        out.push((Field::Iv, if f.iv { "yes" } else { "no" }.into()));
    }
    out.push((
        Field::Coverage,
        list(o.coverage.iter().map(|(_, r)| r.program.clone())),
    ));
    out.push((Field::Flags, list(o.flags.iter().map(|f| f.id.clone()))));
    out
}

/// `CPSO, IV requirement: "…"`, from the facility parts of [`results`].
fn facility_summary(r: &[(Field, String)]) -> String {
    let get = |f: Field| r.iter().find(|(x, _)| *x == f).map(|(_, v)| v.as_str());
    match (
        get(Field::Regulator),
        get(Field::Requirement),
        get(Field::Iv),
    ) {
        (Some(reg), Some(req), Some(iv)) => {
            let kind = if iv == "yes" { "IV" } else { "lighter" };
            format!("{reg}, {kind} requirement: {req}")
        }
        _ => "no facility".into(),
    }
}

/// The `(field, old, new)` changes of one path.
fn compare(old: &Side, new: &Side) -> Vec<(Field, String, String)> {
    let outcome_of = |s: &Side| match s {
        Side::Done(r) => r
            .iter()
            .find(|(f, _)| *f == Field::Outcome)
            .map_or_else(String::new, |(_, v)| v.clone()),
        Side::Ended(why) => format!("none ({why})"),
        Side::Ask(q) => format!("none (stops at `{q}`)"),
    };
    let (Side::Done(o), Side::Done(n)) = (old, new) else {
        let (a, b) = (outcome_of(old), outcome_of(new));
        return if a == b {
            Vec::new()
        } else {
            vec![(Field::Outcome, a, b)]
        };
    };
    let get =
        |r: &[(Field, String)], f: Field| r.iter().find(|(x, _)| *x == f).map(|(_, v)| v.clone());
    let mut out = Vec::new();
    let fields: BTreeSet<Field> = o.iter().chain(n.iter()).map(|(f, _)| *f).collect();
    let has_facility = |r: &[(Field, String)]| r.iter().any(|(f, _)| *f == Field::Regulator);
    let both_facility = has_facility(o) && has_facility(n);
    if has_facility(o) != has_facility(n) {
        out.push((Field::Facility, facility_summary(o), facility_summary(n)));
    }
    for f in fields {
        if matches!(f, Field::Regulator | Field::Requirement | Field::Iv) && !both_facility {
            continue;
        }
        let (a, b) = (get(o, f), get(n, f));
        if a != b {
            out.push((f, a.unwrap_or_default(), b.unwrap_or_default()));
        }
    }
    out.sort();
    out
}

impl PathwayDiff {
    /// Something changed, or the comparison could not be finished.
    pub fn changed(&self) -> bool {
        !self.groups.is_empty() || self.exhausted || !self.content_changes.is_empty()
    }

    /// The lines about content: what changed in the file, and a version left unchanged.
    fn content_text(&self, out: &mut String) {
        if self.old.version == self.new.version && self.old.sha256 != self.new.sha256 {
            let _ = writeln!(
                out,
                "\nWarning: both files say version {}, but their content differs: raise the version.",
                self.new.version
            );
        }
        if self.content_changes.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "\nContent changed (wording, sources or settings; read these in the files):"
        );
        for c in &self.content_changes {
            let _ = writeln!(out, "  {c}");
        }
    }

    /// The report a reviewer reads: both versions, what was compared, then one block per
    /// change, sorted.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let version = |v: &VersionInfo| {
            let short: String = v.sha256.chars().take(12).collect();
            format!("{} {} (sha256 {short}) {}", v.id, v.version, v.file)
        };
        out.push_str("Pathway diff\n");
        let _ = writeln!(out, "  old: {}", version(&self.old));
        let _ = writeln!(out, "  new: {}", version(&self.new));
        let varied = if self.varied.is_empty() {
            String::new()
        } else {
            format!("; answers varied: {}", self.varied.join(", "))
        };
        let _ = writeln!(
            out,
            "Compared {} through both versions{varied}.",
            plural(self.paths, "answer path")
        );
        if self.exhausted {
            let _ = writeln!(
                out,
                "Stopped at the limit of {MAX_DIFF_PATHS} paths: later paths were not compared."
            );
        }
        if self.groups.is_empty() {
            let _ = writeln!(
                out,
                "No change in outcome, route, also, referral_to, facility, coverage or flags."
            );
            self.content_text(&mut out);
            return out;
        }
        let _ = writeln!(
            out,
            "{}, on {} of the {}.",
            plural(self.groups.len(), "change"),
            self.changed_paths,
            plural(self.paths, "path")
        );
        for g in &self.groups {
            out.push('\n');
            let name = g.field.name();
            let long = matches!(g.field, Field::Facility | Field::Requirement)
                || name.len() + g.old.chars().count() + g.new.chars().count() > 72;
            if !long {
                let _ = writeln!(out, "{name}: {} → {}", g.old, g.new);
            } else {
                let _ = writeln!(out, "{name}:");
                let _ = writeln!(out, "  old: {}", g.old);
                let _ = writeln!(out, "  new: {}", g.new);
            }
            let _ = writeln!(out, "  {}, e.g. {}", plural(g.paths, "path"), g.example);
        }
        self.content_text(&mut out);
        out
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
