//! The text of a result and the summary of a finished call, through the library: the first
//! line of a result, and a call's record, long form and JSON in both languages and modes.

use carepath::export::{Summary, SummaryOf, build_summary};
use carepath::pathway::load::PathwaySource;
use carepath::pathway::{Audience, Lang};
use carepath::route::{collect_answers, parse_answer, route};
use carepath::summary::outcome_text;
use jiff::tz::TimeZone;
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------------------
// the first line of a result
// ---------------------------------------------------------------------------

/// The first line of the result of a pain-medicine call in `province` given `how`.
fn first_line(province: &str, how: &str) -> String {
    let loaded = PathwaySource::Bundled.load().unwrap();
    let answers = [
        "safety=none".to_string(),
        format!("province={province}"),
        "age=adult".into(),
        "concern=pain".into(),
        "indication=crps".into(),
        "comorbidities=none".into(),
        "screening=none".into(),
        "coverage=none".into(),
        format!("administration={how}"),
    ];
    let answers = collect_answers(
        &loaded.pathway,
        answers.iter().map(|a| parse_answer(a).unwrap()),
    )
    .unwrap();
    let routed = route(&loaded.pathway, &answers).unwrap();
    let text = outcome_text(
        &loaded.pathway,
        &routed.outcome,
        Audience::Patient,
        Lang::En,
    );
    text.lines().next().unwrap().to_string()
}

#[test]
fn the_first_line_says_what_the_region_requires_for_the_chosen_route() {
    let loaded = PathwaySource::Bundled.load().unwrap();
    let regions = &loaded.pathway.regions;
    let ontario = loaded.pathway.region("on").unwrap();
    let iv = first_line("on", "iv");
    assert!(
        iv.ends_with(&format!("— Ontario: {}", ontario.facility_type.en)),
        "{iv}"
    );
    let other = first_line("on", "non_iv");
    assert!(
        other.ends_with(&format!(
            "— Ontario: {}",
            regions.kind("lighter").unwrap().label.en
        )),
        "{other}"
    );
    for line in [iv, other, first_line("yt", "non_iv")] {
        assert!(
            !line.ends_with("— Ontario") && !line.ends_with("— Yukon"),
            "{line}"
        );
    }
}

// ---------------------------------------------------------------------------
// the summary of a call
// ---------------------------------------------------------------------------

/// A whole pain-medicine call (Ontario, CRPS, IV).
const ANSWERS: &[&str] = &[
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
fn summary_with(audience: Audience, lang: Lang, note: &str) -> Summary {
    let loaded = PathwaySource::Bundled.load().unwrap();
    let answers = collect_answers(
        &loaded.pathway,
        ANSWERS.iter().map(|a| parse_answer(a).unwrap()),
    )
    .unwrap();
    let routed = route(&loaded.pathway, &answers).unwrap();
    build_summary(&SummaryOf {
        loaded: &loaded,
        outcome: &routed.outcome,
        audience,
        lang,
        started_at: "2026-05-06T14:00:00Z",
        ended_at: "2026-05-06T14:09:30Z",
        zone: &TimeZone::get("America/Toronto").unwrap(),
        note,
    })
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

/// How many rows `text` takes on a screen `width` columns wide, lines wrapped.
fn rows(text: &str, width: usize) -> usize {
    text.lines().map(|l| l.width().div_ceil(width).max(1)).sum()
}

#[test]
fn the_record_puts_the_note_first_and_names_answers_by_their_short_names() {
    let s = summary_with(Audience::Staff, Lang::En, "Seen with\r\nfamily member.");
    let t = &s.text;
    let loaded = PathwaySource::Bundled.load().unwrap();
    let version = &loaded.pathway.version;
    let expected = format!(
        "Staff note: Seen with
  family member.
carepath record · 2026-05-06 10:00–10:09 EDT
Answers:
  Safety right now: Neither of these
  Province or territory: Ontario
  Age: 18 or older
  Main reason: Both
  Pain condition: Complex regional pain syndrome (CRPS)
  Mental health: Depression
  Health screening: Liver problems
  Coverage: Workers' compensation
  How it would be given: By IV
Route: Ask for a referral to a pain-medicine physician at an accredited clinic (rule R9)
Alongside: Ask about ketamine-assisted psychotherapy through coordinated mental-health care
Facility: Ontario (CPSO), IV ketamine: out-of-hospital premises inspected by the CPSO
Coverage: WSIB
Safety: Liver: liver blood tests before treatment and during repeated courses
Pathway: ketamine-chronic-pain {version} · sha256 {}
This is not medical advice: a licensed clinician decides on any treatment.
",
        &loaded.sha256[..12]
    );
    assert_eq!(t, &expected);
    assert_eq!(s.json.note, "Seen with\nfamily member.");
    // The UTC times stay in the JSON, with the local ones and their zone.
    assert_eq!(s.json.started_at, "2026-05-06T14:00:00Z");
    assert_eq!(s.json.started_local, "2026-05-06T10:00:00-04:00");
    assert_eq!(s.json.ended_local, "2026-05-06T10:09:30-04:00");
    assert_eq!(s.json.time_zone, "America/Toronto");
}

#[test]
fn the_record_fits_one_screen_of_80_columns_in_both_languages_and_modes() {
    for audience in [Audience::Staff, Audience::Patient] {
        for lang in [Lang::En, Lang::Fr] {
            let s = summary_with(audience, lang, "Caller prefers mornings.");
            assert!(
                rows(&s.text, 80) <= 25,
                "{} rows:\n{}",
                rows(&s.text, 80),
                s.text
            );
            assert!(
                rows(&s.full_text, 80) > 40,
                "the long form is the whole result"
            );
        }
    }
}

#[test]
fn the_long_form_keeps_the_whole_result_and_is_in_the_json() {
    let s = summary_with(Audience::Staff, Lang::En, "Seen with\r\nfamily member.");
    let t = &s.full_text;
    assert!(t.starts_with("carepath summary — "), "{t}");
    assert!(t.contains("Started: 2026-05-06T14:00:00Z\n"), "{t}");
    for a in &s.json.answers {
        assert!(t.contains(&format!("  {} → ", a.question_text)), "{t}");
    }
    assert!(t.contains("[pain_medicine · rule R9]"), "{t}");
    assert!(t.contains("Detail for staff only"), "{t}");
    assert!(t.contains("\nSources\n"), "{t}");
    assert!(
        t.ends_with("Staff note: Seen with\n  family member.\n"),
        "{t}"
    );
    assert_eq!(s.json.full_text, s.full_text);
    // The record leaves the sources and the clinical detail to the long form.
    assert!(!s.text.contains("Sources"), "{}", s.text);
    assert!(!s.text.contains("Detail for staff"), "{}", s.text);
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
    assert!(
        s.full_text
            .contains(&format!("  {} → ", age.prompt.patient.en))
    );
    assert!(
        !s.full_text.contains(&age.prompt.staff.en),
        "{}",
        s.full_text
    );
    // The record and the trail of the result name the question of every answer.
    let named = format!(
        "{}: {}",
        age.name().en,
        age.option("adult").unwrap().label.en
    );
    assert!(s.text.contains(&format!("  {named}\n")), "{}", s.text);
    assert!(s.full_text.contains(&named), "{}", s.full_text);
    // Patients read no rule.
    assert!(!s.text.contains("(rule R9)"), "{}", s.text);
    let staff = summary_with(Audience::Staff, Lang::En, "");
    assert_eq!(staff.json.answers[2].question_text, age.prompt.staff.en);
}

#[test]
fn an_empty_note_adds_no_line_and_patients_get_no_staff_detail() {
    let s = summary_with(Audience::Patient, Lang::En, "  \n");
    for t in [&s.text, &s.full_text] {
        assert!(!t.contains("Staff note"), "{t}");
        assert!(!t.contains("Detail for staff"), "{t}");
    }
    assert!(s.text.starts_with("carepath record · "), "{}", s.text);
    assert_eq!(s.json.mode, "patient");
}

#[test]
fn french_summary_uses_french_words() {
    let s = summary_with(Audience::Staff, Lang::Fr, "note");
    assert!(
        s.text
            .starts_with("Note du personnel\u{a0}: note\nFiche carepath · "),
        "{}",
        s.text
    );
    // Quebec times, and a no-break space before every French colon.
    assert!(
        s.text
            .contains("\nFiche carepath · 2026-05-06 10\u{a0}h\u{a0}00–10\u{a0}h\u{a0}09 EDT\n"),
        "{}",
        s.text
    );
    assert!(
        s.text.contains("\n  Âge\u{a0}: 18 ans ou plus\n"),
        "{}",
        s.text
    );
    assert!(
        s.text.contains("\nSécurité\u{a0}: Foie\u{a0}: analyses"),
        "{}",
        s.text
    );
    assert!(
        s.full_text.starts_with("Résumé carepath — "),
        "{}",
        s.full_text
    );
    assert!(s.full_text.contains("Début\u{a0}: "), "{}", s.full_text);
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
    assert_eq!(s.text.lines().next().unwrap(), "Staff note: a[31mredbcd");
    assert_eq!(
        s.full_text.lines().last().unwrap(),
        "Staff note: a[31mredbcd"
    );
    for t in [&s.text, &s.full_text] {
        assert!(!t.chars().any(|c| c.is_control() && c != '\n'));
    }
}
