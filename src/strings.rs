//! Every sentence the program itself shows (not the pathway's), in English and French.

use crate::pathway::Lang;

/// The program's own words in one language.
#[derive(Debug, Clone, Copy)]
pub struct Strings {
    pub route: &'static str,
    pub also: &'static str,
    pub why: &'static str,
    pub answers_given: &'static str,
    pub rule: &'static str,
    pub facility: &'static str,
    pub next_steps: &'static str,
    pub coverage: &'static str,
    pub safety: &'static str,
    pub evidence: &'static str,
    pub strength: &'static str,
    pub sources: &'static str,
    pub staff_detail: &'static str,
    pub no_regulator: &'static str,
}

const EN: Strings = Strings {
    route: "Route",
    also: "Alongside",
    why: "Why",
    answers_given: "Answers",
    rule: "rule",
    facility: "Facility",
    next_steps: "Next steps",
    coverage: "Coverage",
    safety: "Safety",
    evidence: "Evidence",
    strength: "strength",
    sources: "Sources",
    staff_detail: "Clinical detail (staff only)",
    no_regulator: "no regulator named",
};

const FR: Strings = Strings {
    route: "Orientation",
    also: "En parallèle",
    why: "Pourquoi",
    answers_given: "Réponses",
    rule: "règle",
    facility: "Établissement",
    next_steps: "Prochaines étapes",
    coverage: "Couverture",
    safety: "Sécurité",
    evidence: "Données probantes",
    strength: "force",
    sources: "Sources",
    staff_detail: "Détails cliniques (personnel seulement)",
    no_regulator: "aucun ordre désigné",
};

/// The program's words in `lang`.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}
