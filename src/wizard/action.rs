//! What a person can do in the wizard, as verbs. Keys map to these in `keymap`.

use std::path::PathBuf;

use crate::pathway::Audience;

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
    /// Start screen: choose who is using carepath.
    ChooseMode(Audience),
    /// Start screen: resume the saved session.
    Resume,
    /// Start screen: discard the saved session and start again.
    StartOver,
    /// Review: change the highlighted answer.
    ChangeAnswer,
    /// Outcome: write the summary files.
    SaveSummary,
    /// Outcome: copy the summary to the clipboard.
    CopySummary,
    /// Outcome: start or finish typing the staff note.
    EditNote,
    /// Note field: type a character.
    TypeNote(char),
    /// Note field: delete the last character.
    DeleteNoteChar,
    /// Outcome: go to the review of all answers.
    ShowReview,
    /// Switch between English and French.
    SwitchLanguage,
    /// Result of an effect: the summary files were written.
    SummaryWritten(PathBuf, PathBuf),
    /// Result of an effect: saving failed, with the reason; saving is now off.
    SavingFailed(String),
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

/// Work for the terminal loop to do after an update (the update itself does no I/O).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the answers to the state file.
    SaveSession,
    /// Delete the state file: the session is finished or discarded.
    ClearSession,
    /// Write the plain-text and JSON summaries.
    WriteSummary,
    /// Send the summary (the text `WriteSummary` saves) to the clipboard (OSC 52).
    CopySummary,
    /// Write a scenario file (its text) into `dir`.
    WriteScenario { dir: PathBuf, text: String },
    /// Leave the program.
    Quit,
}
