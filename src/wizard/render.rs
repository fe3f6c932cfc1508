//! Drawing the wizard. Render only reads the state; nothing here changes it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

mod chrome;
mod crisis;
mod help;
mod outcome;
mod question;
mod review;
mod start;
mod text;
mod theme;
mod trainer;

use chrome::*;
use crisis::*;
use help::*;
use outcome::*;
use question::*;
use review::*;
use start::*;
use text::*;
pub use theme::Theme;

use super::{Overlay, START_MODES, Saving, Screen, Wizard};
use crate::filter::Match;
use crate::pathway::{Audience, Choice};
use crate::session::Step;
use crate::strings::wizard::Cells;
use crate::summary::outcome_sections;

/// The smallest terminal the wizard draws in.
pub const MIN_WIDTH: u16 = 60;

pub const MIN_HEIGHT: u16 = 16;

/// Draws the whole wizard into the frame.
pub fn render(w: &Wizard, theme: Theme, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(w, frame, area);
        return;
    }
    if theme.base() != Style::new() {
        frame.render_widget(Block::new().style(theme.base()), area);
    }
    let [header, body, footer] = frame_areas(area);
    render_header(w, theme, frame, header);
    match w.screen() {
        Screen::Start => render_start(w, theme, frame, body),
        Screen::Resume => render_resume(w, theme, frame, body),
        Screen::Question => render_question(w, theme, frame, body),
        Screen::Review => render_review(w, theme, frame, body),
        Screen::Outcome => render_outcome(w, theme, frame, body),
        Screen::Crisis => render_crisis(w, theme, frame, body, true),
        Screen::TrainList => trainer::render_list(w, theme, frame, body),
        Screen::TrainBrief => trainer::render_brief(w, theme, frame, body),
        Screen::TrainResult => trainer::render_result(w, theme, frame, body),
        Screen::Walkthrough => trainer::render_walkthrough(w, theme, frame, body),
    }
    render_footer(w, theme, frame, footer);
    match w.overlay {
        Some(Overlay::Help) => render_help(w, theme, frame, body),
        Some(Overlay::Crisis) => {
            let popup = centered(body, 72, 14);
            frame.render_widget(Clear, popup);
            let block = Block::bordered()
                .title(Span::styled(
                    format!(" {} ", w.loaded.pathway.crisis.title.get(w.lang())),
                    theme.alert(),
                ))
                .border_style(theme.alert());
            let inner = block.inner(popup);
            frame.render_widget(block, popup);
            render_crisis(w, theme, frame, inner, false);
        }
        None => {}
    }
}

/// Header, body and footer of a frame.
fn frame_areas(area: Rect) -> [Rect; 3] {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(area);
    [
        header,
        body.inner(ratatui::layout::Margin::new(1, 0)),
        footer,
    ]
}

/// The row of the visible option list at a terminal cell, on a question screen: how a mouse
/// click finds its option. Uses the same layout as `render`.
pub fn option_at(w: &Wizard, area: Rect, column: u16, row: u16) -> Option<usize> {
    if w.screen() != Screen::Question || w.overlay.is_some() {
        return None;
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [_, body, _] = frame_areas(area);
    let visible = w.visible();
    let ([_, _, list, _], _) = question_areas(w, Theme::default(), body, &visible);
    if !list.contains(Position::new(column, row)) {
        return None;
    }
    let visible = visible.len();
    let highlight = w.highlight().min(visible.checked_sub(1)?);
    let first = highlight.saturating_sub((list.height as usize).saturating_sub(1));
    let index = first + (row - list.y) as usize;
    (index < visible).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::{fit_hints, hanging_wrap, pad_to, shorten};
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wrapped_rows_keep_the_indent_of_their_paragraph_or_bullet() {
        let text = "  Outside a building, DJ speakers must be placed in premises inspected";
        assert_eq!(
            hanging_wrap(text, 40),
            [
                "  Outside a building, DJ speakers must",
                "  be placed in premises inspected",
            ]
        );
        assert_eq!(
            hanging_wrap("  • Emergency: call 911 or go to the nearest emergency", 30),
            [
                "  • Emergency: call 911 or go",
                "    to the nearest emergency"
            ]
        );
        assert_eq!(hanging_wrap("short", 30), ["short"]);
        assert_eq!(
            hanging_wrap("Route: Ask for a referral to a block-party coordinator", 30),
            [
                "Route: Ask for a referral to a",
                "       block-party coordinator"
            ]
        );
        assert_eq!(
            hanging_wrap(
                "  https://example.org/a-very-long-address-of-a-source-page",
                24
            ),
            [
                "  https://example.org/a-",
                "  very-long-address-of-a",
                "  -source-page"
            ]
        );
        for row in hanging_wrap(&"word ".repeat(50), 33) {
            assert!(row.width() <= 33, "{row:?}");
        }
    }

    #[test]
    fn wide_characters_count_as_the_columns_they_take() {
        // Japanese and emoji take two columns a character.
        let route = "Route: 患者は朝の電話を希望 🙂 家族が同席します 通訳は不要です";
        let rows = hanging_wrap(route, 24);
        assert_eq!(
            rows,
            [
                "Route: 患者は朝の電話を",
                "       希望 🙂",
                "       家族が同席します",
                "       通訳は不要です",
            ]
        );
        for row in &rows {
            assert!(row.width() <= 24, "{row:?}");
        }
        // A sentence written without spaces is cut between characters, at the indent.
        assert_eq!(
            hanging_wrap("  患者は朝の電話を希望しています", 20),
            ["  患者は朝の電話を希", "  望しています"]
        );
        assert_eq!(shorten("患者は朝を希望", 7), "患者は…");
        // A wide character that would straddle the limit is left out whole.
        assert_eq!(shorten("患者は朝を希望", 8), "患者は…");
        assert_eq!(shorten("患者", 4), "患者");
        assert_eq!(pad_to("患者", 6), "患者  ");
        assert_eq!(pad_to("患者", 3), "患者");
        let hints = fit_hints(&["↑↓ 移動", "Enter 選択"], &["? keys"], 20);
        assert_eq!(hints, "↑↓ 移動 · ? keys");
        assert!(hints.width() <= 20);
    }
}
