//! `carepath diff OLD NEW`: what changes, path by path, between two versions of a pathway.

use std::path::Path;
use std::process::ExitCode;

use crate::authoring::diff::diff;
use crate::cli::load_checked;
use crate::pathway::Lang;
use crate::pathway::load::PathwaySource;

/// Exit code when a file cannot be read or fails `check`.
const BAD_FILE: u8 = 2;

/// Prints the report; exit 0 when nothing changed, 1 when something did (or the comparison
/// hit its limit), 2 when a file cannot be read or fails `check`.
pub fn run(old: &Path, new: &Path, lang: Lang) -> ExitCode {
    let checked =
        |p: &Path| load_checked(&PathwaySource::File(p.to_path_buf()), "before comparing");
    let (Some(old), Some(new)) = (checked(old), checked(new)) else {
        return ExitCode::from(BAD_FILE);
    };
    let report = diff(&old, &new, lang);
    out!("{}", report.to_text());
    if report.changed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
