//! Crisis help: the full screen and the panel over any screen.

use super::*;

/// The crisis help: the pathway's lines, then the province's health line once known.
pub(super) fn render_crisis(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect, full: bool) {
    let p = &w.loaded.pathway;
    let ui = w.ui();
    let lang = w.lang();
    let mut lines = Vec::new();
    if full {
        lines.push(Line::from(Span::styled(
            p.crisis.title.get(lang).to_string(),
            theme.alert(),
        )));
        lines.push(Line::default());
        if let Some(o) = w.outcome() {
            lines.push(Line::from(Span::styled(
                o.node.headline.get(lang).to_string(),
                Style::new().add_modifier(Modifier::BOLD),
            )));
            lines.push(Line::default());
        }
    }
    let help = w.crisis_help();
    // The numbers to call stand out: every line of crisis help is bold.
    let bold = Style::new().add_modifier(Modifier::BOLD);
    for l in &help.lines {
        lines.extend(hanging_lines(&format!("• {l}"), bold, area.width));
    }
    if let Some(l) = &help.health_line {
        lines.extend(hanging_lines(
            &format!("• {l}"),
            Style::new().add_modifier(Modifier::BOLD),
            area.width,
        ));
    }
    // Staff on the emergency screen: what to do with the call.
    if full
        && w.audience() == Audience::Staff
        && let Some(o) = w.outcome()
    {
        for t in &o.node.staff_detail {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                t.get(lang).to_string(),
                theme.notice(),
            )));
        }
    }
    if !full {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(ui.crisis_close, theme.dim())));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    frame.set_cursor_position(Position::new(area.x, area.y));
}
