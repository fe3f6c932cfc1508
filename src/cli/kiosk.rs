//! `carepath kiosk` (or `--kiosk`): the patient kiosk for a shared account, such as an SSH
//! account whose `ForceCommand` runs it. Patient mode on the bundled pathway, nothing written
//! to disk, no file or other command accepted, and the session ends after a time without a
//! key. The wizard serves a terminal; the line mode serves a client without one.

use std::process::ExitCode;
use std::time::Duration;

use super::{Cli, Command, ModeArg};
use crate::pathway::Audience;
use crate::pathway::load::PathwaySource;
use crate::strings::kiosk::refused;

/// How long a kiosk session waits for a key before it clears the screen and ends.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(10 * 60);

/// Exit status when a kiosk refuses what it was given (as clap's usage errors).
const EXIT_REFUSED: u8 = 2;

/// Runs the kiosk, or refuses with a word what a kiosk does not take.
pub fn run(cli: &Cli) -> ExitCode {
    if let Some(given) = refusal(cli) {
        eprintln!("{}", refused(&given));
        return ExitCode::from(EXIT_REFUSED);
    }
    let (idle, lang, high_contrast, plain) = match &cli.command {
        Some(Command::Kiosk {
            idle,
            lang,
            high_contrast,
            plain,
            ..
        }) => (
            idle.or(cli.idle),
            lang.lang.or(cli.lang.lang),
            *high_contrast,
            *plain,
        ),
        _ => (cli.idle, cli.lang.lang, false, false),
    };
    let idle = idle.unwrap_or(DEFAULT_IDLE);
    if idle.is_zero() {
        eprintln!("carepath kiosk: --idle must be longer than zero (such as 10m or 90s).");
        return ExitCode::from(EXIT_REFUSED);
    }
    let Some(loaded) = super::load_or_report(&PathwaySource::Bundled) else {
        return ExitCode::FAILURE;
    };
    let lang = lang.map_or_else(super::lang_from_environment, Into::into);
    let opts = crate::wizard::terminal::RunOptions {
        call: crate::keeper::CallOptions {
            audience: Some(Audience::Patient),
            lang,
            no_save: true,
            kiosk: Some(idle),
            ..Default::default()
        },
        high_contrast: high_contrast || cli.screen.high_contrast,
        no_mouse: cli.screen.no_mouse,
        trainer: None,
    };
    if plain || cli.plain || crate::plain::wanted_automatically() {
        crate::plain::run(&loaded, opts.call)
    } else {
        crate::wizard::terminal::run(&loaded, opts)
    }
}

/// What the kiosk refuses in `cli`, named for the message: a file, staff mode, another
/// command, or any other argument.
fn refusal(cli: &Cli) -> Option<String> {
    if let Some(path) = &cli.pathway.pathway {
        return Some(format!("`--pathway {}`", path.display()));
    }
    if let Some(ModeArg::Staff) = cli.mode {
        return Some("`--mode staff`".into());
    }
    match &cli.command {
        Some(Command::Kiosk { rest, .. }) => rest
            .first()
            .map(|arg| format!("`{}`", arg.to_string_lossy())),
        None => None,
        Some(_) => Some("`--kiosk` with another command".into()),
    }
}
