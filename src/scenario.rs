//! Scenario files: a vignette, the answers an intake worker would give, and the expected route.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::outcome::projection::{Mismatch, Projection};
use crate::pathway::{Pathway, Text};
use crate::route::{RouteError, collect_answers, parse_answer, route};
use crate::session::AnswerMap;

/// One training and regression case.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A plain string, or `(en: …, fr: …)` for a name in both languages.
    #[serde(with = "plain_or_both")]
    pub name: Text,
    /// A short story of the caller, in plain words: a plain string, or `(en: …, fr: …)`.
    #[serde(with = "plain_or_both")]
    pub vignette: Text,
    /// Question id to option ids, comma-separated for multi-choice (`"food,music"`).
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
        let name = &mut scenario.name;
        let vignette = &mut scenario.vignette;
        for (text, lines) in [
            (&mut name.en, Lines::One),
            (&mut name.fr, Lines::One),
            (&mut vignette.en, Lines::Many),
            (&mut vignette.fr, Lines::Many),
        ] {
            if let Cow::Owned(safe) = visible(text, lines) {
                *text = safe;
            }
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

/// A scenario's name or vignette as its file writes it: a plain string when it is in English
/// only (as every scenario file before French could be given), else `(en: …, fr: …)`.
mod plain_or_both {
    use serde::de::{self, Deserializer, MapAccess, Visitor};
    use serde::{Deserialize, Serialize, Serializer};

    use crate::pathway::Text;

    pub fn serialize<S: Serializer>(text: &Text, s: S) -> Result<S::Ok, S::Error> {
        if text.fr.is_empty() {
            s.serialize_str(&text.en)
        } else {
            text.serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct PlainOrBoth;
        impl<'de> Visitor<'de> for PlainOrBoth {
            type Value = Text;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(r#"a string, or (en: "…", fr: "…")"#)
            }

            fn visit_str<E: de::Error>(self, en: &str) -> Result<Text, E> {
                Ok(Text {
                    en: en.to_string(),
                    fr: String::new(),
                })
            }

            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Text, M::Error> {
                Text::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_any(PlainOrBoth)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pathway::Lang;

    fn scenario(name: &str, vignette: &str) -> String {
        format!(
            r#"Scenario(name: {name}, vignette: {vignette}, answers: {{"safety": "crisis"}},
                expect: (outcome: Some("emergency"), route: "emergency"))"#
        )
    }

    #[test]
    fn a_name_and_a_vignette_may_carry_french_and_plain_ones_still_read() {
        let both = scenario(
            r#"(en: "A caller in crisis", fr: "Une personne en crise")"#,
            r#"(en: "She calls.", fr: "Elle appelle.")"#,
        );
        let s = Scenario::parse("both.ron", &both).unwrap();
        assert_eq!(s.name.get(Lang::Fr), "Une personne en crise");
        assert_eq!(s.vignette.get(Lang::En), "She calls.");
        let plain = Scenario::parse("plain.ron", &scenario(r#""Crisis""#, r#""Calls.""#)).unwrap();
        assert_eq!(plain.name.get(Lang::Fr), "Crisis", "English stands in");
        // Written back as they were given.
        for s in [s, plain] {
            let text = ron::to_string(&s).unwrap();
            assert_eq!(Scenario::parse("back.ron", &text).unwrap().name, s.name);
        }
        assert!(
            ron::to_string(&Scenario::parse("p.ron", &scenario(r#""Crisis""#, r#""C""#)).unwrap())
                .unwrap()
                .contains(r#"name:"Crisis""#)
        );
    }

    #[test]
    fn a_french_name_is_made_safe_to_print_and_a_typo_is_located() {
        let s = scenario(r#"(en: "A", fr: "B\u{1b}[2J")"#, r#""V""#);
        let s = Scenario::parse("s.ron", &s).unwrap();
        assert!(!s.name.fr.contains('\u{1b}'), "{:?}", s.name.fr);
        let typo = scenario(r#"(en: "A", french: "B")"#, r#""V""#);
        let e = Scenario::parse("typo.ron", &typo).unwrap_err().to_string();
        assert!(e.starts_with("typo.ron:1:"), "{e}");
        assert!(e.contains("french"), "{e}");
    }
}
