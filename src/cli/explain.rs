//! `carepath explain ID`: what the pathway says about a question, an outcome, or a region,
//! flag or source row.

use std::process::ExitCode;

use crate::authoring::explain::explain;
use crate::cli::load_or_report;
use crate::pathway::Lang;
use crate::pathway::load::PathwaySource;

/// Exit code for an id the pathway does not have.
const UNKNOWN_ID: u8 = 2;

/// Prints the explanation; exit 2 (with a "did you mean") for an unknown id.
pub fn run(source: &PathwaySource, id: &str, lang: Lang) -> ExitCode {
    let Some(loaded) = load_or_report(source) else {
        return ExitCode::FAILURE;
    };
    match explain(&loaded.pathway, id, lang) {
        Ok(text) => {
            out!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("error: {}", crate::sanitize::shown(&e.to_string()));
            errln!("hint: `carepath graph` shows every question, option and outcome id");
            ExitCode::from(UNKNOWN_ID)
        }
    }
}
