//! The keys, in the help overlay.

use super::*;

pub(super) fn render_help(w: &Wizard, theme: Theme, frame: &mut Frame, body: Rect) {
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
