//! The key contract: which key means which action, on which screen. Press events only.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::{Overlay, Screen, Wizard};
use crate::pathway::{Audience, Choice};

/// The action a key asks for in the wizard's current state, if any.
pub fn action_for(w: &Wizard, key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    // Keys that mean the same everywhere.
    match key.code {
        KeyCode::Char('c') if ctrl => return Some(Action::Quit),
        KeyCode::Char('z') if ctrl => return Some(Action::Suspend),
        KeyCode::F(2) => return Some(Action::ShowCrisis),
        KeyCode::F(4) => return Some(Action::SwitchLanguage),
        _ => {}
    }
    // Behind the "make the window larger" screen nothing else may act unseen: only quitting,
    // crisis help and the language work there.
    if w.too_small() {
        return match key.code {
            KeyCode::Char('!') => Some(Action::ShowCrisis),
            KeyCode::Char('q') => Some(Action::AskQuit),
            KeyCode::Esc if w.overlay.is_some() => Some(Action::CloseOverlay),
            _ => None,
        };
    }
    if w.overlay.is_some() {
        return Some(match key.code {
            KeyCode::Char('?') if w.overlay == Some(Overlay::Help) => Action::ToggleHelp,
            _ => Action::CloseOverlay,
        });
    }
    if w.screen() == Screen::Outcome && w.editing_note() {
        return match key.code {
            KeyCode::Enter | KeyCode::Esc => Some(Action::EditNote),
            _ => Some(Action::EditNoteText(key)),
        };
    }
    let filter_empty = w.filter().is_empty();
    // Keys common to every screen when nothing is being typed.
    if filter_empty && !ctrl && !alt {
        match key.code {
            KeyCode::Char('?') => return Some(Action::ToggleHelp),
            KeyCode::Char('!') => return Some(Action::ShowCrisis),
            KeyCode::Char('q') => return Some(Action::AskQuit),
            _ => {}
        }
    }
    match key.code {
        KeyCode::Up => return Some(Action::MoveUp),
        KeyCode::Down => return Some(Action::MoveDown),
        KeyCode::PageUp => return Some(Action::PageUp),
        KeyCode::PageDown => return Some(Action::PageDown),
        KeyCode::Home => return Some(Action::MoveToStart),
        KeyCode::End => return Some(Action::MoveToEnd),
        KeyCode::Enter => return Some(Action::Confirm),
        KeyCode::Esc if w.confirm_quit => return Some(Action::CloseOverlay),
        KeyCode::Esc => return Some(Action::GoBack),
        _ => {}
    }
    match w.screen() {
        Screen::Start => match key.code {
            KeyCode::Char(c @ '0'..='9') => Some(Action::TypeDigit(digit(c))),
            KeyCode::Char('s') => Some(Action::ChooseMode(Audience::Staff)),
            KeyCode::Char('p') => Some(Action::ChooseMode(Audience::Patient)),
            _ => None,
        },
        Screen::Resume => match key.code {
            KeyCode::Char(c @ '0'..='9') => Some(Action::TypeDigit(digit(c))),
            KeyCode::Char('n') => Some(Action::StartOver),
            KeyCode::Backspace => Some(Action::GoBack),
            _ => None,
        },
        Screen::Question => {
            let multi = w.question().is_some_and(|q| q.choice == Choice::Multi);
            match key.code {
                KeyCode::Char('u') if ctrl => Some(Action::ClearFilter),
                // Backspace only ever edits: one press too many stays on this question.
                KeyCode::Backspace => Some(Action::DeleteFilterChar),
                KeyCode::Char(' ') if multi => Some(Action::ToggleOption),
                KeyCode::Char(c @ '0'..='9') if filter_empty && !w.confirm_quit => {
                    Some(Action::TypeDigit(digit(c)))
                }
                KeyCode::Char(c) if !ctrl && !alt => Some(Action::TypeFilter(c)),
                _ => None,
            }
        }
        Screen::Review => match key.code {
            KeyCode::Backspace => Some(Action::GoBack),
            KeyCode::Char(c @ '0'..='9') => Some(Action::TypeDigit(digit(c))),
            KeyCode::Char('c') => Some(Action::ChangeAnswer),
            _ => None,
        },
        Screen::Outcome => match key.code {
            KeyCode::Char('s') => Some(Action::SaveSummary),
            KeyCode::Char('y') => Some(Action::CopySummary),
            KeyCode::Char('n') => Some(Action::EditNote),
            KeyCode::Char('N') => Some(Action::NextCall),
            KeyCode::Char('r') | KeyCode::Backspace => Some(Action::ShowReview),
            KeyCode::Char('w') if w.trainer.is_some() => Some(Action::WriteScenario),
            KeyCode::Char('c') if w.trainer.as_ref().is_some_and(|t| t.case().is_some()) => {
                Some(Action::ShowComparison)
            }
            KeyCode::Char(' ') => Some(Action::PageDown),
            _ => None,
        },
        Screen::Crisis => match key.code {
            KeyCode::Backspace => Some(Action::GoBack),
            KeyCode::Char('N') => Some(Action::NextCall),
            _ => None,
        },
        Screen::TrainList => match key.code {
            KeyCode::Char('u') if ctrl => Some(Action::ClearFilter),
            KeyCode::Backspace => Some(Action::DeleteFilterChar),
            KeyCode::Char(c) if !ctrl && !alt => Some(Action::TypeFilter(c)),
            _ => None,
        },
        Screen::TrainBrief => None,
        Screen::TrainResult => match key.code {
            KeyCode::Char('o') => Some(Action::ShowOutcome),
            KeyCode::Char(' ') => Some(Action::PageDown),
            KeyCode::Backspace => Some(Action::GoBack),
            _ => None,
        },
        Screen::Walkthrough => match key.code {
            KeyCode::Right | KeyCode::Char(' ') => Some(Action::NextStep),
            KeyCode::Left | KeyCode::Backspace => Some(Action::PreviousStep),
            _ => None,
        },
    }
}

fn digit(c: char) -> usize {
    c.to_digit(10).unwrap_or(0) as usize
}
