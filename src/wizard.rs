//! The interactive wizard: its state, and `update`, the only place that changes it.

pub mod action;
pub mod keymap;
pub mod render;
pub mod terminal;
pub mod trainer;

use std::path::PathBuf;

use crate::export::{Summary, build_summary};
use crate::filter::{Filter, Folded, Match, fold_bilingual};
use crate::outcome::Outcome;
use crate::pathway::{Audience, Choice, Lang, Loaded, Question};
use crate::session::{AnswerMap, Session, Step};
use crate::store::SavedSession;
use action::{Action, Effect};

/// Which full screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Title, disclaimer, choice of mode (and the offer to resume).
    Start,
    /// One question of the pathway.
    Question,
    /// All answers, before the outcome.
    Review,
    /// The route and everything about it.
    Outcome,
    /// An emergency answer: crisis help and nothing else.
    Crisis,
    /// Trainer: the list of scenarios.
    TrainList,
    /// Trainer: the vignette of the chosen scenario.
    TrainBrief,
    /// Trainer: the trainee's answers and route beside the expected ones.
    TrainResult,
    /// Trainer: the expected answers played step by step, with where each option leads.
    Walkthrough,
}

/// A panel drawn over the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Crisis,
}

/// Whether answers are being written to disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saving {
    On,
    /// `--no-save`.
    Disabled,
    /// A write failed; the reason is shown and the wizard goes on.
    Failed(String),
}

/// Everything the wizard shows, in one place. Render reads it; only `update` changes it.
pub struct Wizard<'p> {
    pub loaded: &'p Loaded,
    pub session: Session<'p>,
    pub audience: Audience,
    pub lang: Lang,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// Text typed to filter the options.
    pub filter: String,
    /// Row highlighted in the (filtered) option list, the review or the start menu.
    pub highlight: usize,
    /// Options ticked so far in a multi-choice question.
    pub picked: Vec<String>,
    /// The question being changed from the review, instead of the next one.
    pub editing: Option<String>,
    /// A message for the person: answers dropped, summary written, saving off.
    pub notice: Option<String>,
    /// `q` was pressed on an empty filter; a second `q` quits.
    pub confirm_quit: bool,
    /// First line shown of the outcome.
    pub scroll: u16,
    /// The staff note for the summary, and whether it is being typed.
    pub note: String,
    pub editing_note: bool,
    pub saving: Saving,
    /// A saved session offered on the start screen.
    pub resumable: Option<SavedSession>,
    pub started_at: String,
    pub summary_paths: Option<(PathBuf, PathBuf)>,
    pub quit: bool,
    /// Trainer mode, when the wizard was started by `carepath train`.
    pub trainer: Option<trainer::Trainer>,
    filter_cache: FilterCache,
}

/// The matcher and the folded options of the question on screen, refreshed by `update`.
#[derive(Default)]
struct FilterCache {
    matcher: Filter,
    /// Which question and language `options` were folded for.
    key: Option<(String, Lang)>,
    options: Vec<Folded>,
}

/// How the wizard starts.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Skip the start screen with this mode.
    pub audience: Option<Audience>,
    pub lang: Lang,
    /// Write nothing to disk.
    pub no_save: bool,
    /// A saved session to offer.
    pub resumable: Option<SavedSession>,
    /// Start time for a new session (RFC 3339).
    pub now: String,
    /// Start in trainer mode with these scenarios.
    pub trainer: Option<trainer::Trainer>,
}

impl<'p> Wizard<'p> {
    pub fn new(loaded: &'p Loaded, opts: StartOptions) -> Self {
        let mut w = Wizard {
            loaded,
            session: Session::new(&loaded.pathway),
            audience: opts.audience.unwrap_or_default(),
            lang: opts.lang,
            screen: Screen::Start,
            overlay: None,
            filter: String::new(),
            highlight: 0,
            picked: Vec::new(),
            editing: None,
            notice: None,
            confirm_quit: false,
            scroll: 0,
            note: String::new(),
            editing_note: false,
            saving: if opts.no_save {
                Saving::Disabled
            } else {
                Saving::On
            },
            resumable: opts.resumable,
            started_at: opts.now,
            summary_paths: None,
            quit: false,
            trainer: opts.trainer,
            filter_cache: FilterCache::default(),
        };
        if w.trainer.is_some() {
            w.resumable = None;
            w.audience = Audience::Staff;
            w.screen = Screen::TrainList;
        } else if opts.audience.is_some() && w.resumable.is_none() {
            w.enter_question_flow();
        }
        w.refresh_filter_cache();
        w
    }

    /// The question on screen: the one being changed, or the next one on the path.
    pub fn question(&self) -> Option<&'p Question> {
        if let Some(id) = &self.editing {
            return self.session.pathway().question(id);
        }
        match self.session.step() {
            Ok(Step::Ask(q)) => Some(q),
            _ => None,
        }
    }

    /// The options of the current question that match the filter, best first.
    pub fn visible(&self) -> Vec<Match> {
        if self.question().is_none() {
            return Vec::new();
        }
        self.filter_cache
            .matcher
            .matches(&self.filter, &self.filter_cache.options)
    }

    /// The fuzzy matcher, for lists other than a question's options.
    pub fn filter_engine(&self) -> &Filter {
        &self.filter_cache.matcher
    }

    /// Folds the options of the question on screen, when it or the language changed.
    fn refresh_filter_cache(&mut self) {
        let Some(q) = self.question() else {
            self.filter_cache.key = None;
            self.filter_cache.options.clear();
            return;
        };
        let key = (q.id.clone(), self.lang);
        if self.filter_cache.key.as_ref() != Some(&key) {
            let (lang, p) = (self.lang, &self.loaded.pathway);
            let others: Vec<String> = q
                .options
                .iter()
                .map(|o| p.other_names(q, o, lang))
                .collect();
            self.filter_cache.options = fold_bilingual(
                q.options
                    .iter()
                    .zip(&others)
                    .map(|(o, other)| (o.id.as_str(), o.label.get(lang), other.as_str())),
            );
            self.filter_cache.key = Some(key);
        }
    }

    /// The outcome, once every question on the path is answered.
    pub fn outcome(&self) -> Option<Outcome<'p>> {
        self.session.outcome()
    }

    /// The answers as saved on disk.
    pub fn saved(&self, now: &str) -> SavedSession {
        let mut saved = SavedSession::of(
            self.loaded,
            self.audience,
            self.lang,
            self.session.answers(),
            &self.started_at,
            &self.note,
        );
        saved.updated_at = now.to_string();
        saved.pending = self.session.pending().clone();
        saved
    }

    /// The summary of the finished session, ended at `ended_at` (RFC 3339): the same text
    /// is saved by `s` and copied by `y`. `None` before the outcome.
    pub fn summary(&self, ended_at: &str) -> Option<Summary> {
        let outcome = self.outcome()?;
        Some(build_summary(
            &self.loaded.pathway,
            &self.loaded.sha256,
            &outcome,
            self.audience,
            self.lang,
            &self.started_at,
            ended_at,
            &self.note,
        ))
    }

    /// Maps a key through the keymap and applies it; returns the I/O to do.
    pub fn handle_key(&mut self, key: ratatui::crossterm::event::KeyEvent) -> Vec<Effect> {
        match keymap::action_for(self, key) {
            Some(action) => self.update(action),
            None => Vec::new(),
        }
    }

    /// Changes the state for one action; returns the I/O for the terminal loop to do.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let relabelled = action == Action::SwitchLanguage;
        let mut effects = self.apply(action);
        self.refresh_filter_cache();
        if relabelled && self.screen == Screen::Question {
            // The filter matches labels, so another language may match fewer options.
            let visible = self.visible().len();
            self.highlight = self.highlight.min(visible.saturating_sub(1));
        }
        if self.summary_paths.is_some() {
            // The summary is written and the saved session cleared: nothing to resume.
            effects.retain(|e| *e != Effect::SaveSession);
        }
        effects
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
        if !matches!(action, Action::AskQuit | Action::TypeFilter(_)) {
            self.confirm_quit = false;
        }
        // Actions that work on every screen.
        match action {
            Action::Quit => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            Action::ToggleHelp => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help) => None,
                    _ => Some(Overlay::Help),
                };
                return vec![];
            }
            Action::ShowCrisis => {
                self.overlay = Some(Overlay::Crisis);
                return vec![];
            }
            Action::CloseOverlay => {
                self.overlay = None;
                return vec![];
            }
            Action::SwitchLanguage => {
                self.lang = match self.lang {
                    Lang::En => Lang::Fr,
                    Lang::Fr => Lang::En,
                };
                return vec![Effect::SaveSession];
            }
            Action::SavingFailed(reason) => {
                self.saving = Saving::Failed(reason);
                return vec![];
            }
            Action::SummaryWritten(txt, json) => {
                self.summary_paths = Some((txt, json));
                return vec![Effect::ClearSession];
            }
            Action::SummaryFailed(reason) | Action::ScenarioFailed(reason) => {
                self.notice = Some(reason);
                return vec![];
            }
            Action::ScenarioWritten(path) => {
                self.notice = Some(format!("{} {}", self.ui().scenario_written, path.display()));
                return vec![];
            }
            Action::AskQuit if self.confirm_quit => {
                self.quit = true;
                return vec![Effect::Quit];
            }
            Action::AskQuit => {
                self.confirm_quit = true;
                return vec![];
            }
            _ => {}
        }
        if self.overlay.is_some() {
            // Any other key closes a panel first.
            self.overlay = None;
            return vec![];
        }
        match self.screen {
            Screen::Start => self.update_start(action),
            Screen::Question => self.update_question(action),
            Screen::Review => self.update_review(action),
            Screen::Outcome => self.update_outcome(action),
            Screen::Crisis => self.update_crisis(action),
            Screen::TrainList => self.update_train_list(action),
            Screen::TrainBrief => self.update_train_brief(action),
            Screen::TrainResult => self.update_train_result(action),
            Screen::Walkthrough => self.update_walkthrough(action),
        }
    }

    fn update_start(&mut self, action: Action) -> Vec<Effect> {
        let rows = self.start_rows();
        match action {
            Action::MoveUp => self.highlight = self.highlight.saturating_sub(1),
            Action::MoveDown => self.highlight = (self.highlight + 1).min(rows.len() - 1),
            Action::ChooseNumber(n) if (1..=rows.len()).contains(&n) => {
                return self.choose_start(rows[n - 1]);
            }
            Action::Confirm => return self.choose_start(rows[self.highlight.min(rows.len() - 1)]),
            Action::ChooseMode(a) => return self.choose_start(StartRow::Mode(a)),
            Action::Resume if self.resumable.is_some() => {
                return self.choose_start(StartRow::Resume);
            }
            Action::StartOver if self.resumable.is_some() => {
                return self.choose_start(StartRow::StartOver);
            }
            _ => {}
        }
        vec![]
    }

    /// The choices on the start screen, in order.
    pub fn start_rows(&self) -> Vec<StartRow> {
        let mut rows = Vec::new();
        if self.resumable.is_some() {
            rows.push(StartRow::Resume);
            rows.push(StartRow::StartOver);
        } else {
            rows.push(StartRow::Mode(Audience::Staff));
            rows.push(StartRow::Mode(Audience::Patient));
        }
        rows
    }

    fn choose_start(&mut self, row: StartRow) -> Vec<Effect> {
        match row {
            StartRow::Mode(a) => {
                self.audience = a;
                self.enter_question_flow();
                vec![Effect::SaveSession]
            }
            StartRow::Resume => {
                let Some(saved) = self.resumable.take() else {
                    return vec![];
                };
                self.audience = saved.audience();
                self.lang = saved.language();
                self.started_at = saved.started_at.clone();
                self.note = saved.note.clone();
                let valid = |answers: AnswerMap| -> AnswerMap {
                    answers
                        .into_iter()
                        .filter(|(q, a)| self.session.validate(q, a).is_ok())
                        .collect()
                };
                let (answers, pending) = (valid(saved.answers), valid(saved.pending));
                let (session, dropped) = Session::resume(&self.loaded.pathway, answers, pending);
                self.session = session;
                if !dropped.is_empty() {
                    let names: Vec<String> =
                        dropped.iter().map(|d| self.question_name(d)).collect();
                    self.notice = Some(format!("{} {}", self.ui().dropped, names.join(", ")));
                }
                self.enter_question_flow();
                vec![Effect::SaveSession]
            }
            StartRow::StartOver => {
                self.resumable = None;
                self.highlight = 0;
                vec![Effect::ClearSession]
            }
        }
    }

    /// Shows whatever comes next: a question, the crisis screen, or the review.
    fn enter_question_flow(&mut self) {
        self.editing = None;
        self.reset_question_state();
        self.screen = match self.session.step() {
            Ok(Step::Ask(_)) => Screen::Question,
            Ok(Step::Done(node)) if node.crisis => Screen::Crisis,
            Ok(Step::Done(_)) => Screen::Review,
            Err(_) => Screen::Review,
        };
        if self.screen == Screen::Review {
            self.highlight = self.session.history().len();
        }
    }

    fn reset_question_state(&mut self) {
        self.filter.clear();
        self.highlight = 0;
        self.picked.clear();
        if let Some(q) = self.question()
            && let Some(prev) = self.session.remembered(&q.id)
        {
            self.picked = prev.to_vec();
            if let Some(i) = q.options.iter().position(|o| prev.first() == Some(&o.id)) {
                self.highlight = i;
            }
        }
    }

    fn update_question(&mut self, action: Action) -> Vec<Effect> {
        let Some(q) = self.question() else {
            self.enter_question_flow();
            return vec![];
        };
        // Filtering a long list is the costly part of a keystroke: only where it is needed.
        if self.edit_list(&action, |w| w.visible().len()) {
            return vec![];
        }
        match action {
            Action::ChooseNumber(n) => {
                if let Some(opt) = q.options.get(n.wrapping_sub(1)) {
                    return match q.choice {
                        Choice::Single => self.give_answer(q, vec![opt.id.clone()]),
                        Choice::Multi => {
                            self.toggle(q, &opt.id);
                            self.highlight = self
                                .visible()
                                .iter()
                                .position(|m| m.index == n - 1)
                                .unwrap_or(0);
                            vec![]
                        }
                    };
                }
            }
            Action::ClickOption(row) if row < self.visible().len() => {
                self.highlight = row;
                return match q.choice {
                    Choice::Single => self.apply(Action::Confirm),
                    Choice::Multi => self.apply(Action::ToggleOption),
                };
            }
            Action::ToggleOption => {
                if let Some(m) = self.visible().get(self.highlight) {
                    let id = q.options[m.index].id.clone();
                    self.toggle(q, &id);
                }
            }
            Action::Confirm => {
                let highlighted = self
                    .visible()
                    .get(self.highlight)
                    .map(|m| q.options[m.index].id.clone());
                match q.choice {
                    Choice::Single => {
                        if let Some(id) = highlighted {
                            return self.give_answer(q, vec![id]);
                        }
                    }
                    Choice::Multi => {
                        if self.picked.is_empty() {
                            // Enter confirms the ticked answers; it never ticks one itself.
                            self.notice = Some(self.ui().tick_first.to_string());
                            return vec![];
                        }
                        // Keep the pathway's order of options.
                        let picked: Vec<String> = q
                            .options
                            .iter()
                            .filter(|o| self.picked.contains(&o.id))
                            .map(|o| o.id.clone())
                            .collect();
                        if !picked.is_empty() {
                            return self.give_answer(q, picked);
                        }
                    }
                }
            }
            Action::GoBack => return self.go_back(),
            _ => {}
        }
        vec![]
    }

    /// Typing a filter and moving in a filtered list, shared by every list with a filter.
    /// `len` counts the rows the filter leaves; it is only called when needed. Returns whether
    /// the action was one of these.
    pub(crate) fn edit_list(&mut self, action: &Action, len: impl Fn(&Self) -> usize) -> bool {
        match action {
            Action::TypeFilter(c) => {
                if self.confirm_quit {
                    // `q` then another letter: it was the start of a filter after all.
                    self.confirm_quit = false;
                    self.filter.push('q');
                }
                self.filter.push(*c);
                self.highlight = 0;
            }
            Action::DeleteFilterChar => {
                self.filter.pop();
                self.highlight = 0;
            }
            Action::ClearFilter => {
                self.filter.clear();
                self.highlight = 0;
            }
            Action::MoveUp => self.highlight = self.highlight.saturating_sub(1),
            Action::MoveDown => {
                self.highlight = (self.highlight + 1).min(len(self).saturating_sub(1))
            }
            Action::PageUp => self.highlight = self.highlight.saturating_sub(10),
            Action::PageDown => {
                self.highlight = (self.highlight + 10).min(len(self).saturating_sub(1))
            }
            _ => return false,
        }
        true
    }

    /// Ticks or unticks an option; the exclusive option and the others clear each other.
    fn toggle(&mut self, q: &Question, id: &str) {
        if let Some(i) = self.picked.iter().position(|p| p == id) {
            self.picked.remove(i);
            return;
        }
        match &q.exclusive {
            Some(ex) if ex == id => self.picked.clear(),
            Some(ex) => self.picked.retain(|p| p != ex),
            None => {}
        }
        self.picked.push(id.to_string());
    }

    fn give_answer(&mut self, q: &Question, options: Vec<String>) -> Vec<Effect> {
        match self.session.answer(&q.id, &options) {
            Ok(dropped) => {
                // Changed answers make a new result: save again, and a new summary is due.
                self.summary_paths = None;
                self.notice = (!dropped.is_empty()).then(|| {
                    let names: Vec<String> =
                        dropped.iter().map(|d| self.question_name(d)).collect();
                    format!("{} {}", self.ui().dropped, names.join(", "))
                });
                self.enter_question_flow();
                vec![Effect::SaveSession]
            }
            Err(e) => {
                self.notice = Some(crate::strings::answer_error(
                    &e,
                    self.session.pathway(),
                    self.lang,
                ));
                vec![]
            }
        }
    }

    /// A question's short name for messages.
    fn question_name(&self, id: &str) -> String {
        self.session
            .pathway()
            .question(id)
            .map(|q| q.name().get(self.lang).to_string())
            .unwrap_or_else(|| id.to_string())
    }

    fn go_back(&mut self) -> Vec<Effect> {
        self.notice = None;
        if let Some(id) = self.editing.take() {
            self.screen = Screen::Review;
            self.highlight = self
                .session
                .history()
                .iter()
                .position(|q| q.id == id)
                .unwrap_or(0);
            return vec![];
        }
        match self.session.back() {
            Some(_) => {
                // The answer gone back over is remembered, and preselected.
                self.reset_question_state();
                self.screen = Screen::Question;
                vec![Effect::SaveSession]
            }
            None => {
                if self.resumable.is_none() {
                    self.screen = Screen::Start;
                    self.highlight = match self.audience {
                        Audience::Staff => 0,
                        Audience::Patient => 1,
                    };
                }
                vec![]
            }
        }
    }

    fn update_review(&mut self, action: Action) -> Vec<Effect> {
        let rows = self.session.history().len() + 1; // answers, then "see the result"
        match action {
            Action::MoveUp => self.highlight = self.highlight.saturating_sub(1),
            Action::MoveDown => self.highlight = (self.highlight + 1).min(rows - 1),
            Action::ChooseNumber(n) if n >= 1 && n < rows => {
                self.highlight = n - 1;
                return self.update_review(Action::ChangeAnswer);
            }
            Action::Confirm
                if self.highlight + 1 >= rows
                    && self.outcome().is_some()
                    && self.trainer.is_some() =>
            {
                self.finish_training_case();
            }
            Action::Confirm if self.highlight + 1 >= rows && self.outcome().is_some() => {
                self.screen = Screen::Outcome;
                self.scroll = 0;
                self.notice = None;
            }
            Action::Confirm | Action::ChangeAnswer => {
                if let Some(q) = self.session.history().get(self.highlight) {
                    self.editing = Some(q.id.clone());
                    self.screen = Screen::Question;
                    self.notice = None;
                    self.reset_question_state();
                }
            }
            Action::GoBack => return self.go_back(),
            _ => {}
        }
        vec![]
    }

    fn update_outcome(&mut self, action: Action) -> Vec<Effect> {
        if self.editing_note {
            let edits = matches!(
                action,
                Action::TypeNote(_)
                    | Action::TypeFilter(_)
                    | Action::DeleteNoteChar
                    | Action::DeleteFilterChar
            );
            // Saved files no longer hold the note: say so, and let `s` save again.
            if edits && self.summary_paths.take().is_some() {
                self.notice = Some(self.ui().note_changed.to_string());
            }
            match action {
                Action::TypeNote(c) | Action::TypeFilter(c) => self.note.push(c),
                Action::DeleteNoteChar | Action::DeleteFilterChar => {
                    self.note.pop();
                }
                Action::EditNote | Action::Confirm | Action::GoBack => {
                    self.editing_note = false;
                    return vec![Effect::SaveSession];
                }
                _ => {}
            }
            return vec![];
        }
        match action {
            Action::MoveUp | Action::MoveDown | Action::PageUp | Action::PageDown => {
                self.scroll_by(&action)
            }
            Action::SaveSummary => return vec![Effect::WriteSummary],
            Action::WriteScenario => {
                if let (Some(text), Some(t)) = (self.scenario_to_write(), &self.trainer) {
                    return vec![Effect::WriteScenario {
                        dir: t.write_dir.clone(),
                        text,
                    }];
                }
            }
            Action::CopySummary if self.outcome().is_some() => {
                self.notice = Some(self.ui().copied.to_string());
                return vec![Effect::CopySummary];
            }
            Action::EditNote if self.audience == Audience::Staff => self.editing_note = true,
            Action::ShowReview | Action::GoBack => {
                self.screen = Screen::Review;
                self.highlight = self.session.history().len();
            }
            // Seen already, so not scored again.
            Action::ShowComparison => {
                self.screen = Screen::TrainResult;
                self.scroll = 0;
            }
            _ => {}
        }
        vec![]
    }

    fn update_crisis(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::GoBack => self.go_back(),
            // A trainee who answered crisis or emergency has finished the call.
            Action::Confirm if self.trainer.as_ref().is_some_and(|t| t.case().is_some()) => {
                self.finish_training_case();
                vec![]
            }
            _ => vec![],
        }
    }

    /// Scrolls a long screen (result, comparison, walkthrough step) for ↑ ↓ PgUp PgDn; any
    /// other action leaves it. Drawing keeps the offset in range.
    fn scroll_by(&mut self, action: &Action) {
        self.scroll = match action {
            Action::MoveUp => self.scroll.saturating_sub(1),
            Action::MoveDown => self.scroll.saturating_add(1),
            Action::PageUp => self.scroll.saturating_sub(10),
            Action::PageDown => self.scroll.saturating_add(10),
            _ => self.scroll,
        };
    }

    /// The program's own words in the current language.
    pub fn ui(&self) -> &'static crate::strings::Ui {
        crate::strings::ui(self.lang)
    }
}

/// One choice on the start screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartRow {
    Mode(Audience),
    Resume,
    StartOver,
}
