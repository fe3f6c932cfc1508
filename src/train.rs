//! Training: a trainee's answers to a scenario beside the expected ones, the first place they
//! part, the rule and source that explain it, and walkthroughs of where each option leads.

use std::path::PathBuf;

use crate::outcome::projection::{Change, Field, Mismatch, Projection, Value};
use crate::outcome::{Outcome, TraceStep};
use crate::pathway::{Pathway, Question, Source, Text};
use crate::route::{RouteError, route};
use crate::scenario::{BUNDLED, Scenario, ScenarioError, scenario_files};
use crate::session::AnswerMap;
use crate::strings::train as words;

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
    pub expected: Projection,
    pub actual: Projection,
    pub mismatches: Vec<Mismatch>,
    pub divergence: Option<Divergence>,
    /// What the pathway says about each part of the route that differs: the rules of the
    /// expected and the trainee's outcome, and each safety flag or alongside route one has
    /// and the other lacks. Empty when the routes agree.
    pub explanations: Vec<Explanation<'p>>,
}

/// What explains one difference: the pathway's own words and sources for it.
#[derive(Debug, Clone)]
pub struct Explanation<'p> {
    pub subject: Subject<'p>,
    pub why: &'p Text,
    pub sources: Vec<&'p Source>,
}

/// The part of the pathway an [`Explanation`] quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'p> {
    /// The rule of the outcome the scenario expects.
    ExpectedRule(&'p str),
    /// The rule of the outcome the trainee's answers reached.
    YourRule(&'p str),
    /// A safety flag the expected answers raise and the trainee's do not (`missed`), or the
    /// other way round.
    Flag { id: &'p str, missed: bool },
    /// A route offered alongside the main one, on one side only.
    Alongside { route: &'p str, missed: bool },
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
    let actual = Projection::of(&given_route.outcome);
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
    let explanations = if mismatches.is_empty() {
        Vec::new()
    } else {
        explain(p, &expected_route.outcome, &given_route.outcome)
    };
    Ok(Comparison {
        expected_trace,
        given_trace,
        expected: scenario.expect.clone(),
        actual,
        mismatches,
        divergence,
        explanations,
    })
}

/// The rules, flags and alongside routes that account for the differences between the
/// expected outcome and the trainee's, each with its sources.
fn explain<'p>(
    p: &'p Pathway,
    expected: &Outcome<'p>,
    given: &Outcome<'p>,
) -> Vec<Explanation<'p>> {
    let sources = |ids: &'p [String]| ids.iter().filter_map(|s| p.source(s)).collect();
    let mut out = Vec::new();
    let (e, g) = (expected.node, given.node);
    if e.id != g.id || e.route != g.route || e.referral_to != g.referral_to {
        out.push(Explanation {
            subject: Subject::ExpectedRule(&e.rule),
            why: &e.why,
            sources: sources(&e.sources),
        });
        out.push(Explanation {
            subject: Subject::YourRule(&g.rule),
            why: &g.why,
            sources: sources(&g.sources),
        });
    }
    let one_sided_flags = |from: &Outcome<'p>, other: &Outcome<'p>, missed: bool| {
        from.flags
            .iter()
            .filter(|f| !other.flags.iter().any(|o| o.id == f.id))
            .map(|f| Explanation {
                subject: Subject::Flag { id: &f.id, missed },
                why: &f.text,
                sources: sources(&f.sources),
            })
            .collect::<Vec<_>>()
    };
    out.extend(one_sided_flags(expected, given, true));
    out.extend(one_sided_flags(given, expected, false));
    let one_sided_also = |from: &Outcome<'p>, other: &Outcome<'p>, missed: bool| {
        from.also
            .iter()
            .filter(|a| !other.also.iter().any(|o| o.route == a.route))
            .map(|a| Explanation {
                subject: Subject::Alongside {
                    route: &a.route,
                    missed,
                },
                why: &a.text,
                sources: sources(&a.sources),
            })
            .collect::<Vec<_>>()
    };
    out.extend(one_sided_also(expected, given, true));
    out.extend(one_sided_also(given, expected, false));
    out
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// Where one option of a question leads when the rest of the call goes as `rest` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leads {
    /// The option opens a question `rest` has no answer for: the path changes there.
    Question(String),
    /// The outcome reached, with what the rest of its result changes from `rest`'s own
    /// outcome (see [`changes`]).
    Outcome {
        id: String,
        rule: String,
        changes: Vec<Change<Value>>,
    },
    /// The pathway cannot say (a condition reads an answer not given).
    Unknown,
}

/// For each option of `q`: after the answers `before`, choosing it and answering every later
/// question as `rest` does, where the call ends. The rules that decide a route often sit on a
/// later question and read earlier answers, so the next question alone would say little.
pub fn where_options_lead(
    p: &Pathway,
    q: &Question,
    before: &AnswerMap,
    rest: &AnswerMap,
) -> Vec<Leads> {
    let baseline = route(p, rest).ok();
    q.options
        .iter()
        .map(|o| {
            let mut answers = rest.clone();
            answers.extend(before.iter().map(|(k, v)| (k.clone(), v.clone())));
            answers.insert(q.id.clone(), vec![o.id.clone()]);
            match route(p, &answers) {
                Ok(r) => Leads::Outcome {
                    id: r.outcome.node.id.clone(),
                    rule: r.outcome.node.rule.clone(),
                    changes: baseline
                        .as_ref()
                        .map(|b| changes(&b.outcome, &r.outcome))
                        .unwrap_or_default(),
                },
                Err(RouteError::Missing { question, .. }) => Leads::Question(question),
                Err(_) => Leads::Unknown,
            }
        })
        .collect()
}

/// From `base` to `other`: every part of the result the comparison would mark (the facility,
/// its regulator and rules, coverage programs, safety flags and routes alongside), but the
/// outcome, its route and referral, which the option's outcome already names.
fn changes(base: &Outcome, other: &Outcome) -> Vec<Change<Value>> {
    let named = [Field::Outcome, Field::Route, Field::ReferralTo];
    Projection::of(base)
        .changes(&Projection::of(other))
        .into_iter()
        .filter(|c| !named.contains(&c.field))
        .collect()
}

/// The scenario file text for answers and their actual outcome, for a trainer to finish by
/// writing the vignette.
pub fn scenario_text(name: &str, answers: &AnswerMap, expect: Projection) -> String {
    let scenario = Scenario {
        name: Text {
            en: name.to_string(),
            fr: String::new(),
        },
        vignette: Text {
            en: words::VIGNETTE_TO_WRITE.into(),
            fr: String::new(),
        },
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
        .unwrap_or_else(|e| words::scenario_not_serialised(&e.to_string()));
    format!("{}\n{body}\n", words::WRITTEN_BY_TRAINER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pathway::Lang;
    use crate::pathway::load::PathwaySource;
    use crate::scenario::Scenario;

    #[test]
    fn a_written_scenario_reads_back_and_passes() {
        let loaded = PathwaySource::Bundled.load().unwrap();
        let p = &loaded.pathway;
        let case = &load_cases(None).unwrap()[0];
        let answers = case.scenario.answer_map(p).unwrap();
        let routed = route(p, &answers).unwrap();
        let text = scenario_text("copy", &answers, Projection::of(&routed.outcome));
        let back = Scenario::parse("copy.ron", &text).expect("written scenario parses");
        assert!(back.check(p).unwrap().is_empty());
        assert_eq!(back.name.get(Lang::Fr), "copy", "written in English only");
    }
}
