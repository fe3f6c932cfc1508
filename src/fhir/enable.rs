//! When the pathway asks a question, as FHIR R4 `enableWhen` conditions where they can say it.
//!
//! A question is asked when one of the questions leading to it was answered and the branch
//! to it was taken (its condition holds and no earlier branch's does). That is a formula over
//! answers; FHIR can only say "all of these" or "any of these" over single tests (`=` an
//! option, `exists`, `!=` an option). The formula is compared with each candidate form over
//! every combination of answers to the questions it reads, so a form is used only when it is
//! exactly the same test. R4 leaves `!=` on an unanswered question unclear, so `!=` is only
//! used beside `exists = true` on the same question.

use std::collections::BTreeSet;
use std::fmt;

use crate::pathway::{Choice, Condition, Pathway, Question};

/// A test of the answers, as the pathway's conditions are once a branch's order is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Formula {
    /// The question has an answer including the option.
    Has(String, String),
    /// The question has an answer.
    Answered(String),
    Not(Box<Formula>),
    All(Vec<Formula>),
    Any(Vec<Formula>),
}

impl Formula {
    fn from_condition(c: &Condition) -> Formula {
        match c {
            Condition::Is(q, o) => Formula::Has(q.clone(), o.clone()),
            Condition::AnyOf(q, os) => Formula::Any(
                os.iter()
                    .map(|o| Formula::Has(q.clone(), o.clone()))
                    .collect(),
            ),
            Condition::Answered(q) => Formula::Answered(q.clone()),
            Condition::All(cs) => Formula::All(cs.iter().map(Formula::from_condition).collect()),
            Condition::Any(cs) => Formula::Any(cs.iter().map(Formula::from_condition).collect()),
            Condition::Not(c) => Formula::Not(Box::new(Formula::from_condition(c))),
        }
    }

    fn questions<'a>(&'a self, out: &mut BTreeSet<&'a str>) {
        match self {
            Formula::Has(q, _) | Formula::Answered(q) => {
                out.insert(q);
            }
            Formula::Not(f) => f.questions(out),
            Formula::All(fs) | Formula::Any(fs) => fs.iter().for_each(|f| f.questions(out)),
        }
    }

    fn options_of<'a>(&'a self, question: &str, out: &mut BTreeSet<&'a str>) {
        match self {
            Formula::Has(q, o) if q == question => {
                out.insert(o);
            }
            Formula::Has(..) | Formula::Answered(_) => {}
            Formula::Not(f) => f.options_of(question, out),
            Formula::All(fs) | Formula::Any(fs) => {
                fs.iter().for_each(|f| f.options_of(question, out))
            }
        }
    }

    fn holds(&self, world: &World) -> bool {
        match self {
            Formula::Has(q, o) => world.answer(q).is_some_and(|s| s.contains(o)),
            Formula::Answered(q) => world.answer(q).is_some(),
            Formula::Not(f) => !f.holds(world),
            Formula::All(fs) => fs.iter().all(|f| f.holds(world)),
            Formula::Any(fs) => fs.iter().any(|f| f.holds(world)),
        }
    }
}

impl fmt::Display for Formula {
    /// In the pathway file's own words: `Is("age", "adult")`, `All([...])`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, name: &str, fs: &[Formula]| {
            write!(f, "{name}([")?;
            for (i, x) in fs.iter().enumerate() {
                if i > 0 {
                    write!(f, ", ")?;
                }
                write!(f, "{x}")?;
            }
            write!(f, "])")
        };
        match self {
            Formula::Has(q, o) => write!(f, "Is({q:?}, {o:?})"),
            Formula::Answered(q) => write!(f, "Answered({q:?})"),
            Formula::Not(x) => write!(f, "Not({x})"),
            Formula::All(fs) => list(f, "All", fs),
            Formula::Any(fs) => list(f, "Any", fs),
        }
    }
}

/// One FHIR `enableWhen` test.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Test {
    /// `exists` with `answerBoolean: true`.
    Answered(String),
    /// `=` with the option's coding.
    Is(String, String),
    /// `!=` with the option's coding (always beside `Answered` of the same question).
    IsNot(String, String),
}

impl Test {
    pub fn question(&self) -> &str {
        match self {
            Test::Answered(q) | Test::Is(q, _) | Test::IsNot(q, _) => q,
        }
    }

    fn holds(&self, world: &World) -> bool {
        match self {
            Test::Answered(q) => world.answer(q).is_some(),
            Test::Is(q, o) => world.answer(q).is_some_and(|s| s.contains(o)),
            Test::IsNot(q, o) => world.answer(q).is_some_and(|s| !s.contains(o)),
        }
    }
}

/// `enableBehavior`: every test holds, or at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behavior {
    All,
    Any,
}

/// When a question is asked, as FHIR can say it or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enable {
    /// The first question: always asked.
    Always,
    /// Asked exactly when these tests hold (`enableWhen` and `enableBehavior`).
    When(Behavior, Vec<Test>),
    /// Asked when the formula holds, which `enableWhen` cannot say.
    NotExpressed(Formula),
}

/// Worlds to try at most for one question; beyond, the logic is said not expressed.
const MAX_WORLDS: usize = 200_000;

/// When `q` is asked in `p`.
pub fn enable(p: &Pathway, q: &Question) -> Enable {
    if q.id == p.start {
        return Enable::Always;
    }
    let formula = reached_when(p, &q.id);
    match expressed(p, &formula) {
        Some((behavior, tests)) => Enable::When(behavior, tests),
        None => Enable::NotExpressed(formula),
    }
}

/// The formula "a question leading to `target` was answered and the branch to it taken".
pub fn reached_when(p: &Pathway, target: &str) -> Formula {
    let mut ways = Vec::new();
    for from in p.questions() {
        let earlier = |n: usize| {
            from.next[..n]
                .iter()
                .map(|b| Formula::Not(Box::new(Formula::from_condition(&b.when))))
        };
        for (i, b) in from.next.iter().enumerate() {
            if b.goto == target {
                let mut all = vec![Formula::Answered(from.id.clone())];
                all.extend(earlier(i));
                all.push(Formula::from_condition(&b.when));
                ways.push(Formula::All(all));
            }
        }
        if from.otherwise.as_deref() == Some(target) {
            let mut all = vec![Formula::Answered(from.id.clone())];
            all.extend(earlier(from.next.len()));
            ways.push(Formula::All(all));
        }
    }
    match ways.len() {
        1 => ways.remove(0),
        _ => Formula::Any(ways),
    }
}

/// The answers to the questions a formula reads: the chosen options of each, `None` when
/// unanswered. A multi-choice question is reduced to the options the formula names (and its
/// exclusive one), plus `*` for "some other option".
type World = std::collections::BTreeMap<String, Option<BTreeSet<String>>>;

trait WorldExt {
    /// The options chosen for `q`, `None` when unanswered.
    fn answer(&self, q: &str) -> Option<&BTreeSet<String>>;
}

impl WorldExt for World {
    fn answer(&self, q: &str) -> Option<&BTreeSet<String>> {
        self.get(q).and_then(Option::as_ref)
    }
}

const OTHER: &str = "*";

/// Every answer a question can have, as far as `formula` can tell them apart.
fn states(q: &Question, formula: &Formula) -> Vec<Option<BTreeSet<String>>> {
    let mut out = vec![None];
    match q.choice {
        Choice::Single => out.extend(
            q.options
                .iter()
                .map(|o| Some(BTreeSet::from([o.id.clone()]))),
        ),
        Choice::Multi => {
            let mut named = BTreeSet::new();
            formula.options_of(&q.id, &mut named);
            let mut relevant: Vec<String> = named
                .into_iter()
                .filter(|o| q.option(o).is_some())
                .map(str::to_string)
                .collect();
            if let Some(x) = &q.exclusive
                && !relevant.contains(x)
            {
                relevant.push(x.clone());
            }
            let others = q.options.len() > relevant.len();
            if others {
                relevant.push(OTHER.to_string());
            }
            for mask in 1u32..(1 << relevant.len()) {
                let set: BTreeSet<String> = relevant
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, o)| o.clone())
                    .collect();
                let exclusive_with_others = q
                    .exclusive
                    .as_ref()
                    .is_some_and(|x| set.contains(x) && set.len() > 1);
                if !exclusive_with_others {
                    out.push(Some(set));
                }
            }
        }
    }
    out
}

/// Every combination of answers to the questions `formula` reads, or `None` when too many.
fn worlds(p: &Pathway, formula: &Formula) -> Option<Vec<World>> {
    let mut names = BTreeSet::new();
    formula.questions(&mut names);
    let mut worlds = vec![World::new()];
    for name in names {
        let Some(q) = p.question(name) else {
            // A question the pathway does not have is never answered.
            worlds.iter_mut().for_each(|w| {
                w.insert(name.to_string(), None);
            });
            continue;
        };
        let states = states(q, formula);
        if worlds.len() * states.len() > MAX_WORLDS {
            return None;
        }
        worlds = worlds
            .into_iter()
            .flat_map(|w| {
                states.iter().map(move |s| {
                    let mut w = w.clone();
                    w.insert(name.to_string(), s.clone());
                    w
                })
            })
            .collect();
    }
    Some(worlds)
}

/// The tests that could stand in a form for `formula`: answered, and each option named.
fn candidates(p: &Pathway, formula: &Formula) -> Vec<Test> {
    let mut names = BTreeSet::new();
    formula.questions(&mut names);
    let mut out = Vec::new();
    for name in names {
        let Some(q) = p.question(name) else { continue };
        out.push(Test::Answered(q.id.clone()));
        let options: Vec<String> = match q.choice {
            Choice::Single => q.options.iter().map(|o| o.id.clone()).collect(),
            Choice::Multi => {
                let mut named = BTreeSet::new();
                formula.options_of(&q.id, &mut named);
                named.into_iter().map(str::to_string).collect()
            }
        };
        for o in options.into_iter().filter(|o| q.option(o).is_some()) {
            out.push(Test::Is(q.id.clone(), o.clone()));
            out.push(Test::IsNot(q.id.clone(), o));
        }
    }
    out
}

/// The smallest "all" or "any" form of `formula`, when one says exactly the same.
pub fn expressed(p: &Pathway, formula: &Formula) -> Option<(Behavior, Vec<Test>)> {
    let worlds = worlds(p, formula)?;
    let truth: Vec<bool> = worlds.iter().map(|w| formula.holds(w)).collect();
    if !truth.iter().any(|&t| t) {
        return None;
    }
    let candidates = candidates(p, formula);
    let all = all_form(&worlds, &truth, &candidates);
    let any = any_form(&worlds, &truth, &candidates);
    // On a tie, "any" of `=` tests, which never leans on `!=`; one test is said as "all".
    let (behavior, tests) = match (all, any) {
        (Some(a), Some(b)) if a.len() < b.len() => (Behavior::All, a),
        (_, Some(b)) => (Behavior::Any, b),
        (Some(a), None) => (Behavior::All, a),
        (None, None) => return None,
    };
    match tests.len() {
        1 => Some((Behavior::All, tests)),
        _ => Some((behavior, tests)),
    }
}

/// Every test true wherever the formula holds; kept when together they imply it.
fn all_form(worlds: &[World], truth: &[bool], candidates: &[Test]) -> Option<Vec<Test>> {
    let implied: Vec<Test> = candidates
        .iter()
        .filter(|t| {
            worlds
                .iter()
                .zip(truth)
                .all(|(w, &holds)| !holds || t.holds(w))
        })
        .cloned()
        .collect();
    let exact = |tests: &[Test]| {
        worlds
            .iter()
            .zip(truth)
            .all(|(w, &holds)| holds == tests.iter().all(|t| t.holds(w)))
    };
    if !exact(&implied) {
        return None;
    }
    // Drop what the others already say: `!=` and `exists` first, so `=` tests remain.
    let mut kept = implied;
    let order = |t: &Test| match t {
        Test::IsNot(..) => 0,
        Test::Answered(_) => 1,
        Test::Is(..) => 2,
    };
    let mut tries = kept.clone();
    tries.sort_by_key(order);
    for t in tries {
        let without: Vec<Test> = kept.iter().filter(|k| **k != t).cloned().collect();
        if exact(&without) {
            kept = without;
        }
    }
    // `!=` is said only beside `exists = true` (R4 is unclear about unanswered questions).
    let needs: Vec<Test> = kept
        .iter()
        .filter_map(|t| match t {
            Test::IsNot(q, _) => Some(Test::Answered(q.clone())),
            _ => None,
        })
        .collect();
    for n in needs {
        if !kept.contains(&n) {
            kept.push(n);
        }
    }
    kept.sort();
    Some(kept)
}

/// Every `=` or `exists` test that alone implies the formula; kept when one always holds
/// where the formula does.
fn any_form(worlds: &[World], truth: &[bool], candidates: &[Test]) -> Option<Vec<Test>> {
    let sufficient: Vec<Test> = candidates
        .iter()
        .filter(|t| !matches!(t, Test::IsNot(..)))
        .filter(|t| {
            worlds
                .iter()
                .zip(truth)
                .all(|(w, &holds)| holds || !t.holds(w))
        })
        .cloned()
        .collect();
    let exact = |tests: &[Test]| {
        worlds
            .iter()
            .zip(truth)
            .all(|(w, &holds)| holds == tests.iter().any(|t| t.holds(w)))
    };
    if sufficient.is_empty() || !exact(&sufficient) {
        return None;
    }
    // Drop what the others already cover: `=` tests first, so `exists` stands for them all.
    let mut kept = sufficient;
    let mut tries = kept.clone();
    tries.sort_by_key(|t| !matches!(t, Test::Is(..)));
    for t in tries {
        let without: Vec<Test> = kept.iter().filter(|k| **k != t).cloned().collect();
        if !without.is_empty() && exact(&without) {
            kept = without;
        }
    }
    Some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pathway::load::PathwaySource;

    fn bundled() -> Pathway {
        PathwaySource::Bundled.load().unwrap().pathway
    }

    fn is(q: &str, o: &str) -> Test {
        Test::Is(q.into(), o.into())
    }

    #[test]
    fn a_question_after_a_single_choice_otherwise_is_asked_on_the_remaining_option() {
        let p = bundled();
        let province = p.question("province").unwrap();
        assert_eq!(
            enable(&p, province),
            Enable::When(Behavior::All, vec![is("safety", "none")])
        );
        let concern = p.question("concern").unwrap();
        assert_eq!(
            enable(&p, concern),
            Enable::When(Behavior::All, vec![is("age", "adult")])
        );
        assert_eq!(
            enable(&p, p.question("age").unwrap()),
            Enable::When(Behavior::All, vec![Test::Answered("province".into())])
        );
    }

    #[test]
    fn a_branch_reading_several_questions_in_order_is_said_not_expressed() {
        let p = bundled();
        let Enable::NotExpressed(f) = enable(&p, p.question("administration").unwrap()) else {
            panic!("administration's logic needs nesting")
        };
        assert!(
            f.to_string().contains("Is(\"prior_treatment\", \"yes\")"),
            "{f}"
        );
        assert_eq!(enable(&p, p.question("safety").unwrap()), Enable::Always);
    }

    #[test]
    fn a_form_found_says_exactly_what_the_formula_says() {
        let p = bundled();
        for q in p.questions() {
            let Enable::When(behavior, tests) = enable(&p, q) else {
                continue;
            };
            let formula = reached_when(&p, &q.id);
            let worlds = worlds(&p, &formula).unwrap();
            for w in &worlds {
                let form = match behavior {
                    Behavior::All => tests.iter().all(|t| t.holds(w)),
                    Behavior::Any => tests.iter().any(|t| t.holds(w)),
                };
                assert_eq!(form, formula.holds(w), "{}: {w:?}", q.id);
            }
        }
    }
}
