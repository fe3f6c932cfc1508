//! `carepath diff OLD NEW`: what changes, path by path, between two versions of a pathway.

use std::path::Path;
use std::process::ExitCode;

use crate::authoring::diff::diff;
use crate::diagnostics::{Style, render_load_error, render_problem};
use crate::pathway::validate::{Severity, validate};
use crate::pathway::{Lang, Loaded, load_file};

/// Exit code when a file cannot be read or fails `check`.
const BAD_FILE: u8 = 2;

/// Prints the report; exit 0 when nothing changed, 1 when something did (or the comparison
/// hit its limit), 2 when a file cannot be read or fails `check`.
pub fn run(old: &Path, new: &Path, lang: Lang) -> ExitCode {
    let (Some(old), Some(new)) = (load_checked(old), load_checked(new)) else {
        return ExitCode::from(BAD_FILE);
    };
    let report = diff(&old, &new, lang);
    print!("{}", report.to_text());
    if report.changed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Loads a file that must pass `check`, printing located errors when it does not.
fn load_checked(path: &Path) -> Option<Loaded> {
    let style = Style::for_stderr();
    let loaded = match load_file(path) {
        Ok(l) => l,
        Err(e) => {
            eprint!("{}", render_load_error(style, &e));
            return None;
        }
    };
    let report = validate(&loaded);
    if report.errors() == 0 {
        return Some(loaded);
    }
    for problem in report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
    {
        eprint!(
            "{}",
            render_problem(style, &loaded.name, &loaded.text, problem)
        );
    }
    eprintln!(
        "{}: {} errors; fix them (see `carepath check`) before comparing",
        loaded.name,
        report.errors()
    );
    None
}
