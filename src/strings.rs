//! Every sentence the program itself shows (not the pathway's), in English and French.
//!
//! Fixed words are fields of a struct per language; a sentence that carries values is a
//! function taking them (in the submodules), never a template filled in by its caller.
//!
//! French puts a no-break space (`\u{a0}`) before a colon and inside « », so that a wrapped
//! line never starts with either; following Canadian usage, no space comes before `?`, `!` or `;`. A key
//! named in a sentence (`?`, `!`) is not punctuation and keeps its ordinary spaces.

pub mod calls;
pub mod kiosk;
pub mod line_mode;
pub mod projection;
pub mod summary;
pub mod train;
pub mod wizard;

use crate::pathway::{Lang, Pathway};

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
    /// ": " in English; in French " : " with a no-break space, so that a wrap never starts a
    /// line with the colon.
    pub colon: &'static str,
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
    staff_detail: "Detail for staff only",
    no_regulator: "no regulator named",
    colon: ": ",
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
    staff_detail: "Détails réservés au personnel",
    no_regulator: "aucun ordre désigné",
    colon: "\u{a0}: ",
};

/// The program's words in `lang`.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

/// Key hints for a footer, such as `Enter choose`.
pub type Hints = &'static [&'static str];

/// The wizard's own words in one language; its sentences that carry values are the
/// functions of [`wizard`] and [`train`].
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub staff: &'static str,
    pub staff_hint: &'static str,
    pub patient: &'static str,
    pub patient_hint: &'static str,
    pub who: &'static str,
    pub filter: &'static str,
    pub filter_hint: &'static str,
    pub no_match: &'static str,
    pub picked: &'static str,
    pub review_title: &'static str,
    pub review_hint: &'static str,
    pub see_result: &'static str,
    pub outcome_title: &'static str,
    pub crisis_key: &'static str,
    pub crisis_close: &'static str,
    pub help_title: &'static str,
    pub help_keys: &'static [(&'static str, &'static str)],
    /// Added to the key help in trainer mode.
    pub help_keys_trainer: &'static [(&'static str, &'static str)],
    pub help_close: &'static str,
    /// `?` opens the help and `q` quits: every footer ends with these two, except while a
    /// note is typed.
    pub key_help: &'static str,
    pub key_quit: &'static str,
    /// Each screen's own key hints, most useful first: a narrow footer drops them from the
    /// end, never the help and quit.
    pub keys_start: Hints,
    pub keys_resume: Hints,
    pub keys_crisis_staff: Hints,
    pub keys_crisis: Hints,
    pub keys_single: Hints,
    pub keys_multi: Hints,
    pub keys_review: Hints,
    pub keys_outcome: Hints,
    pub keys_outcome_staff: Hints,
    pub keys_note: Hints,
    pub confirm_quit: &'static str,
    pub confirm_quit_unsaved: &'static str,
    /// Ends the quit prompt on a screen with a filter.
    pub quit_or_type: &'static str,
    /// Ends the quit prompt on a screen without one.
    pub quit_or_stay: &'static str,
    pub saving_off: &'static str,
    pub saving_disabled: &'static str,
    pub note_changed: &'static str,
    /// `s` with nowhere to save: what to do instead.
    pub summary_not_saved: &'static str,
    pub copied: &'static str,
    pub note: &'static str,
    pub changing: &'static str,
    pub mode_staff: &'static str,
    pub mode_patient: &'static str,
    pub more_below: &'static str,
    pub trainer_mode: &'static str,
    pub train_title: &'static str,
    pub vignette: &'static str,
    pub start_case: &'static str,
    pub start_walkthrough: &'static str,
    pub expected: &'static str,
    pub yours: &'static str,
    pub first_difference: &'static str,
    pub not_asked: &'static str,
    pub passed: &'static str,
    pub passed_other_answers: &'static str,
    pub failed: &'static str,
    pub explained_by: &'static str,
    pub your_rule: &'static str,
    pub flag_missed: &'static str,
    pub flag_extra: &'static str,
    pub also_missed: &'static str,
    pub also_extra: &'static str,
    pub leads_intro: &'static str,
    pub opens_question: &'static str,
    pub changes_here: &'static str,
    pub keys_crisis_trainer: Hints,
    pub why_asked: &'static str,
    pub leads_to: &'static str,
    pub walkthrough_done: &'static str,
    pub scenario_written: &'static str,
    pub keys_train_list: Hints,
    pub keys_train_brief: Hints,
    pub keys_walkthrough_brief: Hints,
    pub keys_train_result: Hints,
    pub keys_walkthrough: Hints,
    pub keys_outcome_trainer: Hints,
}

const UI_EN: Ui = Ui {
    staff: "Staff",
    staff_hint: "intake on a call: short prompts, clinical detail",
    patient: "Patient",
    patient_hint: "on my own: plain words, the why and the next step",
    who: "Who is using carepath?",
    filter: "Filter",
    filter_hint: "type to filter",
    no_match: "No option matches. Ctrl-U clears the filter.",
    picked: "chosen",
    review_title: "Review your answers",
    review_hint: "Enter on an answer changes it. Enter on the last line shows the result.",
    see_result: "See the result",
    outcome_title: "Result",
    crisis_key: "F2/! crisis help",
    crisis_close: "Esc closes this panel",
    help_title: "Keys",
    help_keys_trainer: &[
        (
            "o  c",
            "trainer: the outcome of the trainee's answers · back to the comparison",
        ),
        ("w", "trainer: write these answers as a new scenario"),
        ("← →", "walkthrough: previous / next step"),
    ],
    help_keys: &[
        ("type", "filter (accents optional; option ids work too)"),
        ("Ctrl-U", "clear the filter"),
        ("↑ ↓  PgUp PgDn", "move"),
        ("Enter", "choose the highlighted option / confirm"),
        ("1–9", "choose by number (when the filter is empty)"),
        ("Space", "tick or untick (questions with several answers)"),
        (
            "Esc, Backspace",
            "go back one question (Backspace: when the filter is empty)",
        ),
        ("F2, !", "crisis help: 911 and the 9-8-8 line"),
        ("?  F4", "this help · français / English"),
        ("q q, Ctrl-C", "quit"),
        (
            "s y n r N",
            "result: save summary, copy it, staff note, review, next call",
        ),
    ],
    help_close: "Esc or ? closes this help",
    key_help: "? keys",
    key_quit: "q quit",
    keys_crisis: &["Esc back if chosen by mistake"],
    keys_crisis_staff: &["Esc back if chosen by mistake", "N next call"],
    keys_start: &["↑↓ move", "Enter choose", "1/2"],
    keys_resume: &["Enter choose", "n new call", "↑↓ move", "Esc back"],
    keys_single: &["↑↓ Enter choose", "Esc back", "type filters"],
    keys_multi: &["Space tick", "Enter confirm", "Esc back", "↑↓"],
    keys_review: &["Enter change or see result", "Esc back", "↑↓"],
    keys_outcome: &["s save", "y copy", "r review", "↑↓ scroll"],
    keys_outcome_staff: &[
        "s save",
        "N next call",
        "y copy",
        "n note",
        "r review",
        "↑↓ scroll",
    ],
    keys_note: &["Type the note", "Enter done"],
    confirm_quit: "Press q again to quit (answers are saved)",
    confirm_quit_unsaved: "Press q again to quit (nothing is kept)",
    quit_or_type: ", or keep typing to filter.",
    quit_or_stay: "; any other key carries on.",
    saving_off: "Saving is off",
    saving_disabled: "Not saving (--no-save)",
    note_changed: "The note changed after the summary was saved: press s to save it again with the note.",
    summary_not_saved: "Not saving on this machine (--no-save or no state directory): press y to copy the summary instead.",
    copied: "Summary sent to the clipboard (if your terminal allows it).",
    note: "Staff note",
    changing: "Changing an earlier answer",
    mode_staff: "staff",
    mode_patient: "patient",
    more_below: "▼ more below: ↓ or Space",
    trainer_mode: "trainer (nothing saved)",
    train_title: "Trainer: choose a scenario",
    vignette: "The caller",
    start_case: "Press Enter to take the call, and answer as the intake worker would.",
    start_walkthrough: "Press Enter to step through the expected answers and where each option leads.",
    expected: "Expected",
    yours: "Your answers",
    first_difference: "◀ first difference",
    not_asked: "(not asked)",
    passed: "✓ The expected route was reached.",
    passed_other_answers: "✓ The expected route was reached, but through another answer (◀): check why it differs.",
    failed: "✗ The result differs from the expected one:",
    explained_by: "The rule that explains the expected route",
    your_rule: "The rule your answers met",
    flag_missed: "A safety point the expected answers raise and yours do not",
    flag_extra: "A safety point only your answers raise",
    also_missed: "Offered alongside on the expected route, not on yours",
    also_extra: "Offered alongside only with your answers",
    leads_intro: "Where each option ends if the rest of the call goes as expected:",
    opens_question: "then asks",
    changes_here: "changes: ",
    keys_crisis_trainer: &["Enter compare with the scenario", "Esc back"],
    why_asked: "Why the pathway asks this",
    leads_to: "leads to",
    walkthrough_done: "Every expected answer is shown. Press Enter for the comparison.",
    scenario_written: "Scenario written (add the vignette):",
    keys_train_list: &["Enter choose", "type to filter", "↑↓"],
    keys_train_brief: &["Enter take the call", "Esc back to the list"],
    keys_walkthrough_brief: &["Enter step through", "Esc back to the list"],
    keys_train_result: &["Enter next", "o outcome", "Esc review"],
    keys_walkthrough: &["Enter/→ next step", "← previous", "Esc list"],
    keys_outcome_trainer: &["c comparison", "w write scenario", "r review", "↑↓ scroll"],
};

const UI_FR: Ui = Ui {
    staff: "Personnel",
    staff_hint: "accueil au téléphone\u{a0}: questions brèves, détails cliniques",
    patient: "Patient",
    patient_hint: "seul\u{a0}: mots simples, le pourquoi et la prochaine étape",
    who: "Qui utilise carepath?",
    filter: "Filtre",
    filter_hint: "tapez pour filtrer",
    no_match: "Aucune option ne correspond. Ctrl-U efface le filtre.",
    picked: "choisi",
    review_title: "Vérifiez vos réponses",
    review_hint: "Entrée sur une réponse la modifie. Entrée sur la dernière ligne affiche le résultat.",
    see_result: "Voir le résultat",
    outcome_title: "Résultat",
    crisis_key: "F2/! aide en crise",
    crisis_close: "Échap ferme ce panneau",
    help_title: "Touches",
    help_keys_trainer: &[
        (
            "o  c",
            "formation\u{a0}: résultat des réponses données · retour à la comparaison",
        ),
        (
            "w",
            "formation\u{a0}: écrire ces réponses comme nouveau scénario",
        ),
        ("← →", "parcours guidé\u{a0}: étape précédente / suivante"),
    ],
    help_keys: &[
        ("taper", "filtrer (accents facultatifs; les codes aussi)"),
        ("Ctrl-U", "effacer le filtre"),
        ("↑ ↓  PgPréc PgSuiv", "se déplacer"),
        ("Entrée", "choisir l'option en surbrillance / confirmer"),
        ("1–9", "choisir par numéro (filtre vide)"),
        (
            "Espace",
            "cocher ou décocher (questions à plusieurs réponses)",
        ),
        ("Échap, Retour arrière", "revenir à la question précédente"),
        ("F2, !", "aide en cas de crise\u{a0}: 911 et la ligne 9-8-8"),
        ("?  F4", "cette aide · English / français"),
        ("q q, Ctrl-C", "quitter"),
        (
            "s y n r N",
            "résultat\u{a0}: enregistrer, copier, note, revoir, suivant",
        ),
    ],
    help_close: "Échap ou ? ferme cette aide",
    key_help: "? aide",
    key_quit: "q quitter",
    keys_crisis: &["Échap retour en cas d'erreur"],
    keys_crisis_staff: &["Échap retour en cas d'erreur", "N appel suivant"],
    keys_start: &["↑↓ déplacer", "Entrée choisir", "1/2"],
    keys_resume: &[
        "Entrée choisir",
        "n nouvel appel",
        "↑↓ déplacer",
        "Échap retour",
    ],
    keys_single: &["↑↓ Entrée choisir", "Échap retour", "tapez pour filtrer"],
    keys_multi: &["Espace cocher", "Échap retour", "Entrée valider", "↑↓"],
    keys_review: &["Entrée choisir", "Échap retour", "↑↓"],
    keys_outcome: &["s enregistrer", "r revoir", "y copier", "↑↓ défiler"],
    keys_outcome_staff: &[
        "s enregistrer",
        "r revoir",
        "N suivant",
        "y copier",
        "n note",
        "↑↓ défiler",
    ],
    keys_note: &["Tapez la note", "Entrée terminé"],
    confirm_quit: "Appuyez encore sur q pour quitter (réponses enregistrées)",
    confirm_quit_unsaved: "Appuyez encore sur q pour quitter (rien n'est conservé)",
    quit_or_type: " ou tapez pour filtrer.",
    quit_or_stay: "; toute autre touche continue.",
    saving_off: "Enregistrement désactivé",
    saving_disabled: "Aucun enregistrement (--no-save)",
    note_changed: "La note a changé après l'enregistrement du résumé\u{a0}: appuyez sur s pour l'enregistrer de nouveau avec la note.",
    summary_not_saved: "Rien n'est enregistré sur cet appareil (--no-save ou aucun dossier d'état)\u{a0}: appuyez sur y pour copier le résumé.",
    copied: "Résumé envoyé au presse-papiers (si votre terminal le permet).",
    note: "Note du personnel",
    changing: "Modification d'une réponse",
    mode_staff: "personnel",
    mode_patient: "patient",
    more_below: "▼ suite plus bas\u{a0}: ↓ ou Espace",
    trainer_mode: "formation (rien n'est enregistré)",
    train_title: "Formation\u{a0}: choisissez un scénario",
    vignette: "La personne qui appelle",
    start_case: "Appuyez sur Entrée pour prendre l'appel et répondez comme le ferait l'accueil.",
    start_walkthrough: "Appuyez sur Entrée pour parcourir les réponses attendues et voir où mène chaque option.",
    expected: "Attendu",
    yours: "Vos réponses",
    first_difference: "◀ première différence",
    not_asked: "(non demandée)",
    passed: "✓ L'orientation attendue a été atteinte.",
    passed_other_answers: "✓ L'orientation attendue a été atteinte, mais par une autre réponse (◀)\u{a0}: vérifiez pourquoi elle diffère.",
    failed: "✗ Le résultat diffère de celui attendu\u{a0}:",
    explained_by: "La règle qui explique l'orientation attendue",
    your_rule: "La règle que vos réponses ont suivie",
    flag_missed: "Un point de sécurité que soulèvent les réponses attendues, mais pas les vôtres",
    flag_extra: "Un point de sécurité que seules vos réponses soulèvent",
    also_missed: "Proposé en parallèle dans l'orientation attendue, pas dans la vôtre",
    also_extra: "Proposé en parallèle seulement avec vos réponses",
    leads_intro: "Où mène chaque option si le reste de l'appel se déroule comme prévu\u{a0}:",
    opens_question: "puis demande",
    changes_here: "changements\u{a0}: ",
    keys_crisis_trainer: &["Entrée comparer au scénario", "Échap retour"],
    why_asked: "Pourquoi cette question",
    leads_to: "mène à",
    walkthrough_done: "Toutes les réponses attendues sont affichées. Entrée pour la comparaison.",
    scenario_written: "Scénario écrit (ajoutez la mise en situation)\u{a0}:",
    keys_train_list: &["Entrée choisir", "tapez pour filtrer", "↑↓"],
    keys_train_brief: &["Entrée commencer", "Échap liste"],
    keys_walkthrough_brief: &["Entrée parcourir", "Échap liste"],
    keys_train_result: &["Entrée suivant", "o résultat", "Échap revoir"],
    keys_walkthrough: &["Entrée/→ suivante", "← précédente", "Échap liste"],
    keys_outcome_trainer: &[
        "c comparaison",
        "w écrire le scénario",
        "r revoir",
        "↑↓ défiler",
    ],
};

/// The wizard's words in `lang`.
pub fn ui(lang: Lang) -> &'static Ui {
    match lang {
        Lang::En => &UI_EN,
        Lang::Fr => &UI_FR,
    }
}

/// The line mode's own words in one language; its sentences that carry values are the
/// functions of [`line_mode`].
#[derive(Debug, Clone, Copy)]
pub struct PlainWords {
    pub who: &'static str,
    pub staff: &'static str,
    pub patient: &'static str,
    /// At the offer of interrupted calls: how to choose.
    pub offers_prompt: &'static str,
    pub several: &'static str,
    /// How to answer a question: staff see the ids in brackets, patients do not.
    pub one_staff: &'static str,
    pub one_patient: &'static str,
    pub commands: &'static str,
    pub yes_words: &'static [&'static str],
    pub no_words: &'static [&'static str],
    /// A line that is not UTF-8 text.
    pub not_utf8: &'static str,
    pub review: &'static str,
    pub review_hint: &'static str,
    /// The review asked for at a question: a number picks the answer to change.
    pub review_pick: &'static str,
    pub back_at_start: &'static str,
    pub went_back: &'static str,
    pub help_staff: &'static str,
    pub help_patient: &'static str,
    pub result: &'static str,
    pub save_or_finish: &'static str,
    /// Staff also add a note, or go on to the next call.
    pub save_or_finish_staff: &'static str,
    pub not_saving: &'static str,
    pub end_of_input: &'static str,
    pub goodbye: &'static str,
    /// Typed words: back, review, help, crisis, quit, resume, new, save (each in both forms).
    pub back_words: &'static [&'static str],
    pub review_words: &'static [&'static str],
    pub help_words: &'static [&'static str],
    pub crisis_words: &'static [&'static str],
    pub quit_words: &'static [&'static str],
    pub resume_words: &'static [&'static str],
    pub new_words: &'static [&'static str],
    pub save_words: &'static [&'static str],
    pub next_words: &'static [&'static str],
    /// Followed by the note's text.
    pub note_words: &'static [&'static str],
}

const PLAIN_EN: PlainWords = PlainWords {
    who: "Who is using carepath? 1. Staff (intake on a call)  2. Patient (on my own)",
    staff: "Staff mode.",
    patient: "Patient mode.",
    offers_prompt: "Type the number of your choice (Enter: 1, start afresh). The interrupted calls stay saved until they are resumed or too old.",
    several: "Several answers allowed: type them separated by commas.",
    one_staff: "Type a number, an id, or a few letters of the answer.",
    one_patient: "Type the number or a few letters of the answer.",
    commands: "Words that work at any question: back, review, help, crisis, quit.",
    yes_words: &["y", "yes", "o", "oui"],
    no_words: &["n", "no", "non"],
    not_utf8: "That line is not UTF-8 text (is the terminal set to another character set?). Type it again.",
    review: "Review of your answers:",
    review_hint: "Press Enter to see the result, or type a number to change that answer.",
    review_pick: "Type the number of the answer to change, or press Enter to go back to the question.",
    back_at_start: "This is the first question; there is nothing to go back to.",
    went_back: "Back to the previous question.",
    help_staff: "Answer with the number of an option, its id (shown in brackets), or a few letters of its label; carepath asks when it is unsure. Separate several answers with commas. Type back to go to the previous question, review to see all answers, crisis for crisis help, quit to stop (answers are saved).",
    help_patient: "Answer with the number of an option or a few letters of the answer; carepath asks when it is unsure. Separate several answers with commas. Type back to go to the previous question, review to see all answers, crisis for crisis help, quit to stop (answers are saved).",
    result: "Result",
    save_or_finish: "Type save to write a summary file, review to change an answer, or press Enter to finish.",
    save_or_finish_staff: "Type save to write the summary, note followed by text for a staff note, next for the next call, review to change an answer, or press Enter to finish.",
    not_saving: "Nothing is saved on this machine (--no-save).",
    end_of_input: "End of input.",
    goodbye: "Goodbye.",
    back_words: &["back", "retour"],
    review_words: &["review", "revision", "révision"],
    help_words: &["help", "aide", "?"],
    crisis_words: &["crisis", "crise", "!"],
    quit_words: &["quit", "quitter", "exit"],
    resume_words: &["resume", "reprendre", "r"],
    new_words: &["new", "nouveau", "nouvelle", "n"],
    save_words: &["save", "enregistrer", "s"],
    next_words: &["next", "suivant"],
    note_words: &["note"],
};

const PLAIN_FR: PlainWords = PlainWords {
    who: "Qui utilise carepath? 1. Personnel (accueil au téléphone)  2. Patient (seul)",
    staff: "Mode personnel.",
    patient: "Mode patient.",
    offers_prompt: "Tapez le numéro de votre choix (Entrée\u{a0}: 1, recommencer). Les appels interrompus restent enregistrés jusqu'à leur reprise ou leur expiration.",
    several: "Plusieurs réponses possibles\u{a0}: séparez-les par des virgules.",
    one_staff: "Tapez un numéro, un code ou quelques lettres de la réponse.",
    one_patient: "Tapez le numéro ou quelques lettres de la réponse.",
    commands: "Mots utilisables à chaque question\u{a0}: retour, révision, aide, crise, quitter.",
    yes_words: &["o", "oui", "y", "yes"],
    no_words: &["n", "non", "no"],
    not_utf8: "Cette ligne n'est pas du texte UTF-8 (le terminal utilise-t-il un autre jeu de caractères?). Tapez-la de nouveau.",
    review: "Révision de vos réponses\u{a0}:",
    review_hint: "Appuyez sur Entrée pour voir le résultat, ou tapez un numéro pour modifier cette réponse.",
    review_pick: "Tapez le numéro de la réponse à modifier, ou appuyez sur Entrée pour revenir à la question.",
    back_at_start: "C'est la première question; impossible de revenir en arrière.",
    went_back: "Retour à la question précédente.",
    help_staff: "Répondez par le numéro d'une option, son code (entre crochets) ou quelques lettres de son libellé; carepath vous demande confirmation en cas de doute. Séparez plusieurs réponses par des virgules. Tapez retour pour revenir à la question précédente, révision pour voir toutes les réponses, crise pour l'aide en cas de crise, quitter pour arrêter (les réponses sont enregistrées).",
    help_patient: "Répondez par le numéro d'une option ou quelques lettres de la réponse; carepath vous demande confirmation en cas de doute. Séparez plusieurs réponses par des virgules. Tapez retour pour revenir à la question précédente, révision pour voir toutes les réponses, crise pour l'aide en cas de crise, quitter pour arrêter (les réponses sont enregistrées).",
    result: "Résultat",
    save_or_finish: "Tapez enregistrer pour écrire un résumé, révision pour modifier une réponse, ou appuyez sur Entrée pour terminer.",
    save_or_finish_staff: "Tapez enregistrer pour écrire le résumé, note suivi du texte pour une note du personnel, suivant pour l'appel suivant, révision pour modifier une réponse, ou appuyez sur Entrée pour terminer.",
    not_saving: "Rien n'est enregistré sur cet appareil (--no-save).",
    end_of_input: "Fin de l'entrée.",
    goodbye: "Au revoir.",
    back_words: &["retour", "back"],
    review_words: &["révision", "revision", "review"],
    help_words: &["aide", "help", "?"],
    crisis_words: &["crise", "crisis", "!"],
    quit_words: &["quitter", "quit", "exit"],
    resume_words: &["reprendre", "resume", "r"],
    new_words: &["nouveau", "nouvelle", "new", "n"],
    save_words: &["enregistrer", "save", "s"],
    next_words: &["suivant", "next"],
    note_words: &["note"],
};

/// The line mode's words in `lang`.
pub fn plain(lang: Lang) -> &'static PlainWords {
    match lang {
        Lang::En => &PLAIN_EN,
        Lang::Fr => &PLAIN_FR,
    }
}

/// A refused answer, said to the person answering in `lang`: question names and option labels
/// instead of ids (the `route` command keeps the ids of [`AnswerError`]'s own text).
///
/// [`AnswerError`]: crate::session::AnswerError
pub fn answer_error(e: &crate::session::AnswerError, p: &Pathway, lang: Lang) -> String {
    use crate::session::AnswerError as E;
    let name = |q: &str| -> String {
        let found = p.question(q);
        found.map_or(q, |q| q.name().get(lang)).to_string()
    };
    let label = |q: &str, o: &str| -> String {
        let found = p.question(q).and_then(|q| q.option(o));
        found.map_or(o, |o| o.label.get(lang)).to_string()
    };
    let labels = |q: &str, os: &[String]| -> String {
        p.question(q)
            .map_or_else(|| os.join(", "), |q| q.labels(os, lang))
    };
    let quote = |s: &str| match lang {
        Lang::En => format!("“{s}”"),
        Lang::Fr => format!("«\u{a0}{s}\u{a0}»"),
    };
    let hint = |s: Option<String>| match (s, lang) {
        (None, _) => String::new(),
        (Some(s), Lang::En) => format!(" (did you mean {}?)", quote(&s)),
        (Some(s), Lang::Fr) => format!(" (vouliez-vous dire {}?)", quote(&s)),
    };
    let pick = |en: String, fr: String| if lang == Lang::En { en } else { fr };
    match e {
        E::UnknownQuestion {
            question,
            suggestion,
            ..
        } => {
            let (q, hint) = (quote(question), hint(suggestion.as_deref().map(name)));
            pick(
                format!("There is no question {q}{hint}."),
                format!("Il n'y a pas de question {q}{hint}."),
            )
        }
        E::UnknownOption {
            question,
            option,
            suggestion,
            valid,
        } => {
            let (o, q) = (quote(option), quote(&name(question)));
            let hint = hint(suggestion.as_deref().map(|s| label(question, s)));
            let valid = labels(question, valid);
            pick(
                format!("{o} is not an answer to {q}{hint}. The answers are: {valid}."),
                format!("{o} n'est pas une réponse à {q}{hint}. Les réponses sont\u{a0}: {valid}."),
            )
        }
        E::TooMany { question, given } => {
            let (q, n, given) = (quote(&name(question)), given.len(), labels(question, given));
            pick(
                format!("{q} takes one answer, but {n} were given: {given}."),
                format!("{q} n'accepte qu'une réponse, mais {n} ont été données\u{a0}: {given}."),
            )
        }
        E::ExclusiveWithOthers {
            question,
            exclusive,
            others,
        } => {
            let (ex, others) = (quote(&label(question, exclusive)), labels(question, others));
            pick(
                format!(
                    "{ex} cannot be combined with other answers. Other answers given: {others}."
                ),
                format!(
                    "{ex} ne se combine avec aucune autre réponse. Autres réponses données\u{a0}: {others}."
                ),
            )
        }
        E::Empty { question, valid } => {
            let (q, valid) = (quote(&name(question)), labels(question, valid));
            pick(
                format!("{q} needs at least one answer. The answers are: {valid}."),
                format!("{q} demande au moins une réponse. Les réponses sont\u{a0}: {valid}."),
            )
        }
        E::NotOnPath { question } => {
            let q = quote(&name(question));
            pick(
                format!("{q} is not asked on the current path."),
                format!("La question {q} n'est pas posée sur le parcours actuel."),
            )
        }
    }
}

/// A row's number typed so far, waiting: "Number 1: Enter chooses it, or type the next digit".
pub fn number_waiting(digits: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Number {digits}: Enter chooses it, or type the next digit"),
        Lang::Fr => {
            format!("Numéro {digits}\u{a0}: Entrée le choisit, ou tapez le chiffre suivant")
        }
    }
}
