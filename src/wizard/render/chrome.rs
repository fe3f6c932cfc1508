//! The frame around every screen: the header, the footer's keys, the too-small notice.

use super::*;

pub(super) fn render_too_small(w: &Wizard, frame: &mut Frame, area: Rect) {
    let needed = Cells {
        width: MIN_WIDTH,
        height: MIN_HEIGHT,
    };
    let now = Cells {
        width: area.width,
        height: area.height,
    };
    let msg = crate::strings::wizard::too_small(needed, now, w.lang());
    let crisis = crisis_summary(w);
    frame.render_widget(
        Paragraph::new(vec![Line::from(msg), Line::from(crisis)]).wrap(Wrap { trim: true }),
        area,
    );
}

/// "911 · 988" in one line, for places with no room for the full panel.
pub(super) fn crisis_summary(w: &Wizard) -> String {
    let help = w.crisis_help();
    let lines: Vec<&str> = help.lines.iter().take(2).map(String::as_str).collect();
    lines.join(" · ")
}

pub(super) fn render_header(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let p = &w.loaded.pathway;
    let ui = w.ui();
    let mode = match w.audience() {
        Audience::Staff => ui.mode_staff,
        Audience::Patient => ui.mode_patient,
    };
    let saving = match &w.saving {
        Saving::On => String::new(),
        Saving::Disabled => format!(" · {}", ui.saving_disabled),
        Saving::Unavailable(_) | Saving::Failing(_) => format!(" · {}", ui.saving_off),
    };
    let saving = if w.trainer.is_some() {
        format!(" · {}", ui.trainer_mode)
    } else {
        saving
    };
    let right = if w.screen() == Screen::Start {
        format!("{}{saving} ", w.lang().code())
    } else {
        format!("{mode} · {}{saving} ", w.lang().code())
    };
    let left = format!(" carepath · {} · v{}", p.title.get(w.lang()), p.version);
    let room = (area.width as usize).saturating_sub(right.width() + 1);
    let left = shorten(&left, room);
    let pad = " ".repeat(room.saturating_sub(left.width()) + 1);
    let line = Line::from(vec![
        Span::styled(left, theme.title()),
        Span::raw(pad),
        Span::styled(right, theme.dim()),
    ]);
    frame.render_widget(
        Paragraph::new(line).style(Style::new().add_modifier(Modifier::BOLD)),
        area,
    );
}

pub(super) fn render_footer(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let ui = w.ui();
    let [top, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let message = if w.confirm_quit {
        let text = if matches!(w.saving, Saving::On | Saving::Failing(_)) {
            ui.confirm_quit
        } else {
            ui.confirm_quit_unsaved
        };
        let rest = match w.screen() {
            Screen::Question | Screen::TrainList => ui.quit_or_type,
            _ => ui.quit_or_stay,
        };
        Some(Span::styled(format!(" {text}{rest}"), theme.notice()))
    } else if let Saving::Unavailable(reason) | Saving::Failing(reason) = &w.saving {
        Some(Span::styled(
            format!(
                " {}{}{reason}",
                ui.saving_off,
                crate::strings::strings(w.lang()).colon
            ),
            theme.notice(),
        ))
    } else {
        None
    };
    if let Some(m) = message {
        frame.render_widget(Paragraph::new(Line::from(m)), top);
    } else {
        frame.render_widget(
            Block::new().borders(Borders::TOP).border_style(theme.dim()),
            top,
        );
    }
    let hints = match w.screen() {
        Screen::Start => ui.keys_start,
        Screen::Resume => ui.keys_resume,
        Screen::Question => match w.question().map(|q| q.choice) {
            Some(Choice::Multi) => ui.keys_multi,
            _ => ui.keys_single,
        },
        Screen::Review => ui.keys_review,
        Screen::Outcome if w.editing_note() => ui.keys_note,
        Screen::Outcome if w.trainer.is_some() => ui.keys_outcome_trainer,
        Screen::Outcome if w.audience() == Audience::Staff => ui.keys_outcome_staff,
        Screen::Outcome => ui.keys_outcome,
        Screen::Crisis if w.trainer.is_some() => ui.keys_crisis_trainer,
        Screen::Crisis if w.audience() == Audience::Staff => ui.keys_crisis_staff,
        Screen::Crisis => ui.keys_crisis,
        Screen::TrainList => ui.keys_train_list,
        Screen::TrainBrief if w.trainer.as_ref().is_some_and(|t| t.walkthrough) => {
            ui.keys_walkthrough_brief
        }
        Screen::TrainBrief => ui.keys_train_brief,
        Screen::TrainResult => ui.keys_train_result,
        Screen::Walkthrough => ui.keys_walkthrough,
    };
    // While a note is typed, `?` and `q` are letters of the note.
    let always: &[&str] = if w.screen() == Screen::Outcome && w.editing_note() {
        &[]
    } else {
        &[ui.key_help, ui.key_quit]
    };
    let crisis = format!("{} ", ui.crisis_key);
    let room = (area.width as usize).saturating_sub(crisis.width() + 2);
    let keys = shorten(&format!(" {}", fit_hints(hints, always, room)), room + 1);
    let pad = (area.width as usize).saturating_sub(keys.width() + crisis.width());
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(keys, theme.dim()),
            Span::raw(" ".repeat(pad)),
            Span::styled(crisis, theme.alert()),
        ])),
        bottom,
    );
}

/// Key hints joined by ` · ` in at most `room` columns: as many of `hints`, in order, as fit
/// before `always`, which is kept whole (and cut only when it alone is too long).
pub fn fit_hints(hints: &[&str], always: &[&str], room: usize) -> String {
    let width = |parts: &[&str]| {
        parts.iter().map(|p| p.width()).sum::<usize>() + 3 * parts.len().saturating_sub(1)
    };
    let mut kept = hints.len();
    loop {
        let parts: Vec<&str> = hints[..kept].iter().chain(always).copied().collect();
        if kept == 0 || width(&parts) <= room {
            return shorten(&parts.join(" · "), room);
        }
        kept -= 1;
    }
}

/// The answers so far, the latest kept when they do not all fit: `… › Age: 18 or older`.
pub(super) fn breadcrumb(crumbs: &[String], width: usize) -> String {
    let all = crumbs.join(" › ");
    if all.width() <= width {
        return all;
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 2; // "… › " is counted as it is added
    for c in crumbs.iter().rev() {
        let len = c.width() + 3;
        if used + len > width && !kept.is_empty() {
            break;
        }
        used += len;
        kept.push(c);
    }
    kept.reverse();
    shorten(&format!("… › {}", kept.join(" › ")), width)
}
