//! Trainer mode's sentences that carry values (score, walkthrough step), as typed functions
//! in English and French.

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
}
