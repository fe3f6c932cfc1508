//! The words of a call's lifecycle (offering, resuming, saving, finishing), as typed
//! functions in English and French, shared by the wizard and the line mode.

use crate::pathway::{Audience, Lang};

/// `en` or `fr` by language.
fn pick(lang: Lang, en: String, fr: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Fr => fr,
    }
}

/// "Health line (Oslo): 811": the region's line, under the pathway's name for it, or
/// "Local line" when it gives none.
pub fn region_line(name: &str, region: &str, number: &str, lang: Lang) -> String {
    match (name, lang) {
        ("", Lang::En) => format!("Local line ({region}): {number}"),
        ("", Lang::Fr) => format!("Ligne locale ({region})\u{a0}: {number}"),
        (name, Lang::En) => format!("{name} ({region}): {number}"),
        (name, Lang::Fr) => format!("{name} ({region})\u{a0}: {number}"),
    }
}

/// "Answers that no longer apply were removed: Event type, Road closure".
pub fn answers_removed(names: &[&str], lang: Lang) -> String {
    let names = names.join(", ");
    pick(
        lang,
        format!("Answers that no longer apply were removed: {names}"),
        format!("Les réponses qui ne s'appliquent plus ont été retirées\u{a0}: {names}"),
    )
}

/// The heading above the interrupted calls offered for resume.
pub fn offers_heading(audience: Audience, count: usize, lang: Lang) -> String {
    match (audience, lang) {
        (Audience::Staff, Lang::En) => format!(
            "{count} interrupted call{} on this computer, not finished. Start a new call, or \
             resume one if it is this caller's:",
            plural(count)
        ),
        (Audience::Staff, Lang::Fr) => format!(
            "{count} appel{} interrompu{} sur cet ordinateur, non terminé{}. Commencez un nouvel \
             appel, ou reprenez-en un s'il est celui de cette personne\u{a0}:",
            plural(count),
            plural(count),
            plural(count)
        ),
        (Audience::Patient, Lang::En) => format!(
            "{count} unfinished session{} on this computer. Start again, or go on with yours:",
            plural(count)
        ),
        (Audience::Patient, Lang::Fr) => format!(
            "{count} séance{} inachevée{} sur cet ordinateur. Recommencez, ou poursuivez la \
             vôtre\u{a0}:",
            plural(count),
            plural(count)
        ),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The first choice of the offer: a new call with nothing carried over.
pub fn start_new(audience: Audience, lang: Lang) -> &'static str {
    match (audience, lang) {
        (Audience::Staff, Lang::En) => "Start a new call",
        (Audience::Staff, Lang::Fr) => "Commencer un nouvel appel",
        (Audience::Patient, Lang::En) => "Start again from the beginning",
        (Audience::Patient, Lang::Fr) => "Recommencer depuis le début",
    }
}

/// One interrupted call offered for resume: when it started, how long ago it last changed,
/// its first answers and how many it has.
pub fn offer(
    started: &str,
    idle: &str,
    first_answers: &[String],
    answers: usize,
    lang: Lang,
) -> String {
    let firsts = if first_answers.is_empty() {
        String::new()
    } else {
        format!(" · {}", first_answers.join(" · "))
    };
    pick(
        lang,
        format!(
            "Resume the call started {started}{firsts} · {answers} answer{}, last changed {idle} ago",
            plural(answers)
        ),
        format!(
            "Reprendre l'appel commencé le {started}{firsts} · {answers} réponse{}, modifié il y a {idle}",
            plural(answers)
        ),
    )
}

/// `2026-11-24T16:30:05Z` as `2026-11-24 16:30 UTC`; anything else unchanged.
pub fn readable_time(rfc3339: &str) -> String {
    match (
        rfc3339.get(..10),
        rfc3339.get(11..16),
        rfc3339.ends_with('Z'),
    ) {
        (Some(date), Some(time), true) => format!("{date} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

/// A duration such as "5 min", "2 h", "3 days", rounded down.
pub fn idle(seconds: u64, lang: Lang) -> String {
    let (m, h, d) = (seconds / 60, seconds / 3600, seconds / 86_400);
    match (d, h, m, lang) {
        (0, 0, 0, _) => pick(lang, "under a minute".into(), "moins d'une minute".into()),
        (0, 0, m, _) => format!("{m}\u{a0}min"),
        (0, h, _, _) => format!("{h}\u{a0}h"),
        (d, _, _, Lang::En) => format!("{d} day{}", plural(d as usize)),
        (d, _, _, Lang::Fr) => format!("{d}\u{a0}jour{}", plural(d as usize)),
    }
}

/// Calls held by another carepath process, not offered.
pub fn busy(count: usize, lang: Lang) -> String {
    pick(
        lang,
        format!(
            "{count} call{} open in another carepath window {} not shown here.",
            plural(count),
            if count == 1 { "is" } else { "are" }
        ),
        format!(
            "{count} appel{} ouvert{} dans une autre fenêtre de carepath n'{} pas montré{} ici.",
            plural(count),
            plural(count),
            if count == 1 { "est" } else { "sont" },
            plural(count)
        ),
    )
}

/// Interrupted calls past the resume age, deleted.
pub fn expired(count: usize, age: &str, lang: Lang) -> String {
    pick(
        lang,
        format!(
            "{count} interrupted call{} older than {age} {} deleted.",
            plural(count),
            if count == 1 { "was" } else { "were" }
        ),
        format!(
            "{count} appel{} interrompu{} depuis plus de {age} {} été supprimé{}.",
            plural(count),
            plural(count),
            if count == 1 { "a" } else { "ont" },
            plural(count)
        ),
    )
}

/// The call was saved with another version of the pathway.
pub fn pathway_changed(saved_with: &str, now: &str, lang: Lang) -> String {
    pick(
        lang,
        format!(
            "This call was saved with version {saved_with} of the pathway; every answer was \
             checked again against version {now}."
        ),
        format!(
            "Cet appel a été enregistré avec la version {saved_with} du parcours; chaque \
             réponse a été vérifiée de nouveau avec la version {now}."
        ),
    )
}

/// The summary files were written (or written again over this call's earlier ones, when
/// `replaced`): the text record `txt`, the JSON and the FHIR QuestionnaireResponse beside it,
/// named once by their folder and the name they share, so the message stays short on a small
/// screen.
pub fn summary_saved(
    txt: &std::path::Path,
    replaced: bool,
    audience: Audience,
    lang: Lang,
) -> String {
    let dir = txt
        .parent()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let stem = txt
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let names = match lang {
        Lang::En => format!("{stem}.txt, .json and .fhir.json (FHIR) in {dir}"),
        Lang::Fr => format!("{stem}.txt, .json et .fhir.json (FHIR) dans {dir}"),
    };
    if audience == Audience::Patient {
        return pick(
            lang,
            format!("Summary saved: {names}. Saving again replaces these files."),
            format!(
                "Résumé enregistré\u{a0}: {names}. Enregistrer de nouveau remplace ces fichiers."
            ),
        );
    }
    match (replaced, lang) {
        (false, Lang::En) => format!(
            "Summary saved as this call's record: {names}. The call is finished; saving again \
             replaces these files."
        ),
        (true, Lang::En) => format!(
            "Summary saved again: this call's record ({names}) was replaced (one version per \
             call)."
        ),
        (false, Lang::Fr) => format!(
            "Résumé enregistré comme dossier de cet appel\u{a0}: {names}. L'appel est terminé; \
             enregistrer de nouveau remplace ces fichiers."
        ),
        (true, Lang::Fr) => format!(
            "Résumé enregistré de nouveau\u{a0}: le dossier de cet appel ({names}) a été \
             remplacé (une version par appel)."
        ),
    }
}

/// A save failed; the next change tries again.
pub fn not_saved(reason: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("Not saved: {reason}. carepath tries again at the next change."),
        format!("Non enregistré\u{a0}: {reason}. carepath réessaie au prochain changement."),
    )
}

/// Saving works again after failing.
pub fn saving_again(lang: Lang) -> String {
    pick(
        lang,
        "Saving works again: every answer so far is saved.".into(),
        "L'enregistrement fonctionne de nouveau\u{a0}: toutes les réponses sont enregistrées."
            .into(),
    )
}

/// The call chosen for resume is now held elsewhere, or gone.
pub fn cannot_resume(reason: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("That call cannot be resumed: {reason}"),
        format!("Cet appel ne peut pas être repris\u{a0}: {reason}"),
    )
}

/// Why a call cannot be resumed: another process holds it.
pub fn held_elsewhere(lang: Lang) -> String {
    pick(
        lang,
        "it is open in another carepath window.".into(),
        "il est ouvert dans une autre fenêtre de carepath.".into(),
    )
}

/// Why a call cannot be resumed: its file is gone or finished.
pub fn gone(lang: Lang) -> String {
    pick(
        lang,
        "it is no longer saved, or it was finished.".into(),
        "il n'est plus enregistré, ou il a été terminé.".into(),
    )
}

/// A new call has started, with nothing of the previous one.
pub fn next_call_started(lang: Lang) -> String {
    pick(
        lang,
        "The previous call is finished. New call:".into(),
        "L'appel précédent est terminé. Nouvel appel\u{a0}:".into(),
    )
}

/// What became of the call when the person left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Left<'a> {
    /// The result was shown and left: the call is finished.
    Finished,
    /// Not finished; every answer is saved, to resume.
    Saved,
    /// Not finished; no answer or note was given, so there was nothing to save.
    NothingGiven,
    /// Not finished, and not saved: `--no-save`, or the reason saving failed.
    NotSaved(Option<&'a str>),
}

/// Said when the person leaves a call (quit, end of input, end of the program).
pub fn left(how: Left, lang: Lang) -> String {
    match (how, lang) {
        (Left::Finished, _) => pick(
            lang,
            "The call is finished.".into(),
            "L'appel est terminé.".into(),
        ),
        (Left::Saved, _) => pick(
            lang,
            "The call is not finished; its answers are saved. Run carepath again to resume it."
                .into(),
            "L'appel n'est pas terminé; ses réponses sont enregistrées. Relancez carepath \
             pour le reprendre."
                .into(),
        ),
        (Left::NothingGiven, _) => pick(
            lang,
            "No answer was given, so nothing was saved.".into(),
            "Aucune réponse n'a été donnée\u{a0}: rien n'a été enregistré.".into(),
        ),
        (Left::NotSaved(None), _) => pick(
            lang,
            "The call is not finished, and nothing was saved (--no-save).".into(),
            "L'appel n'est pas terminé, et rien n'a été enregistré (--no-save).".into(),
        ),
        (Left::NotSaved(Some(reason)), _) => pick(
            lang,
            format!("The call is not finished, and its latest answers are not saved: {reason}"),
            format!(
                "L'appel n'est pas terminé, et ses dernières réponses ne sont pas \
                 enregistrées\u{a0}: {reason}"
            ),
        ),
    }
}

/// Input ended at the offer of interrupted calls: nothing changed.
pub fn offers_untouched(lang: Lang) -> String {
    pick(
        lang,
        "Nothing was changed: the interrupted calls are still saved.".into(),
        "Rien n'a été modifié\u{a0}: les appels interrompus sont toujours enregistrés.".into(),
    )
}
