//! Drawing trainer mode: the scenario list, the vignette, the comparison, the walkthrough.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Theme, hanging_wrap, pad_to, shorten, wrap_indented};
use crate::session::Step;
use crate::train::{Leads, Subject};
use crate::wizard::Wizard;

pub(super) fn render_list(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let Some(t) = &w.trainer else {
        return;
    };
    let ui = w.ui();
    let mut lines = vec![
        Line::from(Span::styled(ui.train_title, theme.title())),
        Line::from(Span::styled(
            t.score_line(w.lang()).unwrap_or_default(),
            theme.dim(),
        )),
        Line::from(vec![
            Span::styled(
                format!("{}{}", ui.filter, crate::strings::strings(w.lang()).colon),
                theme.dim(),
            ),
            Span::raw(w.filter().to_string()),
        ]),
        Line::default(),
    ];
    let head = lines.len();
    let visible = w.visible_cases();
    let rows = (area.height as usize).saturating_sub(head);
    let highlight = w.highlight().min(visible.len().saturating_sub(1));
    let first = highlight.saturating_sub(rows.saturating_sub(1));
    for (row, m) in visible.iter().enumerate().skip(first).take(rows) {
        let case = &t.cases[m.index];
        let selected = row == highlight;
        let mark = match t.results.iter().rev().find(|(i, _)| *i == m.index) {
            Some((_, true)) => "✓",
            Some((_, false)) => "✗",
            None => " ",
        };
        let text = format!(
            "{}{mark} {}",
            if selected { "▶ " } else { "  " },
            case.scenario.name.get(w.lang())
        );
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::from(Span::styled(
            shorten(&text, area.width as usize),
            style,
        )));
    }
    if visible.is_empty() {
        lines.push(Line::from(Span::styled(ui.no_match, theme.notice())));
    }
    frame.render_widget(Paragraph::new(lines), area);
    let y = area.y + (head + highlight - first) as u16;
    if y < area.bottom() {
        frame.set_cursor_position(Position::new(area.x, y));
    }
}

pub(super) fn render_brief(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let Some(case) = w.trainer.as_ref().and_then(|t| t.case()) else {
        return;
    };
    let ui = w.ui();
    let lines = vec![
        Line::from(Span::styled(
            case.scenario.name.get(w.lang()).to_string(),
            theme.title(),
        )),
        Line::from(Span::styled(case.file.clone(), theme.dim())),
        Line::default(),
        Line::from(Span::styled(
            ui.vignette,
            Style::new().add_modifier(Modifier::BOLD),
        )),
        Line::from(case.scenario.vignette.get(w.lang()).to_string()),
        Line::default(),
        Line::from(Span::styled(
            if w.trainer.as_ref().is_some_and(|t| t.walkthrough) {
                ui.start_walkthrough
            } else {
                ui.start_case
            },
            theme.notice(),
        )),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    frame.set_cursor_position(Position::new(area.x, area.y));
}

pub(super) fn render_result(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let Some(case) = w.trainer.as_ref().and_then(|t| t.case()) else {
        return;
    };
    let ui = w.ui();
    let colon = crate::strings::strings(w.lang()).colon;
    let p = &w.loaded.pathway;
    let lang = w.lang();
    let mut lines = vec![Line::from(Span::styled(
        case.scenario.name.get(lang).to_string(),
        theme.title(),
    ))];
    let comparison = match &w.comparison() {
        Some(Ok(c)) => c,
        None => return,
        Some(Err(e)) => {
            lines.push(Line::from(Span::styled(e.to_string(), theme.alert())));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
            return;
        }
    };
    lines.push(match (comparison.passed(), &comparison.divergence) {
        (true, None) => Line::from(Span::styled(ui.passed, theme.notice())),
        (true, Some(_)) => Line::from(Span::styled(ui.passed_other_answers, theme.notice())),
        (false, _) => Line::from(Span::styled(ui.failed, theme.alert())),
    });
    for m in &comparison.mismatches {
        let value = |v| crate::strings::projection::value(p, m.field, v, lang);
        lines.push(Line::from(format!(
            "  {}{colon}{} {} · {} {}",
            crate::strings::projection::field(m.field, lang),
            ui.expected,
            value(&m.expected),
            ui.yours,
            value(&m.actual)
        )));
    }
    lines.push(Line::default());
    let label = |q: &str, ids: &[String]| -> String {
        p.question(q)
            .map_or_else(|| ids.join(", "), |q| q.labels(ids, lang))
    };
    let half = (area.width as usize).saturating_sub(4) / 2;
    lines.push(Line::from(Span::styled(
        format!("  {}{}", pad_to(ui.expected, half), ui.yours),
        Style::new().add_modifier(Modifier::BOLD),
    )));
    for step in &comparison.expected_trace {
        let name = p
            .question(&step.question)
            .map_or(step.question.as_str(), |q| q.name().get(lang));
        let given = comparison
            .given_trace
            .iter()
            .find(|g| g.question == step.question)
            .map_or(ui.not_asked.to_string(), |g| label(&g.question, &g.answers));
        let is_first = comparison
            .divergence
            .as_ref()
            .is_some_and(|d| d.question == step.question);
        let left = shorten(
            &format!("{name}{colon}{}", label(&step.question, &step.answers)),
            half.saturating_sub(1),
        );
        // The answer and the mark of the first difference fit the row, so it never wraps.
        let mark = if is_first {
            ui.first_difference.width() + 2
        } else {
            0
        };
        let given = shorten(&given, half.saturating_sub(mark).max(8));
        let mut spans = vec![
            Span::raw(format!("  {}", pad_to(&left, half))),
            Span::raw(given),
        ];
        if is_first {
            spans.push(Span::styled(
                format!("  {}", ui.first_difference),
                theme.alert(),
            ));
        }
        lines.push(Line::from(spans));
    }
    for e in &comparison.explanations {
        let title = match e.subject {
            Subject::ExpectedRule(rule) => format!("{} ({rule})", ui.explained_by),
            Subject::YourRule(rule) => format!("{} ({rule})", ui.your_rule),
            Subject::Flag { id, missed: true } => format!("{} ({id})", ui.flag_missed),
            Subject::Flag { id, missed: false } => format!("{} ({id})", ui.flag_extra),
            Subject::Alongside {
                route,
                missed: true,
            } => format!("{} ({route})", ui.also_missed),
            Subject::Alongside {
                route,
                missed: false,
            } => format!("{} ({route})", ui.also_extra),
        };
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            title,
            Style::new().add_modifier(Modifier::BOLD),
        )));
        let width = area.width as usize;
        for row in hanging_wrap(&format!("  {}", e.why.get(lang)), width) {
            lines.push(Line::from(row));
        }
        for s in &e.sources {
            for row in hanging_wrap(&format!("  {}", s.citation(lang)), width) {
                lines.push(Line::from(Span::styled(row, theme.dim())));
            }
        }
    }
    if let Some(n) = &w.notice {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(n.clone(), theme.notice())));
    }
    super::render_scrolled(w, frame, lines, area, theme, ui.more_below);
    frame.set_cursor_position(Position::new(area.x, area.y));
}

pub(super) fn render_walkthrough(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let (Some(t), Some(expected)) = (&w.trainer, w.expected_answers()) else {
        return;
    };
    let ui = w.ui();
    let colon = crate::strings::strings(w.lang()).colon;
    let p = &w.loaded.pathway;
    let lang = w.lang();
    let total = crate::session::walk(p, &expected).map_or(0, |(h, _)| h.len());
    let mut lines = vec![
        Line::from(Span::styled(
            t.case()
                .map_or(String::new(), |c| c.scenario.name.get(lang).to_string()),
            theme.title(),
        )),
        Line::from(Span::styled(
            crate::strings::train::step_of((t.step + 1).min(total), total, lang),
            theme.dim(),
        )),
        Line::default(),
    ];
    match w.call.session().step() {
        Ok(Step::Ask(q)) => {
            lines.push(Line::from(Span::styled(
                q.prompt.staff.get(lang).to_string(),
                Style::new().add_modifier(Modifier::BOLD),
            )));
            if !q.help.get(lang).is_empty() {
                lines.push(Line::from(vec![
                    Span::styled(format!("{}{colon}", ui.why_asked), theme.dim()),
                    Span::raw(q.help.get(lang).to_string()),
                ]));
            }
            lines.push(Line::default());
            let chosen = expected.get(&q.id).cloned().unwrap_or_default();
            lines.push(Line::from(Span::styled(ui.leads_intro, theme.dim())));
            for (o, lead) in q.options.iter().zip(t.leads.iter().cloned()) {
                let is_expected = chosen.contains(&o.id);
                let mut changed = Vec::new();
                let target = match lead {
                    Leads::Question(id) => format!(
                        "{}{}{}",
                        ui.opens_question,
                        crate::strings::strings(lang).colon,
                        p.question(&id)
                            .map_or(id.clone(), |q| q.name().get(lang).to_string())
                    ),
                    Leads::Outcome { id, rule, changes } => {
                        changed = changes;
                        // The outcome by its headline, with its rule for the rationale.
                        let outcome = crate::strings::projection::item(
                            p,
                            crate::outcome::projection::Field::Outcome,
                            &id,
                            lang,
                        );
                        format!("{} {outcome} ({rule})", ui.leads_to)
                    }
                    Leads::Unknown => "?".to_string(),
                };
                let style = if is_expected {
                    theme.selected()
                } else {
                    Style::new()
                };
                // Wrapped deeper than the options start, so a long target never passes for the
                // next option; the option in its style, the rest dim.
                let option = format!(
                    "{}{} [{}]",
                    if is_expected { "▶ " } else { "  " },
                    o.label.get(lang),
                    o.id
                );
                let whole = format!("{option}  → {target}");
                for (i, row) in wrap_indented(&whole, area.width as usize, 4)
                    .into_iter()
                    .enumerate()
                {
                    let cut = if i == 0 {
                        row.char_indices()
                            .nth(option.chars().count())
                            .map_or(row.len(), |(at, _)| at)
                    } else {
                        0
                    };
                    let (head, tail) = row.split_at(cut);
                    lines.push(Line::from(vec![
                        Span::styled(head.to_string(), style),
                        Span::styled(tail.to_string(), theme.dim()),
                    ]));
                }
                if !changed.is_empty() {
                    // What this option changes in the result, on a line of its own so a
                    // wrap cannot pass for another option.
                    let changed = crate::strings::projection::changes(p, &changed, lang);
                    let text = format!("      {}{}", ui.changes_here, changed.join(" · "));
                    for row in hanging_wrap(&text, area.width as usize) {
                        lines.push(Line::from(Span::styled(row, theme.dim())));
                    }
                }
            }
        }
        Ok(Step::Done(node)) => {
            lines.push(Line::from(Span::styled(
                format!("{} ({})", node.headline.get(lang), node.rule),
                Style::new().add_modifier(Modifier::BOLD),
            )));
            lines.push(Line::from(node.why.get(lang).to_string()));
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                ui.walkthrough_done,
                theme.notice(),
            )));
        }
        Err(e) => lines.push(Line::from(Span::styled(e.to_string(), theme.alert()))),
    }
    super::render_scrolled(w, frame, lines, area, theme, ui.more_below);
    frame.set_cursor_position(Position::new(area.x, area.y));
}
