//! Text that fits: wrapping with a hanging indent in columns, cutting, padding, scrolling.

use super::*;

/// A rectangle of at most `width`×`height` in the middle of `area`.
pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Draws `lines` wrapped in `area` from row `scroll` (kept in range), with a "more below"
/// mark on a row of its own, so it never covers the end of a line, while text is left
/// below. Returns the area the text took.
pub(in crate::wizard) fn render_scrolled(
    w: &Wizard,
    frame: &mut Frame,
    lines: Vec<Line>,
    area: Rect,
    theme: Theme,
    more_below: &str,
) -> Rect {
    let total = wrapped_height(&lines, area.width);
    let (text_area, more_row) = if total > area.height && area.height > 1 {
        let [text, more] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
        (text, Some(more))
    } else {
        (area, None)
    };
    let max_scroll = total.saturating_sub(text_area.height);
    // Kept for the next key, so scrolling never runs past the end (like a list's offset).
    w.scroll_limit.set(max_scroll);
    let scroll = w.scroll().min(max_scroll);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        text_area,
    );
    if let Some(row) = more_row
        && scroll < max_scroll
    {
        let more = format!(" {more_below} ");
        let width = (more.width().min(u16::MAX as usize) as u16).min(row.width);
        let spot = Rect::new(row.right().saturating_sub(width), row.y, width, 1);
        frame.render_widget(Paragraph::new(Span::styled(more, theme.selected())), spot);
    }
    text_area
}

/// `line` wrapped at word boundaries into rows of at most `width` columns, each row after the
/// first indented like the text of the first: past its leading spaces and any `• `, `- ` or
/// `— `, or past a short label such as `Route: `. An indented paragraph, a bullet or a
/// labelled line stays one block; a word too long for a row (an address, or a sentence in a
/// language written without spaces) is cut into pieces at the same indent, never inside a
/// character.
pub(in crate::wizard) fn hanging_wrap(line: &str, width: usize) -> Vec<String> {
    if line.width() <= width || width < 20 {
        return vec![line.to_string()];
    }
    let body = line.trim_start_matches(' ');
    // Leading spaces: one byte and one column each.
    let lead = line.len() - body.len();
    let mut indent = lead;
    if ["• ", "- ", "— "].iter().any(|b| body.starts_with(b)) {
        indent += 2;
    } else if lead == 0
        && let Some(colon) = body.find(": ")
        && body[..colon].width() < 14
        && !body[..colon].contains(' ')
    {
        indent = body[..colon].width() + 2;
    }
    wrap_indented(line, width, indent)
}

/// `line` wrapped at `width` columns, its rows after the first indented by `indent` columns
/// (at most half the width).
pub(in crate::wizard) fn wrap_indented(line: &str, width: usize, indent: usize) -> Vec<String> {
    if line.width() <= width || width < 20 {
        return vec![line.to_string()];
    }
    let body = line.trim_start_matches(' ');
    let lead = line.len() - body.len();
    let indent = indent.min(width / 2);
    let room = width - indent;
    let mut rows: Vec<String> = Vec::new();
    let mut row = line[..lead].to_string();
    let mut row_len = lead;
    let mut fresh = true;
    let words = body.split(' ').flat_map(|word| pieces(word, room));
    for word in words {
        let len = word.width();
        if !fresh && row_len + 1 + len > width {
            rows.push(std::mem::take(&mut row));
            row = " ".repeat(indent);
            row_len = indent;
            fresh = true;
        }
        if !fresh {
            row.push(' ');
            row_len += 1;
        }
        row.push_str(&word);
        row_len += len;
        fresh = false;
    }
    rows.push(row);
    rows
}

/// `word` whole when it fits in `room` columns, else cut into pieces that do, between
/// characters.
pub(super) fn pieces(word: &str, room: usize) -> Vec<String> {
    if word.width() <= room {
        return vec![word.to_string()];
    }
    let mut out = Vec::new();
    let mut piece = String::new();
    let mut used = 0;
    for c in word.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room && !piece.is_empty() {
            out.push(std::mem::take(&mut piece));
            used = 0;
        }
        piece.push(c);
        used += w;
    }
    out.push(piece);
    out
}

/// `text` as rows of `style`, wrapped with [`hanging_wrap`].
pub(super) fn hanging_lines(text: &str, style: Style, width: u16) -> Vec<Line<'static>> {
    hanging_wrap(text, width as usize)
        .into_iter()
        .map(|row| Line::from(Span::styled(row, style)))
        .collect()
}

/// How many rows `lines` take in a paragraph wrapped (without trimming) at `width`: the
/// count ratatui itself wraps them to, so an area sized by it shows every row.
pub(super) fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width.max(1))
        .min(u16::MAX as usize) as u16
}

/// `text` cut to `max` columns with an ellipsis; a wide character that would straddle the
/// limit is left out whole.
pub fn shorten(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut s = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        s.push(c);
    }
    s.push('…');
    s
}

/// `text` followed by spaces up to `width` columns (as `{:<width$}` would by characters).
pub(in crate::wizard) fn pad_to(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}
