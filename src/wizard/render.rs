//! Drawing the wizard. Render only reads the state; nothing here changes it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

mod trainer;

use super::{Overlay, START_MODES, Saving, Screen, Wizard};
use crate::filter::Match;
use crate::pathway::{Audience, Choice};
use crate::session::Step;
use crate::strings::wizard::Cells;
use crate::summary::outcome_text;

/// The smallest terminal the wizard draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

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
    fn fg(self, c: Color) -> Style {
        match (self.color, self.high_contrast) {
            (false, _) => Style::new(),
            (true, false) => Style::new().fg(c),
            (true, true) => Style::new().fg(Color::White),
        }
    }
    /// The style under everything: white on black in high contrast.
    fn base(self) -> Style {
        if self.color && self.high_contrast {
            Style::new().fg(Color::White).bg(Color::Black)
        } else {
            Style::new()
        }
    }
    fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    fn dim(self) -> Style {
        if self.color && !self.high_contrast {
            Style::new().fg(Color::Gray)
        } else {
            Style::new()
        }
    }
    fn selected(self) -> Style {
        if self.high_contrast {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    fn matched(self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    fn alert(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    fn notice(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
}

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
    match w.screen {
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
    if w.screen != Screen::Question || w.overlay.is_some() {
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
    let highlight = w.highlight.min(visible.checked_sub(1)?);
    let first = highlight.saturating_sub((list.height as usize).saturating_sub(1));
    let index = first + (row - list.y) as usize;
    (index < visible).then_some(index)
}

fn render_too_small(w: &Wizard, frame: &mut Frame, area: Rect) {
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
fn crisis_summary(w: &Wizard) -> String {
    let help = w.crisis_help();
    let lines: Vec<&str> = help.lines.iter().take(2).map(String::as_str).collect();
    lines.join(" · ")
}

fn render_header(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
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
    let right = if w.screen == Screen::Start {
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

fn render_footer(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let ui = w.ui();
    let [top, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let message = if w.confirm_quit {
        let text = if matches!(w.saving, Saving::On | Saving::Failing(_)) {
            ui.confirm_quit
        } else {
            ui.confirm_quit_unsaved
        };
        let rest = match w.screen {
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
    let hints = match w.screen {
        Screen::Start => ui.keys_start,
        Screen::Resume => ui.keys_resume,
        Screen::Question => match w.question().map(|q| q.choice) {
            Some(Choice::Multi) => ui.keys_multi,
            _ => ui.keys_single,
        },
        Screen::Review => ui.keys_review,
        Screen::Outcome if w.editing_note => ui.keys_note,
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
    let always: &[&str] = if w.screen == Screen::Outcome && w.editing_note {
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

fn render_start(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
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
        lines.push(choice_line(text, i == w.highlight, theme));
    }
    render_choices(w, theme, frame, area, lines, first_row + w.highlight);
}

/// The marker and style of a menu's row: `▶` and reverse video on the highlighted one.
fn choice_style(selected: bool, theme: Theme) -> (&'static str, Style) {
    if selected {
        ("▶ ", theme.selected())
    } else {
        ("  ", Style::new())
    }
}

/// A row of a menu.
fn choice_line(text: String, selected: bool, theme: Theme) -> Line<'static> {
    let (marker, style) = choice_style(selected, theme);
    Line::from(Span::styled(format!("{marker}{text}"), style))
}

/// The interrupted calls of this mode, a new call first: when each started, its first
/// answers, how many, and how long ago it last changed.
fn render_resume(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let (lang, audience) = (w.lang(), w.audience());
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled(
            crate::strings::calls::offers_heading(audience, w.offers.len(), lang),
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
        w.highlight == 0,
        theme,
    ));
    for (i, saved) in w.offers.iter().enumerate() {
        let text = crate::keeper::offer_text(w.loaded, saved, w.offers_listed_at, lang);
        let selected = w.highlight == i + 1;
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
fn render_choices(
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

/// The lines above a question's options: breadcrumb, progress, prompt, help, notice.
fn question_head(w: &Wizard, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let Some(q) = w.question() else {
        return Vec::new();
    };
    let ui = w.ui();
    let lang = w.lang();
    let history = w.call.session().history();
    let crumbs: Vec<String> = history
        .iter()
        .take_while(|h| w.editing.as_deref() != Some(h.id.as_str()))
        .map(|h| {
            let labels = h.labels(w.call.session().answer_of(&h.id).unwrap_or_default(), lang);
            format!(
                "{}{}{labels}",
                h.name().get(lang),
                crate::strings::strings(lang).colon
            )
        })
        .collect();
    let (n, m) = match (&w.editing, w.call.session().progress()) {
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
    let progress = match &w.editing {
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
fn question_areas(
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
fn option_row_text(w: &Wizard, index: usize) -> Option<String> {
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
fn highlighted_detail(
    w: &Wizard,
    theme: Theme,
    width: u16,
    visible: &[Match],
) -> Option<Line<'static>> {
    let m = visible.get(w.highlight.min(visible.len().checked_sub(1)?))?;
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

fn render_question(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
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
    } else if w.filter.is_empty() {
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
            Span::raw(w.filter.clone()),
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
    let highlight = w.highlight.min(visible.len() - 1);
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
            let ticked = w.picked.contains(&opt.id);
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
fn merge_spans(spans: Vec<Span<'static>>) -> Vec<Span<'static>> {
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
fn cut_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
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

fn render_review(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
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
        .highlight
        .min(history.len().saturating_sub(1))
        .saturating_sub(rows.saturating_sub(1));
    let shown = history.len().saturating_sub(first).min(rows);
    for (i, q) in history.iter().enumerate().skip(first).take(rows) {
        let labels = q.labels(w.call.session().answer_of(&q.id).unwrap_or_default(), lang);
        let selected = i == w.highlight;
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
    let selected = w.highlight >= result_row;
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
        head + w.highlight.saturating_sub(first)
    };
    if (y as u16) < area.height {
        frame.set_cursor_position(Position::new(area.x, area.y + y as u16));
    }
}

fn render_outcome(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect) {
    let Some(outcome) = w.outcome() else {
        return;
    };
    let ui = w.ui();
    let p = &w.loaded.pathway;
    let text = outcome_text(p, &outcome, w.audience(), w.lang());
    let mut lines: Vec<Line> = Vec::new();
    let notes = outcome_notes(w, theme, area.width);
    for (i, raw) in text.lines().enumerate() {
        let style = if i == 0 {
            theme.title()
        } else if !raw.starts_with(' ') && !raw.is_empty() {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        for row in hanging_wrap(raw, area.width as usize) {
            lines.push(Line::from(Span::styled(row, style)));
        }
    }
    // The note being typed gets an editor box of up to four rows; the messages take the rows
    // they wrap to, leaving a few rows of the result; when they cannot all show, their last
    // rows stay in view.
    let editor_height = if w.editing_note {
        // The rows the note wraps to (at most four), and the box's borders.
        let inner = area.width.saturating_sub(2).max(1) as usize;
        let rows: usize = w
            .note_editor
            .lines()
            .iter()
            .map(|l| l.width() / inner + 1)
            .sum();
        rows.clamp(1, 4) as u16 + 2
    } else {
        0
    };
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
    if w.editing_note {
        let block = Block::bordered()
            .title(Span::styled(
                note_prefix(w),
                Style::new().add_modifier(Modifier::BOLD),
            ))
            .border_style(theme.dim());
        let inner = block.inner(editor_area);
        frame.render_widget(block, editor_area);
        frame.render_widget(&w.note_editor, inner);
        // The terminal's own cursor where the editor's is, for screen readers too.
        let at = w.note_editor.screen_cursor();
        let (top, left) = w.note_editor.scroll_offset();
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
fn note_prefix(w: &Wizard) -> String {
    format!("{}{}", w.ui().note, crate::strings::strings(w.lang()).colon)
}

/// The messages above the result: where the summary was saved, the latest notice, and the
/// staff note (when it is not being typed), wrapped to `width`.
fn outcome_notes(w: &Wizard, theme: Theme, width: u16) -> Vec<Line<'static>> {
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
    if w.audience() == Audience::Staff && !w.editing_note && !w.call.note().is_empty() {
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

/// The crisis help: the pathway's lines, then the province's health line once known.
fn render_crisis(w: &Wizard, theme: Theme, frame: &mut Frame, area: Rect, full: bool) {
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

fn render_help(w: &Wizard, theme: Theme, frame: &mut Frame, body: Rect) {
    let ui = w.ui();
    let trainer_keys: &[(&str, &str)] = if w.trainer.is_some() {
        ui.help_keys_trainer
    } else {
        &[]
    };
    let keys: Vec<&(&str, &str)> = ui.help_keys.iter().chain(trainer_keys).collect();
    let needed = keys.len() as u16 + 4;
    // A bordered panel when there is room; the whole body, borderless, when there is not.
    let (popup, bordered) = if body.height >= needed {
        (centered(body, 78, needed), true)
    } else {
        (body, false)
    };
    frame.render_widget(Clear, popup);
    let inner = if bordered {
        let block =
            Block::bordered().title(Span::styled(format!(" {} ", ui.help_title), theme.title()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        inner
    } else {
        popup
    };
    let key_width = keys.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let room = (inner.width as usize).saturating_sub(key_width + 2);
    let mut lines: Vec<Line> = Vec::new();
    if !bordered {
        lines.push(Line::from(Span::styled(ui.help_title, theme.title())));
    }
    lines.extend(keys.iter().map(|(k, d)| {
        Line::from(vec![
            Span::styled(
                format!("{}  ", pad_to(k, key_width)),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(shorten(d, room)),
        ])
    }));
    if bordered {
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        shorten(ui.help_close, inner.width as usize),
        theme.dim(),
    )));
    frame.render_widget(Paragraph::new(lines), inner);
    frame.set_cursor_position(Position::new(inner.x, inner.y));
}

/// A rectangle of at most `width`×`height` in the middle of `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
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
pub(super) fn render_scrolled(
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
    let scroll = w.scroll.min(max_scroll);
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
pub(super) fn hanging_wrap(line: &str, width: usize) -> Vec<String> {
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
fn pieces(word: &str, room: usize) -> Vec<String> {
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
fn hanging_lines(text: &str, style: Style, width: u16) -> Vec<Line<'static>> {
    hanging_wrap(text, width as usize)
        .into_iter()
        .map(|row| Line::from(Span::styled(row, style)))
        .collect()
}

/// How many rows `lines` take in a paragraph wrapped (without trimming) at `width`: the
/// count ratatui itself wraps them to, so an area sized by it shows every row.
fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width.max(1))
        .min(u16::MAX as usize) as u16
}

/// The answers so far, the latest kept when they do not all fit: `… › Age: 18 or older`.
fn breadcrumb(crumbs: &[String], width: usize) -> String {
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
pub(super) fn pad_to(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

#[cfg(test)]
mod tests {
    use super::{fit_hints, hanging_wrap, pad_to, shorten};
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wrapped_rows_keep_the_indent_of_their_paragraph_or_bullet() {
        let text = "  Outside a hospital, IV ketamine must be given in premises inspected";
        assert_eq!(
            hanging_wrap(text, 40),
            [
                "  Outside a hospital, IV ketamine must",
                "  be given in premises inspected",
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
            hanging_wrap("Route: Ask for a referral to a pain-medicine physician", 30),
            [
                "Route: Ask for a referral to a",
                "       pain-medicine physician"
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
