//! `carepath check`: every problem in each pathway file, and the number of distinct paths.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::diagnostics::{SourceFile, Style, not_shown, render_load_error, shown_problems};
use crate::pathway::load::PathwaySource;
use crate::pathway::validate::{Review, validate_with};
use crate::sanitize::shown;

/// Checks each file (the bundled pathway when none, or `--pathway`); exit 1 on any error.
/// Sources last checked more than `review_months` ago are warned about.
pub fn run(files: &[PathBuf], pathway: Option<&Path>, review_months: u32) -> ExitCode {
    let review = Review::now(review_months);
    let sources: Vec<PathwaySource> = if files.is_empty() {
        vec![pathway.map_or(PathwaySource::Bundled, |p| {
            PathwaySource::File(p.to_path_buf())
        })]
    } else {
        files.iter().cloned().map(PathwaySource::File).collect()
    };
    let style = Style::for_stderr();
    let mut failed = false;
    for source in &sources {
        let loaded = match source.load() {
            Ok(l) => l,
            Err(e) => {
                err!("{}", render_load_error(style, &e));
                errln!(
                    "{}: not checked further: the file could not be read as a pathway",
                    name_of(source)
                );
                failed = true;
                continue;
            }
        };
        let report = validate_with(&loaded, review);
        let source = SourceFile::new(&loaded.name, &loaded.text);
        for problem in shown_problems(&report.problems) {
            err!("{}", source.render_problem(style, problem));
        }
        if let Some(rest) = not_shown(&loaded.name, &report.problems, report.unlisted) {
            errln!("{rest}");
        }
        let p = &loaded.pathway;
        let paths = match &report.paths {
            Some(stats) => {
                let per: Vec<String> = stats
                    .per_outcome
                    .iter()
                    .map(|(o, n)| format!("{} {n}", shown(o)))
                    .collect();
                format!("{} distinct paths ({})", stats.distinct, per.join(", "))
            }
            None => "paths not enumerated".to_string(),
        };
        let verdict = if report.errors() == 0 { "ok" } else { "FAILED" };
        outln!(
            "{}: {verdict}: {} {} · {} questions, {} outcomes · {paths} · {} · {}",
            shown(&loaded.name),
            shown(&p.id),
            p.version,
            p.questions().count(),
            p.outcomes().count(),
            count(report.errors(), "error"),
            count(report.warnings(), "warning")
        );
        failed |= report.errors() > 0;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn name_of(source: &PathwaySource) -> String {
    match source {
        PathwaySource::Bundled => crate::pathway::load::BUNDLED_NAME.to_string(),
        PathwaySource::File(p) => crate::sanitize::shown_path(p),
    }
}

/// `0 errors`, `1 error`, `2 errors`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}
