//! The session engine: answers given so far, the next question, going back, changing an
//! earlier answer, and the outcome. Every front end drives this; it knows no terminal.

use std::collections::HashSet;

use crate::outcome::Outcome;
use crate::pathway::condition::{Answers, Unanswered};
use crate::pathway::load::did_you_mean;
use crate::pathway::{Choice, Node, OutcomeNode, Pathway, Question};

pub use crate::pathway::condition::AnswerMap;

/// Where a session stands.
#[derive(Debug, Clone, Copy)]
pub enum Step<'p> {
    /// This question is next.
    Ask(&'p Question),
    /// The pathway has reached an outcome.
    Done(&'p OutcomeNode),
}

/// Why an answer was refused. Each message names what is valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("there is no question `{question}`{}. Questions: {}", hint(suggestion), valid.join(", "))]
    UnknownQuestion {
        question: String,
        suggestion: Option<String>,
        valid: Vec<String>,
    },
    #[error("`{option}` is not an option of `{question}`{}. Options: {}", hint(suggestion), valid.join(", "))]
    UnknownOption {
        question: String,
        option: String,
        suggestion: Option<String>,
        valid: Vec<String>,
    },
    #[error("`{question}` takes one answer, but {} were given: {}", given.len(), given.join(", "))]
    TooMany {
        question: String,
        given: Vec<String>,
    },
    #[error("`{question}`: `{exclusive}` cannot be combined with other answers ({})", others.join(", "))]
    ExclusiveWithOthers {
        question: String,
        exclusive: String,
        others: Vec<String>,
    },
    #[error("`{question}` needs at least one answer. Options: {}", valid.join(", "))]
    Empty {
        question: String,
        valid: Vec<String>,
    },
    #[error("`{question}` is not asked on the current path")]
    NotOnPath { question: String },
}

fn hint(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// The pathway cannot go on from a question (only a pathway that fails `check` does this).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StuckError {
    #[error("question `{question}` has no branch for these answers and no `otherwise`")]
    NoBranch { question: String },
    #[error("question `{question}` tests `{unanswered}`, which has no answer on this path")]
    Unanswered {
        question: String,
        unanswered: String,
    },
    #[error("the pathway leads to `{0}`, which does not exist")]
    MissingNode(String),
    #[error("the pathway loops back to `{0}`")]
    Loop(String),
}

/// One person's answers to one pathway.
#[derive(Debug, Clone)]
pub struct Session<'p> {
    pathway: &'p Pathway,
    answers: AnswerMap,
    /// Answers that going back stepped over: not on the path any more, but kept to be
    /// offered again when their question is asked (see [`Session::remembered`]).
    pending: AnswerMap,
}

impl<'p> Session<'p> {
    pub fn new(pathway: &'p Pathway) -> Self {
        Session {
            pathway,
            answers: AnswerMap::new(),
            pending: AnswerMap::new(),
        }
    }

    /// Resumes with saved answers; those that no longer apply are dropped and returned.
    pub fn with_answers(pathway: &'p Pathway, answers: AnswerMap) -> (Self, Vec<String>) {
        Self::resume(pathway, answers, AnswerMap::new())
    }

    /// Resumes with saved answers and the answers gone back over; those that no longer
    /// apply are dropped and returned. A pending answer to a question that has an answer
    /// is dropped silently.
    pub fn resume(
        pathway: &'p Pathway,
        answers: AnswerMap,
        mut pending: AnswerMap,
    ) -> (Self, Vec<String>) {
        pending.retain(|q, _| !answers.contains_key(q));
        let mut s = Session {
            pathway,
            answers,
            pending,
        };
        let dropped = s.prune();
        (s, dropped)
    }

    pub fn pathway(&self) -> &'p Pathway {
        self.pathway
    }

    pub fn answers(&self) -> &AnswerMap {
        &self.answers
    }

    /// The answers gone back over, still to be confirmed (see [`Session::back`]).
    pub fn pending(&self) -> &AnswerMap {
        &self.pending
    }

    /// The answer given to a question, if any.
    pub fn answer_of(&self, question: &str) -> Option<&[String]> {
        self.answers.chosen(question)
    }

    /// The answer given to a question, or else the one it had before going back over it:
    /// what a front end offers when the question is asked.
    pub fn remembered(&self, question: &str) -> Option<&[String]> {
        self.answer_of(question)
            .or_else(|| self.pending.get(question).map(Vec::as_slice))
    }

    /// Walks from the start through the answers given: the answered questions on the path,
    /// then the next question or the outcome.
    pub fn walk(&self) -> Result<(Vec<&'p Question>, Step<'p>), StuckError> {
        walk(self.pathway, &self.answers)
    }

    /// The next question, or the outcome when every question on the path is answered.
    pub fn step(&self) -> Result<Step<'p>, StuckError> {
        self.walk().map(|(_, s)| s)
    }

    /// The questions answered so far, in the order the path asks them.
    pub fn history(&self) -> Vec<&'p Question> {
        self.walk().map(|(h, _)| h).unwrap_or_default()
    }

    /// Checks an answer to `question` without giving it.
    pub fn validate(&self, question: &str, options: &[String]) -> Result<(), AnswerError> {
        validate_answer(self.pathway, question, options)
    }

    /// Answers (or re-answers) a question on the current path. Answers that no longer apply
    /// are dropped; their question ids are returned.
    pub fn answer(
        &mut self,
        question: &str,
        options: &[String],
    ) -> Result<Vec<String>, AnswerError> {
        self.validate(question, options)?;
        let on_path = match self.walk() {
            Ok((history, step)) => {
                history.iter().any(|q| q.id == question)
                    || matches!(step, Step::Ask(q) if q.id == question)
            }
            Err(_) => false,
        };
        if !on_path {
            return Err(AnswerError::NotOnPath {
                question: question.to_string(),
            });
        }
        self.answers.insert(question.to_string(), distinct(options));
        self.pending.remove(question);
        Ok(self.prune())
    }

    /// Goes back one question: takes the last answer off the path and returns the question
    /// id with the answer it had, so a front end can show it preselected. The answer is kept
    /// as pending, as are those gone back over before it: going back several questions and
    /// answering them the same way again loses nothing.
    pub fn back(&mut self) -> Option<(String, Vec<String>)> {
        let last = self.history().last()?.id.clone();
        let old = self.answers.remove(&last)?;
        self.pending.insert(last.clone(), old.clone());
        Some((last, old))
    }

    /// Drops every answer, pending ones too.
    pub fn restart(&mut self) {
        self.answers.clear();
        self.pending.clear();
    }

    /// The outcome with its trace, once the path is complete.
    pub fn outcome(&self) -> Option<Outcome<'p>> {
        match self.walk() {
            Ok((history, Step::Done(node))) => Some(Outcome::resolve(
                self.pathway,
                node,
                &history,
                &self.answers,
            )),
            _ => None,
        }
    }

    /// How many questions the path has asked, and about how many remain: the longest chain of
    /// questions still reachable from the current one.
    pub fn progress(&self) -> (usize, usize) {
        match self.walk() {
            Ok((history, Step::Ask(q))) => {
                let n = history.len() + 1;
                (n, history.len() + self.pathway.questions_remaining(&q.id))
            }
            Ok((history, Step::Done(_))) => (history.len(), history.len()),
            Err(_) => (0, 0),
        }
    }

    /// Keeps answers (given or pending) on the path or still reachable from where it stops;
    /// drops the rest and returns their question ids in the pathway's order of questions.
    fn prune(&mut self) -> Vec<String> {
        let keep: HashSet<String> = match self.walk() {
            Ok((history, step)) => {
                let mut keep: HashSet<String> = history.iter().map(|q| q.id.clone()).collect();
                if let Step::Ask(q) = step {
                    keep.extend(reachable_questions(self.pathway, &q.id));
                }
                keep
            }
            Err(_) => return Vec::new(),
        };
        let mut dropped: Vec<String> = self
            .answers
            .keys()
            .chain(self.pending.keys())
            .filter(|q| !keep.contains(*q))
            .cloned()
            .collect();
        dropped.sort_by_cached_key(|q| self.pathway.nodes.iter().position(|n| n.id() == q));
        for q in &dropped {
            self.answers.remove(q);
            self.pending.remove(q);
        }
        dropped
    }
}

/// Walks a pathway through `answers` (see [`Session::walk`]).
pub fn walk<'p>(
    p: &'p Pathway,
    answers: &AnswerMap,
) -> Result<(Vec<&'p Question>, Step<'p>), StuckError> {
    let mut history = Vec::new();
    let mut id = p.start.as_str();
    for _ in 0..=p.nodes.len() {
        let q = match p.node(id) {
            Some(Node::Question(q)) => q,
            Some(Node::Outcome(o)) => return Ok((history, Step::Done(o))),
            None => return Err(StuckError::MissingNode(id.to_string())),
        };
        if !answers.contains_key(&q.id) {
            return Ok((history, Step::Ask(q)));
        }
        history.push(q);
        id = next_node(q, answers)?;
    }
    Err(StuckError::Loop(id.to_string()))
}

/// The node an answered question leads to.
pub fn next_node<'p>(q: &'p Question, answers: &impl Answers) -> Result<&'p str, StuckError> {
    for b in &q.next {
        match b.when.eval(answers) {
            Ok(true) => return Ok(&b.goto),
            Ok(false) => {}
            Err(Unanswered(x)) => {
                return Err(StuckError::Unanswered {
                    question: q.id.clone(),
                    unanswered: x,
                });
            }
        }
    }
    q.otherwise.as_deref().ok_or_else(|| StuckError::NoBranch {
        question: q.id.clone(),
    })
}

/// Checks that `options` is a valid answer to `question` (see [`AnswerError`]).
pub fn validate_answer(p: &Pathway, question: &str, options: &[String]) -> Result<(), AnswerError> {
    let Some(q) = p.question(question) else {
        let valid: Vec<String> = p.questions().map(|q| q.id.clone()).collect();
        return Err(AnswerError::UnknownQuestion {
            question: question.to_string(),
            suggestion: did_you_mean(question, valid.iter().map(String::as_str))
                .map(str::to_string),
            valid,
        });
    };
    let valid: Vec<String> = q.options.iter().map(|o| o.id.clone()).collect();
    if options.is_empty() {
        return Err(AnswerError::Empty {
            question: question.to_string(),
            valid,
        });
    }
    for o in options {
        if q.option(o).is_none() {
            return Err(AnswerError::UnknownOption {
                question: question.to_string(),
                option: o.clone(),
                suggestion: did_you_mean(o, valid.iter().map(String::as_str)).map(str::to_string),
                valid,
            });
        }
    }
    let mut distinct = options.to_vec();
    distinct.sort();
    distinct.dedup();
    if q.choice == Choice::Single && distinct.len() > 1 {
        return Err(AnswerError::TooMany {
            question: question.to_string(),
            given: options.to_vec(),
        });
    }
    if let Some(ex) = &q.exclusive
        && distinct.len() > 1
        && distinct.contains(ex)
    {
        return Err(AnswerError::ExclusiveWithOthers {
            question: question.to_string(),
            exclusive: ex.clone(),
            others: distinct.into_iter().filter(|o| o != ex).collect(),
        });
    }
    Ok(())
}

/// Question ids reachable from `from` (inclusive), by any branch.
fn reachable_questions(p: &Pathway, from: &str) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut stack = vec![from];
    while let Some(id) = stack.pop() {
        if let Some(Node::Question(q)) = p.node(id)
            && seen.insert(q.id.clone())
        {
            stack.extend(q.targets());
        }
    }
    seen
}

/// The options without repeats, first mention kept.
pub fn distinct(options: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(options.len());
    for o in options {
        if !out.contains(o) {
            out.push(o.clone());
        }
    }
    out
}
