//! Where one answer can lead: every route through the decision tree is followed with that
//! answer fixed and the other answers unknown, keeping what each branch taken or passed over
//! says about them (three-valued: holds, fails, or depends on answers not fixed).

use std::collections::{BTreeMap, BTreeSet};

use crate::pathway::paths::{PathWalk, enumerate};
use crate::pathway::{Choice, Condition, Node, Pathway};

/// Routes followed before giving up, so a very wide pathway cannot stall `explain`.
const MAX_STEPS: usize = 100_000;

/// Where a path that answers `question` with `option` goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    /// The ways on from `question` that such a path can take, as `(branch index or None for
    /// otherwise, target)`, in the question's order.
    pub next: Vec<(Option<usize>, String)>,
    /// The outcomes such a path can end at, in file order.
    pub outcomes: Vec<String>,
    /// The search stopped at its limit: the lists may be incomplete.
    pub incomplete: bool,
}

/// What is known on one route so far.
#[derive(Debug, Clone, Default)]
struct Facts {
    /// The questions asked on this route, as a bit per node index: each way out of a fork
    /// carries a copy, and a set of strings cost as much to copy as the route was long.
    asked: Vec<u64>,
    /// Options the answer to a question is known to include.
    include: BTreeMap<String, BTreeSet<String>>,
    /// Options the answer to a question is known not to include.
    exclude: BTreeMap<String, BTreeSet<String>>,
}

impl Facts {
    fn was_asked(&self, p: &Pathway, q: &str) -> bool {
        p.node_index(q).is_some_and(|i| {
            self.asked
                .get(i / 64)
                .is_some_and(|w| w & (1 << (i % 64)) != 0)
        })
    }

    fn set_asked(&mut self, i: usize) {
        if self.asked.len() <= i / 64 {
            self.asked.resize(i / 64 + 1, 0);
        }
        self.asked[i / 64] |= 1 << (i % 64);
    }

    fn includes(&self, q: &str, o: &str) -> bool {
        self.include.get(q).is_some_and(|s| s.contains(o))
    }

    fn excludes(&self, q: &str, o: &str) -> bool {
        self.exclude.get(q).is_some_and(|s| s.contains(o))
    }

    /// Does the answer to `q` include `o`? `None` when the route does not tell.
    fn is(&self, p: &Pathway, q: &str, o: &str) -> Option<bool> {
        if !self.was_asked(p, q) {
            // Read before it is asked: the lenient reading, as a stuck path cannot pass `check`.
            return Some(false);
        }
        if self.includes(q, o) {
            return Some(true);
        }
        if self.excludes(q, o) {
            return Some(false);
        }
        let question = p.question(q)?;
        let chosen = self.include.get(q).map(|s| !s.is_empty()).unwrap_or(false);
        if question.choice == Choice::Single && chosen {
            return Some(false);
        }
        if let Some(ex) = &question.exclusive {
            let others_chosen = self
                .include
                .get(q)
                .is_some_and(|s| s.iter().any(|x| x != ex));
            if (o == ex && others_chosen) || (o != ex && self.includes(q, ex)) {
                return Some(false);
            }
        }
        None
    }

    fn eval(&self, p: &Pathway, c: &Condition) -> Option<bool> {
        match c {
            Condition::Is(q, o) => self.is(p, q, o),
            Condition::AnyOf(q, os) => any(os.iter().map(|o| self.is(p, q, o))),
            Condition::Answered(q) => Some(self.was_asked(p, q)),
            Condition::All(cs) => any(cs.iter().map(|c| self.eval(p, c).map(|v| !v))).map(|v| !v),
            Condition::Any(cs) => any(cs.iter().map(|c| self.eval(p, c))),
            Condition::Not(c) => self.eval(p, c).map(|v| !v),
        }
    }

    /// Records that `c` is known to be `value` on this route.
    fn assume(&mut self, p: &Pathway, c: &Condition, value: bool) {
        let single = |q: &str| p.question(q).is_some_and(|q| q.choice == Choice::Single);
        match c {
            Condition::Is(q, o) => {
                let side = if value {
                    &mut self.include
                } else {
                    &mut self.exclude
                };
                side.entry(q.clone()).or_default().insert(o.clone());
            }
            Condition::AnyOf(q, os) if !value => {
                self.exclude
                    .entry(q.clone())
                    .or_default()
                    .extend(os.iter().cloned());
            }
            Condition::AnyOf(q, os) if os.len() == 1 => {
                self.assume(p, &Condition::Is(q.clone(), os[0].clone()), true)
            }
            Condition::AnyOf(q, os) if single(q) => {
                let others = p
                    .question(q)
                    .map(|q| q.options.iter().map(|o| o.id.clone()).collect::<Vec<_>>())
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|o| !os.contains(o));
                self.exclude.entry(q.clone()).or_default().extend(others);
            }
            Condition::Not(c) => self.assume(p, c, !value),
            Condition::All(cs) if value => cs.iter().for_each(|c| self.assume(p, c, true)),
            Condition::Any(cs) if !value => cs.iter().for_each(|c| self.assume(p, c, false)),
            _ => {}
        }
    }
}

/// Three-valued "any": true when one holds, false when all fail, else unknown.
fn any(values: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut unknown = false;
    for v in values {
        match v {
            Some(true) => return Some(true),
            None => unknown = true,
            Some(false) => {}
        }
    }
    if unknown { None } else { Some(false) }
}

struct Search<'p> {
    p: &'p Pathway,
    question: &'p str,
    option: &'p str,
    steps: usize,
    next: BTreeSet<(usize, Option<usize>, String)>,
    outcomes: BTreeSet<String>,
    incomplete: bool,
    /// The node to visit next and what is known on the way there.
    at: Option<(&'p str, Facts)>,
}

impl<'p> PathWalk for Search<'p> {
    /// A node to go to, with what is known on the way (each way out of a question knows
    /// different things, so each carries its own facts).
    type Choice = (&'p str, Facts);
    type Mark = ();

    fn advance(&mut self) -> Option<Vec<Self::Choice>> {
        loop {
            let (id, facts) = self.at.take()?;
            let mut ways = self.visit(id, facts);
            match ways.len() {
                0 => return None,
                1 => self.at = ways.pop(),
                _ => return Some(ways),
            }
        }
    }

    fn mark(&self) {}

    fn rewind(&mut self, _: &()) {}

    fn take(&mut self, choice: Self::Choice) {
        self.at = Some(choice);
    }

    fn stopped(&self) -> bool {
        self.incomplete
    }
}

impl<'p> Search<'p> {
    /// The ways on from node `id` reached with `facts`, in the question's order.
    fn visit(&mut self, id: &str, mut facts: Facts) -> Vec<(&'p str, Facts)> {
        let mut ways = Vec::new();
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.incomplete = true;
            return ways;
        }
        let q = match self.p.node(id) {
            Some(Node::Question(q)) => q,
            Some(Node::Outcome(o)) => {
                if facts.was_asked(self.p, self.question) {
                    self.outcomes.insert(o.id.clone());
                }
                return ways;
            }
            None => return ways,
        };
        let Some(index) = self.p.node_index(&q.id) else {
            return ways;
        };
        if facts.was_asked(self.p, &q.id) {
            // A cycle: `check` refuses these; stop rather than loop.
            return ways;
        }
        facts.set_asked(index);
        let target = q.id == self.question;
        if target {
            facts
                .include
                .entry(q.id.clone())
                .or_default()
                .insert(self.option.to_string());
        }
        for (k, b) in q.next.iter().enumerate() {
            let v = facts.eval(self.p, &b.when);
            if v == Some(false) {
                continue;
            }
            if target {
                self.next.insert((k, Some(k), b.goto.clone()));
            }
            if v == Some(true) {
                facts.assume(self.p, &b.when, true);
                ways.push((b.goto.as_str(), facts));
                return ways;
            }
            let mut taken = facts.clone();
            taken.assume(self.p, &b.when, true);
            ways.push((b.goto.as_str(), taken));
            facts.assume(self.p, &b.when, false);
        }
        if let Some(o) = &q.otherwise {
            if target {
                self.next.insert((usize::MAX, None, o.clone()));
            }
            ways.push((o.as_str(), facts));
        }
        ways
    }
}

/// Where a path that answers `question` with `option` can go next, and end.
pub fn reach(p: &Pathway, question: &str, option: &str) -> Reach {
    let mut s = Search {
        p,
        question,
        option,
        steps: 0,
        next: BTreeSet::new(),
        outcomes: BTreeSet::new(),
        incomplete: false,
        at: Some((&p.start, Facts::default())),
    };
    enumerate(&mut s);
    Reach {
        next: s.next.into_iter().map(|(_, k, to)| (k, to)).collect(),
        outcomes: p
            .outcomes()
            .filter(|o| s.outcomes.contains(&o.id))
            .map(|o| o.id.clone())
            .collect(),
        incomplete: s.incomplete,
    }
}
