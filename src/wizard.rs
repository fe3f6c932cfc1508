//! The interactive wizard: its state, and `update`, the only place that changes it.

pub mod action;
pub mod keymap;
pub mod render;
pub mod terminal;
pub mod trainer;

use std::time::SystemTime;

use crate::call::{Call, SavedCall, folded_options};
use crate::filter::{Filter, Folded, Match};
use crate::keeper::{Offers, Recorded, Saving};
use crate::outcome::Outcome;
use crate::pathway::{Audience, Choice, Lang, Loaded, Question};
use crate::session::Step;
use crate::store::{SummaryFiles, now_rfc3339};
use action::{Action, Effect};

/// Which full screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Title, disclaimer, choice of mode.
    Start,
    /// The interrupted calls of this mode, offered for resume (a new call first).
    Resume,
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

/// What is on screen, with the state that belongs to that screen alone: its filter, its
/// highlighted row, its scroll, its comparison. Leaving a screen drops them, so nothing of
/// one screen is ever read by another.
#[derive(Clone)]
enum View<'p> {
    Start {
        highlight: usize,
    },
    Resume {
        highlight: usize,
        /// The interrupted calls offered, and when they were listed.
        offers: Vec<SavedCall>,
        listed_at: SystemTime,
    },
    Question(Asking),
    Review {
        /// A row of the answers, or the last row, "see the result".
        highlight: usize,
    },
    Outcome {
        scroll: u16,
        /// The staff note's editor (cursor, word keys, wrapping, paste) while it is open;
        /// its text is the call's note.
        note: Option<Box<ratatui_textarea::TextArea<'static>>>,
    },
    Crisis,
    TrainList {
        filter: String,
        highlight: usize,
    },
    TrainBrief,
    TrainResult {
        scroll: u16,
        /// The trainee's answers compared with the scenario, worked out in `update` when
        /// the screen is entered (drawing only reads it).
        comparison: Option<Box<Comparing<'p>>>,
    },
    Walkthrough {
        scroll: u16,
    },
}

/// The trainee's answers compared with the scenario, or why they could not be routed.
type Comparing<'p> = Result<crate::train::Comparison<'p>, crate::route::RouteError>;

/// A question on screen: the filter typed, the highlighted row, the options ticked.
#[derive(Debug, Clone, Default)]
struct Asking {
    filter: String,
    highlight: usize,
    picked: Vec<String>,
    /// The question being changed from the review, instead of the next one.
    editing: Option<String>,
}

impl View<'_> {
    fn screen(&self) -> Screen {
        match self {
            View::Start { .. } => Screen::Start,
            View::Resume { .. } => Screen::Resume,
            View::Question(_) => Screen::Question,
            View::Review { .. } => Screen::Review,
            View::Outcome { .. } => Screen::Outcome,
            View::Crisis => Screen::Crisis,
            View::TrainList { .. } => Screen::TrainList,
            View::TrainBrief => Screen::TrainBrief,
            View::TrainResult { .. } => Screen::TrainResult,
            View::Walkthrough { .. } => Screen::Walkthrough,
        }
    }

    fn outcome() -> Self {
        View::Outcome {
            scroll: 0,
            note: None,
        }
    }
}

/// Everything the wizard shows, in one place. Render reads it; only `update` changes it.
/// A clone is a snapshot of the screen as it is (tests draw one beside another).
#[derive(Clone)]
pub struct Wizard<'p> {
    loaded: &'p Loaded,
    /// The call on screen: its answers, mode, language, note and times.
    call: Call<'p>,
    /// The screen on view and its own state.
    view: View<'p>,
    overlay: Option<Overlay>,
    /// A message for the person: answers dropped, summary written, saving off.
    notice: Option<String>,
    /// `q` was pressed on an empty filter; a second `q` quits.
    confirm_quit: bool,
    /// Digits of a row's number typed so far, waiting for the next digit or Enter.
    number: String,
    /// The terminal's size, once known.
    viewport: Option<(u16, u16)>,
    /// How far the long screen on view can scroll, as last drawn (kept by the drawing, like
    /// a list's offset, so that keys never scroll past the end).
    scroll_limit: std::cell::Cell<u16>,
    saving: Saving,
    /// Where this call's summary was saved, while it still holds the call as it is.
    summary_files: Option<SummaryFiles>,
    quit: bool,
    /// Trainer mode, when the wizard was started by `carepath train`.
    trainer: Option<trainer::Trainer>,
    /// The patient kiosk (`carepath kiosk`): no way back to the choice of mode, no suspend.
    kiosk: bool,
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

impl Clone for FilterCache {
    /// The folded options, with a matcher of its own (a matcher keeps only scratch space).
    fn clone(&self) -> Self {
        FilterCache {
            matcher: Filter::default(),
            key: self.key.clone(),
            options: self.options.clone(),
        }
    }
}

/// How the wizard starts.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Skip the start screen with this mode.
    pub audience: Option<Audience>,
    pub lang: Lang,
    /// Whether calls are written to disk, and if not why.
    pub saving: Saving,
    /// Start time for a new call (RFC 3339).
    pub now: String,
    /// Start in trainer mode with these scenarios.
    pub trainer: Option<trainer::Trainer>,
    /// The patient kiosk: the mode stays as given, and Ctrl-Z does not suspend.
    pub kiosk: bool,
}

impl<'p> Wizard<'p> {
    pub fn new(loaded: &'p Loaded, opts: StartOptions) -> Self {
        let mut w = Wizard {
            loaded,
            call: Call::new(
                loaded,
                opts.audience.unwrap_or_default(),
                opts.lang,
                &opts.now,
            ),
            view: View::Start { highlight: 0 },
            overlay: None,
            notice: None,
            confirm_quit: false,
            number: String::new(),
            viewport: None,
            scroll_limit: std::cell::Cell::new(u16::MAX),
            saving: opts.saving,
            summary_files: None,
            quit: false,
            trainer: opts.trainer,
            kiosk: opts.kiosk,
            filter_cache: FilterCache::default(),
        };
        if w.trainer.is_some() {
            w.call = Call::new(loaded, Audience::Staff, opts.lang, &opts.now);
            w.view = View::TrainList {
                filter: String::new(),
                highlight: 0,
            };
        } else if opts.audience.is_some() {
            w.enter_question_flow();
        }
        w.refresh_filter_cache();
        w
    }

    /// The question on screen: the one being changed, or the next one on the path.
    pub fn question(&self) -> Option<&'p Question> {
        if let Some(id) = self.editing() {
            return self.call.pathway().question(id);
        }
        match self.call.session().step() {
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
            .matches(self.filter(), &self.filter_cache.options)
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
        let key = (q.id.clone(), self.lang());
        if self.filter_cache.key.as_ref() != Some(&key) {
            self.filter_cache.options = folded_options(&self.loaded.pathway, q, self.lang());
            self.filter_cache.key = Some(key);
        }
    }

    /// The outcome, once every question on the path is answered.
    pub fn outcome(&self) -> Option<Outcome<'p>> {
        self.call.outcome()
    }

    /// The call's language.
    pub fn lang(&self) -> Lang {
        self.call.lang()
    }

    /// Who the call is for.
    pub fn audience(&self) -> Audience {
        self.call.audience()
    }

    /// Saving the call as it is now: the effect every change returns.
    fn record(&self) -> Effect {
        Effect::Record(Box::new(self.call.snapshot(&now_rfc3339())))
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
        let effects = self.apply(action);
        self.refresh_filter_cache();
        if relabelled && self.screen() == Screen::Question {
            // The filter matches labels, so another language may match fewer options.
            let last = self.visible().len().saturating_sub(1);
            self.set_highlight(self.highlight().min(last));
        }
        if matches!(self.screen(), Screen::Outcome | Screen::Crisis) && self.trainer.is_none() {
            self.call.show_result();
        }
        effects
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
        if !matches!(
            action,
            Action::AskQuit | Action::TypeFilter(_) | Action::Resize(..)
        ) {
            self.confirm_quit = false;
        }
        if let Action::Resize(width, height) = action {
            self.viewport = Some((width, height));
            return vec![];
        }
        // A row's number being typed: the digits, then Enter or the digit that completes it.
        match &action {
            Action::TypeDigit(d) if self.overlay.is_none() => {
                self.number.push_str(&d.to_string());
                let count = self.numbered_rows();
                let n: usize = self.number.parse().unwrap_or(0);
                if n != 0 && n * 10 <= count {
                    // A longer number may still come: show this one and wait.
                    self.highlight_number(n);
                    return vec![];
                }
                self.number.clear();
                return self.apply(Action::ChooseNumber(n));
            }
            Action::Confirm if !self.number.is_empty() => {
                let n = std::mem::take(&mut self.number).parse().unwrap_or(0);
                return self.apply(Action::ChooseNumber(n));
            }
            Action::DeleteFilterChar | Action::GoBack if !self.number.is_empty() => {
                self.number.pop();
                return vec![];
            }
            _ => self.number.clear(),
        }
        // Actions that work on every screen.
        match action {
            Action::Quit => return self.leave(),
            // Answers are saved after every change: nothing to do before stopping. A kiosk
            // has no shell to come back to.
            Action::Suspend if self.kiosk => return vec![],
            Action::Suspend => return vec![Effect::Suspend],
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
                self.call.set_lang(self.lang().other());
                return vec![self.record()];
            }
            Action::Paste(text) => return self.paste(&text),
            Action::Recorded(recorded) => {
                self.on_recorded(recorded);
                return vec![];
            }
            Action::CallsFound(offers) => {
                self.on_calls_found(*offers);
                return vec![];
            }
            Action::CallClaimed(saved) => return self.resume(*saved),
            Action::ClaimFailed(reason) => {
                self.notice = Some(reason);
                return vec![];
            }
            Action::SummaryWritten(files) => {
                let ended_at = files.ended_at.clone();
                // Shown above the result for as long as the files hold the call as it is.
                self.notice = None;
                self.summary_files = Some(files.files);
                // A saved summary finishes the call.
                self.call.finish(&ended_at);
                return vec![self.record()];
            }
            Action::SummaryFailed(reason) | Action::ScenarioFailed(reason) => {
                self.notice = Some(reason);
                return vec![];
            }
            Action::ScenarioWritten(path) => {
                self.notice = Some(format!("{} {}", self.ui().scenario_written, path.display()));
                return vec![];
            }
            Action::AskQuit if self.confirm_quit => return self.leave(),
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
        match self.screen() {
            Screen::Start => self.update_start(action),
            Screen::Resume => self.update_resume(action),
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
        let modes = START_MODES;
        let (row, last) = (self.highlight(), modes.len() - 1);
        match action {
            Action::MoveUp => self.set_highlight(row.saturating_sub(1)),
            Action::MoveDown => self.set_highlight((row + 1).min(last)),
            Action::MoveToStart => self.set_highlight(0),
            Action::MoveToEnd => self.set_highlight(last),
            Action::ChooseNumber(n) if (1..=modes.len()).contains(&n) => {
                return self.choose_mode(modes[n - 1]);
            }
            Action::Confirm => return self.choose_mode(modes[row.min(last)]),
            Action::ChooseMode(a) => return self.choose_mode(a),
            _ => {}
        }
        vec![]
    }

    /// Starts a call in this mode. A call already under way in the same mode goes on; a
    /// blank one is started afresh, and the interrupted calls of the mode are looked up.
    fn choose_mode(&mut self, audience: Audience) -> Vec<Effect> {
        if self.call.audience() == audience && !self.call.is_blank() {
            self.enter_question_flow();
            return vec![];
        }
        let left = (!self.call.is_blank()).then(|| self.record());
        self.call = Call::new(self.loaded, audience, self.lang(), &now_rfc3339());
        self.summary_files = None;
        self.enter_question_flow();
        left.into_iter()
            .chain([Effect::FindCalls(audience)])
            .collect()
    }

    /// The interrupted calls of this mode were listed: offer them before the first answer.
    fn on_calls_found(&mut self, offers: Offers) {
        let lang = self.lang();
        let mut notes = Vec::new();
        if offers.expired > 0 {
            let age = humantime::format_duration(offers.resume_within).to_string();
            notes.push(crate::strings::calls::expired(offers.expired, &age, lang));
        }
        if offers.busy > 0 {
            notes.push(crate::strings::calls::busy(offers.busy, lang));
        }
        notes.extend(offers.problems);
        if !notes.is_empty() {
            self.notice = Some(notes.join(" "));
        }
        if !offers.calls.is_empty() && self.call.is_blank() && self.screen() == Screen::Question {
            self.view = View::Resume {
                highlight: 0,
                offers: offers.calls,
                listed_at: offers.listed_at,
            };
        }
    }

    fn update_resume(&mut self, action: Action) -> Vec<Effect> {
        let rows = self.offers().len() + 1;
        let (row, last) = (self.highlight(), rows - 1);
        match action {
            Action::MoveUp => self.set_highlight(row.saturating_sub(1)),
            Action::MoveDown => self.set_highlight((row + 1).min(last)),
            Action::PageUp => self.set_highlight(row.saturating_sub(10)),
            Action::PageDown => self.set_highlight((row + 10).min(last)),
            Action::MoveToStart => self.set_highlight(0),
            Action::MoveToEnd => self.set_highlight(last),
            Action::ChooseNumber(n) if (1..=rows).contains(&n) => return self.choose_offer(n - 1),
            Action::Confirm => return self.choose_offer(row.min(last)),
            Action::StartOver => return self.choose_offer(0),
            Action::GoBack => return self.go_back(),
            _ => {}
        }
        vec![]
    }

    /// Row 0 starts the new call (the interrupted ones stay saved); row `n` resumes the
    /// `n`th call offered, once this process holds it.
    fn choose_offer(&mut self, row: usize) -> Vec<Effect> {
        match row.checked_sub(1).and_then(|i| self.offers().get(i)) {
            Some(saved) => vec![Effect::ClaimCall(saved.call_id.clone())],
            None => {
                self.notice = None;
                self.enter_question_flow();
                vec![]
            }
        }
    }

    /// Takes up a claimed call where it was left.
    fn resume(&mut self, saved: SavedCall) -> Vec<Effect> {
        let resumed = Call::resume(self.loaded, saved);
        self.call = resumed.call;
        self.summary_files = None;
        let lang = self.lang();
        let mut notes = Vec::new();
        if let Some(version) = &resumed.saved_with {
            notes.push(crate::strings::calls::pathway_changed(
                version,
                &self.loaded.pathway.version,
                lang,
            ));
        }
        notes.extend(self.call.dropped_message(&resumed.dropped));
        self.enter_question_flow();
        self.notice = (!notes.is_empty()).then(|| notes.join(" "));
        vec![self.record()]
    }

    /// Quitting: a call whose result was shown is finished, any other stays interrupted;
    /// either way it is saved as it is.
    fn leave(&mut self) -> Vec<Effect> {
        self.quit = true;
        if self.trainer.is_some() {
            return vec![Effect::Quit];
        }
        self.call.leave(&now_rfc3339());
        vec![Effect::Quit, self.record()]
    }

    /// Staff's next call: this one is finished, and the next starts at the first question
    /// with nothing carried over and nothing of this one on screen.
    fn next_call(&mut self) -> Vec<Effect> {
        self.call.finish(&now_rfc3339());
        let finished = self.record();
        self.call = Call::new(self.loaded, self.audience(), self.lang(), &now_rfc3339());
        self.summary_files = None;
        self.enter_question_flow();
        self.notice = Some(crate::strings::calls::next_call_started(self.lang()));
        vec![finished]
    }

    /// What saving did: say when it fails and when it works again.
    fn on_recorded(&mut self, recorded: Recorded) {
        let lang = self.lang();
        let said = match recorded {
            Recorded::Saved | Recorded::Skipped | Recorded::StillFailing => return,
            Recorded::Failed(reason) => {
                let said = crate::strings::calls::not_saved(&reason, lang);
                self.saving = Saving::Failing(reason);
                said
            }
            Recorded::Recovered => {
                self.saving = Saving::On;
                crate::strings::calls::saving_again(lang)
            }
        };
        self.notice = Some(match self.notice.take() {
            Some(before) => format!("{before} {said}"),
            None => said,
        });
    }

    /// Shows whatever comes next: a question, the crisis screen, or the review.
    fn enter_question_flow(&mut self) {
        self.view = match self.call.session().step() {
            Ok(Step::Ask(_)) => View::Question(Asking::default()),
            Ok(Step::Done(node)) if node.crisis => View::Crisis,
            Ok(Step::Done(_)) | Err(_) => View::Review {
                highlight: self.call.session().history().len(),
            },
        };
        self.reset_question_state();
    }

    /// Asks the question on view afresh: no filter, and the answer it had (remembered when
    /// gone back over, or being changed) ticked and highlighted.
    fn reset_question_state(&mut self) {
        let View::Question(asking) = &self.view else {
            return;
        };
        let mut fresh = Asking {
            editing: asking.editing.clone(),
            ..Asking::default()
        };
        if let Some(q) = self.question()
            && let Some(prev) = self.call.session().remembered(&q.id)
        {
            fresh.picked = prev.to_vec();
            if let Some(i) = q.options.iter().position(|o| prev.first() == Some(&o.id)) {
                fresh.highlight = i;
            }
        }
        self.view = View::Question(fresh);
    }

    /// Shows the review with `row` highlighted.
    fn show_review(&mut self, row: usize) {
        self.view = View::Review { highlight: row };
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
                            let row = self.visible().iter().position(|m| m.index == n - 1);
                            self.set_highlight(row.unwrap_or(0));
                            vec![]
                        }
                    };
                }
            }
            Action::ClickOption(row) if row < self.visible().len() => {
                self.set_highlight(row);
                return match q.choice {
                    Choice::Single => self.apply(Action::Confirm),
                    Choice::Multi => self.apply(Action::ToggleOption),
                };
            }
            Action::ToggleOption => {
                if let Some(m) = self.visible().get(self.highlight()) {
                    let id = q.options[m.index].id.clone();
                    self.toggle(q, &id);
                }
            }
            Action::Confirm => {
                let highlighted = self
                    .visible()
                    .get(self.highlight())
                    .map(|m| q.options[m.index].id.clone());
                match q.choice {
                    Choice::Single => {
                        if let Some(id) = highlighted {
                            return self.give_answer(q, vec![id]);
                        }
                    }
                    Choice::Multi => {
                        if self.picked().is_empty() {
                            // Nothing ticked: Enter takes the highlighted option alone, as
                            // fzf and gum do.
                            return match highlighted {
                                Some(id) => self.give_answer(q, vec![id]),
                                None => vec![],
                            };
                        }
                        // Keep the pathway's order of options.
                        let picked: Vec<String> = q
                            .options
                            .iter()
                            .filter(|o| self.picked().contains(&o.id))
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
        let rows = match action {
            Action::MoveDown | Action::PageDown | Action::MoveToEnd => len(self),
            _ => 0,
        };
        let last = rows.saturating_sub(1);
        // `q` then another letter: it was the start of a filter after all.
        let q_typed = matches!(action, Action::TypeFilter(_)) && self.confirm_quit;
        let Some((filter, highlight)) = self.filtered_list_mut() else {
            return false;
        };
        match action {
            Action::TypeFilter(c) => {
                if q_typed {
                    filter.push('q');
                }
                filter.push(*c);
                *highlight = 0;
            }
            Action::DeleteFilterChar => {
                filter.pop();
                *highlight = 0;
            }
            Action::ClearFilter => {
                filter.clear();
                *highlight = 0;
            }
            Action::MoveUp => *highlight = highlight.saturating_sub(1),
            Action::MoveDown => *highlight = (*highlight + 1).min(last),
            Action::PageUp => *highlight = highlight.saturating_sub(10),
            Action::PageDown => *highlight = (*highlight + 10).min(last),
            Action::MoveToStart => *highlight = 0,
            Action::MoveToEnd => *highlight = last,
            _ => return false,
        }
        if q_typed {
            self.confirm_quit = false;
        }
        true
    }

    /// Ticks or unticks an option; the exclusive option and the others clear each other.
    fn toggle(&mut self, q: &Question, id: &str) {
        let View::Question(Asking { picked, .. }) = &mut self.view else {
            return;
        };
        if let Some(i) = picked.iter().position(|p| p == id) {
            picked.remove(i);
            return;
        }
        match &q.exclusive {
            Some(ex) if ex == id => picked.clear(),
            Some(ex) => picked.retain(|p| p != ex),
            None => {}
        }
        picked.push(id.to_string());
    }

    fn give_answer(&mut self, q: &Question, options: Vec<String>) -> Vec<Effect> {
        match self.call.answer(&q.id, &options) {
            Ok(dropped) => {
                // Changed answers make a new result: a new summary is due.
                self.summary_files = None;
                self.notice = self.call.dropped_message(&dropped);
                self.enter_question_flow();
                vec![self.record()]
            }
            Err(e) => {
                self.notice = Some(crate::strings::answer_error(
                    &e,
                    self.call.pathway(),
                    self.lang(),
                ));
                vec![]
            }
        }
    }

    fn go_back(&mut self) -> Vec<Effect> {
        self.notice = None;
        if let Some(id) = self.editing() {
            let history = self.call.session().history();
            let row = history.iter().position(|q| q.id == id).unwrap_or(0);
            self.show_review(row);
            return vec![];
        }
        match self.call.back() {
            Some(_) => {
                // The answer gone back over is remembered, and preselected.
                self.view = View::Question(Asking::default());
                self.reset_question_state();
                vec![self.record()]
            }
            // The kiosk's mode is given: the first question is as far back as it goes.
            None if self.kiosk => vec![],
            None => {
                let mode = START_MODES.iter().position(|a| *a == self.audience());
                self.view = View::Start {
                    highlight: mode.unwrap_or(0),
                };
                vec![]
            }
        }
    }

    fn update_review(&mut self, action: Action) -> Vec<Effect> {
        let rows = self.call.session().history().len() + 1; // answers, then "see the result"
        let (row, last) = (self.highlight(), rows - 1);
        match action {
            Action::MoveUp => self.set_highlight(row.saturating_sub(1)),
            Action::MoveDown => self.set_highlight((row + 1).min(last)),
            Action::MoveToStart => self.set_highlight(0),
            Action::MoveToEnd => self.set_highlight(last),
            Action::ChooseNumber(n) if n >= 1 && n < rows => {
                self.set_highlight(n - 1);
                return self.update_review(Action::ChangeAnswer);
            }
            Action::Confirm
                if row + 1 >= rows && self.outcome().is_some() && self.trainer.is_some() =>
            {
                self.finish_training_case();
            }
            Action::Confirm if row + 1 >= rows && self.outcome().is_some() => {
                self.view = View::outcome();
                self.notice = None;
            }
            Action::Confirm | Action::ChangeAnswer => {
                if let Some(q) = self.call.session().history().get(row) {
                    self.view = View::Question(Asking {
                        editing: Some(q.id.clone()),
                        ..Asking::default()
                    });
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
        if self.editing_note() {
            return match action {
                Action::EditNoteText(key) => self.edit_note(key),
                Action::EditNote | Action::Confirm | Action::GoBack => {
                    if let View::Outcome { note, .. } = &mut self.view {
                        *note = None;
                    }
                    vec![self.record()]
                }
                _ => vec![],
            };
        }
        match action {
            Action::MoveUp
            | Action::MoveDown
            | Action::PageUp
            | Action::PageDown
            | Action::MoveToStart
            | Action::MoveToEnd => self.scroll_by(&action),
            Action::SaveSummary => {
                let ended_at = now_rfc3339();
                if let Some(summary) = self.call.summary(&ended_at) {
                    return vec![Effect::WriteSummary {
                        summary: Box::new(summary),
                        call_id: self.call.id().to_string(),
                        ended_at,
                    }];
                }
            }
            Action::NextCall if self.audience() == Audience::Staff && self.trainer.is_none() => {
                return self.next_call();
            }
            Action::WriteScenario => {
                if let (Some(text), Some(t)) = (self.scenario_to_write(), &self.trainer) {
                    return vec![Effect::WriteScenario {
                        dir: t.write_dir.clone(),
                        text,
                    }];
                }
            }
            Action::CopySummary => {
                if let Some(summary) = self.call.summary(&now_rfc3339()) {
                    self.notice = Some(self.ui().copied.to_string());
                    return vec![Effect::CopyText(summary.text)];
                }
            }
            Action::EditNote if self.audience() == Audience::Staff => self.open_note_editor(),
            Action::ShowReview | Action::GoBack => {
                self.show_review(self.call.session().history().len());
            }
            // Seen already, so not scored again.
            Action::ShowComparison => self.compare_with_scenario(),
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
            Action::NextCall if self.audience() == Audience::Staff && self.trainer.is_none() => {
                self.next_call()
            }
            _ => vec![],
        }
    }

    /// Scrolls a long screen (result, comparison, walkthrough step) for ↑ ↓ PgUp PgDn; any
    /// other action leaves it. Drawing keeps the offset in range.
    fn scroll_by(&mut self, action: &Action) {
        let limit = self.scroll_limit.get();
        let Some(scroll) = self.scroll_mut() else {
            return;
        };
        let from = (*scroll).min(limit);
        *scroll = match action {
            Action::MoveUp => from.saturating_sub(1),
            Action::MoveDown => from.saturating_add(1).min(limit),
            Action::PageUp => from.saturating_sub(10),
            Action::PageDown => from.saturating_add(10).min(limit),
            Action::MoveToStart => 0,
            Action::MoveToEnd => limit,
            _ => from,
        };
    }

    /// Opens the note editor on the call's note, the cursor at its end.
    fn open_note_editor(&mut self) {
        let mut editor: ratatui_textarea::TextArea<'static> =
            self.call.note().split('\n').map(String::from).collect();
        editor.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        editor.set_cursor_line_style(ratatui::style::Style::new());
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        if let View::Outcome { note, .. } = &mut self.view {
            *note = Some(Box::new(editor));
        }
    }

    /// A key in the note editor. Ctrl-U deletes to the start of the line and Ctrl-W the word
    /// before the cursor, as in a shell; the rest is the editor's own (← →, Home, End, Ctrl-←…).
    /// The note is saved as it is typed.
    fn edit_note(&mut self, key: ratatui::crossterm::event::KeyEvent) -> Vec<Effect> {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Some(editor) = self.note_editor_mut() else {
            return vec![];
        };
        let changed = match key.code {
            KeyCode::Char('u') if ctrl => editor.delete_line_by_head(),
            KeyCode::Char('w') if ctrl => editor.delete_word(),
            _ => editor.input(key),
        };
        if !changed {
            return vec![];
        }
        self.note_changed()
    }

    /// The editor's text becomes the call's note; saved files no longer hold it: say so, and
    /// let `s` save again.
    fn note_changed(&mut self) -> Vec<Effect> {
        if let Some(editor) = self.note_editor() {
            *self.call.note_mut() = editor.lines().join("\n");
        }
        if self.summary_files.take().is_some() {
            self.notice = Some(self.ui().note_changed.to_string());
        }
        vec![self.record()]
    }

    /// Pasted text goes into the field with focus as text: the note keeps its lines; a filter
    /// takes it on one line. Nothing pasted ever acts as a key.
    fn paste(&mut self, text: &str) -> Vec<Effect> {
        let one_line = |t: &str| -> String {
            t.split(|c: char| c.is_control())
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        if let Some(editor) = self.note_editor_mut() {
            let clean: String = text
                .replace("\r\n", "\n")
                .chars()
                .filter(|&c| c == '\n' || !c.is_control())
                .collect();
            editor.insert_str(clean);
            return self.note_changed();
        }
        if self.overlay.is_none()
            && let Some((filter, highlight)) = self.filtered_list_mut()
        {
            filter.push_str(&one_line(text));
            *highlight = 0;
        }
        vec![]
    }

    /// Crisis help for what is on screen: the call's, or on the offer of interrupted calls the
    /// highlighted call's, whose region is known.
    pub fn crisis_help(&self) -> crate::call::CrisisHelp {
        match self
            .highlight()
            .checked_sub(1)
            .and_then(|i| self.offers().get(i))
        {
            Some(offer) => {
                crate::call::crisis_help(&self.loaded.pathway, self.lang(), &offer.answers)
            }
            None => self.call.crisis_help(),
        }
    }

    /// Whether the terminal is smaller than the wizard can draw in (only quitting, crisis
    /// help and the language act then).
    pub fn too_small(&self) -> bool {
        self.viewport
            .is_some_and(|(w, h)| w < render::MIN_WIDTH || h < render::MIN_HEIGHT)
    }

    /// How many rows of the screen on view have numbers.
    fn numbered_rows(&self) -> usize {
        match self.screen() {
            Screen::Start => START_MODES.len(),
            Screen::Resume => self.offers().len() + 1,
            Screen::Question => self.question().map_or(0, |q| q.options.len()),
            Screen::Review => self.call.session().history().len(),
            _ => 0,
        }
    }

    /// Highlights the row numbered `n` while its number may still grow.
    fn highlight_number(&mut self, n: usize) {
        // The unfiltered list is on screen: row `n` is option `n`.
        if matches!(
            self.screen(),
            Screen::Question | Screen::Start | Screen::Resume | Screen::Review
        ) {
            self.set_highlight(n - 1);
        }
    }

    /// The program's own words in the current language.
    pub fn ui(&self) -> &'static crate::strings::Ui {
        crate::strings::ui(self.lang())
    }

    // What the screens (and the tests) read: each screen's own state through the screen on
    // view, the rest as it is. Nothing outside `update` changes any of it.

    /// Which screen is on view.
    pub fn screen(&self) -> Screen {
        self.view.screen()
    }

    pub fn loaded(&self) -> &'p Loaded {
        self.loaded
    }

    pub fn call(&self) -> &Call<'p> {
        &self.call
    }

    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// `q` was pressed on an empty filter; a second `q` quits.
    pub fn confirm_quit(&self) -> bool {
        self.confirm_quit
    }

    pub fn saving(&self) -> &Saving {
        &self.saving
    }

    pub fn summary_files(&self) -> Option<&SummaryFiles> {
        self.summary_files.as_ref()
    }

    /// Whether the person has left: the terminal loop stops.
    pub fn quit(&self) -> bool {
        self.quit
    }

    pub fn trainer(&self) -> Option<&trainer::Trainer> {
        self.trainer.as_ref()
    }

    /// The highlighted row of the list on view (0 where the screen has no list).
    pub fn highlight(&self) -> usize {
        match &self.view {
            View::Start { highlight }
            | View::Resume { highlight, .. }
            | View::Review { highlight }
            | View::TrainList { highlight, .. }
            | View::Question(Asking { highlight, .. }) => *highlight,
            _ => 0,
        }
    }

    /// The filter typed on a question or the scenario list.
    pub fn filter(&self) -> &str {
        match &self.view {
            View::Question(a) => &a.filter,
            View::TrainList { filter, .. } => filter,
            _ => "",
        }
    }

    /// The options ticked so far on a multi-choice question.
    pub fn picked(&self) -> &[String] {
        match &self.view {
            View::Question(a) => &a.picked,
            _ => &[],
        }
    }

    /// The question being changed from the review, instead of the next one.
    pub fn editing(&self) -> Option<&str> {
        match &self.view {
            View::Question(a) => a.editing.as_deref(),
            _ => None,
        }
    }

    /// The first line shown of a long screen (result, comparison, walkthrough step).
    pub fn scroll(&self) -> u16 {
        match &self.view {
            View::Outcome { scroll, .. }
            | View::TrainResult { scroll, .. }
            | View::Walkthrough { scroll } => *scroll,
            _ => 0,
        }
    }

    /// The staff note's editor, while it is open on the result.
    pub fn note_editor(&self) -> Option<&ratatui_textarea::TextArea<'static>> {
        match &self.view {
            View::Outcome { note, .. } => note.as_deref(),
            _ => None,
        }
    }

    /// Whether the staff note is being typed.
    pub fn editing_note(&self) -> bool {
        self.note_editor().is_some()
    }

    /// The interrupted calls offered on the resume screen.
    pub fn offers(&self) -> &[SavedCall] {
        match &self.view {
            View::Resume { offers, .. } => offers,
            _ => &[],
        }
    }

    /// When the calls offered were listed.
    pub fn offers_listed_at(&self) -> SystemTime {
        match &self.view {
            View::Resume { listed_at, .. } => *listed_at,
            _ => SystemTime::UNIX_EPOCH,
        }
    }

    /// Trainer: the trainee's answers compared with the scenario, on the comparison screen.
    pub fn comparison(&self) -> Option<&Comparing<'p>> {
        match &self.view {
            View::TrainResult { comparison, .. } => comparison.as_deref(),
            _ => None,
        }
    }

    /// The filter and the highlighted row of the list with a filter on view (a question's
    /// options, the scenarios).
    fn filtered_list_mut(&mut self) -> Option<(&mut String, &mut usize)> {
        match &mut self.view {
            View::Question(a) => Some((&mut a.filter, &mut a.highlight)),
            View::TrainList { filter, highlight } => Some((filter, highlight)),
            _ => None,
        }
    }

    /// Highlights `row` of the list on view (nothing where the screen has no list).
    fn set_highlight(&mut self, row: usize) {
        match &mut self.view {
            View::Start { highlight }
            | View::Resume { highlight, .. }
            | View::Review { highlight }
            | View::TrainList { highlight, .. }
            | View::Question(Asking { highlight, .. }) => *highlight = row,
            _ => {}
        }
    }

    fn scroll_mut(&mut self) -> Option<&mut u16> {
        match &mut self.view {
            View::Outcome { scroll, .. }
            | View::TrainResult { scroll, .. }
            | View::Walkthrough { scroll } => Some(scroll),
            _ => None,
        }
    }

    fn note_editor_mut(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        match &mut self.view {
            View::Outcome { note, .. } => note.as_deref_mut(),
            _ => None,
        }
    }
}

/// The choices on the start screen, in order.
pub const START_MODES: [Audience; 2] = [Audience::Staff, Audience::Patient];
