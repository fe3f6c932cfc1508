//! What changes between two versions of a pathway, for a clinical governance review: every
//! distinct answer path is routed through both versions, and the differences in the result
//! are grouped so that one clinical change is one group: a list (flags, coverage, also) changes
//! by the items added or removed, not by its whole before and after; fields that change on
//! exactly the same paths are one group; a facility requirement that appears or disappears is
//! one change however many regional variants it has. Each group has its number of paths and
//! one example path.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write;
use std::rc::Rc;

use unicode_width::UnicodeWidthStr;

use super::count;
use crate::outcome::Outcome;
pub use crate::outcome::projection::Field;
use crate::outcome::projection::missing_from;
use crate::pathway::condition::Answers;
use crate::pathway::paths::{PathWalk, enumerate};
use crate::pathway::validate::multi_answer_sets;
use crate::pathway::{Choice, Lang, Loaded, Node, OutcomeNode, Pathway, Question};
use crate::sanitize::shown;
/// The answers of the current path, by question: looked up at every step of every path, so
/// a hash map rather than the engine's ordered map.
type AnswerMap = HashMap<String, Vec<String>, Fast>;

/// The hasher of the maps looked up at every step: foldhash (hashbrown's own default), several
/// times faster than SipHash on short ids; nothing here needs resistance to chosen keys.
type Fast = foldhash::fast::RandomState;

/// [`AnswerMap`] as conditions read it.
struct Given<'x>(&'x AnswerMap);

impl Answers for Given<'_> {
    fn chosen(&self, question: &str) -> Option<&[String]> {
        self.0.get(question).map(Vec::as_slice)
    }
}

/// The comparison stops after this many answer paths, to bound its memory (each path that
/// changes is kept, to group the changes seen on exactly the same paths).
///
/// Every option of a question that a branch condition of either version reads is tried (for a
/// multi-choice question, every combination of the options a condition names, the coverage
/// question's options, and those only one version has, as `check` does); every single option of a
/// question that the tables read (the region and setting questions, the coverage question,
/// and those the flags and `alongside` test), plus its exclusive option and all its options
/// together; and for any other question one answer, plus each option that only one version
/// has. The bundled pathway compared with itself takes about 130,000 paths. When the limit
/// is hit the report says so and the comparison counts as not proven unchanged.
pub const MAX_DIFF_PATHS: usize = 2_000_000;

/// The comparison also stops after walking this many paths to their end, to bound its time:
/// a path is walked once for all the answers that only the tables read (see [`Deferred`]), so
/// this many walks can compare many more paths.
pub const MAX_DIFF_WALKS: usize = 250_000;

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
            file: shown(&loaded.name).into_owned(),
            id: shown(&loaded.pathway.id).into_owned(),
            version: shown(&loaded.pathway.version).into_owned(),
            sha256: loaded.sha256.clone(),
        }
    }
}

/// What a change does to one field, its values as text: a facility that appears or
/// disappears has its requirements met in [`ChangeGroup::facility_variants`].
pub type Edit = crate::outcome::projection::Edit<String>;

/// One field's part of a change.
pub type Change = crate::outcome::projection::Change<String>;

/// A facility requirement met where a facility appears or disappears.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FacilityVariant {
    pub region: String,
    /// The id of the kind of requirement.
    pub kind: String,
    /// `Clerk, road requirement: "…"`.
    pub summary: String,
}

/// One clinical change: every field that changes on exactly the same answer paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeGroup {
    /// Sorted by field, then edit.
    pub changes: Vec<Change>,
    /// How many answer paths show this change.
    pub paths: usize,
    /// The first such path met, as `question=option, …` in the order asked.
    pub example: String,
    /// For a facility that appears or disappears: the requirements met, in region order.
    pub facility_variants: Vec<FacilityVariant>,
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
    /// Sorted by their first change.
    pub groups: Vec<ChangeGroup>,
    /// The enumeration stopped at [`MAX_DIFF_PATHS`].
    pub exhausted: bool,
    /// Questions gone through by the two versions' walks, all paths together: the work the
    /// comparison did, which grows with the questions and the paths, not their product.
    pub steps: usize,
    /// Parts of the file whose content changed (wording, sources, settings), whether or not
    /// any answer path routes differently: `question `safety` (changed)`.
    pub content_changes: Vec<String>,
}

/// Compares two versions path by path. Texts (facility requirements) are compared in `lang`.
pub fn diff(old: &Loaded, new: &Loaded, lang: Lang) -> PathwayDiff {
    compare_versions(old, new, lang, true)
}

/// [`diff`], with the answers only the tables read tried at the end of each path (`defer`) or
/// as forks along it, as the comparison did before: the tests hold the two to the same report.
fn compare_versions(old: &Loaded, new: &Loaded, lang: Lang, defer: bool) -> PathwayDiff {
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
        table_read.extend(p.regions.kind_questions().map(str::to_string));
        table_read.insert(p.coverage.question.clone());
        for f in &p.flags {
            table_read.extend(f.when.questions().into_iter().map(str::to_string));
        }
        for a in &p.alongside {
            table_read.extend(a.when.questions().into_iter().map(str::to_string));
        }
    }
    let position = |id: &str| {
        let in_new = pn.node_index(id);
        (in_new.is_none(), in_new.or_else(|| po.node_index(id)))
    };
    let order: HashMap<String, (bool, Option<usize>)> = po
        .questions()
        .chain(pn.questions())
        .map(|q| (q.id.clone(), position(&q.id)))
        .collect();
    let mut e = Enumerator {
        old: po,
        new: pn,
        lang,
        defer,
        branch_read,
        table_read,
        named,
        order,
        answers: Vec::new(),
        map: AnswerMap::default(),
        sides: [Cursor::start(po), Cursor::start(pn)],
        asking: None,
        paths: 0,
        walks: 0,
        changed_paths: 0,
        varied: Vec::new(),
        varied_set: HashSet::default(),
        sets: HashMap::default(),
        deferred: Vec::new(),
        changes: BTreeMap::new(),
        exhausted: false,
    };
    e.sides[0].advance(po, &e.map);
    e.sides[1].advance(pn, &e.map);
    enumerate(&mut e);
    let regions: Vec<&str> = pn
        .regions
        .rows
        .iter()
        .chain(&po.regions.rows)
        .map(|r| r.id.as_str())
        .collect();
    let groups = merge(e.changes, &regions);
    PathwayDiff {
        old: VersionInfo::of(old),
        new: VersionInfo::of(new),
        paths: e.paths,
        changed_paths: e.changed_paths,
        varied: e.varied,
        groups,
        exhausted: e.exhausted,
        steps: e.sides[0].steps + e.sides[1].steps,
        content_changes: content_changes(&old.pathway, &new.pathway),
    }
}

/// Every part of the pathway, keyed by a name a reviewer recognises, as RON text.
fn parts(p: &Pathway) -> BTreeMap<String, String> {
    fn ron<T: serde::Serialize>(v: &T) -> String {
        ron::to_string(v).unwrap_or_default()
    }
    let mut out = BTreeMap::new();
    out.insert("id".to_string(), ron(&p.id));
    out.insert("title".to_string(), ron(&p.title));
    out.insert("disclaimer".to_string(), ron(&p.disclaimer));
    out.insert("crisis help".to_string(), ron(&p.crisis));
    for n in &p.nodes {
        let kind = match n {
            Node::Question(_) => "question",
            Node::Outcome(_) => "outcome",
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
    Done(Routed),
    /// The path does not exist in this version (an answer it does not offer) or gets stuck.
    Ended(String),
}

/// Where one version stands on the current path, moved on answer by answer (walking each
/// version again from the start at every step made `diff` quadratic in the path's length).
#[derive(Debug, Clone)]
struct Cursor<'p> {
    /// The next node to go through.
    at: &'p str,
    /// The questions answered so far on this version's path, in order.
    history: Vec<&'p Question>,
    /// The first answer on the path this version does not offer, in a few words.
    not_offered: Option<String>,
    /// Why the path cannot go on from `at` with the answers so far (it may go on once a
    /// question a condition reads is answered).
    stuck: Option<String>,
    /// The path reached an outcome.
    done: bool,
    /// The questions of `history`, for looking answers up.
    on_path: HashSet<&'p str, Fast>,
    /// Questions gone through, every path together (never rewound): the walk's work.
    steps: usize,
}

/// The answers one version reads at the end of a path: only those on its own path (an
/// answer its path never asked changes nothing), with the deferred questions answered as
/// `cylinder` says. Reading a deferred question the cylinder leaves open notes it in `need`
/// (the first such) and reads nothing: the caller then tries each of its answers.
struct Overlay<'x, 'p> {
    map: &'x AnswerMap,
    on_path: &'x HashSet<&'p str, Fast>,
    deferred: &'x Deferred<'x>,
    cylinder: &'x [Option<usize>],
    need: &'x Cell<Option<usize>>,
}

impl Answers for Overlay<'_, '_> {
    fn chosen(&self, question: &str) -> Option<&[String]> {
        if !self.on_path.contains(question) {
            return None;
        }
        match self.deferred.position.get(question) {
            Some(&k) => match self.cylinder[k] {
                Some(s) => Some(&self.deferred.sets[k][s]),
                None => {
                    if self.need.get().is_none() {
                        self.need.set(Some(k));
                    }
                    None
                }
            },
            None => self.map.get(question).map(Vec::as_slice),
        }
    }
}

/// The questions of a path whose answer only the tables read (never a branch), left open
/// while the path is walked and tried at its end: the walk does not repeat for each of their
/// answers, and each part of the result is compared on just the ones it reads.
struct Deferred<'x> {
    /// The answers tried for each, in the order asked.
    sets: Vec<&'x [Vec<String>]>,
    position: HashMap<&'x str, usize, Fast>,
}

impl Deferred<'_> {
    /// How many answers each is tried with.
    fn dims(&self) -> Vec<usize> {
        self.sets.iter().map(|s| s.len()).collect()
    }
}

/// The indices (from `base`, below `limit`) of every full answer to the deferred questions
/// that agrees with `cylinder`, ascending: the first deferred question varies slowest, as in a
/// depth-first walk.
fn expand(cylinder: &[Option<usize>], dims: &[usize], base: usize, limit: usize) -> Vec<u32> {
    let mut digits: Vec<usize> = cylinder.iter().map(|c| c.unwrap_or(0)).collect();
    let mut out = Vec::new();
    loop {
        let index = digits.iter().zip(dims).fold(0usize, |acc, (d, n)| {
            acc.saturating_mul(*n).saturating_add(*d)
        });
        if base.saturating_add(index) >= limit {
            return out;
        }
        out.push((base + index) as u32);
        // The next free digit, from the fastest.
        let mut k = digits.len();
        loop {
            if k == 0 {
                return out;
            }
            k -= 1;
            if cylinder[k].is_some() {
                continue;
            }
            digits[k] += 1;
            if digits[k] < dims[k] {
                break;
            }
            digits[k] = 0;
        }
    }
}

/// What [`Cursor::rewind`] needs.
#[derive(Debug, Clone)]
struct CursorMark<'p> {
    at: &'p str,
    history: usize,
    not_offered: Option<String>,
    stuck: Option<String>,
    done: bool,
}

impl<'p> Cursor<'p> {
    fn start(p: &'p Pathway) -> Cursor<'p> {
        Cursor {
            at: &p.start,
            history: Vec::new(),
            not_offered: None,
            stuck: None,
            done: false,
            on_path: HashSet::default(),
            steps: 0,
        }
    }

    /// Goes through every answered question from where it stands, as [`walk`] does from the
    /// start.
    fn advance(&mut self, p: &'p Pathway, answers: &AnswerMap) {
        use crate::session::{StuckError, next_node};
        self.stuck = None;
        while !self.done {
            let q = match p.node(self.at) {
                Some(Node::Question(q)) => q,
                Some(Node::Outcome(_)) => {
                    self.done = true;
                    return;
                }
                None => {
                    let e = StuckError::MissingNode(self.at.to_string());
                    self.stuck = Some(format!("stuck: {e}"));
                    return;
                }
            };
            let Some(given) = answers.get(&q.id) else {
                return;
            };
            if self.history.len() > p.nodes.len() {
                self.stuck = Some(format!("stuck: {}", StuckError::Loop(q.id.clone())));
                return;
            }
            match next_node(q, &Given(answers)) {
                Ok(next) => {
                    if self.not_offered.is_none() {
                        self.not_offered = not_offered(q, given);
                    }
                    self.history.push(q);
                    self.on_path.insert(&q.id);
                    self.steps += 1;
                    self.at = next;
                }
                Err(e) => {
                    self.stuck = Some(format!("stuck: {e}"));
                    return;
                }
            }
        }
    }

    fn mark(&self) -> CursorMark<'p> {
        CursorMark {
            at: self.at,
            history: self.history.len(),
            not_offered: self.not_offered.clone(),
            stuck: self.stuck.clone(),
            done: self.done,
        }
    }

    fn rewind(&mut self, m: &CursorMark<'p>) {
        self.at = m.at;
        for q in self.history.drain(m.history.min(self.history.len())..) {
            self.on_path.remove(q.id.as_str());
        }
        self.not_offered.clone_from(&m.not_offered);
        self.stuck.clone_from(&m.stuck);
        self.done = m.done;
    }

    /// Where this version stands, with the outcome it reached.
    fn side(&self, p: &'p Pathway) -> (Side, Option<&'p OutcomeNode>) {
        if let Some(why) = self.stuck.as_ref().or(self.not_offered.as_ref()) {
            return (Side::Ended(why.clone()), None);
        }
        match p.node(self.at) {
            Some(Node::Outcome(node)) => (Side::Done(routed_node(node)), Some(node)),
            _ => (Side::Ask(self.at.to_string()), None),
        }
    }

    /// The question this version asks next, if it stands at one.
    fn asks(&self) -> Option<&'p str> {
        (self.stuck.is_none() && self.not_offered.is_none() && !self.done).then_some(self.at)
    }
}

struct Enumerator<'a> {
    old: &'a Pathway,
    new: &'a Pathway,
    lang: Lang,
    /// Whether answers only the tables read are tried at the end of a path (see [`Deferred`]).
    defer: bool,
    branch_read: HashSet<String>,
    table_read: HashSet<String>,
    /// The options of each question that some condition of either version names (every
    /// option of the coverage question, which the coverage table reads option by option).
    named: HashMap<String, HashSet<String>>,
    /// Where each question comes in an example path: in the order the new version asks, then
    /// the old one.
    order: HashMap<String, (bool, Option<usize>)>,
    /// The answers of the current path, in the order asked.
    answers: Vec<(String, Vec<String>)>,
    map: AnswerMap,
    /// The old and the new version on the current path.
    sides: [Cursor<'a>; 2],
    /// The question being answered at the current fork.
    asking: Option<String>,
    paths: usize,
    /// Paths walked to their end.
    walks: usize,
    changed_paths: usize,
    varied: Vec<String>,
    varied_set: HashSet<String, Fast>,
    /// The answers to try for each question, worked out once.
    sets: HashMap<String, Rc<Tried>, Fast>,
    /// The deferred questions of the current path, in the order asked (see [`Deferred`]).
    deferred: Vec<String>,
    changes: BTreeMap<Change, Seen>,
    exhausted: bool,
}

/// What [`PathWalk::rewind`] needs to come back to a fork of the comparison.
#[derive(Debug, Clone)]
struct EnumeratorMark<'a> {
    answers: usize,
    deferred: usize,
    sides: [CursorMark<'a>; 2],
    asking: Option<String>,
}

impl<'a> PathWalk for Enumerator<'a> {
    type Choice = Vec<String>;
    type Mark = EnumeratorMark<'a>;

    fn advance(&mut self) -> Option<Vec<Vec<String>>> {
        loop {
            let ask = match (self.sides[0].asks(), self.sides[1].asks()) {
                (Some(q), _) | (_, Some(q)) => q.to_string(),
                _ => {
                    self.leaf();
                    return None;
                }
            };
            let tried = match self.sets.get(&ask) {
                Some(tried) => Rc::clone(tried),
                None => {
                    let tried = Rc::new(self.tried(&ask));
                    self.sets.insert(ask.clone(), Rc::clone(&tried));
                    tried
                }
            };
            if tried.sets.len() > 1 && self.varied_set.insert(ask.clone()) {
                self.varied.push(ask.clone());
            }
            self.asking = Some(ask.clone());
            match tried.sets.as_slice() {
                [] => return None,
                [only] => self.take(only.clone()),
                [first, ..] if tried.deferred => {
                    // Walked on with its first answer, which nothing on the way reads.
                    self.deferred.push(ask);
                    self.take(first.clone());
                }
                sets => return Some(sets.to_vec()),
            }
        }
    }

    fn mark(&self) -> Self::Mark {
        EnumeratorMark {
            answers: self.answers.len(),
            deferred: self.deferred.len(),
            sides: [self.sides[0].mark(), self.sides[1].mark()],
            asking: self.asking.clone(),
        }
    }

    fn rewind(&mut self, m: &Self::Mark) {
        while self.answers.len() > m.answers {
            if let Some((q, _)) = self.answers.pop() {
                self.map.remove(&q);
            }
        }
        self.deferred.truncate(m.deferred);
        self.sides[0].rewind(&m.sides[0]);
        self.sides[1].rewind(&m.sides[1]);
        self.asking.clone_from(&m.asking);
    }

    fn take(&mut self, set: Vec<String>) {
        let Some(ask) = self.asking.take() else {
            return;
        };
        self.answers.push((ask.clone(), set.clone()));
        self.map.insert(ask, set);
        self.sides[0].advance(self.old, &self.map);
        self.sides[1].advance(self.new, &self.map);
    }

    fn stopped(&self) -> bool {
        self.exhausted
    }
}

/// The answers to try for a question, and whether they are tried at the end of the path.
struct Tried {
    sets: Vec<Vec<String>>,
    /// Only the tables read it, and both versions ask it alike (see [`Deferred`]).
    deferred: bool,
}

/// The parts of a result read from the answers, each compared on just the answers it reads.
#[derive(Debug, Clone, Copy)]
enum Part {
    Facility,
    Also,
    Coverage,
    Flags,
}

const PARTS: [Part; 4] = [Part::Facility, Part::Also, Part::Coverage, Part::Flags];

/// The changes seen where the deferred questions are answered as a cylinder says (an answer
/// for some, any answer for the rest), each with the facility variant it concerns.
type Found = (Vec<Option<usize>>, Vec<(Change, Option<FacilityVariant>)>);

/// Where one change was seen.
#[derive(Debug, Default)]
struct Seen {
    /// The indices of the paths, ascending.
    paths: Vec<u32>,
    /// The first path, as text.
    example: String,
    /// For a facility that appears or disappears: `(region, kind of requirement)` to its
    /// summary.
    variants: BTreeMap<(String, String), String>,
}

/// Groups the changes seen on exactly the same paths, and sorts the groups by their first
/// change. `regions` gives the order of the facility variants.
fn merge(changes: BTreeMap<Change, Seen>, regions: &[&str]) -> Vec<ChangeGroup> {
    let mut merged: Vec<(Vec<u32>, ChangeGroup)> = Vec::new();
    for (change, seen) in changes {
        let mut variants: Vec<FacilityVariant> = seen
            .variants
            .into_iter()
            .map(|((region, kind), summary)| FacilityVariant {
                region,
                kind,
                summary,
            })
            .collect();
        match merged.iter_mut().find(|(paths, _)| *paths == seen.paths) {
            Some((_, g)) => {
                g.changes.push(change);
                g.facility_variants.append(&mut variants);
            }
            None => merged.push((
                seen.paths.clone(),
                ChangeGroup {
                    changes: vec![change],
                    paths: seen.paths.len(),
                    example: seen.example,
                    facility_variants: variants,
                },
            )),
        }
    }
    let place = |r: &str| regions.iter().position(|x| *x == r).unwrap_or(usize::MAX);
    let mut groups: Vec<ChangeGroup> = merged.into_iter().map(|(_, g)| g).collect();
    for g in &mut groups {
        g.changes.sort();
        g.facility_variants
            .sort_by_key(|v| (place(&v.region), v.region.clone(), v.kind.clone()));
        g.facility_variants.dedup();
    }
    groups.sort_by(|a, b| a.changes.cmp(&b.changes));
    groups
}

impl Enumerator<'_> {
    /// Compares the two versions at the end of a path, for every answer to its deferred
    /// questions: the outcome once, then each part of the result on the answers it reads.
    fn leaf(&mut self) {
        if self.walks >= MAX_DIFF_WALKS {
            self.exhausted = true;
            return;
        }
        self.walks += 1;
        let deferred = Deferred {
            sets: self
                .deferred
                .iter()
                .map(|q| self.sets.get(q).map_or(&[][..], |t| t.sets.as_slice()))
                .collect(),
            position: self
                .deferred
                .iter()
                .enumerate()
                .map(|(k, q)| (q.as_str(), k))
                .collect(),
        };
        let dims = deferred.dims();
        let product = dims.iter().try_fold(1usize, |acc, n| acc.checked_mul(*n));
        // The paths up to the limit are compared, in the order a walk meets them.
        let counted = product
            .unwrap_or(usize::MAX)
            .min(MAX_DIFF_PATHS.saturating_sub(self.paths));
        if Some(counted) != product {
            self.exhausted = true;
        }
        if counted == 0 {
            return;
        }
        let base = self.paths;
        self.paths += counted;
        let (old, old_node) = self.sides[0].side(self.old);
        let (new, new_node) = self.sides[1].side(self.new);
        let mut found = Vec::new();
        let whole = vec![None; dims.len()];
        let changes = compare(&old, &new);
        if !changes.is_empty() {
            found.push((whole, changes));
        }
        if let (Some(o), Some(n)) = (old_node, new_node) {
            for part in PARTS {
                self.compare_part(part, [o, n], &deferred, &dims, &mut found);
            }
        }
        if found.is_empty() {
            return;
        }
        let mut changed: Vec<u32> = Vec::new();
        let mut by_change: BTreeMap<Change, Vec<u32>> = BTreeMap::new();
        let mut variants = Vec::new();
        for (cylinder, changes) in found {
            let indices = expand(&cylinder, &dims, base, base + counted);
            if indices.is_empty() {
                continue;
            }
            changed.extend(&indices);
            for (change, variant) in changes {
                by_change
                    .entry(change.clone())
                    .or_default()
                    .extend(&indices);
                variants.extend(variant.map(|v| (change, v)));
            }
        }
        changed.sort_unstable();
        changed.dedup();
        self.changed_paths += changed.len();
        for (change, mut indices) in by_change {
            indices.sort_unstable();
            indices.dedup();
            // The example is written only for a change seen for the first time.
            let example = (!self.changes.contains_key(&change))
                .then(|| self.example(indices[0] as usize - base, &dims));
            let seen = self.changes.entry(change).or_insert_with(|| Seen {
                example: example.unwrap_or_default(),
                ..Seen::default()
            });
            seen.paths.extend(indices);
        }
        for (change, v) in variants {
            if let Some(seen) = self.changes.get_mut(&change) {
                seen.variants.entry((v.region, v.kind)).or_insert(v.summary);
            }
        }
    }

    /// Compares `part` of the outcomes `nodes` reached, trying the answers of a deferred
    /// question only where the part reads it; adds each set of answers that shows a change.
    fn compare_part(
        &self,
        part: Part,
        nodes: [&OutcomeNode; 2],
        deferred: &Deferred,
        dims: &[usize],
        found: &mut Vec<Found>,
    ) {
        let mut open = vec![vec![None; dims.len()]];
        while let Some(cylinder) = open.pop() {
            let need = Cell::new(None);
            let mut routed = Vec::with_capacity(2);
            for (i, p) in [self.old, self.new].into_iter().enumerate() {
                let answers = Overlay {
                    map: &self.map,
                    on_path: &self.sides[i].on_path,
                    deferred,
                    cylinder: &cylinder,
                    need: &need,
                };
                routed.push(routed_part(p, nodes[i], &answers, part, self.lang));
                if need.get().is_some() {
                    break;
                }
            }
            if let Some(k) = need.get() {
                for answer in (0..dims[k]).rev() {
                    let mut narrower = cylinder.clone();
                    narrower[k] = Some(answer);
                    open.push(narrower);
                }
                continue;
            }
            let (Some(new), Some(old)) = (routed.pop(), routed.pop()) else {
                continue;
            };
            let changes = compare(&Side::Done(old), &Side::Done(new));
            if !changes.is_empty() {
                found.push((cylinder, changes));
            }
        }
    }

    /// The answers of the current path with the deferred questions answered as the
    /// `index`-th full answer to them says, as `question=option, …` in the order asked.
    fn example(&self, mut index: usize, dims: &[usize]) -> String {
        let mut digits = vec![0; dims.len()];
        for k in (0..dims.len()).rev() {
            digits[k] = index % dims[k];
            index /= dims[k];
        }
        let mut answers: Vec<(&String, &[String])> = self
            .answers
            .iter()
            .map(|(q, a)| {
                let deferred = self.deferred.iter().position(|d| d == q);
                let a = match deferred {
                    Some(k) => self.sets[q].sets[digits[k]].as_slice(),
                    None => a.as_slice(),
                };
                (q, a)
            })
            .collect();
        answers.sort_by_key(|(q, _)| self.order.get(*q).copied().unwrap_or((true, None)));
        answers
            .iter()
            .map(|(q, a)| format!("{q}={}", a.join(",")))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The answers to try for `question`, and whether to try them at the end of the path.
    fn tried(&self, question: &str) -> Tried {
        let sets = self.answer_sets(question);
        let alike = match (self.old.question(question), self.new.question(question)) {
            (Some(a), Some(b)) => {
                a.choice == b.choice
                    && a.exclusive == b.exclusive
                    && a.options.len() == b.options.len()
                    && a.options.iter().zip(&b.options).all(|(x, y)| x.id == y.id)
            }
            _ => false,
        };
        let deferred = self.defer
            && alike
            && self.table_read.contains(question)
            && !self.branch_read.contains(question);
        Tried { sets, deferred }
    }

    /// The answers to try for `question` (see [`MAX_DIFF_PATHS`]).
    fn answer_sets(&self, question: &str) -> Vec<Vec<String>> {
        let versions: Vec<_> = [self.old, self.new]
            .iter()
            .filter_map(|p| p.question(question))
            .collect();
        // The options each version offers, as sets: a question may offer 100,000 of them,
        // and looking each up in a list was quadratic.
        let offered: Vec<HashSet<&str>> = versions
            .iter()
            .map(|q| q.options.iter().map(|o| o.id.as_str()).collect())
            .collect();
        let mut options: Vec<String> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for q in &versions {
            for o in &q.options {
                if seen.insert(&o.id) {
                    options.push(o.id.clone());
                }
            }
        }
        let multi = versions.iter().any(|q| q.choice == Choice::Multi);
        let exclusive = versions
            .iter()
            .find_map(|q| q.exclusive.clone())
            .filter(|e| seen.contains(e.as_str()));
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
                    || offered.iter().any(|set| !set.contains(o))
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
                    versions.len() == 2 && offered.iter().all(|set| set.contains(o.as_str()));
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

/// The compared results of a routed path.
#[derive(Debug, Clone)]
struct Routed {
    /// Outcome, route and referral_to; then, with a facility, its regulator, requirement and
    /// kind of requirement.
    values: Vec<(Field, String)>,
    /// Also, coverage and flags.
    lists: Vec<(Field, Vec<String>)>,
    facility: Option<FacilityVariant>,
}

/// The fields of a result that every answer to the deferred questions shares.
fn routed_node(node: &OutcomeNode) -> Routed {
    Routed {
        values: vec![
            (Field::Outcome, format!("{} ({})", node.id, node.rule)),
            (Field::Route, node.route.clone()),
            (
                Field::ReferralTo,
                node.referral_to.clone().unwrap_or_else(|| "—".into()),
            ),
        ],
        lists: Vec::new(),
        facility: None,
    }
}

/// One part of the result at `node`, read from `answers`.
fn routed_part(
    p: &Pathway,
    node: &OutcomeNode,
    answers: &impl Answers,
    part: Part,
    lang: Lang,
) -> Routed {
    let mut values = Vec::new();
    let mut facility = None;
    let list = match part {
        Part::Facility => {
            let region = Outcome::region_of(p, answers);
            facility = Outcome::facility_of(p, node, region, answers).map(|f| {
                let regulator = f
                    .region
                    .regulator
                    .clone()
                    .unwrap_or_else(|| "no regulator".into());
                let requirement = format!("\"{}\"", f.requirement.get(lang));
                let kind = f.kind.id.clone();
                let summary = format!("{regulator}, {kind} requirement: {requirement}");
                values.push((Field::Regulator, regulator));
                values.push((Field::Requirement, requirement));
                values.push((Field::Rules, kind.clone()));
                FacilityVariant {
                    region: f.region.id.clone(),
                    kind,
                    summary,
                }
            });
            None
        }
        Part::Also => Some((
            Field::Also,
            Outcome::also_of(p, node, answers)
                .iter()
                .map(|a| a.route.clone())
                .collect(),
        )),
        Part::Coverage => {
            let region = Outcome::region_of(p, answers);
            Some((
                Field::Coverage,
                Outcome::coverage_of(p, region, answers)
                    .iter()
                    .map(|(_, r)| r.program.clone())
                    .collect(),
            ))
        }
        Part::Flags => Some((
            Field::Flags,
            Outcome::flags_of(p, answers)
                .iter()
                .map(|f| f.id.clone())
                .collect(),
        )),
    };
    Routed {
        values,
        lists: list.into_iter().collect(),
        facility,
    }
}

fn joined(items: &[String]) -> String {
    if items.is_empty() {
        "—".into()
    } else {
        items.join(", ")
    }
}

/// The changes of one path, each with the facility variant it concerns (for a facility that
/// appears or disappears).
fn compare(old: &Side, new: &Side) -> Vec<(Change, Option<FacilityVariant>)> {
    let value = |field: Field, old: String, new: String| Change {
        field,
        edit: Edit::Value { old, new },
    };
    let outcome_of = |s: &Side| match s {
        Side::Done(r) => r.values[0].1.clone(),
        Side::Ended(why) => format!("none ({why})"),
        Side::Ask(q) => format!("none (stops at `{q}`)"),
    };
    let (Side::Done(o), Side::Done(n)) = (old, new) else {
        let (a, b) = (outcome_of(old), outcome_of(new));
        return if a == b {
            Vec::new()
        } else {
            vec![(value(Field::Outcome, a, b), None)]
        };
    };
    let mut out = Vec::new();
    match (&o.facility, &n.facility) {
        (None, Some(v)) | (Some(v), None) => out.push((
            Change {
                field: Field::Facility,
                edit: Edit::Facility {
                    appears: n.facility.is_some(),
                },
            },
            Some(v.clone()),
        )),
        _ => {}
    }
    // Where another kind of requirement applies, its text differs by design: the change of
    // kind says it (one change for every region, not one per region's text).
    let value_of = |values: &[(Field, String)], f: Field| {
        values.iter().find(|(x, _)| *x == f).map(|(_, v)| v.clone())
    };
    let kind_changed = value_of(&o.values, Field::Rules) != value_of(&n.values, Field::Rules);
    for (f, a) in &o.values {
        if *f == Field::Requirement && kind_changed {
            continue;
        }
        if let Some(b) = value_of(&n.values, *f)
            && *a != b
        {
            out.push((value(*f, a.clone(), b), None));
        }
    }
    for ((f, a), (_, b)) in o.lists.iter().zip(&n.lists) {
        let removed = missing_from(a, b);
        let added = missing_from(b, a);
        if removed.is_empty() && added.is_empty() && a != b {
            out.push((value(*f, joined(a), joined(b)), None));
        }
        for item in removed {
            out.push((
                Change {
                    field: *f,
                    edit: Edit::Removed(item),
                },
                None,
            ));
        }
        for item in added {
            out.push((
                Change {
                    field: *f,
                    edit: Edit::Added(item),
                },
                None,
            ));
        }
    }
    out.sort();
    out.dedup();
    out
}

impl PathwayDiff {
    /// Something changed, or the comparison could not be finished.
    pub fn changed(&self) -> bool {
        !self.groups.is_empty() || self.exhausted || !self.content_changes.is_empty()
    }

    /// The lines about content: what changed in the file, and a version left unchanged.
    fn content_text(&self, out: &mut String) {
        if self.old.id == self.new.id
            && self.old.version == self.new.version
            && self.old.sha256 != self.new.sha256
        {
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
        if self.old.id != self.new.id {
            let _ = writeln!(
                out,
                "Warning: these are two different pathways (ids `{}` and `{}`), not two versions of one.",
                self.old.id, self.new.id
            );
        }
        let varied = if self.varied.is_empty() {
            String::new()
        } else {
            format!("; answers varied: {}", self.varied.join(", "))
        };
        let _ = writeln!(
            out,
            "Compared {} through both versions{varied}.",
            count(self.paths, "answer path")
        );
        if self.exhausted {
            let _ = writeln!(
                out,
                "Stopped at the limit of {MAX_DIFF_PATHS} paths, or {MAX_DIFF_WALKS} walked to \
                 their end: later paths were not compared."
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
            count(self.groups.len(), "change"),
            self.changed_paths,
            count(self.paths, "path")
        );
        for (k, g) in self.groups.iter().enumerate() {
            let _ = writeln!(out, "\nChange {}, on {}:", k + 1, count(g.paths, "path"));
            group_text(g, &mut out);
            let _ = writeln!(out, "  e.g. {}", g.example);
        }
        self.content_text(&mut out);
        out
    }
}

/// The fields of one group, a line each (two more for a long value).
fn group_text(g: &ChangeGroup, out: &mut String) {
    let mut k = 0;
    while k < g.changes.len() {
        let field = g.changes[k].field;
        let same: Vec<&Edit> = g.changes[k..]
            .iter()
            .take_while(|c| c.field == field)
            .map(|c| &c.edit)
            .collect();
        k += same.len();
        let name = field.name();
        let mut items: Vec<String> = Vec::new();
        for edit in same {
            match edit {
                Edit::Value { old, new } => {
                    let long = field == Field::Requirement
                        || name.width() + old.width() + new.width() > 72;
                    if long {
                        let _ = writeln!(out, "  {name}:\n    old: {old}\n    new: {new}");
                    } else {
                        let _ = writeln!(out, "  {name}: {old} → {new}");
                    }
                }
                Edit::Removed(item) => items.push(format!("− {item}")),
                Edit::Added(item) => items.push(format!("+ {item}")),
                Edit::Facility { appears } => facility_text(*appears, &g.facility_variants, out),
            }
        }
        if !items.is_empty() {
            let _ = writeln!(out, "  {name}: {}", items.join(", "));
        }
    }
}

/// A facility that appears or disappears: in full when it is one requirement, else the
/// number of variants and where they are.
fn facility_text(appears: bool, variants: &[FacilityVariant], out: &mut String) {
    let verb = if appears { "appears" } else { "disappears" };
    if let [one] = variants {
        let _ = writeln!(out, "  facility: {verb}: {}", one.summary);
        return;
    }
    let _ = writeln!(
        out,
        "  facility: {verb}: the region's facility requirement, {} variants",
        variants.len()
    );
    // Each kind of requirement with its regions; kinds met in the same regions share a line.
    let kinds: BTreeSet<&str> = variants.iter().map(|v| v.kind.as_str()).collect();
    let mut by_regions: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    for kind in kinds {
        let regions: Vec<&str> = variants
            .iter()
            .filter(|v| v.kind == kind)
            .map(|v| v.region.as_str())
            .collect();
        match by_regions.iter_mut().find(|(r, _)| *r == regions) {
            Some((_, ks)) => ks.push(kind),
            None => by_regions.push((regions, vec![kind])),
        }
    }
    let parts: Vec<String> = by_regions
        .iter()
        .map(|(regions, kinds)| format!("{} in {}", kinds.join(" and "), regions.join(", ")))
        .collect();
    let _ = writeln!(
        out,
        "    {} (`carepath explain REGION` shows each)",
        parts.join("; ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn variant(region: &str, kind: &str) -> FacilityVariant {
        FacilityVariant {
            region: region.into(),
            kind: kind.into(),
            summary: format!("{region} {kind}"),
        }
    }

    #[test]
    fn a_list_changes_by_the_items_added_and_removed() {
        let (a, b) = (strings(&["x", "y", "y"]), strings(&["y", "z"]));
        assert_eq!(missing_from(&a, &b), strings(&["x", "y"]));
        assert_eq!(missing_from(&b, &a), strings(&["z"]));
        assert!(missing_from(&a, &a).is_empty());
    }

    #[test]
    fn a_facility_is_in_full_for_one_variant_and_summarised_for_several() {
        let mut out = String::new();
        facility_text(true, &[variant("east", "road")], &mut out);
        assert_eq!(out, "  facility: appears: east road\n");
        let mut out = String::new();
        let several = [
            variant("east", "road"),
            variant("east", "small"),
            variant("west", "road"),
        ];
        facility_text(false, &several, &mut out);
        assert_eq!(
            out,
            "  facility: disappears: the region's facility requirement, 3 variants\n    \
             road in east, west; small in east (`carepath explain REGION` shows each)\n"
        );
    }

    #[test]
    fn changes_on_the_same_paths_are_one_group() {
        let seen = |paths: &[u32]| Seen {
            paths: paths.to_vec(),
            example: format!("path {}", paths[0]),
            variants: BTreeMap::new(),
        };
        let change = |field, edit| Change { field, edit };
        let mut changes = BTreeMap::new();
        changes.insert(
            change(Field::Flags, Edit::Removed("a".into())),
            seen(&[1, 2]),
        );
        changes.insert(
            change(
                Field::Route,
                Edit::Value {
                    old: "x".into(),
                    new: "y".into(),
                },
            ),
            seen(&[1, 2]),
        );
        changes.insert(change(Field::Flags, Edit::Added("b".into())), seen(&[3]));
        let groups = merge(changes, &[]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].paths, 2);
        assert_eq!(groups[0].example, "path 1");
        assert_eq!(
            groups[0]
                .changes
                .iter()
                .map(|c| c.field)
                .collect::<Vec<_>>(),
            vec![Field::Route, Field::Flags]
        );
        assert_eq!(
            groups[1].changes,
            vec![change(Field::Flags, Edit::Added("b".into()))]
        );
    }

    #[test]
    fn expand_gives_every_full_answer_of_a_cylinder_in_walk_order() {
        // Three deferred questions of 2, 3 and 2 answers: the second fixed to its third.
        assert_eq!(
            expand(&[None, Some(2), None], &[2, 3, 2], 100, 200),
            vec![104, 105, 110, 111]
        );
        assert_eq!(expand(&[], &[], 7, 8), vec![7]);
        assert_eq!(expand(&[Some(1)], &[3], 0, 10), vec![1]);
        // Up to the limit of paths compared.
        assert_eq!(
            expand(&[None, Some(2), None], &[2, 3, 2], 100, 110),
            vec![104, 105]
        );
    }

    /// The report without its examples (the first path met, which the order of the walk
    /// decides) and the work done.
    fn report(d: &PathwayDiff) -> String {
        let mut d = d.clone();
        d.steps = 0;
        for g in &mut d.groups {
            g.example.clear();
        }
        format!(
            "{} {} {:?} {:?} {}",
            d.paths, d.changed_paths, d.varied, d.groups, d.exhausted
        )
    }

    #[test]
    fn deferring_the_answers_only_tables_read_changes_no_report() {
        use crate::pathway::Condition;
        use crate::pathway::load::{BUNDLED, load_str};
        let fixture = |name: &str, text: &str| load_str(name, text).expect("loads");
        let mut pairs = vec![(
            fixture("old.ron", include_str!("../../tests/fixtures/diff/old.ron")),
            fixture("new.ron", include_str!("../../tests/fixtures/diff/new.ron")),
        )];
        // Edits of the bundled pathway that change what the tables give: a regulator, the
        // condition choosing a kind of requirement, a coverage program's regions, a flag's condition.
        let edits: [fn(&mut Pathway); 4] = [
            |p| {
                let row = p.regions.rows.iter_mut().find(|r| r.regulator.is_some());
                let row = row.expect("a region names a regulator");
                if let Some(r) = &mut row.regulator {
                    *r = format!("{r}-{}", row.id);
                }
            },
            |p| {
                let kinds = &mut p.regions.requirements;
                let kind = kinds.iter_mut().find(|k| k.when.is_some());
                let kind = kind.expect("a kind of requirement is chosen by a condition");
                kind.when = kind.when.take().map(|c| Condition::Not(Box::new(c)));
            },
            |p| {
                let regions: Vec<String> = p.regions.rows.iter().map(|r| r.id.clone()).collect();
                let row = p.coverage.rows.iter_mut().find(|r| !r.regions.is_empty());
                let row = row.expect("a coverage row names its regions");
                let other = regions.into_iter().find(|id| !row.regions.contains(id));
                row.regions
                    .push(other.expect("a region the row does not name"));
            },
            |p| {
                let reads = |c: &Condition| -> Vec<String> {
                    c.questions().into_iter().map(str::to_string).collect()
                };
                let first = reads(&p.flags[0].when);
                let other = p
                    .flags
                    .iter()
                    .find(|f| reads(&f.when).iter().any(|q| !first.contains(q)));
                let other = other.expect("a flag reads a question the first does not");
                p.flags[0].when = other.when.clone();
            },
        ];
        for edit in edits {
            let bundled = fixture("bundled.ron", BUNDLED);
            let mut edited = bundled.clone();
            edited.name = "edited.ron".into();
            edit(&mut edited.pathway);
            pairs.push((bundled, edited));
        }
        for (old, new) in &pairs {
            for (a, b) in [(old, new), (new, old)] {
                let deferred = compare_versions(a, b, Lang::En, true);
                let walked = compare_versions(a, b, Lang::En, false);
                assert!(deferred.changed(), "{}", new.name);
                assert_eq!(
                    report(&deferred),
                    report(&walked),
                    "{} against {}",
                    a.name,
                    b.name
                );
                assert!(deferred.steps < walked.steps);
            }
        }
    }
}
