//! `carepath export`: the pathway in a format other software reads (FHIR R4), on stdout.

use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use crate::cli::load_or_report;
use crate::pathway::Audience;
use crate::pathway::load::PathwaySource;

/// The formats `--format` takes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// A FHIR R4 Questionnaire, as JSON.
    Fhir,
}

/// Prints the pathway `file` (or `source`) in `format`, its questions worded for
/// `audience`; exit 1 when the pathway cannot be loaded or does not pass `check`.
pub fn run(
    source: &PathwaySource,
    file: Option<&Path>,
    format: ExportFormat,
    audience: Audience,
) -> ExitCode {
    let source = match file {
        Some(f) => PathwaySource::File(f.to_path_buf()),
        None => source.clone(),
    };
    let Some(loaded) = load_or_report(&source) else {
        return ExitCode::FAILURE;
    };
    match format {
        ExportFormat::Fhir => {
            let questionnaire = crate::fhir::questionnaire(&loaded.pathway, audience);
            match serde_json::to_string_pretty(&questionnaire) {
                Ok(json) => outln!("{json}"),
                Err(e) => {
                    eprintln!("error: cannot write the Questionnaire: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    ExitCode::SUCCESS
}
