//! Colours and styles: the one theme every screen draws with.

use super::*;

/// Colours, or none at all under `NO_COLOR`: selection never depends on colour.
#[derive(Debug, Clone, Copy, Default)]
pub struct Theme {
    pub color: bool,
    /// White on black, bold selection, no grey text.
    pub high_contrast: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            high_contrast: false,
        }
    }
    pub(super) fn fg(self, c: Color) -> Style {
        match (self.color, self.high_contrast) {
            (false, _) => Style::new(),
            (true, false) => Style::new().fg(c),
            (true, true) => Style::new().fg(Color::White),
        }
    }
    /// The style under everything: white on black in high contrast.
    pub(super) fn base(self) -> Style {
        if self.color && self.high_contrast {
            Style::new().fg(Color::White).bg(Color::Black)
        } else {
            Style::new()
        }
    }
    pub(super) fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub(super) fn dim(self) -> Style {
        if self.color && !self.high_contrast {
            Style::new().fg(Color::Gray)
        } else {
            Style::new()
        }
    }
    pub(super) fn selected(self) -> Style {
        if self.high_contrast {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    pub(super) fn matched(self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub(super) fn alert(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub(super) fn notice(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
}
