//! The summary of a call: the record summary a staff member pastes into the medical record
//! (one screen), the long form with sources and clinical detail, the JSON that holds both,
//! and the OSC 52 sequence that puts text on the clipboard.

use base64::Engine as _;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};
use serde::Serialize;

use crate::outcome::{CoverageJson, FacilityJson, Outcome, PathwayRef};
use crate::pathway::{Audience, Lang, Loaded, Pathway};
use crate::strings::strings;
use crate::strings::summary::summary as words;
use crate::summary::outcome_text;

/// A finished session, ready to save or copy.
#[derive(Debug, Clone)]
pub struct Summary {
    pub json: SummaryJson,
    /// The record summary: the staff note, the answers by their short names, the route,
    /// facility, coverage, safety points, pathway and local times, on one screen. What `y`
    /// copies and `s` saves as text.
    pub text: String,
    /// The long form: every question as asked, the whole result with next steps, evidence,
    /// clinical detail and sources. Also in the JSON (`full_text`).
    pub full_text: String,
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
    /// RFC 3339, UTC.
    pub started_at: String,
    pub ended_at: String,
    /// The time zone the record's times are given in (an IANA name such as
    /// `America/Toronto`, or an offset).
    pub time_zone: String,
    /// `started_at` and `ended_at` in that zone, RFC 3339 with its offset.
    pub started_local: String,
    pub ended_local: String,
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
    /// The long form of the summary as text (the record summary is the `.txt` file).
    pub full_text: String,
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

/// The call's start and end in a time zone.
struct LocalTimes {
    zone: String,
    started: String,
    ended: String,
    /// For people: `2026-05-06 10:00–10:09 EDT` (in French `10 h 00`).
    span: String,
}

fn local_times(started_at: &str, ended_at: &str, zone: &TimeZone, lang: Lang) -> LocalTimes {
    let zoned = |t: &str| {
        t.parse::<Timestamp>()
            .ok()
            .map(|t| t.to_zoned_datetime(zone.clone()))
    };
    let rfc3339 = |z: &ZonedDateTime| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let day = |z: &ZonedDateTime| z.strftime("%Y-%m-%d").to_string();
    let time = |z: &ZonedDateTime| match lang {
        Lang::En => z.strftime("%H:%M").to_string(),
        Lang::Fr => format!("{}\u{a0}h\u{a0}{}", z.strftime("%H"), z.strftime("%M")),
    };
    let abbreviation = |z: &ZonedDateTime| z.strftime("%Z").to_string();
    let name = zone.iana_name().map(str::to_string);
    match (zoned(started_at), zoned(ended_at)) {
        (Some(a), Some(b)) => {
            let span = if day(&a) == day(&b) && abbreviation(&a) == abbreviation(&b) {
                format!("{} {}–{} {}", day(&a), time(&a), time(&b), abbreviation(&b))
            } else {
                format!(
                    "{} {} {} – {} {} {}",
                    day(&a),
                    time(&a),
                    abbreviation(&a),
                    day(&b),
                    time(&b),
                    abbreviation(&b)
                )
            };
            LocalTimes {
                zone: name.unwrap_or_else(|| a.strftime("%:z").to_string()),
                started: rfc3339(&a),
                ended: rfc3339(&b),
                span,
            }
        }
        // Times that do not read as RFC 3339 are shown as they are.
        _ => LocalTimes {
            zone: name.unwrap_or_default(),
            started: started_at.to_string(),
            ended: ended_at.to_string(),
            span: format!("{started_at} – {ended_at}"),
        },
    }
}

/// What a summary is made of: the pathway used, the outcome reached, who it is for and in
/// which language, when the call started and ended (RFC 3339), the time zone its times are
/// shown in, and the staff note.
#[derive(Debug, Clone, Copy)]
pub struct SummaryOf<'a> {
    pub loaded: &'a Loaded,
    pub outcome: &'a Outcome<'a>,
    pub audience: Audience,
    pub lang: Lang,
    pub started_at: &'a str,
    pub ended_at: &'a str,
    pub zone: &'a TimeZone,
    pub note: &'a str,
}

/// Builds the summary of a finished session in every form. The note is cleaned of control
/// characters first (see [`clean_note`]).
pub fn build_summary(of: &SummaryOf<'_>) -> Summary {
    let SummaryOf {
        loaded,
        outcome,
        audience,
        lang,
        started_at,
        ended_at,
        zone,
        note,
    } = *of;
    let (p, sha256) = (&loaded.pathway, loaded.sha256.as_str());
    let note = clean_note(note);
    let times = local_times(started_at, ended_at, zone, lang);
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
        time_zone: times.zone.clone(),
        started_local: times.started.clone(),
        ended_local: times.ended.clone(),
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
        full_text: String::new(),
    };
    let full_text = full_text(p, outcome, audience, lang, &json);
    let text = record_text(p, outcome, audience, lang, &json, &times);
    let fhir = crate::fhir::questionnaire_response(p, sha256, outcome, audience, lang, ended_at);
    Summary {
        json: SummaryJson {
            full_text: full_text.clone(),
            ..json
        },
        text,
        full_text,
        fhir,
    }
}

/// The record summary, built from the outcome: the staff note first, then the call's local
/// times, the answers by their short names, the route and what comes with it, and the
/// pathway. Short enough for one screen; the rest is in the long form.
fn record_text(
    p: &Pathway,
    outcome: &Outcome,
    audience: Audience,
    lang: Lang,
    json: &SummaryJson,
    times: &LocalTimes,
) -> String {
    let (w, s) = (words(lang), strings(lang));
    let colon = s.colon;
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let mut note = json.note.trim().lines();
    if let Some(first) = note.next() {
        line(format!("{}{colon}{first}", w.staff_note));
        for rest in note {
            line(format!("  {rest}"));
        }
    }
    // The pathway is named by its id and version on the last lines; its title would take
    // two rows in French.
    line(format!("{} · {}", w.record, times.span));
    line(format!("{}{}", s.answers_given, colon.trim_end()));
    for step in &outcome.trace {
        match p.question(&step.question) {
            Some(q) => line(format!(
                "  {}{colon}{}",
                q.name().get(lang),
                q.labels(&step.answers, lang)
            )),
            None => line(format!(
                "  {}{colon}{}",
                step.question,
                step.answers.join(", ")
            )),
        }
    }
    let n = outcome.node;
    let mut route = n.headline.get(lang).trim_end_matches('.').to_string();
    if audience == Audience::Staff {
        route.push_str(&format!(" ({} {})", s.rule, n.rule));
    }
    line(format!("{}{colon}{route}", s.route));
    for also in &outcome.also {
        // A route offered alongside is named by the headline of an outcome with that route
        // (as the result screen names it), else by its own text.
        let named = p
            .outcomes()
            .find(|o| o.route == also.route)
            .map_or(also.text.get(lang), |o| o.headline.get(lang));
        line(format!("{}{colon}{}", s.also, named.trim_end_matches('.')));
    }
    if let Some(f) = outcome.facility {
        let kind = f.kind.label.get(lang);
        let rule = f
            .facility_type(lang)
            .unwrap_or_else(|| f.requirement.get(lang));
        let mut place = f.region.name.get(lang).to_string();
        if let Some(regulator) = &f.region.regulator {
            place.push_str(&format!(" ({regulator})"));
        }
        if !kind.is_empty() {
            place.push_str(&format!(", {kind}"));
        }
        line(format!("{}{colon}{place}{colon}{rule}", s.facility));
    }
    if !outcome.coverage.is_empty() {
        let programs: Vec<&str> = outcome
            .coverage
            .iter()
            .map(|(_, row)| row.program_name(lang))
            .collect();
        line(format!("{}{colon}{}", s.coverage, programs.join(", ")));
    }
    let points: Vec<&str> = outcome
        .flags_shown()
        .map(|f| match f.short.get(lang) {
            "" => f.text.get(lang),
            short => short,
        })
        .collect();
    match points.as_slice() {
        [] => {}
        [one] => line(format!("{}{colon}{one}", s.safety)),
        many => {
            line(format!("{}{}", s.safety, colon.trim_end()));
            for point in many {
                line(format!("  - {point}"));
            }
        }
    }
    let sha = json
        .pathway
        .sha256
        .get(..12)
        .unwrap_or(&json.pathway.sha256);
    line(format!(
        "{}{colon}{} {} · sha256 {sha}",
        w.pathway, json.pathway.id, json.pathway.version
    ));
    line(p.disclaimer.get(lang).to_string());
    out
}

/// The long form: header, times, every answer as its question was asked, the whole outcome,
/// then the staff note.
fn full_text(
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

/// The note without the characters the one sanitizer hides (controls except newline, bidi
/// controls, zero-width and other invisible format characters), so it can neither drive a
/// terminal nor disguise text; `\r\n` becomes `\n`.
pub fn clean_note(note: &str) -> String {
    note.chars()
        .filter(|&c| c == '\n' || !crate::sanitize::is_hidden(c))
        .collect()
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
mod tests {
    use super::*;

    /// Issue 14, item 14: zero-width characters do not survive in notes and summaries.
    #[test]
    fn zero_width_and_invisible_characters_are_taken_out_of_the_note() {
        let note = "Pay\u{200b}ment ok\u{2060}\u{feff} \u{202e}evil\u{202c}\r\nnext\u{ad}";
        assert_eq!(clean_note(note), "Payment ok evil\nnext");
    }

    #[test]
    fn osc52_decodes_back_to_the_input() {
        for text in ["", "hello", "carepath summary — Résumé\nline two\u{1F600}"] {
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
