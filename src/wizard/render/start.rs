//! The first screens: the choice of mode and the offer of interrupted calls.

use super::*;

pub(super) fn render_start(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let p = &w.loaded.pathway;
    let ui = w.ui();
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled(
            p.title.get(w.lang()).to_string(),
            theme.title(),
        )),
        Line::from(Span::styled(format!("{} {}", p.id, p.version), theme.dim())),
        Line::default(),
        Line::from(p.disclaimer.get(w.lang()).to_string()),
        Line::default(),
    ];
    lines.push(Line::from(Span::styled(
        ui.who.to_string(),
        Style::new().add_modifier(Modifier::BOLD),
    )));
    lines.push(Line::default());
    let first_row = lines.len();
    for (i, mode) in START_MODES.into_iter().enumerate() {
        let (label, hint, key) = match mode {
            Audience::Staff => (ui.staff, ui.staff_hint, "s"),
            Audience::Patient => (ui.patient, ui.patient_hint, "p"),
        };
        let text = format!("{}. {label} [{key}] — {hint}", i + 1);
        lines.push(choice_line(text, i == w.highlight(), theme));
    }
    render_choices(w, theme, frame, area, lines, first_row + w.highlight());
}

/// The marker and style of a menu's row: `▶` and reverse video on the highlighted one.
pub(super) fn choice_style(selected: bool, theme: Theme) -> (&'static str, Style) {
    if selected {
        ("▶ ", theme.selected())
    } else {
        ("  ", Style::new())
    }
}

/// A row of a menu.
pub(super) fn choice_line(text: String, selected: bool, theme: Theme) -> Line<'static> {
    let (marker, style) = choice_style(selected, theme);
    Line::from(Span::styled(format!("{marker}{text}"), style))
}

/// The interrupted calls of this mode, a new call first: when each started, its first
/// answers, how many, and how long ago it last changed.
pub(super) fn render_resume(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let (lang, audience) = (w.lang(), w.audience());
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled(
            crate::strings::calls::offers_heading(audience, w.offers().len(), lang),
            Style::new().add_modifier(Modifier::BOLD),
        )),
        Line::default(),
    ];
    let mut cursor_line = lines.len();
    lines.push(choice_line(
        format!(
            "1. {} [n]",
            crate::strings::calls::start_new(audience, lang)
        ),
        w.highlight() == 0,
        theme,
    ));
    for (i, saved) in w.offers().iter().enumerate() {
        let text = crate::keeper::offer_text(w.loaded, saved, w.offers_listed_at(), lang);
        let selected = w.highlight() == i + 1;
        if selected {
            cursor_line = lines.len();
        }
        // A long row keeps its number's indent when it wraps.
        let (marker, style) = choice_style(selected, theme);
        let row = format!("{marker}{}. {text}", i + 2);
        lines.extend(hanging_lines(&row, style, area.width));
    }
    render_choices(w, theme, frame, area, lines, cursor_line);
}

/// A menu's lines, then the notice; the cursor on the highlighted choice, which starts at
/// `cursor_line`.
pub(super) fn render_choices(
    w: &Wizard,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    mut lines: Vec<Line<'static>>,
    cursor_line: usize,
) {
    if let Some(n) = &w.notice {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(n.clone(), theme.notice())));
    }
    // Rows before the highlighted choice, counting lines that wrap.
    let above = wrapped_height(&lines[..cursor_line.min(lines.len())], area.width);
    let cursor_y = area.y.saturating_add(above);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    if cursor_y < area.bottom() {
        frame.set_cursor_position(Position::new(area.x, cursor_y));
    }
}
