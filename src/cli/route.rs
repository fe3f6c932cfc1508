//! `carepath route`: a complete set of answers in, the outcome out (text or JSON).

use std::process::ExitCode;

use crate::cli::{Format, load_or_report};
use crate::pathway::load::PathwaySource;
use crate::pathway::{Audience, Lang};
use crate::route::{RouteError, collect_answers, parse_answer, route};
use crate::sanitize::shown;
use crate::summary::outcome_text;

/// Exit code for answers the pathway cannot take.
const BAD_INPUT: u8 = 2;

pub fn run(
    source: &PathwaySource,
    args: &[String],
    format: Format,
    audience: Audience,
    lang: Lang,
) -> ExitCode {
    let Some(loaded) = load_or_report(source) else {
        return ExitCode::FAILURE;
    };
    let p = &loaded.pathway;
    let routed = args
        .iter()
        .map(|a| parse_answer(a))
        .collect::<Result<Vec<_>, _>>()
        .and_then(|answers| collect_answers(p, answers))
        .and_then(|answers| route(p, &answers));
    let routed = match routed {
        Ok(r) => r,
        Err(e) => {
            errln!("error: {}", shown(&e.to_string()));
            if matches!(e, RouteError::Missing { .. }) {
                errln!("hint: add --answer QUESTION=OPTION for it and run again");
            }
            if matches!(e, RouteError::Stuck(_)) {
                // The pathway is at fault, not the answers.
                errln!("hint: run `carepath check` on the pathway file");
                return ExitCode::FAILURE;
            }
            return ExitCode::from(BAD_INPUT);
        }
    };
    for (q, a) in &routed.ignored {
        let q = shown(q);
        errln!(
            "note: ignored `{q}={}`: this path never asks `{q}`",
            shown(&a.join(","))
        );
    }
    match format {
        Format::Json => {
            let json = routed.outcome.to_json(p, &loaded.sha256, lang);
            match serde_json::to_string_pretty(&json) {
                Ok(s) => outln!("{s}"),
                Err(e) => {
                    errln!("error: cannot write JSON: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        Format::Text => out!("{}", outcome_text(p, &routed.outcome, audience, lang)),
    }
    ExitCode::SUCCESS
}
