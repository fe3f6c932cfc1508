//! Trainer mode in the wizard: pick a scenario, read the vignette, answer as the intake worker
//! would, then compare; or walk through the expected answers step by step.

use std::path::PathBuf;

use super::action::{Action, Effect};
use super::{View, Wizard};
use crate::call::Call;
use crate::filter::{Match, fold_options};
use crate::outcome::projection::Projection;
use crate::pathway::{Audience, Lang};
use crate::route::route;
use crate::session::AnswerMap;
use crate::store::now_rfc3339;
use crate::strings::train as words;
use crate::train::{TrainingCase, scenario_text};

/// What trainer mode keeps between screens.
#[derive(Debug, Clone)]
pub struct Trainer {
    pub cases: Vec<TrainingCase>,
    /// The scenario being played.
    pub current: Option<usize>,
    /// Scenario index and whether the trainee reached the expected route, in play order.
    pub results: Vec<(usize, bool)>,
    /// Play the expected answers step by step instead of asking.
    pub walkthrough: bool,
    /// How many expected answers the walkthrough has shown.
    pub step: usize,
    /// Where new scenario files are written.
    pub write_dir: PathBuf,
    /// On the walkthrough: where each option of the question on view leads, worked out when
    /// the step changes (drawing only reads it).
    pub leads: Vec<crate::train::Leads>,
}

impl Trainer {
    pub fn new(cases: Vec<TrainingCase>, walkthrough: bool, write_dir: PathBuf) -> Self {
        Trainer {
            cases,
            current: None,
            results: Vec::new(),
            walkthrough,
            step: 0,
            write_dir,
            leads: Vec::new(),
        }
    }

    /// Scenarios passed and played, counting each scenario's first attempt: a second try
    /// made after seeing the comparison does not change the score.
    pub fn score(&self) -> (usize, usize) {
        let mut first: Vec<(usize, bool)> = Vec::new();
        for &(i, ok) in &self.results {
            if !first.iter().any(|(j, _)| *j == i) {
                first.push((i, ok));
            }
        }
        (first.iter().filter(|(_, ok)| *ok).count(), first.len())
    }

    /// The score as a sentence, once a scenario has been played.
    pub fn score_line(&self, lang: Lang) -> Option<String> {
        let (passed, played) = self.score();
        (played > 0).then(|| crate::strings::train::score(passed, played, lang))
    }

    pub fn case(&self) -> Option<&TrainingCase> {
        self.current.and_then(|i| self.cases.get(i))
    }
}

impl<'p> Wizard<'p> {
    /// The scenarios matching the filter, best first.
    pub fn visible_cases(&self) -> Vec<Match> {
        let Some(t) = &self.trainer else {
            return Vec::new();
        };
        let folded = fold_options(
            t.cases
                .iter()
                .map(|c| (c.file.as_str(), c.scenario.name.get(self.lang()))),
        );
        self.filter_engine().matches(self.filter(), &folded)
    }

    /// The expected answers of the scenario being played, as the engine takes them.
    pub fn expected_answers(&self) -> Option<AnswerMap> {
        let case = self.trainer.as_ref()?.case()?;
        case.scenario.answer_map(&self.loaded.pathway).ok()
    }

    pub(super) fn update_train_list(&mut self, action: Action) -> Vec<Effect> {
        if self.edit_list(&action, |w| w.visible_cases().len()) {
            return vec![];
        }
        if action == Action::Confirm {
            let chosen = self.visible_cases().get(self.highlight()).map(|m| m.index);
            if let (Some(index), Some(t)) = (chosen, self.trainer.as_mut()) {
                t.current = Some(index);
                t.step = 0;
                self.view = View::TrainBrief;
            }
        }
        vec![]
    }

    pub(super) fn update_train_brief(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Confirm => {
                self.call = Call::new(self.loaded, Audience::Staff, self.lang(), &now_rfc3339());
                self.notice = None;
                self.summary_files = None;
                let walkthrough = self.trainer.as_ref().is_some_and(|t| t.walkthrough);
                if walkthrough {
                    self.view = View::Walkthrough { scroll: 0 };
                    self.sync_walkthrough();
                } else {
                    self.enter_question_flow();
                }
            }
            Action::GoBack => self.show_train_list(),
            _ => {}
        }
        vec![]
    }

    pub(super) fn update_train_result(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Confirm => self.show_train_list(),
            Action::ShowOutcome => self.view = View::outcome(),
            Action::GoBack => self.show_review(self.call.session().history().len()),
            other => self.scroll_by(&other),
        }
        vec![]
    }

    pub(super) fn update_walkthrough(&mut self, action: Action) -> Vec<Effect> {
        let total = self
            .expected_answers()
            .map(|a| crate::session::walk(&self.loaded.pathway, &a))
            .and_then(Result::ok)
            .map_or(0, |(history, _)| history.len());
        let Some(t) = self.trainer.as_mut() else {
            return vec![];
        };
        match action {
            Action::Confirm | Action::NextStep if t.step < total => t.step += 1,
            Action::Confirm | Action::NextStep => {
                // A walkthrough plays the expected answers: it is shown, not scored.
                self.compare_with_scenario();
                return vec![];
            }
            Action::PreviousStep => t.step = t.step.saturating_sub(1),
            Action::GoBack => {
                self.show_train_list();
                return vec![];
            }
            // ↑ ↓ and the page keys scroll a step that does not fit.
            other => {
                self.scroll_by(&other);
                return vec![];
            }
        }
        self.view = View::Walkthrough { scroll: 0 };
        self.sync_walkthrough();
        vec![]
    }

    /// The session holds the expected answers up to the walkthrough's step.
    fn sync_walkthrough(&mut self) {
        let (Some(expected), Some(step)) = (
            self.expected_answers(),
            self.trainer.as_ref().map(|t| t.step),
        ) else {
            return;
        };
        let mut call = Call::new(self.loaded, Audience::Staff, self.lang(), &now_rfc3339());
        for _ in 0..step {
            let Ok(crate::session::Step::Ask(q)) = call.session().step() else {
                break;
            };
            let Some(a) = expected.get(&q.id) else {
                break;
            };
            if call.answer(&q.id, a).is_err() {
                break;
            }
        }
        let leads = match call.session().step() {
            Ok(crate::session::Step::Ask(q)) => crate::train::where_options_lead(
                &self.loaded.pathway,
                q,
                call.session().answers(),
                &expected,
            ),
            _ => Vec::new(),
        };
        self.call = call;
        if let Some(t) = self.trainer.as_mut() {
            t.leads = leads;
        }
    }

    /// Shows the comparison of the call's answers with the scenario being played, worked
    /// out once here (drawing only reads it).
    pub(super) fn compare_with_scenario(&mut self) {
        let p = &self.loaded.pathway;
        let comparison = self.trainer.as_ref().and_then(|t| t.case()).map(|c| {
            Box::new(crate::train::compare(
                p,
                &c.scenario,
                self.call.session().answers(),
            ))
        });
        self.view = View::TrainResult {
            scroll: 0,
            comparison,
        };
    }

    /// After the review: compare with the scenario instead of showing the outcome, and
    /// score the attempt.
    pub(super) fn finish_training_case(&mut self) {
        self.compare_with_scenario();
        let passed = matches!(self.comparison(), Some(Ok(c)) if c.passed());
        if let Some(t) = self.trainer.as_mut()
            && let Some(i) = t.current
        {
            t.results.push((i, passed));
        }
    }

    fn show_train_list(&mut self) {
        // The scenario after the one just played is highlighted.
        let next = self.trainer.as_ref().map_or(0, |t| {
            t.current
                .map_or(0, |i| (i + 1).min(t.cases.len().saturating_sub(1)))
        });
        self.view = View::TrainList {
            filter: String::new(),
            highlight: next,
        };
        self.notice = None;
    }

    /// The current answers and their outcome as a new scenario file's text.
    pub(super) fn scenario_to_write(&self) -> Option<String> {
        let routed = route(&self.loaded.pathway, self.call.session().answers()).ok()?;
        let answers = self.call.session().answers();
        let name = match (
            self.trainer.as_ref().and_then(|t| t.case()),
            self.expected_answers(),
        ) {
            (Some(c), Some(expected)) => {
                // Named after the scenario, with the answers that make it a different one.
                let changed: Vec<String> = answers
                    .iter()
                    .filter(|(q, a)| expected.get(*q) != Some(*a))
                    .map(|(q, a)| format!("{q}={}", a.join(",")))
                    .collect();
                if changed.is_empty() {
                    words::scenario_copy(&c.scenario.name.en)
                } else {
                    words::scenario_variant(&c.scenario.name.en, &changed)
                }
            }
            _ => words::NEW_SCENARIO.to_string(),
        };
        Some(scenario_text(
            &name,
            answers,
            Projection::of(&routed.outcome),
        ))
    }
}
