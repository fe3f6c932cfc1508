//! `carepath scenarios`: runs scenario files against the pathway, a line per scenario.

use std::path::Path;
use std::process::ExitCode;

use crate::authoring::coverage::Exercised;
use crate::cli::load_or_report;
use crate::pathway::load::PathwaySource;
use crate::route::route;
use crate::sanitize::shown;
use crate::scenario::{BUNDLED, Scenario, scenario_files};

/// Runs every scenario in `dir` (the bundled ones when none); exit 1 on any failure. With
/// `coverage`, also lists the options, rules and outcomes no scenario exercises; with
/// `require_full`, any of those is a failure too, said on stderr.
pub fn run(
    source: &PathwaySource,
    dir: Option<&Path>,
    coverage: bool,
    require_full: bool,
) -> ExitCode {
    let Some(loaded) = load_or_report(source) else {
        return ExitCode::FAILURE;
    };
    let p = &loaded.pathway;
    let parsed: Vec<(String, Result<Scenario, String>)> = match dir {
        Some(dir) => match scenario_files(dir) {
            Ok(files) => files
                .iter()
                .map(|f| {
                    (
                        crate::sanitize::shown_path(f),
                        Scenario::load(f).map_err(|e| e.to_string()),
                    )
                })
                .collect(),
            Err(e) => {
                errln!(
                    "error: cannot read the directory {}: {e}",
                    crate::sanitize::shown_path(dir)
                );
                return ExitCode::FAILURE;
            }
        },
        None => BUNDLED
            .iter()
            .map(|(name, text)| {
                let file = format!("pathways/scenarios/{name}");
                let s = Scenario::parse(&file, text).map_err(|e| e.to_string());
                (file, s)
            })
            .collect(),
    };
    if parsed.is_empty() {
        errln!("error: no scenario files (*.ron) found");
        return ExitCode::FAILURE;
    }
    let (mut passed, mut failed) = (0, 0);
    let mut exercised = Exercised::new();
    for (file, scenario) in &parsed {
        if let Ok(s) = scenario
            && let Ok(routed) = s.answer_map(p).and_then(|a| route(p, &a))
        {
            exercised.record(&routed.outcome);
        }
        let result = scenario.as_ref().map_err(Clone::clone).and_then(|s| {
            s.check(p)
                .map_err(|e| format!("{file}: {e}"))
                .map(|d| (s, d))
        });
        match result {
            Ok((s, diffs)) if diffs.is_empty() => {
                passed += 1;
                outln!("ok    {file}  {}", shown(&s.name.en));
            }
            Ok((s, diffs)) => {
                failed += 1;
                outln!("FAIL  {file}  {}", shown(&s.name.en));
                for d in diffs {
                    outln!(
                        "        {}: expected {}, got {}",
                        d.field.scenario_key(),
                        shown(&d.expected.as_written(d.field)),
                        shown(&d.actual.as_written(d.field))
                    );
                }
            }
            Err(e) => {
                failed += 1;
                outln!("FAIL  {file}");
                outln!("        {}", shown(&e));
            }
        }
    }
    let mut missing = None;
    if coverage || require_full {
        let report = exercised.report(p);
        out!("{}", report.to_text());
        if require_full && !report.is_full() {
            missing = Some(report.missing_summary());
        }
    }
    outln!("{passed} passed, {failed} failed");
    if let Some(missing) = &missing {
        errln!("error: coverage is not full (--require-full): no scenario exercises {missing}");
        errln!("hint: the full list is on stdout, under \"not exercised by any scenario:\"");
    }
    let incomplete = missing.is_some();
    if failed == 0 && !incomplete {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
