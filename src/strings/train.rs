//! Trainer mode's sentences that carry values (score, walkthrough step, scenario files), as
//! typed functions in English and French; and the words written into a new scenario file.

use crate::pathway::Lang;

/// The score: scenarios whose first attempt reached the expected route, of those played.
pub fn score(passed: usize, played: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "Score: {passed} of {played} scenarios reached the expected route at the first attempt"
        ),
        Lang::Fr => format!(
            "Score\u{a0}: {passed} sur {played} scénarios ont mené à l'orientation attendue du \
             premier coup"
        ),
    }
}

/// "Step 2 of 9" in a walkthrough.
pub fn step_of(n: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Step {n} of {total}"),
        Lang::Fr => format!("Étape {n} sur {total}"),
    }
}

/// A new scenario file could not be written in `dir`.
pub fn scenario_not_written(dir: &str, reason: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("cannot write a scenario file in {dir}: {reason}"),
        Lang::Fr => {
            format!("impossible d'écrire un fichier de scénario dans {dir}\u{a0}: {reason}")
        }
    }
}

/// Why no scenario file was written: every name for this second is taken.
pub fn scenario_names_taken(lang: Lang) -> String {
    match lang {
        Lang::En => "too many scenario files with the same time".into(),
        Lang::Fr => "trop de fichiers de scénario portent la même heure".into(),
    }
}

// A scenario file is shared pathway data, read and edited by its authors: what carepath
// writes into one is in English, whatever the trainer's language, like the bundled ones.

/// The name of a new scenario with the same answers as `scenario`.
pub fn scenario_copy(scenario: &str) -> String {
    format!("{scenario} (copy)")
}

/// The name of a new scenario that differs from `scenario` in `changed` (`q=a,b` each).
pub fn scenario_variant(scenario: &str, changed: &[String]) -> String {
    format!("{scenario} (variant: {})", changed.join(", "))
}

/// The name of a new scenario made outside any scenario.
pub const NEW_SCENARIO: &str = "New scenario";

/// The vignette of a written scenario, for its author to replace.
pub const VIGNETTE_TO_WRITE: &str = "Describe the caller here, in two to four plain sentences.";

/// The comment that opens a written scenario file.
pub const WRITTEN_BY_TRAINER: &str =
    "// Written by carepath in trainer mode: check the answers, then write the vignette.";

/// Written instead of a scenario that could not be put in RON, and why.
pub fn scenario_not_serialised(reason: &str) -> String {
    format!("// could not write the scenario: {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_and_step_name_both_numbers_in_order() {
        assert_eq!(
            score(1, 2, Lang::En),
            "Score: 1 of 2 scenarios reached the expected route at the first attempt"
        );
        assert!(score(1, 2, Lang::Fr).starts_with("Score\u{a0}: 1 sur 2 scénarios"));
        assert_eq!(step_of(2, 9, Lang::En), "Step 2 of 9");
        assert_eq!(step_of(2, 9, Lang::Fr), "Étape 2 sur 9");
    }

    #[test]
    fn a_written_scenario_is_named_after_its_source_and_changes() {
        assert_eq!(scenario_copy("A parade in Oslo"), "A parade in Oslo (copy)");
        assert_eq!(
            scenario_variant("A parade", &["size=small".into(), "road=no".into()]),
            "A parade (variant: size=small, road=no)"
        );
    }
}
