//! The summary a staff member pastes into the record, as text and JSON, and the OSC 52
//! sequence that puts text on the clipboard.

use base64::Engine as _;
use serde::Serialize;

use crate::outcome::{CoverageJson, FacilityJson, Outcome, PathwayRef};
use crate::pathway::{Audience, Lang, Pathway};
use crate::strings::strings;
use crate::summary::outcome_text;

/// A finished session, ready to save or copy.
#[derive(Debug, Clone)]
pub struct Summary {
    pub json: SummaryJson,
    pub text: String,
    /// The call as a FHIR R4 QuestionnaireResponse (see [`crate::fhir`]).
    pub fhir: serde_json::Value,
}

/// The summary as JSON. Holds no personal data beyond the answers and the staff note.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryJson {
    pub pathway: PathwayRef,
    /// `staff` or `patient`.
    pub mode: String,
    /// `en` or `fr`.
    pub lang: String,
    pub started_at: String,
    pub ended_at: String,
    /// The answers in the order the path asked them.
    pub answers: Vec<AnsweredJson>,
    /// The outcome node's id.
    pub outcome: String,
    pub route: String,
    pub also: Vec<String>,
    pub referral_to: Option<String>,
    pub headline: String,
    /// The main route's reason (with its rule), then one per route offered alongside.
    pub reasons: Vec<ReasonJson>,
    pub facility: Option<FacilityJson>,
    pub coverage: Vec<CoverageJson>,
    pub flags: Vec<FlagJson>,
    pub evidence: Option<EvidenceSummaryJson>,
    /// Citations of every source the outcome draws on, in first-cited order.
    pub sources: Vec<String>,
    /// The staff note, without control characters; may be empty.
    pub note: String,
    pub disclaimer: String,
}

/// One answered question.
#[derive(Debug, Clone, Serialize)]
pub struct AnsweredJson {
    pub question: String,
    /// The question as the summary's mode words it (staff or patient).
    pub question_text: String,
    pub answers: Vec<String>,
    pub labels: Vec<String>,
}

/// Why a route is offered.
#[derive(Debug, Clone, Serialize)]
pub struct ReasonJson {
    pub route: String,
    /// The routing rule, for the main route; none for routes offered alongside.
    pub rule: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlagJson {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceSummaryJson {
    pub indication: String,
    pub strength: String,
    pub summary: String,
}

/// The summary's own words (to move into `strings.rs` alongside the rest).
struct SummaryWords {
    title: &'static str,
    pathway: &'static str,
    started: &'static str,
    ended: &'static str,
    staff_note: &'static str,
}

const EN: SummaryWords = SummaryWords {
    title: "carepath summary",
    pathway: "Pathway",
    started: "Started",
    ended: "Ended",
    staff_note: "Staff note",
};

const FR: SummaryWords = SummaryWords {
    title: "Résumé carepath",
    pathway: "Parcours",
    started: "Début",
    ended: "Fin",
    staff_note: "Note du personnel",
};

fn words(lang: Lang) -> &'static SummaryWords {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

/// Builds the summary of a finished session in both forms. The note is cleaned of control
/// characters first (see [`clean_note`]).
#[allow(clippy::too_many_arguments)]
pub fn build_summary(
    p: &Pathway,
    sha256: &str,
    outcome: &Outcome,
    audience: Audience,
    lang: Lang,
    started_at: &str,
    ended_at: &str,
    note: &str,
) -> Summary {
    let note = clean_note(note);
    let answers: Vec<AnsweredJson> = outcome
        .trace
        .iter()
        .map(|step| {
            let question = p.question(&step.question);
            AnsweredJson {
                question: step.question.clone(),
                question_text: question
                    .map(|q| q.prompt.for_audience(audience).get(lang).to_string())
                    .unwrap_or_else(|| step.question.clone()),
                answers: step.answers.clone(),
                labels: step
                    .answers
                    .iter()
                    .map(|a| {
                        question
                            .and_then(|q| q.option(a))
                            .map(|o| o.label.get(lang).to_string())
                            .unwrap_or_else(|| a.clone())
                    })
                    .collect(),
            }
        })
        .collect();

    let node = outcome.node;
    let route = outcome.to_json(p, sha256, lang);
    let reasons = std::iter::once(ReasonJson {
        route: node.route.clone(),
        rule: Some(node.rule.clone()),
        text: node.why.get(lang).to_string(),
    })
    .chain(outcome.also.iter().map(|a| ReasonJson {
        route: a.route.clone(),
        rule: None,
        text: a.text.get(lang).to_string(),
    }))
    .collect();
    let json = SummaryJson {
        pathway: route.pathway,
        mode: audience_code(audience).to_string(),
        lang: lang.code().to_string(),
        started_at: started_at.to_string(),
        ended_at: ended_at.to_string(),
        answers,
        outcome: route.outcome,
        route: route.route,
        also: route.also,
        referral_to: route.referral_to,
        headline: node.headline.get(lang).to_string(),
        reasons,
        facility: route.facility,
        coverage: route.coverage,
        flags: outcome
            .flags
            .iter()
            .map(|f| FlagJson {
                id: f.id.clone(),
                text: f.text.get(lang).to_string(),
            })
            .collect(),
        evidence: outcome.evidence.map(|e| EvidenceSummaryJson {
            indication: e.option.clone(),
            strength: e.strength.clone(),
            summary: e.summary.get(lang).to_string(),
        }),
        sources: outcome
            .sources(p)
            .iter()
            .map(|s| s.citation(lang))
            .collect(),
        note,
        disclaimer: p.disclaimer.get(lang).to_string(),
    };
    let text = summary_text(p, outcome, audience, lang, &json);
    let fhir = crate::fhir::questionnaire_response(p, sha256, outcome, audience, lang, ended_at);
    Summary { json, text, fhir }
}

/// The plain-text summary: header, times, answers, the outcome, then the staff note.
fn summary_text(
    p: &Pathway,
    outcome: &Outcome,
    audience: Audience,
    lang: Lang,
    json: &SummaryJson,
) -> String {
    let (w, colon) = (words(lang), strings(lang).colon);
    let mut out = format!(
        "{} — {} {}\n{}{colon}{} {} · sha256 {}\n{}{colon}{}\n{}{colon}{}\n\n{}\n",
        w.title,
        p.title.get(lang),
        p.version,
        w.pathway,
        json.pathway.id,
        json.pathway.version,
        json.pathway.sha256,
        w.started,
        json.started_at,
        w.ended,
        json.ended_at,
        strings(lang).answers_given,
    );
    for a in &json.answers {
        out.push_str(&format!(
            "  {} → {}\n",
            a.question_text,
            a.labels.join(", ")
        ));
    }
    out.push('\n');
    out.push_str(&outcome_text(p, outcome, audience, lang));
    if !json.note.trim().is_empty() {
        let mut lines = json.note.trim().lines();
        out.push('\n');
        out.push_str(&format!(
            "{}{colon}{}\n",
            w.staff_note,
            lines.next().unwrap_or_default()
        ));
        for line in lines {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

/// The note with control characters (except newline) and bidirectional-override
/// characters removed, so it cannot drive a terminal or disguise text; `\r\n` becomes `\n`.
pub fn clean_note(note: &str) -> String {
    note.chars()
        .filter(|&c| c == '\n' || !(c.is_control() || is_bidi_control(c)))
        .collect()
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `staff` or `patient`, as saved and exported.
pub fn audience_code(audience: Audience) -> &'static str {
    match audience {
        Audience::Staff => "staff",
        Audience::Patient => "patient",
    }
}

/// OSC 52 escape sequence that asks the terminal to copy `text` to the clipboard (works
/// over SSH): `ESC ] 52 ; c ; <base64> BEL`. Terminals may refuse it or cap its length.
pub fn osc52(text: &str) -> String {
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::pathway::load::PathwaySource;
    use crate::route::{collect_answers, parse_answer, route};

    /// A whole pain-medicine call (Ontario, CRPS, IV), shared with the store's tests.
    pub(crate) const ANSWERS: &[&str] = &[
        "safety=none",
        "province=on",
        "age=adult",
        "concern=both",
        "indication=crps",
        "comorbidities=depression",
        "screening=liver",
        "coverage=workers_comp",
        "administration=iv",
    ];

    /// The summary of [`ANSWERS`], started 14:00 and ended 14:09:30 on 2026-05-06.
    pub(crate) fn summary_with(audience: Audience, lang: Lang, note: &str) -> Summary {
        let loaded = PathwaySource::Bundled.load().unwrap();
        let answers = collect_answers(
            &loaded.pathway,
            ANSWERS.iter().map(|a| parse_answer(a).unwrap()),
        )
        .unwrap();
        let routed = route(&loaded.pathway, &answers).unwrap();
        build_summary(
            &loaded.pathway,
            &loaded.sha256,
            &routed.outcome,
            audience,
            lang,
            "2026-05-06T14:00:00Z",
            "2026-05-06T14:09:30Z",
            note,
        )
    }

    #[test]
    fn json_holds_the_route_and_answers_in_path_order() {
        let s = summary_with(Audience::Staff, Lang::En, "");
        let v = serde_json::to_value(&s.json).unwrap();
        assert_eq!(v["pathway"]["id"], "ketamine-chronic-pain");
        assert_eq!(v["mode"], "staff");
        assert_eq!(v["lang"], "en");
        assert_eq!(v["outcome"], "pain-medicine");
        assert_eq!(v["route"], "pain_medicine");
        assert_eq!(v["also"][0], "kap_coordinated_care");
        assert_eq!(v["facility"]["province"], "on");
        assert_eq!(v["facility"]["iv"], true);
        assert_eq!(v["coverage"][0]["program"], "WSIB");
        assert_eq!(v["flags"][0]["id"], "liver");
        assert_eq!(v["evidence"]["indication"], "crps");
        assert!(!v["sources"].as_array().unwrap().is_empty());
        assert_eq!(v["note"], "");
        assert!(!v["disclaimer"].as_str().unwrap().is_empty());

        let order: Vec<&str> = s.json.answers.iter().map(|a| a.question.as_str()).collect();
        let expected: Vec<&str> = ANSWERS
            .iter()
            .map(|a| a.split('=').next().unwrap())
            .collect();
        assert_eq!(order, expected);
        for a in &s.json.answers {
            assert_eq!(a.answers.len(), a.labels.len());
            assert!(!a.question_text.is_empty());
            assert_ne!(a.labels, a.answers, "labels are words, not ids");
        }

        assert_eq!(s.json.reasons.len(), 2);
        assert_eq!(s.json.reasons[0].route, "pain_medicine");
        assert_eq!(s.json.reasons[0].rule.as_deref(), Some("R9"));
        assert_eq!(s.json.reasons[1].route, "kap_coordinated_care");
        assert_eq!(s.json.reasons[1].rule, None);
    }

    #[test]
    fn text_has_header_times_answers_outcome_and_note() {
        let s = summary_with(Audience::Staff, Lang::En, "Seen with\r\nfamily member.");
        let t = &s.text;
        assert!(
            t.starts_with("carepath summary — "),
            "{}",
            t.lines().next().unwrap()
        );
        let version = &crate::pathway::load::PathwaySource::Bundled
            .load()
            .unwrap()
            .pathway
            .version;
        assert!(
            t.lines().next().unwrap().ends_with(&format!(" {version}")),
            "{t}"
        );
        let loaded = crate::pathway::load::PathwaySource::Bundled.load().unwrap();
        assert!(
            t.contains(&format!(
                "\nPathway: ketamine-chronic-pain {version} · sha256 {}\n",
                loaded.sha256
            )),
            "{t}"
        );
        assert!(t.contains("Started: 2026-05-06T14:00:00Z\n"), "{t}");
        assert!(t.contains("Ended: 2026-05-06T14:09:30Z\n"), "{t}");
        for a in &s.json.answers {
            assert!(t.contains(&format!("  {} → ", a.question_text)), "{t}");
        }
        assert!(t.contains("[pain_medicine · rule R9]"), "{t}");
        assert!(t.contains("Clinical detail (staff only)"), "{t}");
        assert!(
            t.ends_with("Staff note: Seen with\n  family member.\n"),
            "{t}"
        );
        assert_eq!(s.json.note, "Seen with\nfamily member.");
    }

    #[test]
    fn a_patient_summary_words_the_questions_for_patients_and_names_each_answer() {
        let loaded = PathwaySource::Bundled.load().unwrap();
        let age = loaded.pathway.question("age").unwrap();
        let s = summary_with(Audience::Patient, Lang::En, "");
        let asked = &s.json.answers[2];
        assert_eq!(asked.question, "age");
        assert_eq!(asked.question_text, age.prompt.patient.en);
        assert_ne!(asked.question_text, age.prompt.staff.en);
        assert!(s.text.contains(&format!("  {} → ", age.prompt.patient.en)));
        assert!(!s.text.contains(&age.prompt.staff.en), "{}", s.text);
        // The trail of the result names the question of every answer.
        let trail = format!(
            "{}: {}",
            age.name().en,
            age.option("adult").unwrap().label.en
        );
        assert!(s.text.contains(&trail), "{}", s.text);
        let staff = summary_with(Audience::Staff, Lang::En, "");
        assert_eq!(staff.json.answers[2].question_text, age.prompt.staff.en);
    }

    #[test]
    fn an_empty_note_adds_no_line_and_patients_get_no_staff_detail() {
        let s = summary_with(Audience::Patient, Lang::En, "  \n");
        assert!(!s.text.contains("Staff note"), "{}", s.text);
        assert!(!s.text.contains("Clinical detail"), "{}", s.text);
        assert_eq!(s.json.mode, "patient");
    }

    #[test]
    fn french_summary_uses_french_words() {
        let s = summary_with(Audience::Staff, Lang::Fr, "note");
        assert!(s.text.starts_with("Résumé carepath — "), "{}", s.text);
        // A no-break space before the French colon.
        assert!(s.text.contains("Début\u{a0}: "), "{}", s.text);
        assert!(
            s.text.contains("Note du personnel\u{a0}: note"),
            "{}",
            s.text
        );
        assert_eq!(s.json.lang, "fr");
    }

    #[test]
    fn control_characters_never_reach_the_text_or_json() {
        let s = summary_with(
            Audience::Staff,
            Lang::En,
            "a\x1b[31mred\x07\tb\u{9b}c\u{202e}d\u{0}",
        );
        assert_eq!(s.json.note, "a[31mredbcd");
        let note_line = s.text.lines().last().unwrap();
        assert_eq!(note_line, "Staff note: a[31mredbcd");
        assert!(!s.text.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn osc52_decodes_back_to_the_input() {
        for text in [
            "",
            "hello",
            "carepath summary — Kétamine\nline two\u{1F600}",
        ] {
            let seq = osc52(text);
            let payload = seq
                .strip_prefix("\x1b]52;c;")
                .and_then(|s| s.strip_suffix('\x07'))
                .unwrap();
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(payload)
                .unwrap();
            assert_eq!(String::from_utf8(decoded).unwrap(), text);
        }
    }
}
