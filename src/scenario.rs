//! Scenario files: a vignette, the answers an intake worker would give, and the expected route.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::outcome::projection::{Mismatch, Projection};
use crate::pathway::Pathway;
use crate::route::{RouteError, collect_answers, parse_answer, route};
use crate::session::AnswerMap;

/// One training and regression case.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// A short story of the caller, in plain words.
    pub vignette: String,
    /// Question id to option ids, comma-separated for multi-choice (`"depression,ptsd"`).
    pub answers: BTreeMap<String, String>,
    /// What the pathway must answer.
    pub expect: Projection,
}

/// Why a scenario could not be run at all.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ScenarioError {
    #[error("{file}: {reason}")]
    Io { file: String, reason: String },
    #[error("{file}:{line}:{col}: {message}")]
    Syntax {
        file: String,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{file}: {error}")]
    Route { file: String, error: RouteError },
}

impl Scenario {
    /// Reads a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let file = path.display().to_string();
        let io = |reason: String| ScenarioError::Io {
            file: file.clone(),
            reason,
        };
        let bytes = crate::files::read_limited(path).map_err(|e| io(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            io(format!(
                "it is not UTF-8 text (byte {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Scenario::parse(&file, &text)
    }

    /// Parses scenario text that came from `file`. The name and the vignette are made safe
    /// to print, as a pathway's texts are; answers and expectations are ids, shown through
    /// [`crate::sanitize`] wherever they are printed.
    pub fn parse(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
        let mut scenario: Scenario =
            ron::Options::default()
                .from_str(text)
                .map_err(|e| ScenarioError::Syntax {
                    file: file.to_string(),
                    line: e.span.start.line,
                    col: e.span.start.col,
                    message: e.code.to_string(),
                })?;
        use crate::sanitize::{Lines, visible};
        if let Cow::Owned(name) = visible(&scenario.name, Lines::One) {
            scenario.name = name;
        }
        if let Cow::Owned(vignette) = visible(&scenario.vignette, Lines::Many) {
            scenario.vignette = vignette;
        }
        Ok(scenario)
    }

    /// The answers as the engine takes them.
    pub fn answer_map(&self, p: &Pathway) -> Result<AnswerMap, RouteError> {
        collect_answers(
            p,
            self.answers
                .iter()
                .map(|(q, a)| parse_answer(&format!("{q}={a}")))
                .collect::<Result<Vec<_>, _>>()?,
        )
    }

    /// What the pathway actually answers for this scenario.
    pub fn actual(&self, p: &Pathway) -> Result<Projection, RouteError> {
        let answers = self.answer_map(p)?;
        let routed = route(p, &answers)?;
        Ok(Projection::of(&routed.outcome))
    }

    /// Runs the scenario: the fields that differ from the expectation (empty when it passes).
    pub fn check(&self, p: &Pathway) -> Result<Vec<Mismatch>, RouteError> {
        Ok(self.expect.differences(&self.actual(p)?))
    }
}

/// The scenario files in a directory, sorted by name.
pub fn scenario_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    Ok(files)
}

/// The scenarios bundled with the binary: (file name, text).
pub const BUNDLED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled_scenarios.rs"));
