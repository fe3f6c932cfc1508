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

/// Everything the wizard shows, in one place. Render reads it; only `update` changes it.
pub struct Wizard<'p> {
    pub loaded: &'p Loaded,
    /// The call on screen: its answers, mode, language, note and times.
    pub call: Call<'p>,
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
    /// Digits of a row's number typed so far, waiting for the next digit or Enter.
    pub number: String,
    /// The terminal's size, once known.
    pub viewport: Option<(u16, u16)>,
    /// How far the long screen on view can scroll, as last drawn (kept by the drawing, like
    /// a list's offset, so that keys never scroll past the end).
    pub scroll_limit: std::cell::Cell<u16>,
    /// First line shown of the outcome.
    pub scroll: u16,
    /// Whether the staff note is being typed, and its editor (cursor, word keys, wrapping,
    /// paste), whose text is the call's note.
    pub editing_note: bool,
    pub note_editor: ratatui_textarea::TextArea<'static>,
    pub saving: Saving,
    /// The interrupted calls offered on the resume screen, and when they were listed.
    pub offers: Vec<SavedCall>,
    pub offers_listed_at: SystemTime,
    /// Where this call's summary was saved, while it still holds the call as it is.
    pub summary_files: Option<SummaryFiles>,
    pub quit: bool,
    /// Trainer mode, when the wizard was started by `carepath train`.
    pub trainer: Option<trainer::Trainer>,
    /// The patient kiosk (`carepath kiosk`): no way back to the choice of mode, no suspend.
    pub kiosk: bool,
    filter_cache: FilterCache,
    /// Trainer: the trainee's answers compared with the scenario, worked out in `update` when
    /// the comparison is shown (drawing only reads it).
    comparison: Option<Result<crate::train::Comparison<'p>, crate::route::RouteError>>,
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
            screen: Screen::Start,
            overlay: None,
            filter: String::new(),
            highlight: 0,
            picked: Vec::new(),
            editing: None,
            notice: None,
            confirm_quit: false,
            number: String::new(),
            viewport: None,
            scroll_limit: std::cell::Cell::new(u16::MAX),
            scroll: 0,
            editing_note: false,
            note_editor: ratatui_textarea::TextArea::default(),
            saving: opts.saving,
            offers: Vec::new(),
            offers_listed_at: SystemTime::UNIX_EPOCH,
            summary_files: None,
            quit: false,
            trainer: opts.trainer,
            kiosk: opts.kiosk,
            filter_cache: FilterCache::default(),
            comparison: None,
        };
        if w.trainer.is_some() {
            w.call = Call::new(loaded, Audience::Staff, opts.lang, &opts.now);
            w.screen = Screen::TrainList;
        } else if opts.audience.is_some() {
            w.enter_question_flow();
        }
        w.refresh_filter_cache();
        w
    }

    /// The question on screen: the one being changed, or the next one on the path.
    pub fn question(&self) -> Option<&'p Question> {
        if let Some(id) = &self.editing {
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
        if relabelled && self.screen == Screen::Question {
            // The filter matches labels, so another language may match fewer options.
            let visible = self.visible().len();
            self.highlight = self.highlight.min(visible.saturating_sub(1));
        }
        if matches!(self.screen, Screen::Outcome | Screen::Crisis) && self.trainer.is_none() {
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
        match self.screen {
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
        match action {
            Action::MoveUp => self.highlight = self.highlight.saturating_sub(1),
            Action::MoveDown => self.highlight = (self.highlight + 1).min(modes.len() - 1),
            Action::MoveToStart => self.highlight = 0,
            Action::MoveToEnd => self.highlight = modes.len() - 1,
            Action::ChooseNumber(n) if (1..=modes.len()).contains(&n) => {
                return self.choose_mode(modes[n - 1]);
            }
            Action::Confirm => return self.choose_mode(modes[self.highlight.min(modes.len() - 1)]),
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
        self.offers = offers.calls;
        self.offers_listed_at = offers.listed_at;
        if !self.offers.is_empty() && self.call.is_blank() && self.screen == Screen::Question {
            self.screen = Screen::Resume;
            self.highlight = 0;
        }
    }

    fn update_resume(&mut self, action: Action) -> Vec<Effect> {
        let rows = self.offers.len() + 1;
        match action {
            Action::MoveUp => self.highlight = self.highlight.saturating_sub(1),
            Action::MoveDown => self.highlight = (self.highlight + 1).min(rows - 1),
            Action::PageUp => self.highlight = self.highlight.saturating_sub(10),
            Action::PageDown => self.highlight = (self.highlight + 10).min(rows - 1),
            Action::MoveToStart => self.highlight = 0,
            Action::MoveToEnd => self.highlight = rows - 1,
            Action::ChooseNumber(n) if (1..=rows).contains(&n) => return self.choose_offer(n - 1),
            Action::Confirm => return self.choose_offer(self.highlight.min(rows - 1)),
            Action::StartOver => return self.choose_offer(0),
            Action::GoBack => return self.go_back(),
            _ => {}
        }
        vec![]
    }

    /// Row 0 starts the new call (the interrupted ones stay saved); row `n` resumes the
    /// `n`th call offered, once this process holds it.
    fn choose_offer(&mut self, row: usize) -> Vec<Effect> {
        match row.checked_sub(1).and_then(|i| self.offers.get(i)) {
            Some(saved) => vec![Effect::ClaimCall(saved.call_id.clone())],
            None => {
                self.offers.clear();
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
        self.offers.clear();
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
        self.editing_note = false;
        self.scroll = 0;
        self.offers.clear();
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
        self.editing = None;
        self.reset_question_state();
        self.screen = match self.call.session().step() {
            Ok(Step::Ask(_)) => Screen::Question,
            Ok(Step::Done(node)) if node.crisis => Screen::Crisis,
            Ok(Step::Done(_)) => Screen::Review,
            Err(_) => Screen::Review,
        };
        if self.screen == Screen::Review {
            self.highlight = self.call.session().history().len();
        }
    }

    fn reset_question_state(&mut self) {
        self.filter.clear();
        self.highlight = 0;
        self.picked.clear();
        if let Some(q) = self.question()
            && let Some(prev) = self.call.session().remembered(&q.id)
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
            Action::MoveToStart => self.highlight = 0,
            Action::MoveToEnd => self.highlight = len(self).saturating_sub(1),
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
        if let Some(id) = self.editing.take() {
            self.screen = Screen::Review;
            self.highlight = self
                .call
                .session()
                .history()
                .iter()
                .position(|q| q.id == id)
                .unwrap_or(0);
            return vec![];
        }
        match self.call.back() {
            Some(_) => {
                // The answer gone back over is remembered, and preselected.
                self.reset_question_state();
                self.screen = Screen::Question;
                vec![self.record()]
            }
            // The kiosk's mode is given: the first question is as far back as it goes.
            None if self.kiosk => vec![],
            None => {
                self.screen = Screen::Start;
                self.highlight = START_MODES
                    .iter()
                    .position(|a| *a == self.audience())
                    .unwrap_or(0);
                vec![]
            }
        }
    }

    fn update_review(&mut self, action: Action) -> Vec<Effect> {
        let rows = self.call.session().history().len() + 1; // answers, then "see the result"
        match action {
            Action::MoveUp => self.highlight = self.highlight.saturating_sub(1),
            Action::MoveDown => self.highlight = (self.highlight + 1).min(rows - 1),
            Action::MoveToStart => self.highlight = 0,
            Action::MoveToEnd => self.highlight = rows - 1,
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
                if let Some(q) = self.call.session().history().get(self.highlight) {
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
            return match action {
                Action::EditNoteText(key) => self.edit_note(key),
                Action::EditNote | Action::Confirm | Action::GoBack => {
                    self.editing_note = false;
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
                self.screen = Screen::Review;
                self.highlight = self.call.session().history().len();
            }
            // Seen already, so not scored again.
            Action::ShowComparison => {
                self.screen = Screen::TrainResult;
                self.scroll = 0;
                self.compare_with_scenario();
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
        let scroll = self.scroll.min(limit);
        self.scroll = match action {
            Action::MoveUp => scroll.saturating_sub(1),
            Action::MoveDown => scroll.saturating_add(1).min(limit),
            Action::PageUp => scroll.saturating_sub(10),
            Action::PageDown => scroll.saturating_add(10).min(limit),
            Action::MoveToStart => 0,
            Action::MoveToEnd => limit,
            _ => scroll,
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
        self.note_editor = editor;
        self.editing_note = true;
    }

    /// A key in the note editor. Ctrl-U deletes to the start of the line and Ctrl-W the word
    /// before the cursor, as in a shell; the rest is the editor's own (← →, Home, End, Ctrl-←…).
    /// The note is saved as it is typed.
    fn edit_note(&mut self, key: ratatui::crossterm::event::KeyEvent) -> Vec<Effect> {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let changed = match key.code {
            KeyCode::Char('u') if ctrl => self.note_editor.delete_line_by_head(),
            KeyCode::Char('w') if ctrl => self.note_editor.delete_word(),
            _ => self.note_editor.input(key),
        };
        if !changed {
            return vec![];
        }
        self.note_changed()
    }

    /// The editor's text becomes the call's note; saved files no longer hold it: say so, and
    /// let `s` save again.
    fn note_changed(&mut self) -> Vec<Effect> {
        *self.call.note_mut() = self.note_editor.lines().join("\n");
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
        match self.screen {
            Screen::Outcome if self.editing_note => {
                let clean: String = text
                    .replace("\r\n", "\n")
                    .chars()
                    .filter(|&c| c == '\n' || !c.is_control())
                    .collect();
                self.note_editor.insert_str(clean);
                return self.note_changed();
            }
            Screen::Question | Screen::TrainList if self.overlay.is_none() => {
                self.filter.push_str(&one_line(text));
                self.highlight = 0;
            }
            _ => {}
        }
        vec![]
    }

    /// Crisis help for what is on screen: the call's, or on the offer of interrupted calls the
    /// highlighted call's, whose region is known.
    pub fn crisis_help(&self) -> crate::call::CrisisHelp {
        match (self.screen, self.highlight.checked_sub(1)) {
            (Screen::Resume, Some(i)) if i < self.offers.len() => {
                crate::call::crisis_help(&self.loaded.pathway, self.lang(), &self.offers[i].answers)
            }
            _ => self.call.crisis_help(),
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
        match self.screen {
            Screen::Start => START_MODES.len(),
            Screen::Resume => self.offers.len() + 1,
            Screen::Question => self.question().map_or(0, |q| q.options.len()),
            Screen::Review => self.call.session().history().len(),
            _ => 0,
        }
    }

    /// Highlights the row numbered `n` while its number may still grow.
    fn highlight_number(&mut self, n: usize) {
        self.highlight = match self.screen {
            // The unfiltered list is on screen: row `n` is option `n`.
            Screen::Question | Screen::Start | Screen::Resume | Screen::Review => n - 1,
            _ => self.highlight,
        };
    }

    /// The program's own words in the current language.
    pub fn ui(&self) -> &'static crate::strings::Ui {
        crate::strings::ui(self.lang())
    }
}

/// The choices on the start screen, in order.
pub const START_MODES: [Audience; 2] = [Audience::Staff, Audience::Patient];
