//! Routing a complete set of answers in one go, as `carepath route` and scenario files do.

use crate::outcome::Outcome;
use crate::pathway::Pathway;
use crate::session::{AnswerError, AnswerMap, Step, StuckError, distinct, validate_answer, walk};

/// Why a set of answers could not be routed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    #[error("cannot read `{0}`: write answers as QUESTION=OPTION or QUESTION=OPTION,OPTION")]
    Malformed(String),
    #[error("{0}")]
    BadAnswer(#[from] AnswerError),
    #[error("`{question}` is answered twice")]
    Repeated { question: String },
    #[error("no answer for `{question}`, which this path asks. Options: {}", options.join(", "))]
    Missing {
        question: String,
        options: Vec<String>,
    },
    #[error("the pathway cannot route these answers: {0}")]
    Stuck(#[from] StuckError),
}

/// Parses `QUESTION=OPTION[,OPTION…]`.
pub fn parse_answer(arg: &str) -> Result<(String, Vec<String>), RouteError> {
    let (q, opts) = arg
        .split_once('=')
        .ok_or_else(|| RouteError::Malformed(arg.to_string()))?;
    let q = q.trim();
    let opts: Vec<String> = opts
        .split(',')
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty())
        .collect();
    if q.is_empty() {
        return Err(RouteError::Malformed(arg.to_string()));
    }
    Ok((q.to_string(), opts))
}

/// Checks every answer against the pathway and collects them.
pub fn collect_answers(
    p: &Pathway,
    answers: impl IntoIterator<Item = (String, Vec<String>)>,
) -> Result<AnswerMap, RouteError> {
    let mut map = AnswerMap::new();
    for (q, opts) in answers {
        validate_answer(p, &q, &opts)?;
        if map.insert(q.clone(), distinct(&opts)).is_some() {
            return Err(RouteError::Repeated { question: q });
        }
    }
    Ok(map)
}

/// A routed set of answers.
#[derive(Debug, Clone)]
pub struct Routed<'p> {
    pub outcome: Outcome<'p>,
    /// Questions answered that the path never asks.
    pub ignored: Vec<(String, Vec<String>)>,
}

/// Follows the answers to an outcome; every question on the path must be answered.
pub fn route<'p>(p: &'p Pathway, answers: &AnswerMap) -> Result<Routed<'p>, RouteError> {
    let (history, step) = walk(p, answers)?;
    match step {
        Step::Ask(q) => Err(RouteError::Missing {
            question: q.id.clone(),
            options: q.options.iter().map(|o| o.id.clone()).collect(),
        }),
        Step::Done(node) => {
            let asked: std::collections::HashSet<&str> =
                history.iter().map(|h| h.id.as_str()).collect();
            let ignored = answers
                .iter()
                .filter(|(q, _)| !asked.contains(q.as_str()))
                .map(|(q, a)| (q.clone(), a.clone()))
                .collect();
            Ok(Routed {
                outcome: Outcome::resolve(p, node, &history, answers),
                ignored,
            })
        }
    }
}
