//! The review of the answers given, each one to change.

use super::*;

pub(super) fn render_review(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let ui = w.ui();
    let lang = w.lang();
    // The title, the hint and the notice wrap: each is shown whole, above the answers.
    let mut head = vec![
        Line::from(Span::styled(ui.review_title, theme.title())),
        Line::from(Span::styled(ui.review_hint, theme.dim())),
    ];
    if let Some(n) = &w.notice {
        head.push(Line::from(Span::styled(n.clone(), theme.notice())));
    }
    let head_height = wrapped_height(&head, area.width).min(area.height / 2);
    let [head_area, area] =
        Layout::vertical([Constraint::Length(head_height), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);
    let mut lines = vec![Line::default()];
    let head = lines.len();
    let history = w.call.session().history();
    let ready = matches!(w.call.session().step(), Ok(Step::Done(_)));
    // The blank line and "See the result" stay on screen below the answers.
    let footer_rows = if ready { 2 } else { 0 };
    let rows = (area.height as usize)
        .saturating_sub(head + footer_rows)
        .max(1);
    let first = w
        .highlight()
        .min(history.len().saturating_sub(1))
        .saturating_sub(rows.saturating_sub(1));
    let shown = history.len().saturating_sub(first).min(rows);
    for (i, q) in history.iter().enumerate().skip(first).take(rows) {
        let labels = q.labels(w.call.session().answer_of(&q.id).unwrap_or_default(), lang);
        let selected = i == w.highlight();
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let name = q.name().get(lang);
        let width = area.width as usize;
        let text = format!(
            "{}{}. {}{}{}",
            if selected { "▶ " } else { "  " },
            i + 1,
            shorten(name, width / 2),
            crate::strings::strings(lang).colon,
            labels
        );
        lines.push(Line::from(Span::styled(shorten(&text, width), style)));
    }
    let result_row = history.len();
    let selected = w.highlight() >= result_row;
    if ready {
        lines.push(Line::default());
        let style = if selected {
            theme.selected()
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        lines.push(Line::from(Span::styled(
            format!("{}{} →", if selected { "▶ " } else { "  " }, ui.see_result),
            style,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
    let y = if selected {
        head + shown + 1
    } else {
        head + w.highlight().saturating_sub(first)
    };
    if (y as u16) < area.height {
        frame.set_cursor_position(Position::new(area.x, area.y + y as u16));
    }
}
