//! The result, with the staff note and the messages above it.

use super::*;

pub(super) fn render_outcome(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let Some(outcome) = w.outcome() else {
        return;
    };
    let ui = w.ui();
    let p = &w.loaded.pathway;
    let sections = outcome_sections(p, &outcome, w.audience(), w.lang());
    let mut lines: Vec<Line> = Vec::new();
    let notes = outcome_notes(w, theme, area.width);
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut styled = |text: &str, style: Style| {
        for row in hanging_wrap(text, area.width as usize) {
            lines.push(Line::from(Span::styled(row, style)));
        }
    };
    for (i, part) in sections.parts.iter().enumerate() {
        if i > 0 {
            styled("", Style::new());
        }
        if let Some(heading) = &part.heading {
            styled(heading, if i == 0 { theme.title() } else { bold });
        }
        for row in &part.rows {
            styled(
                &row.line(),
                if row.depth == 0 { bold } else { Style::new() },
            );
        }
    }
    // The note being typed gets an editor box of up to four rows; the messages take the rows
    // they wrap to, leaving a few rows of the result; when they cannot all show, their last
    // rows stay in view.
    let editor_height = w.note_editor().map_or(0, |editor| {
        // The rows the note wraps to (at most four), and the box's borders.
        let inner = area.width.saturating_sub(2).max(1) as usize;
        let rows: usize = editor.lines().iter().map(|l| l.width() / inner + 1).sum();
        rows.clamp(1, 4) as u16 + 2
    });
    let notes_total = wrapped_height(&notes, area.width);
    let notes_height = notes_total.min(area.height.saturating_sub(4 + editor_height));
    let [notes_area, editor_area, text_area] = Layout::vertical([
        Constraint::Length(notes_height),
        Constraint::Length(editor_height),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(notes)
            .wrap(Wrap { trim: false })
            .scroll((notes_total - notes_height, 0)),
        notes_area,
    );
    // A result longer than its area keeps the last row for "more below", so the marker
    // never covers the end of a line.
    let text_area = render_scrolled(w, frame, lines, text_area, theme, ui.more_below);
    if let Some(editor) = w.note_editor() {
        let block = Block::bordered()
            .title(Span::styled(
                note_prefix(w),
                Style::new().add_modifier(Modifier::BOLD),
            ))
            .border_style(theme.dim());
        let inner = block.inner(editor_area);
        frame.render_widget(block, editor_area);
        frame.render_widget(editor, inner);
        // The terminal's own cursor where the editor's is, for screen readers too.
        let at = editor.screen_cursor();
        let (top, left) = editor.scroll_offset();
        let x = inner.x + (at.col as u16).saturating_sub(left);
        let y = inner.y + (at.row as u16).saturating_sub(top);
        if inner.contains(Position::new(x, y)) {
            frame.set_cursor_position(Position::new(x, y));
        }
    } else {
        frame.set_cursor_position(Position::new(text_area.x, text_area.y));
    }
}

/// "Staff note: " in the current language.
pub(super) fn note_prefix(w: &Wizard) -> String {
    format!("{}{}", w.ui().note, crate::strings::strings(w.lang()).colon)
}

/// The messages above the result: where the summary was saved, the latest notice, and the
/// staff note (when it is not being typed), wrapped to `width`.
pub(super) fn outcome_notes(w: &Wizard, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let mut notes: Vec<Line> = Vec::new();
    if let Some(files) = &w.summary_files {
        notes.push(Line::from(Span::styled(
            crate::strings::calls::summary_saved(
                &files.txt,
                files.replaced,
                w.audience(),
                w.lang(),
            ),
            theme.notice(),
        )));
    }
    if let Some(n) = &w.notice {
        notes.push(Line::from(Span::styled(n.clone(), theme.notice())));
    }
    // The note as saved, wrapped at words with its label; while it is typed, the editor
    // shows it instead.
    if w.audience() == Audience::Staff && !w.editing_note() && !w.call.note().is_empty() {
        let mut first = true;
        for line in w.call.note().lines() {
            let text = match first {
                true => format!("{}{line}", note_prefix(w)),
                false => format!("  {line}"),
            };
            first = false;
            notes.extend(hanging_lines(&text, Style::new(), width));
        }
    }
    notes
}
