//! Training: a trainee's answers to a scenario beside the expected ones, the first place they
//! part, the rule and source that explain it, and walkthroughs of where each option leads.

use std::path::PathBuf;

use crate::outcome::TraceStep;
use crate::pathway::{Node, Pathway, Question, Source, Text};
use crate::route::{RouteError, route};
use crate::scenario::{BUNDLED, Expectation, Mismatch, Scenario, ScenarioError, scenario_files};
use crate::session::{AnswerMap, next_node};

/// A scenario and where it came from.
#[derive(Debug, Clone)]
pub struct TrainingCase {
    pub file: String,
    pub scenario: Scenario,
}

/// Loads scenarios from a file or a directory, or the bundled ones when `path` is `None`.
pub fn load_cases(path: Option<&std::path::Path>) -> Result<Vec<TrainingCase>, ScenarioError> {
    let files: Vec<(String, Result<Scenario, ScenarioError>)> = match path {
        None => BUNDLED
            .iter()
            .map(|(name, text)| {
                let file = format!("pathways/scenarios/{name}");
                let s = Scenario::parse(&file, text);
                (file, s)
            })
            .collect(),
        Some(p) if p.is_dir() => scenario_files(p)
            .map_err(|e| ScenarioError::Io {
                file: p.display().to_string(),
                reason: e.to_string(),
            })?
            .into_iter()
            .map(|f: PathBuf| (f.display().to_string(), Scenario::load(&f)))
            .collect(),
        Some(p) => vec![(p.display().to_string(), Scenario::load(p))],
    };
    files
        .into_iter()
        .map(|(file, s)| s.map(|scenario| TrainingCase { file, scenario }))
        .collect()
}

/// Where the trainee's path first differs from the expected one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Divergence {
    pub question: String,
    pub expected: Vec<String>,
    /// What the trainee answered there; empty when the trainee's path never asked it.
    pub given: Vec<String>,
}

/// A trainee's attempt at one scenario, compared with what the scenario expects.
#[derive(Debug, Clone)]
pub struct Comparison<'p> {
    /// The expected path, question by question.
    pub expected_trace: Vec<TraceStep>,
    /// The trainee's path.
    pub given_trace: Vec<TraceStep>,
    /// The route the scenario expects, and the one the trainee's answers lead to.
    pub expected: Expectation,
    pub actual: Expectation,
    pub mismatches: Vec<Mismatch>,
    pub divergence: Option<Divergence>,
    /// The rule of the expected outcome: its id and why it applies.
    pub rule: Option<(&'p str, &'p Text)>,
    /// The sources behind the expected outcome.
    pub sources: Vec<&'p Source>,
}

impl Comparison<'_> {
    /// Whether the trainee reached the expected route (answers may still differ in detail).
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// Compares the trainee's answers with the scenario's.
pub fn compare<'p>(
    p: &'p Pathway,
    scenario: &Scenario,
    given: &AnswerMap,
) -> Result<Comparison<'p>, RouteError> {
    let expected_answers = scenario.answer_map(p)?;
    let expected_route = route(p, &expected_answers)?;
    let given_route = route(p, given)?;
    let expected_trace = expected_route.outcome.trace.clone();
    let given_trace = given_route.outcome.trace.clone();
    let actual = Expectation::of(&given_route.outcome);
    let mismatches = scenario.expect.differences(&actual);
    let divergence = expected_trace.iter().find_map(|e| {
        let g = given_trace.iter().find(|g| g.question == e.question);
        match g {
            Some(g) if same_set(&g.answers, &e.answers) => None,
            _ => Some(Divergence {
                question: e.question.clone(),
                expected: e.answers.clone(),
                given: g.map(|g| g.answers.clone()).unwrap_or_default(),
            }),
        }
    });
    let node = expected_route.outcome.node;
    Ok(Comparison {
        expected_trace,
        given_trace,
        expected: scenario.expect.clone(),
        actual,
        mismatches,
        divergence,
        rule: Some((node.rule.as_str(), &node.why)),
        sources: node.sources.iter().filter_map(|s| p.source(s)).collect(),
    })
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// Where one option of a question leads, given the answers before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leads {
    Question(String),
    Outcome {
        id: String,
        rule: String,
    },
    /// The pathway cannot say yet (a later branch reads an answer not given).
    Unknown,
}

/// For each option of `q`, where answering it (after `before`) leads.
pub fn where_options_lead(p: &Pathway, q: &Question, before: &AnswerMap) -> Vec<Leads> {
    q.options
        .iter()
        .map(|o| {
            let mut answers = before.clone();
            answers.insert(q.id.clone(), vec![o.id.clone()]);
            match next_node(q, &answers).ok().and_then(|id| p.node(id)) {
                Some(Node::Question(next)) => Leads::Question(next.id.clone()),
                Some(Node::Outcome(out)) => Leads::Outcome {
                    id: out.id.clone(),
                    rule: out.rule.clone(),
                },
                None => Leads::Unknown,
            }
        })
        .collect()
}

/// The scenario file text for answers and their actual outcome, for a trainer to finish by
/// writing the vignette.
pub fn scenario_text(name: &str, answers: &AnswerMap, expect: Expectation) -> String {
    let scenario = Scenario {
        name: name.to_string(),
        vignette: "Describe the caller here, in two to four plain sentences.".into(),
        answers: answers
            .iter()
            .map(|(q, a)| (q.clone(), a.join(",")))
            .collect(),
        expect,
    };
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ".to_string());
    let body = ron::ser::to_string_pretty(&scenario, config)
        .unwrap_or_else(|e| format!("// could not write the scenario: {e}"));
    format!(
        "// Written by carepath in trainer mode: check the answers, then write the vignette.\n{body}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pathway::load::PathwaySource;
    use crate::scenario::Scenario;

    #[test]
    fn a_written_scenario_reads_back_and_passes() {
        let loaded = PathwaySource::Bundled.load().unwrap();
        let p = &loaded.pathway;
        let case = &load_cases(None).unwrap()[0];
        let answers = case.scenario.answer_map(p).unwrap();
        let routed = route(p, &answers).unwrap();
        let text = scenario_text("copy", &answers, Expectation::of(&routed.outcome));
        let back = Scenario::parse("copy.ron", &text).expect("written scenario parses");
        assert!(back.check(p).unwrap().is_empty());
    }

    #[test]
    fn the_first_divergence_is_the_first_expected_question_answered_differently() {
        let loaded = PathwaySource::Bundled.load().unwrap();
        let p = &loaded.pathway;
        let cases = load_cases(None).unwrap();
        let case = cases
            .iter()
            .find(|c| c.scenario.expect.route == "pain_medicine")
            .unwrap();
        let mut given = case.scenario.answer_map(p).unwrap();
        assert!(compare(p, &case.scenario, &given).unwrap().passed());
        given.insert("indication".into(), vec!["fibromyalgia".into()]);
        given.remove("administration");
        let c = compare(p, &case.scenario, &given).unwrap();
        assert!(!c.passed());
        let d = c.divergence.unwrap();
        assert_eq!(d.question, "indication");
        assert_eq!(d.given, vec!["fibromyalgia".to_string()]);
        assert_eq!(c.rule.unwrap().0, "R9");
    }
}
