//! A question: its heading, the filter, the options and where a click lands.

use super::*;

/// The lines above a question's options: breadcrumb, progress, prompt, help, notice.
pub(super) fn question_head(w: &Wizard, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let Some(q) = w.question() else {
        return Vec::new();
    };
    let ui = w.ui();
    let lang = w.lang();
    let history = w.call.session().history();
    let crumbs: Vec<String> = history
        .iter()
        .take_while(|h| w.editing() != Some(h.id.as_str()))
        .map(|h| {
            let labels = h.labels(w.call.session().answer_of(&h.id).unwrap_or_default(), lang);
            format!(
                "{}{}{labels}",
                h.name().get(lang),
                crate::strings::strings(lang).colon
            )
        })
        .collect();
    let (n, m) = match (&w.editing(), w.call.session().progress()) {
        (Some(id), _) => (
            history
                .iter()
                .position(|h| &h.id == id)
                .map_or(1, |i| i + 1),
            history.len().max(1),
        ),
        (None, nm) => nm,
    };
    let mut head = vec![];
    if !crumbs.is_empty() {
        head.push(Line::from(Span::styled(
            breadcrumb(&crumbs, width as usize),
            theme.dim(),
        )));
    }
    let progress = crate::strings::wizard::question_of(n, m, lang);
    let progress = match &w.editing() {
        Some(_) => format!("{} · {progress}", ui.changing),
        None => progress,
    };
    head.push(Line::from(Span::styled(progress, theme.dim())));
    head.push(Line::from(Span::styled(
        q.prompt.for_audience(w.audience()).get(lang).to_string(),
        Style::new().add_modifier(Modifier::BOLD),
    )));
    if !q.help.get(lang).is_empty() {
        head.push(Line::from(Span::styled(
            q.help.get(lang).to_string(),
            theme.dim(),
        )));
    }
    if let Some(n) = &w.notice {
        head.push(Line::from(Span::styled(n.clone(), theme.notice())));
    }
    head
}

/// The head, filter line, option list and detail areas of a question screen, with the
/// highlighted option's detail when it is shown.
pub(super) fn question_areas(
    w: &Wizard,
    theme: Theme,
    area: Rect,
    visible: &[Match],
) -> ([Rect; 4], Option<Line<'static>>) {
    let head = question_head(w, theme, area.width);
    let head_height = wrapped_height(&head, area.width).min(area.height / 2);
    let options = visible.len().max(1) as u16;
    // The detail only where every option still fits: it never pushes an option off screen.
    let room = area.height.saturating_sub(head_height + 2);
    let detail = highlighted_detail(w, theme, area.width, visible)
        .map(|d| {
            let height = wrapped_height(std::slice::from_ref(&d), area.width).min(3);
            (d, height)
        })
        .filter(|(_, height)| options + height <= room);
    let detail_height = detail.as_ref().map_or(0, |(_, height)| *height);
    // The list takes the rows its options need, the detail sits right below it, and what is
    // left stays empty at the bottom.
    let [head, filter, list, detail_area, _] = Layout::vertical([
        Constraint::Length(head_height),
        Constraint::Length(2),
        Constraint::Max(options),
        Constraint::Length(detail_height),
        Constraint::Fill(1),
    ])
    .areas(area);
    ([head, filter, list, detail_area], detail.map(|(d, _)| d))
}

/// The one-line text of an option in the list: marker, tick box, number, label, id, hint.
pub(super) fn option_row_text(w: &Wizard, index: usize) -> Option<String> {
    let q = w.question()?;
    let opt = q.options.get(index)?;
    let lang = w.lang();
    let tick = if q.choice == Choice::Multi {
        "[ ] "
    } else {
        ""
    };
    let mut text = format!("▶ {tick}{}. {}", index + 1, opt.label.get(lang));
    if w.audience() == Audience::Staff {
        text.push_str(&format!(" [{}]", opt.id));
    }
    if !opt.hint.get(lang).is_empty() {
        text.push_str(&format!(" — {}", opt.hint.get(lang)));
    }
    Some(text)
}

/// The whole hint of the highlighted option when its row in the list is cut short, shown
/// below the list so that what tells two options apart is never hidden.
pub(super) fn highlighted_detail(
    w: &Wizard,
    theme: Theme,
    width: u16,
    visible: &[Match],
) -> Option<Line<'static>> {
    let m = visible.get(w.highlight().min(visible.len().checked_sub(1)?))?;
    let row = option_row_text(w, m.index)?;
    if row.width() <= width as usize {
        return None;
    }
    let opt = &w.question()?.options[m.index];
    let hint = opt.hint.get(w.lang());
    let text = if hint.is_empty() {
        opt.label.get(w.lang()).to_string()
    } else {
        format!("{} — {hint}", opt.label.get(w.lang()))
    };
    Some(Line::from(Span::styled(format!("↳ {text}"), theme.dim())))
}

pub(super) fn render_question(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let Some(q) = w.question() else {
        return;
    };
    let ui = w.ui();
    let lang = w.lang();
    let head = question_head(w, theme, area.width);
    // The filter runs once per frame: the layout, the detail and the list share its matches.
    let visible = w.visible();
    let ([head_area, filter_area, list_area, detail_area], detail) =
        question_areas(w, theme, area, &visible);
    if let Some(detail) = detail {
        frame.render_widget(
            Paragraph::new(detail).wrap(Wrap { trim: false }),
            detail_area,
        );
    }
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);

    let filter_line = if !w.number.is_empty() {
        // A number waiting for its next digit or Enter.
        Line::from(Span::styled(
            crate::strings::number_waiting(&w.number, w.lang()),
            theme.notice(),
        ))
    } else if w.filter().is_empty() {
        Line::from(vec![
            Span::styled(
                format!("{}{}", ui.filter, crate::strings::strings(w.lang()).colon),
                theme.dim(),
            ),
            Span::styled(format!("({})", ui.filter_hint), theme.dim()),
        ])
    } else {
        Line::from(vec![
            Span::styled(
                format!("{}{}", ui.filter, crate::strings::strings(w.lang()).colon),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(w.filter().to_string()),
        ])
    };
    frame.render_widget(
        Paragraph::new(vec![Line::default(), filter_line]),
        filter_area,
    );

    if visible.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(ui.no_match, theme.notice())),
            list_area,
        );
        frame.set_cursor_position(Position::new(list_area.x, list_area.y));
        return;
    }
    let rows = list_area.height as usize;
    let highlight = w.highlight().min(visible.len() - 1);
    let first = highlight.saturating_sub(rows.saturating_sub(1));
    let multi = q.choice == Choice::Multi;
    let mut lines = Vec::new();
    for (row, m) in visible.iter().enumerate().skip(first).take(rows) {
        let opt = &q.options[m.index];
        let selected = row == highlight;
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(if selected { "▶ " } else { "  " }, style)];
        if multi {
            let ticked = w.picked().contains(&opt.id);
            spans.push(Span::styled(if ticked { "[x] " } else { "[ ] " }, style));
        }
        spans.push(Span::styled(format!("{}. ", m.index + 1), style));
        for (i, ch) in opt.label.get(lang).chars().enumerate() {
            let s = if m.label_chars.contains(&i) {
                style.patch(theme.matched())
            } else {
                style
            };
            spans.push(Span::styled(ch.to_string(), s));
        }
        if w.audience() == Audience::Staff {
            spans.push(Span::styled(
                format!(" [{}]", opt.id),
                style.patch(theme.dim()),
            ));
        }
        if !opt.hint.get(lang).is_empty() {
            spans.push(Span::styled(
                format!(" — {}", opt.hint.get(lang)),
                style.patch(theme.dim()),
            ));
        }
        lines.push(Line::from(cut_spans(
            merge_spans(spans),
            list_area.width as usize,
        )));
    }
    frame.render_widget(Paragraph::new(lines), list_area);
    let y = list_area.y + (highlight - first) as u16;
    frame.set_cursor_position(Position::new(list_area.x, y));
}

/// Joins neighbouring spans of the same style, so a line is a few spans, not one per char.
pub(super) fn merge_spans(spans: Vec<Span<'static>>) -> Vec<Span<'static>> {
    let mut out: Vec<Span<'static>> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if last.style == s.style => {
                let joined = format!("{}{}", last.content, s.content);
                last.content = joined.into();
            }
            _ => out.push(s),
        }
    }
    out
}

/// Spans cut to `width` columns, the last one ending in an ellipsis when cut.
pub(super) fn cut_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let mut left = width;
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        let n = s.content.width();
        if n <= left {
            left -= n;
            out.push(s);
            continue;
        }
        out.push(Span::styled(shorten(&s.content, left), s.style));
        break;
    }
    out
}
