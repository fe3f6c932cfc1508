//! The wizard's event loop on a real terminal: keys in, frames out, effects done, signals
//! and panics handled so the terminal is always restored and no answer is lost.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, Event, MouseButton,
    MouseEventKind,
};

use super::action::{Action, Effect, SummarySaved};
use super::keymap::action_for;
use super::render::{Theme, option_at, render};
use super::{StartOptions, Wizard};
use crate::export::osc52;
use crate::keeper::CallOptions;
use crate::keeper::{Keeper, Recorded};
use crate::pathway::{Lang, Loaded};
use crate::store::now_rfc3339;
use crate::strings::wizard as words;

/// How the binary asked for the wizard: the call's options, and the screen's.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub call: CallOptions,
    /// White on black with bold selection.
    pub high_contrast: bool,
    /// Leave the mouse to the terminal (no click reporting at all).
    pub no_mouse: bool,
    /// Trainer mode (`carepath train`).
    pub trainer: Option<super::trainer::Trainer>,
}

/// How long a signalled wizard may take to leave before it is ended outright (a hung-up
/// terminal can keep the input loop from ever returning).
const SIGNAL_GRACE: Duration = Duration::from_secs(1);

/// Sets `stop` on SIGTERM, SIGHUP or SIGINT, and ends the process if the loop has not left
/// within [`SIGNAL_GRACE`]. Answers are saved after every change, so nothing is lost.
fn watch_signals(stop: Arc<AtomicBool>, signal: Arc<std::sync::atomic::AtomicI32>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            signal.store(sig, Ordering::SeqCst);
            stop.store(true, Ordering::SeqCst);
            std::thread::sleep(SIGNAL_GRACE);
            // Still here: the terminal is gone and the input loop is stuck.
            let _ = ratatui::try_restore();
            std::process::exit(128 + sig);
        }
    });
}

/// Click reporting only (xterm's mode 1000, in the SGR encoding 1006): a click chooses an
/// option, while a drag with Shift held (Option on macOS terminals) still selects text to copy,
/// as it does not with crossterm's `EnableMouseCapture`, which also reports every motion.
const CLICKS_ON: &str = "\x1b[?1000h\x1b[?1006h";
const CLICKS_OFF: &str = "\x1b[?1006l\x1b[?1000l";

/// Hands the terminal's extras back: mouse reports and bracketed paste off.
fn release_extras() {
    let mut out = std::io::stdout();
    let _ = out.write_all(CLICKS_OFF.as_bytes());
    let _ = ratatui::crossterm::execute!(out, DisableMouseCapture, DisableBracketedPaste);
}

/// Takes them again: clicks (unless `--no-mouse`) and bracketed paste.
fn take_extras(mouse: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout();
    if mouse {
        out.write_all(CLICKS_ON.as_bytes())?;
    }
    ratatui::crossterm::execute!(out, EnableBracketedPaste)
}

/// Sets `suspend` on SIGTSTP (the shell's job control, `kill -TSTP`): the loop then hands the
/// terminal back before the process stops, and takes it again when it continues.
fn watch_suspend(suspend: &Arc<AtomicBool>) {
    let _ = signal_hook::flag::register(signal_hook::consts::SIGTSTP, Arc::clone(suspend));
}

/// Suspends like other full-screen programs: restores the terminal, stops the process with
/// SIGTSTP's default action, and when it continues (`fg`) takes the terminal again; the next
/// draw repaints the whole screen.
fn suspend(terminal: &mut ratatui::DefaultTerminal, mouse: bool) -> std::io::Result<()> {
    use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
    release_extras();
    ratatui::try_restore()?;
    signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
    // Continued. The screen is cleared by hand rather than with `Terminal::clear`, which asks
    // the terminal where its cursor is and fails on one that does not say.
    enable_raw_mode()?;
    ratatui::crossterm::execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All)
    )?;
    take_extras(mouse)?;
    // Both buffers empty: the next draw sends the whole frame.
    terminal.swap_buffers();
    Ok(())
}

/// Runs the wizard until the person quits or a signal arrives.
pub fn run(loaded: &Loaded, opts: RunOptions) -> ExitCode {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!("{}", words::needs_terminal(opts.call.lang));
        return ExitCode::from(2);
    }
    let mut keeper = match opts.trainer {
        Some(_) => Keeper::disabled(),
        None => Keeper::open(opts.call.no_save, opts.call.resume_within),
    };
    let mut wizard = Wizard::new(
        loaded,
        StartOptions {
            audience: opts.call.audience,
            lang: opts.call.lang,
            saving: keeper.saving().clone(),
            now: now_rfc3339(),
            trainer: opts.trainer.clone(),
            kiosk: opts.call.kiosk.is_some(),
        },
    );
    if let crate::keeper::Saving::Unavailable(reason) = keeper.saving() {
        wizard.notice = Some(reason.clone());
    }
    if let (Some(audience), None) = (opts.call.audience, &opts.trainer) {
        let offers = keeper.offers(loaded, audience, std::time::SystemTime::now());
        wizard.update(Action::CallsFound(Box::new(offers)));
    }

    let stop = Arc::new(AtomicBool::new(false));
    let signal = Arc::new(std::sync::atomic::AtomicI32::new(0));
    watch_signals(Arc::clone(&stop), Arc::clone(&signal));
    let suspend_asked = Arc::new(AtomicBool::new(false));
    watch_suspend(&suspend_asked);

    // Installed before ratatui's own hook, which restores the screen and then calls this one.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        release_extras();
        previous(info);
    }));
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            eprintln!(
                "{}",
                words::terminal_not_set_up(&e.to_string(), opts.call.lang)
            );
            return ExitCode::FAILURE;
        }
    };
    // Clicks choose options; a terminal that cannot report them still has every key.
    let _ = take_extras(!opts.no_mouse);
    let theme = Theme {
        high_contrast: opts.high_contrast,
        ..Theme::from_env()
    };
    let mut result = Ok(());
    let mut last_key = Instant::now();
    let mut idle_ended = false;
    // Drawn after an event, a resize or a return from suspension, never on a timer: an idle
    // wizard writes nothing.
    let mut dirty = true;
    while !wizard.quit && !stop.load(Ordering::Relaxed) {
        // The kiosk suspends never: no shell waits to continue it.
        if suspend_asked.swap(false, Ordering::SeqCst) && opts.call.kiosk.is_none() {
            if let Err(e) = suspend(&mut terminal, !opts.no_mouse) {
                result = Err(e);
                break;
            }
            dirty = true;
        }
        // The size as the terminal reports it now (a resize event may come late or not at
        // all): keys are read against what is on screen.
        if let Ok(size) = terminal.size()
            && wizard.viewport != Some((size.width, size.height))
        {
            wizard.update(Action::Resize(size.width, size.height));
            dirty = true;
        }
        if std::mem::take(&mut dirty)
            && let Err(e) = terminal.draw(|frame| render(&wizard, theme, frame))
        {
            result = Err(e);
            break;
        }
        let mut wait = Duration::from_millis(250);
        if let Some(idle) = opts.call.kiosk {
            let left = idle.saturating_sub(last_key.elapsed());
            if left.is_zero() {
                idle_ended = true;
                break;
            }
            wait = wait.min(left);
        }
        match event::poll(wait) {
            Ok(false) => continue,
            Ok(true) => {}
            Err(e) => {
                result = Err(e);
                break;
            }
        }
        let action = match event::read() {
            // Read against what was last drawn: a key typed while the "too small" screen
            // showed acts as it would there, even if the window grew since.
            Ok(Event::Key(key)) => action_for(&wizard, key),
            Ok(Event::Mouse(m))
                if m.kind == MouseEventKind::Down(MouseButton::Left) && !wizard.too_small() =>
            {
                let size = terminal.size().unwrap_or_default();
                let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
                option_at(&wizard, area, m.column, m.row).map(Action::ClickOption)
            }
            Ok(Event::Paste(text)) => Some(Action::Paste(text)),
            // The size is read from the terminal at the top of the loop: an event's size may
            // be stale by the time it is read (two resizes in a row).
            Ok(Event::Resize(..)) => {
                dirty = true;
                continue;
            }
            Ok(_) => continue, // the rest: redraw on the next turn
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        // Whatever the person did, keys, a click or a paste, counts as being there.
        if !matches!(action, Some(Action::Resize(..))) {
            last_key = Instant::now();
        }
        let Some(action) = action else {
            continue;
        };
        dirty = true;
        let mut pending = wizard.update(action);
        while let Some(effect) = pending.pop() {
            if matches!(effect, Effect::Suspend) {
                suspend_asked.store(true, Ordering::SeqCst);
                continue;
            }
            if let Some(follow_up) = perform(&wizard, &mut keeper, effect, terminal.backend_mut()) {
                pending.extend(wizard.update(follow_up));
            }
        }
    }
    let signalled = signal.load(Ordering::SeqCst);
    if opts.call.kiosk.is_some() && (signalled == signal_hook::consts::SIGHUP || result.is_err()) {
        // The connection is gone and nothing was saved: there is no one to restore the
        // terminal for, nor to tell.
        return match signalled {
            0 => ExitCode::FAILURE,
            sig => ExitCode::from((128 + sig).clamp(0, 255) as u8),
        };
    }
    release_extras();
    // The terminal may be gone (hung up): ignore errors from here on rather than panic.
    let _ = ratatui::try_restore();
    if let (true, Some(idle)) = (idle_ended, opts.call.kiosk) {
        // Cleared for whoever comes to the screen next, scrollback included.
        let idle = humantime::format_duration(idle).to_string();
        let said = crate::strings::kiosk::idle_ended(&idle, wizard.lang());
        let _ = write!(std::io::stdout(), "\x1b[H\x1b[2J\x1b[3J{said}\r\n");
        let _ = std::io::stdout().flush();
        return ExitCode::from(crate::call::EXIT_INPUT_ENDED);
    }
    if let Err(e) = result {
        let said = words::terminal_stopped(&e.to_string(), wizard.lang());
        let _ = writeln!(std::io::stderr(), "{said}");
        return ExitCode::FAILURE;
    }
    if let Some(score) = wizard
        .trainer
        .as_ref()
        .and_then(|t| t.score_line(wizard.lang()))
    {
        let _ = writeln!(std::io::stdout(), "{score}");
    }
    if wizard.trainer.is_none() && !wizard.call.is_blank() {
        let said = crate::strings::calls::left(keeper.left(&wizard.call), wizard.lang());
        let _ = writeln!(std::io::stdout(), "{said}");
    }
    match signal.load(Ordering::SeqCst) {
        0 => ExitCode::SUCCESS,
        sig => ExitCode::from((128 + sig).clamp(0, 255) as u8),
    }
}

/// Writes a new scenario file named after the time, never over an existing one.
fn write_scenario(
    dir: &std::path::Path,
    text: &str,
    lang: Lang,
) -> std::io::Result<std::path::PathBuf> {
    std::fs::create_dir_all(dir)?;
    let stamp: String = now_rfc3339()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    for n in 1..1000 {
        let name = match n {
            1 => format!("trainer-{stamp}.ron"),
            _ => format!("trainer-{stamp}-{n}.ron"),
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes())?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        crate::strings::train::scenario_names_taken(lang),
    ))
}

/// Does one effect's I/O; returns an action to feed back when the wizard must know the result.
/// Text to copy goes to `clipboard` as OSC 52 (the terminal, on a real one).
pub fn perform(
    wizard: &Wizard,
    keeper: &mut Keeper,
    effect: Effect,
    clipboard: &mut impl Write,
) -> Option<Action> {
    match effect {
        Effect::Quit | Effect::Suspend => None,
        Effect::WriteScenario { dir, text } => {
            let lang = wizard.lang();
            Some(match write_scenario(&dir, &text, lang) {
                Ok(path) => Action::ScenarioWritten(path),
                Err(e) => Action::ScenarioFailed(crate::strings::train::scenario_not_written(
                    &dir.display().to_string(),
                    &e.to_string(),
                    lang,
                )),
            })
        }
        Effect::Record(saved) => match keeper.record(&saved) {
            Recorded::Saved | Recorded::Skipped | Recorded::StillFailing => None,
            recorded => Some(Action::Recorded(recorded)),
        },
        Effect::FindCalls(audience) => Some(Action::CallsFound(Box::new(keeper.offers(
            wizard.loaded,
            audience,
            std::time::SystemTime::now(),
        )))),
        Effect::ClaimCall(id) => Some(match keeper.claim(&id, wizard.lang()) {
            Ok(saved) => Action::CallClaimed(Box::new(saved)),
            Err(reason) => Action::ClaimFailed(reason),
        }),
        Effect::WriteSummary {
            summary,
            call_id,
            ended_at,
        } => Some(
            match keeper.write_summary(&summary, &call_id, wizard.lang()) {
                Ok(files) => Action::SummaryWritten(SummarySaved { files, ended_at }),
                Err(reason) => Action::SummaryFailed(reason),
            },
        ),
        Effect::CopyText(text) => {
            let _ = clipboard.write_all(osc52(&text).as_bytes());
            let _ = clipboard.flush();
            None
        }
    }
}
