//! What a person can do in the wizard, as verbs. Keys map to these in `keymap`.

use std::path::PathBuf;

use crate::call::SavedCall;
use crate::export::Summary;
use crate::keeper::{Offers, Recorded};
use crate::pathway::Audience;
use crate::store::SummaryFiles;

/// One thing the person asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Add a character to the option filter.
    TypeFilter(char),
    /// Remove the last character of the filter.
    DeleteFilterChar,
    /// Empty the filter.
    ClearFilter,
    /// Move the highlight up one row.
    MoveUp,
    /// Move the highlight down one row.
    MoveDown,
    /// Scroll a page up (outcome) or move the highlight a page.
    PageUp,
    /// Scroll a page down.
    PageDown,
    /// Enter: choose the highlighted option, confirm, or open what is highlighted.
    Confirm,
    /// Choose the option numbered `n` (1-based) of the unfiltered list.
    ChooseNumber(usize),
    /// A digit of a row's number: chosen at once when no longer number starts with the digits
    /// typed, else once the next digit or Enter comes.
    TypeDigit(usize),
    /// Home: the first row, or the top of a long screen.
    MoveToStart,
    /// End: the last row, or the bottom of a long screen.
    MoveToEnd,
    /// Text pasted (bracketed paste): it goes into the field with focus, never acts as keys.
    Paste(String),
    /// The terminal's size, at the start and after each resize.
    Resize(u16, u16),
    /// Toggle the highlighted option of a multi-choice question.
    ToggleOption,
    /// A mouse click on row `n` (0-based) of the visible options: choose it, or tick it.
    ClickOption(usize),
    /// Go back one question (or one screen).
    GoBack,
    /// Walkthrough: show the next expected answer.
    NextStep,
    /// Walkthrough: show the previous one.
    PreviousStep,
    /// Trainer: from the outcome, back to the comparison with the scenario.
    ShowComparison,
    /// Open or close the key help.
    ToggleHelp,
    /// Open the crisis help.
    ShowCrisis,
    /// Close the help or crisis panel.
    CloseOverlay,
    /// `q` on an empty filter: ask to confirm quitting.
    AskQuit,
    /// Quit now (answers are already saved).
    Quit,
    /// Ctrl-Z: hand the terminal back and stop, as full-screen programs do.
    Suspend,
    /// Start screen: choose who is using carepath.
    ChooseMode(Audience),
    /// Resume screen: start a new call, leaving the interrupted ones saved.
    StartOver,
    /// Result (staff): finish this call and start the next one at the first question.
    NextCall,
    /// Review: change the highlighted answer.
    ChangeAnswer,
    /// Outcome: write the summary files.
    SaveSummary,
    /// Outcome: copy the summary to the clipboard.
    CopySummary,
    /// Outcome: start or finish typing the staff note.
    EditNote,
    /// Note field: a key for the text editor (letters, ← →, Home, End, Ctrl-U, Ctrl-W…).
    EditNoteText(ratatui::crossterm::event::KeyEvent),
    /// Outcome: go to the review of all answers.
    ShowReview,
    /// Switch between English and French.
    SwitchLanguage,
    /// Result of an effect: the summary files were written.
    SummaryWritten(SummarySaved),
    /// Result of an effect: what saving the call did.
    Recorded(Recorded),
    /// Result of an effect: the interrupted calls of the mode.
    CallsFound(Box<Offers>),
    /// Result of an effect: this process now holds the call chosen for resume.
    CallClaimed(Box<SavedCall>),
    /// Result of an effect: the call chosen cannot be resumed, and why.
    ClaimFailed(String),
    /// Result of an effect: the summary could not be written.
    SummaryFailed(String),
    /// Trainer: show the outcome of the trainee's answers.
    ShowOutcome,
    /// Trainer: write the current answers as a new scenario file.
    WriteScenario,
    /// Result of an effect: the scenario file was written here.
    ScenarioWritten(PathBuf),
    /// Result of an effect: the scenario file could not be written.
    ScenarioFailed(String),
}

/// A call's summary record, written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummarySaved {
    pub files: SummaryFiles,
    /// The end time the summary gives: the call finished then.
    pub ended_at: String,
}

/// Work for the terminal loop to do after an update (the update itself does no I/O).
#[derive(Debug, Clone)]
pub enum Effect {
    /// Save the call as it was when the effect was made.
    Record(Box<SavedCall>),
    /// List the interrupted calls of this mode.
    FindCalls(Audience),
    /// Take up a saved call (by id) for resume.
    ClaimCall(String),
    /// Write the call's summary record (the plain text and the JSON).
    WriteSummary {
        summary: Box<Summary>,
        call_id: String,
        ended_at: String,
    },
    /// Send text (the summary `WriteSummary` saves) to the clipboard (OSC 52).
    CopyText(String),
    /// Write a scenario file (its text) into `dir`.
    WriteScenario { dir: PathBuf, text: String },
    /// Leave the program.
    Quit,
    /// Restore the terminal and stop the process until it is continued.
    Suspend,
}
