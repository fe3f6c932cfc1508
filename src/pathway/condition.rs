//! Conditions over earlier answers, as written in a pathway file.

use serde::{Deserialize, Serialize};

/// A test of the answers given so far. Evaluated left to right, stopping early.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
pub enum Condition {
    /// `Is("question", "option")`: the answer includes that option.
    Is(String, String),
    /// `AnyOf("question", ["a", "b"])`: the answer includes at least one of them.
    AnyOf(String, Vec<String>),
    /// `Answered("question")`: the question has an answer.
    Answered(String),
    /// `All([...])`: every condition holds.
    All(Vec<Condition>),
    /// `Any([...])`: at least one condition holds.
    Any(Vec<Condition>),
    /// `Not(...)`: the condition does not hold.
    Not(Box<Condition>),
}

/// Question id to the option ids chosen: the answers of a call, as the engine keeps them.
pub type AnswerMap = std::collections::BTreeMap<String, Vec<String>>;

/// Read access to the answers of a session: the options chosen for a question.
pub trait Answers {
    /// The options chosen for `question`, or `None` when it has no answer.
    fn chosen(&self, question: &str) -> Option<&[String]>;
}

/// A condition needed the answer to a question that had none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unanswered(pub String);

impl Condition {
    /// Evaluates strictly: reading an unanswered question is an error.
    pub fn eval(&self, answers: &impl Answers) -> Result<bool, Unanswered> {
        let chosen = |q: &str| answers.chosen(q).ok_or_else(|| Unanswered(q.to_string()));
        Ok(match self {
            Condition::Is(q, opt) => chosen(q)?.iter().any(|c| c == opt),
            Condition::AnyOf(q, opts) => chosen(q)?.iter().any(|c| opts.contains(c)),
            Condition::Answered(q) => answers.chosen(q).is_some(),
            Condition::All(cs) => {
                for c in cs {
                    if !c.eval(answers)? {
                        return Ok(false);
                    }
                }
                true
            }
            Condition::Any(cs) => {
                for c in cs {
                    if c.eval(answers)? {
                        return Ok(true);
                    }
                }
                false
            }
            Condition::Not(c) => !c.eval(answers)?,
        })
    }

    /// Evaluates leniently: a condition that reads an unanswered question does not hold.
    pub fn holds(&self, answers: &impl Answers) -> bool {
        self.eval(answers).unwrap_or(false)
    }

    /// Every `(question, option)` pair the condition names; `None` for `Answered`.
    pub fn references(&self) -> Vec<(&str, Option<&str>)> {
        let mut out = Vec::new();
        self.collect_references(&mut out);
        out
    }

    fn collect_references<'a>(&'a self, out: &mut Vec<(&'a str, Option<&'a str>)>) {
        match self {
            Condition::Is(q, o) => out.push((q, Some(o))),
            Condition::AnyOf(q, os) => {
                out.extend(os.iter().map(|o| (q.as_str(), Some(o.as_str()))))
            }
            Condition::Answered(q) => out.push((q, None)),
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().for_each(|c| c.collect_references(out))
            }
            Condition::Not(c) => c.collect_references(out),
        }
    }

    /// The questions the condition reads.
    pub fn questions(&self) -> Vec<&str> {
        let mut qs: Vec<&str> = self.references().into_iter().map(|(q, _)| q).collect();
        qs.dedup();
        qs
    }
}

impl<S: std::hash::BuildHasher> Answers for std::collections::HashMap<String, Vec<String>, S> {
    fn chosen(&self, question: &str) -> Option<&[String]> {
        self.get(question).map(Vec::as_slice)
    }
}

impl Answers for AnswerMap {
    fn chosen(&self, question: &str) -> Option<&[String]> {
        self.get(question).map(Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn answers(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(q, os)| (q.to_string(), os.iter().map(|o| o.to_string()).collect()))
            .collect()
    }

    #[test]
    fn is_and_any_of_read_multi_answers() {
        let a = answers(&[("features", &["food", "music"])]);
        assert!(Condition::Is("features".into(), "food".into()).holds(&a));
        assert!(!Condition::Is("features".into(), "fireworks".into()).holds(&a));
        assert!(
            Condition::AnyOf("features".into(), vec!["fireworks".into(), "music".into()]).holds(&a)
        );
    }

    #[test]
    fn reading_an_unanswered_question_is_reported_unless_short_circuited() {
        let a = answers(&[("concern", &["mental_health"])]);
        let reads_indication = Condition::Is("indication".into(), "cancer".into());
        assert_eq!(
            reads_indication.eval(&a),
            Err(Unanswered("indication".into()))
        );
        let guarded = Condition::All(vec![
            Condition::Not(Box::new(Condition::Is(
                "concern".into(),
                "mental_health".into(),
            ))),
            reads_indication,
        ]);
        assert_eq!(guarded.eval(&a), Ok(false));
    }
}
