//! Tools for the people who write and review a pathway: the pathway as a diagram, one id
//! explained, what the scenarios leave unexercised, and what changes between two versions.
//! Plain text out; no terminal.

pub mod coverage;
pub mod diff;
pub mod explain;
pub mod graph;
pub mod reach;

use std::collections::BTreeSet;

use crate::pathway::{Condition, Node, Pathway, Question};

/// One edge of the decision tree: a branch or the `otherwise` of a question.
#[derive(Debug, Clone, Copy)]
pub struct Edge<'p> {
    pub from: &'p Question,
    /// The branch's position in `next` (0-based), or `None` for `otherwise`.
    pub branch: Option<usize>,
    /// The branch's condition; `None` for `otherwise`.
    pub when: Option<&'p Condition>,
    pub to: &'p str,
}

impl Edge<'_> {
    /// What the edge is taken for: the options of the question itself when the condition only
    /// tests them, else the condition in words, or `otherwise`.
    pub fn label(&self) -> String {
        match self.when {
            Some(c) => branch_label(self.from, c),
            None => "otherwise".to_string(),
        }
    }

    /// `branch 2` or `otherwise`.
    pub fn place(&self) -> String {
        match self.branch {
            Some(k) => format!("branch {}", k + 1),
            None => "otherwise".to_string(),
        }
    }
}

/// Every branch and `otherwise` of the pathway, in file order.
pub fn edges(p: &Pathway) -> Vec<Edge<'_>> {
    let mut out = Vec::new();
    for q in p.questions() {
        for (k, b) in q.next.iter().enumerate() {
            out.push(Edge {
                from: q,
                branch: Some(k),
                when: Some(&b.when),
                to: &b.goto,
            });
        }
        if let Some(o) = &q.otherwise {
            out.push(Edge {
                from: q,
                branch: None,
                when: None,
                to: o,
            });
        }
    }
    out
}

/// The label of a branch of `q`: `crisis, medical_emergency` when the condition only tests
/// `n` of `word` in English: "1 path", "3 paths" (the authoring tools speak English).
pub(crate) fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `q`'s own answer, else the condition in words.
pub fn branch_label(q: &Question, c: &Condition) -> String {
    match c {
        Condition::Is(x, o) if *x == q.id => o.clone(),
        Condition::AnyOf(x, os) if *x == q.id && !os.is_empty() => os.join(", "),
        _ => describe_condition(c),
    }
}

/// A condition as an author reads it: `indication = cancer`, `concern ≠ mental_health`,
/// `event = parade or race`, `any of (…)`, `all of (…)`. For a multi-choice question
/// `=` means "the answer includes".
pub fn describe_condition(c: &Condition) -> String {
    match c {
        Condition::Is(q, o) => format!("{q} = {o}"),
        Condition::AnyOf(q, os) if os.is_empty() => format!("{q} = (no option)"),
        Condition::AnyOf(q, os) => format!("{q} = {}", os.join(" or ")),
        Condition::Answered(q) => format!("{q} answered"),
        Condition::All(cs) => group("all of", "always", cs),
        Condition::Any(cs) => group("any of", "never", cs),
        Condition::Not(inner) => match inner.as_ref() {
            Condition::Is(q, o) => format!("{q} ≠ {o}"),
            Condition::AnyOf(q, os) if os.len() == 1 => format!("{q} ≠ {}", os[0]),
            Condition::AnyOf(q, os) => format!("{q} is none of {}", os.join(", ")),
            Condition::Answered(q) => format!("{q} not answered"),
            other => format!("not ({})", describe_condition(other)),
        },
    }
}

fn group(word: &str, empty: &str, cs: &[Condition]) -> String {
    match cs {
        [] => empty.to_string(),
        [one] => describe_condition(one),
        _ => format!(
            "{word} ({})",
            cs.iter()
                .map(describe_condition)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The questions that can be answered before reaching `id`: every question from which some
/// chain of branches leads to it.
pub fn asked_before<'p>(p: &'p Pathway, id: &str) -> BTreeSet<&'p str> {
    // Each node's predecessors, once (a scan of every edge per node was quadratic).
    let mut into: std::collections::HashMap<&str, Vec<&'p str>> = Default::default();
    for e in edges(p) {
        into.entry(e.to).or_default().push(&e.from.id);
    }
    let mut seen: BTreeSet<&'p str> = BTreeSet::new();
    let mut stack: Vec<&str> = vec![id];
    while let Some(target) = stack.pop() {
        for &from in into.get(target).map(Vec::as_slice).unwrap_or_default() {
            if seen.insert(from) {
                stack.push(from);
            }
        }
    }
    seen
}

/// Every id `explain` knows: nodes, options, rules, then region, flag and source rows.
pub fn known_ids(p: &Pathway) -> Vec<&str> {
    p.nodes
        .iter()
        .map(Node::id)
        .chain(
            p.questions()
                .flat_map(|q| q.options.iter().map(|o| o.id.as_str())),
        )
        .chain(p.outcomes().map(|o| o.rule.as_str()))
        .chain(p.regions.rows.iter().map(|r| r.id.as_str()))
        .chain(p.flags.iter().map(|f| f.id.as_str()))
        .chain(p.sources.iter().map(|s| s.id.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is(q: &str, o: &str) -> Condition {
        Condition::Is(q.into(), o.into())
    }

    #[test]
    fn conditions_read_as_words() {
        assert_eq!(
            describe_condition(&is("indication", "cancer")),
            "indication = cancer"
        );
        assert_eq!(
            describe_condition(&Condition::Not(Box::new(is("concern", "mental_health")))),
            "concern ≠ mental_health"
        );
        let r8 = Condition::All(vec![
            Condition::AnyOf("event".into(), vec!["parade".into(), "race".into()]),
            Condition::Not(Box::new(is("prior_treatment", "yes"))),
        ]);
        assert_eq!(
            describe_condition(&r8),
            "all of (event = parade or race, prior_treatment ≠ yes)"
        );
        let any = Condition::Any(vec![is("a", "x"), Condition::Answered("b".into())]);
        assert_eq!(describe_condition(&any), "any of (a = x, b answered)");
        assert_eq!(describe_condition(&Condition::All(vec![])), "always");
        assert_eq!(
            describe_condition(&Condition::Not(Box::new(any))),
            "not (any of (a = x, b answered))"
        );
    }
}
