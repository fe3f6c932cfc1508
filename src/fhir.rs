//! The pathway as a FHIR R4 `Questionnaire` and a finished call as a `QuestionnaireResponse`
//! (JSON), so health software that reads forms can read carepath's. No terminal here.
//!
//! - The Questionnaire's canonical URL is [`questionnaire_url`], its version the pathway's.
//! - An answer is coded by its option id under [`answer_system`]:
//!   `urn:carepath:<pathway id>:<question id>`.
//! - French goes beside English in the core translation extension ([`TRANSLATION`]).
//! - When a question is asked is said with `enableWhen` where FHIR can say it exactly
//!   ([`enable`]); otherwise the item has none and carries [`NOT_EXPRESSED`] with the
//!   pathway's condition.
//! - The outcome of a call (its node, route, rule, routes alongside, referral) is in the
//!   response's [`ROUTE`] extension.

pub mod enable;

use serde_json::{Map, Value, json};

use crate::outcome::Outcome;
use crate::pathway::{Audience, Choice, Lang, Pathway, Question, Text};
use enable::{Behavior, Enable, Test};

/// The base of carepath's own canonical URLs (`.example` is reserved for examples: no one
/// else will ever own it, and a clinic can map it to a home of its own).
pub const BASE: &str = "https://carepath.example/fhir";

/// The core extension that gives a text in another language.
pub const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";

/// The core extension that marks an option that excludes the others ("none of these").
pub const OPTION_EXCLUSIVE: &str =
    "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive";

/// Where the pathway leads a finished call: a complex extension with `outcome`, `route`,
/// `rule`, `also` (0..*), `referralTo` (0..1) and `pathwaySha256`.
pub const ROUTE: &str = "https://carepath.example/fhir/StructureDefinition/route";

/// On an item whose condition `enableWhen` cannot say: the condition in the pathway file's
/// own words (`valueString`). Such an item has no `enableWhen`.
pub const NOT_EXPRESSED: &str =
    "https://carepath.example/fhir/StructureDefinition/enable-logic-not-expressed";

/// The Questionnaire's canonical URL.
pub fn questionnaire_url(p: &Pathway) -> String {
    format!("{BASE}/Questionnaire/{}", fhir_id(&p.id))
}

/// The code system of a question's options.
pub fn answer_system(p: &Pathway, question: &str) -> String {
    format!("urn:carepath:{}:{question}", p.id)
}

/// A FHIR id (`[A-Za-z0-9-.]{1,64}`) made from any string.
fn fhir_id(s: &str) -> String {
    let id: String = s
        .chars()
        .map(|c| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' => c,
            _ => '-',
        })
        .take(64)
        .collect();
    if id.is_empty() { "-".to_string() } else { id }
}

/// The element that goes beside a string (`_text`, `_display`) to give its French.
fn translations(text: &Text) -> Option<Value> {
    (!text.fr.trim().is_empty()).then(|| {
        json!({
            "extension": [{
                "url": TRANSLATION,
                "extension": [
                    { "url": "lang", "valueCode": "fr" },
                    { "url": "content", "valueString": text.fr },
                ],
            }],
        })
    })
}

/// Puts `text` in English under `name`, and its French under `_name`.
fn put_text(object: &mut Map<String, Value>, name: &str, text: &Text) {
    object.insert(name.to_string(), Value::String(text.en.clone()));
    if let Some(t) = translations(text) {
        object.insert(format!("_{name}"), t);
    }
}

/// The coding of an option, its display in English with the French beside it.
fn option_coding(p: &Pathway, q: &Question, option: &str) -> Value {
    let mut coding = Map::new();
    coding.insert("system".into(), answer_system(p, &q.id).into());
    coding.insert("code".into(), option.into());
    if let Some(o) = q.option(option) {
        put_text(&mut coding, "display", &o.label);
    }
    Value::Object(coding)
}

/// The pathway as a Questionnaire, each question worded for `audience`.
pub fn questionnaire(p: &Pathway, audience: Audience) -> Value {
    let mut out = Map::new();
    out.insert("resourceType".into(), "Questionnaire".into());
    out.insert("id".into(), fhir_id(&p.id).into());
    out.insert("language".into(), "en".into());
    out.insert("url".into(), questionnaire_url(p).into());
    out.insert("version".into(), p.version.clone().into());
    put_text(&mut out, "title", &p.title);
    out.insert("status".into(), "active".into());
    put_text(&mut out, "description", &p.disclaimer);
    let items: Vec<Value> = p.questions().map(|q| item(p, q, audience)).collect();
    out.insert("item".into(), items.into());
    Value::Object(out)
}

/// One question as an item.
fn item(p: &Pathway, q: &Question, audience: Audience) -> Value {
    let mut item = Map::new();
    item.insert("linkId".into(), q.id.clone().into());
    put_text(&mut item, "text", q.prompt.for_audience(audience));
    item.insert("type".into(), "choice".into());
    match enable::enable(p, q) {
        Enable::Always => {}
        Enable::When(behavior, tests) => {
            let when: Vec<Value> = tests.iter().map(|t| enable_when(p, t)).collect();
            if when.len() > 1 {
                let behavior = match behavior {
                    Behavior::All => "all",
                    Behavior::Any => "any",
                };
                item.insert("enableBehavior".into(), behavior.into());
            }
            item.insert("enableWhen".into(), when.into());
        }
        Enable::NotExpressed(formula) => {
            item.insert(
                "extension".into(),
                json!([{ "url": NOT_EXPRESSED, "valueString": formula.to_string() }]),
            );
        }
    }
    item.insert("required".into(), true.into());
    item.insert("repeats".into(), (q.choice == Choice::Multi).into());
    let options: Vec<Value> = q
        .options
        .iter()
        .map(|o| {
            let mut option = Map::new();
            if q.exclusive.as_deref() == Some(o.id.as_str()) {
                option.insert(
                    "extension".into(),
                    json!([{ "url": OPTION_EXCLUSIVE, "valueBoolean": true }]),
                );
            }
            option.insert("valueCoding".into(), option_coding(p, q, &o.id));
            Value::Object(option)
        })
        .collect();
    item.insert("answerOption".into(), options.into());
    Value::Object(item)
}

/// One `enableWhen` test.
fn enable_when(p: &Pathway, test: &Test) -> Value {
    let coding = |q: &str, o: &str| json!({ "system": answer_system(p, q), "code": o });
    match test {
        Test::Answered(q) => json!({ "question": q, "operator": "exists", "answerBoolean": true }),
        Test::Is(q, o) => json!({ "question": q, "operator": "=", "answerCoding": coding(q, o) }),
        Test::IsNot(q, o) => {
            json!({ "question": q, "operator": "!=", "answerCoding": coding(q, o) })
        }
    }
}

/// A finished call as a QuestionnaireResponse to [`questionnaire`]: every answer on the path
/// coded, in the Questionnaire's order, worded for `audience` in `lang`; authored when the
/// call ended; the outcome in the [`ROUTE`] extension.
pub fn questionnaire_response(
    p: &Pathway,
    sha256: &str,
    outcome: &Outcome,
    audience: Audience,
    lang: Lang,
    authored: &str,
) -> Value {
    let node = outcome.node;
    let mut route = vec![
        json!({ "url": "outcome", "valueCode": node.id }),
        json!({ "url": "route", "valueCode": node.route }),
        json!({ "url": "rule", "valueString": node.rule }),
    ];
    route.extend(
        outcome
            .also
            .iter()
            .map(|a| json!({ "url": "also", "valueCode": a.route })),
    );
    if let Some(r) = &node.referral_to {
        route.push(json!({ "url": "referralTo", "valueString": r }));
    }
    route.push(json!({ "url": "pathwaySha256", "valueString": sha256 }));

    let mut items: Vec<(usize, Value)> = outcome
        .trace
        .iter()
        .filter_map(|step| {
            let position = p.questions().position(|q| q.id == step.question)?;
            let q = p.question(&step.question)?;
            let answers: Vec<Value> = step
                .answers
                .iter()
                .map(|a| {
                    let display = q.option(a).map_or(a.as_str(), |o| o.label.get(lang));
                    json!({ "valueCoding": {
                        "system": answer_system(p, &q.id),
                        "code": a,
                        "display": display,
                    } })
                })
                .collect();
            let item = json!({
                "linkId": q.id,
                "text": q.prompt.for_audience(audience).get(lang),
                "answer": answers,
            });
            Some((position, item))
        })
        .collect();
    items.sort_by_key(|(position, _)| *position);

    json!({
        "resourceType": "QuestionnaireResponse",
        "language": lang.code(),
        "extension": [{ "url": ROUTE, "extension": route }],
        "questionnaire": format!("{}|{}", questionnaire_url(p), p.version),
        "status": "completed",
        "authored": authored,
        "item": items.into_iter().map(|(_, item)| item).collect::<Vec<_>>(),
    })
}

/// Gives the response the call's id as its resource id (made a valid FHIR id).
pub fn set_response_id(response: &mut Value, call_id: &str) {
    if let Value::Object(o) = response {
        // Right after `resourceType`, where readers look for it.
        let rest = std::mem::take(o);
        for (k, v) in rest {
            let first = k == "resourceType";
            if k != "id" {
                o.insert(k, v);
            }
            if first {
                o.insert("id".into(), fhir_id(call_id).into());
            }
        }
    }
}
