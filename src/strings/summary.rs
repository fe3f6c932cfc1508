//! The words of a call's saved summary (the record and the long form), in English and French.

use crate::pathway::Lang;

/// The summary's own words in one language; the outcome's are in [`super::Strings`].
#[derive(Debug, Clone, Copy)]
pub struct SummaryWords {
    /// Opens the long form, before the pathway's title.
    pub title: &'static str,
    /// Opens the record, before the call's times.
    pub record: &'static str,
    pub pathway: &'static str,
    pub started: &'static str,
    pub ended: &'static str,
    pub staff_note: &'static str,
}

const EN: SummaryWords = SummaryWords {
    title: "carepath summary",
    record: "carepath record",
    pathway: "Pathway",
    started: "Started",
    ended: "Ended",
    staff_note: "Staff note",
};

const FR: SummaryWords = SummaryWords {
    title: "Résumé carepath",
    record: "Fiche carepath",
    pathway: "Parcours",
    started: "Début",
    ended: "Fin",
    staff_note: "Note du personnel",
};

/// The summary's words in `lang`.
pub fn summary(lang: Lang) -> &'static SummaryWords {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}
