//! FHIR R4 out: the Questionnaire `carepath export --format fhir` prints and the
//! QuestionnaireResponse a saved call writes, read back by fhirbolt's R4 model (strict mode:
//! an element FHIR R4 does not have is an error), an implementation no one here wrote.

#[path = "common/calls.rs"]
mod calls;
#[path = "common/synthetic.rs"]
mod synthetic;

use std::path::Path;
use std::sync::LazyLock;

use assert_cmd::cargo::cargo_bin_cmd;
use carepath::export::{SummaryOf, build_summary};
use carepath::fhir::enable::{Behavior, Enable, Test, enable};
use carepath::fhir::{NOT_EXPRESSED, OPTION_EXCLUSIVE, ROUTE, TRANSLATION};
use carepath::pathway::load::{Loaded, PathwaySource};
use carepath::pathway::{Audience, Choice, Lang, Pathway};
use fhirbolt::model::r4::resources::{
    Questionnaire, QuestionnaireItem, QuestionnaireItemAnswerOptionValue,
    QuestionnaireItemEnableWhenAnswer, QuestionnaireResponse, QuestionnaireResponseItemAnswerValue,
};
use fhirbolt::model::r4::types::{Coding, Extension, ExtensionValue};

static LOADED: LazyLock<Loaded> = LazyLock::new(|| PathwaySource::Bundled.load().unwrap());

fn strict() -> Option<fhirbolt::serde::DeserializationConfig> {
    Some(fhirbolt::serde::DeserializationConfig {
        mode: fhirbolt::serde::DeserializationMode::Strict,
    })
}

fn parse_questionnaire(json: &str) -> Questionnaire {
    fhirbolt::json::from_str(json, strict())
        .unwrap_or_else(|e| panic!("not a FHIR R4 Questionnaire: {e}\n{json}"))
}

fn parse_response(json: &str) -> QuestionnaireResponse {
    fhirbolt::json::from_str(json, strict())
        .unwrap_or_else(|e| panic!("not a FHIR R4 QuestionnaireResponse: {e}\n{json}"))
}

fn value<T: AsRef<str>>(v: &Option<T>) -> &str {
    v.as_ref().map_or("", AsRef::as_ref)
}

/// The French a translation extension gives, if any.
fn french(extensions: &[Extension]) -> Option<String> {
    let t = extensions.iter().find(|e| e.url == TRANSLATION)?;
    let part = |name: &str| t.extension.iter().find(|e| e.url == name)?.value.clone();
    match (part("lang"), part("content")) {
        (Some(ExtensionValue::Code(lang)), Some(ExtensionValue::String(content)))
            if lang.value.as_deref() == Some("fr") =>
        {
            content.value
        }
        _ => None,
    }
}

fn export(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("carepath")
        .arg("export")
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Checks the Questionnaire against the pathway: every question an item, every option a
/// coded answer option with its French, `enableWhen` naming real questions and options.
fn assert_questionnaire_holds_the_pathway(q: &Questionnaire, p: &Pathway, audience: Audience) {
    assert_eq!(
        value(&q.url.as_ref().and_then(|u| u.value.clone())),
        "https://carepath.example/fhir/Questionnaire/ketamine-chronic-pain"
    );
    assert_eq!(
        q.version.as_ref().unwrap().value.as_deref(),
        Some(p.version.as_str())
    );
    assert_eq!(q.status.value.as_deref(), Some("active"));
    let title = q.title.as_ref().unwrap();
    assert_eq!(title.value.as_deref(), Some(p.title.en.as_str()));
    assert_eq!(
        french(&title.extension).as_deref(),
        Some(p.title.fr.as_str())
    );

    let questions: Vec<_> = p.questions().collect();
    assert_eq!(q.item.len(), questions.len());
    let mut not_expressed = Vec::new();
    for (item, question) in q.item.iter().zip(&questions) {
        assert_eq!(item.link_id.value.as_deref(), Some(question.id.as_str()));
        assert_eq!(item.r#type.value.as_deref(), Some("choice"));
        let text = item.text.as_ref().unwrap();
        let prompt = question.prompt.for_audience(audience);
        assert_eq!(text.value.as_deref(), Some(prompt.en.as_str()));
        assert_eq!(french(&text.extension).as_deref(), Some(prompt.fr.as_str()));
        assert_eq!(
            item.repeats.as_ref().and_then(|r| r.value),
            Some(question.choice == Choice::Multi),
            "{}",
            question.id
        );
        assert_eq!(
            item.answer_option.len(),
            question.options.len(),
            "{}",
            question.id
        );
        for (option, choosable) in item.answer_option.iter().zip(&question.options) {
            let QuestionnaireItemAnswerOptionValue::Coding(coding) = &option.value else {
                panic!("{}: an option that is not a coding", question.id)
            };
            assert_eq!(
                value(&coding.system.as_ref().and_then(|s| s.value.clone())),
                format!("urn:carepath:ketamine-chronic-pain:{}", question.id)
            );
            assert_eq!(
                value(&coding.code.as_ref().and_then(|c| c.value.clone())),
                choosable.id
            );
            let display = coding.display.as_ref().unwrap();
            assert_eq!(display.value.as_deref(), Some(choosable.label.en.as_str()));
            assert_eq!(
                french(&display.extension).as_deref(),
                Some(choosable.label.fr.as_str())
            );
            let exclusive = option.extension.iter().any(|e| e.url == OPTION_EXCLUSIVE);
            assert_eq!(
                exclusive,
                question.exclusive.as_deref() == Some(choosable.id.as_str())
            );
        }
        assert_enable_when_names_real_answers(item, &q.item);
        if item.extension.iter().any(|e| e.url == NOT_EXPRESSED) {
            assert!(item.enable_when.is_empty(), "{}", question.id);
            not_expressed.push(question.id.clone());
        } else if question.id != p.start {
            assert!(
                !item.enable_when.is_empty(),
                "{} is asked only on some paths",
                question.id
            );
        }
    }
    assert_eq!(not_expressed, ["administration"]);
}

/// Every `enableWhen` names an earlier item, and a coded answer among that item's options.
fn assert_enable_when_names_real_answers(item: &QuestionnaireItem, items: &[QuestionnaireItem]) {
    let link = value(&item.link_id.value);
    if item.enable_when.len() > 1 {
        let behavior = item.enable_behavior.as_ref().and_then(|b| b.value.clone());
        assert!(matches!(behavior.as_deref(), Some("all" | "any")), "{link}");
    }
    let position = |l: &str| {
        items
            .iter()
            .position(|i| i.link_id.value.as_deref() == Some(l))
    };
    for when in &item.enable_when {
        let question = value(&when.question.value);
        let target = position(question).unwrap_or_else(|| panic!("{link}: no item {question}"));
        assert!(
            target < position(link).unwrap(),
            "{link} depends on a later item"
        );
        let operator = value(&when.operator.value);
        match (&when.answer, operator) {
            (QuestionnaireItemEnableWhenAnswer::Boolean(b), "exists") => {
                assert_eq!(b.value, Some(true))
            }
            (QuestionnaireItemEnableWhenAnswer::Coding(c), "=" | "!=") => {
                let options = &items[target].answer_option;
                assert!(
                    options.iter().any(|o| matches!(&o.value,
                        QuestionnaireItemAnswerOptionValue::Coding(oc) if same_code(oc, c))),
                    "{link}: {question} has no option {c:?}"
                );
            }
            (answer, op) => panic!("{link}: unexpected enableWhen {op} {answer:?}"),
        }
    }
}

fn same_code(a: &Coding, b: &Coding) -> bool {
    let system = |c: &Coding| c.system.as_ref().and_then(|s| s.value.clone());
    let code = |c: &Coding| c.code.as_ref().and_then(|s| s.value.clone());
    system(a) == system(b) && code(a) == code(b) && code(a).is_some()
}

#[test]
fn export_fhir_prints_a_questionnaire_with_every_question_and_option() {
    let json = export(&["--format", "fhir"]);
    let q = parse_questionnaire(&json);
    assert_questionnaire_holds_the_pathway(&q, &LOADED.pathway, Audience::Staff);
    // What the item of a question after a branch says.
    let indication = q
        .item
        .iter()
        .find(|i| i.link_id.value.as_deref() == Some("indication"))
        .unwrap();
    assert_eq!(
        indication
            .enable_behavior
            .as_ref()
            .unwrap()
            .value
            .as_deref(),
        Some("any")
    );
    let codes: Vec<_> = indication
        .enable_when
        .iter()
        .map(|w| match &w.answer {
            QuestionnaireItemEnableWhenAnswer::Coding(c) => (
                value(&w.question.value).to_string(),
                c.code.as_ref().unwrap().value.clone().unwrap(),
            ),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("concern".to_string(), "pain".to_string()),
            ("concern".to_string(), "both".to_string())
        ]
    );
}

#[test]
fn export_takes_a_pathway_file_and_words_for_patients() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways/ketamine-chronic-pain.ron");
    let json = export(&[
        "--format",
        "fhir",
        "--mode",
        "patient",
        file.to_str().unwrap(),
    ]);
    let q = parse_questionnaire(&json);
    assert_questionnaire_holds_the_pathway(&q, &LOADED.pathway, Audience::Patient);

    let out = cargo_bin_cmd!("carepath")
        .args(["export", "--format", "fhir", "no-such-file.ron"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
}

/// Checks a response against a call's answers: the Questionnaire it answers, every answer
/// coded with its label, authored when the call ended, and the route extension.
fn assert_response_holds_the_call(
    r: &QuestionnaireResponse,
    p: &Pathway,
    summary: &serde_json::Value,
) {
    assert_eq!(
        r.questionnaire.as_ref().unwrap().value.as_deref(),
        Some(
            format!(
                "https://carepath.example/fhir/Questionnaire/{}|{}",
                p.id, p.version
            )
            .as_str()
        )
    );
    assert_eq!(r.status.value.as_deref(), Some("completed"));
    let authored = r.authored.as_ref().unwrap();
    assert_eq!(authored.value.as_deref(), summary["ended_at"].as_str());

    let answers = summary["answers"].as_array().unwrap();
    assert_eq!(r.item.len(), answers.len());
    for a in answers {
        let question = a["question"].as_str().unwrap();
        let item = r
            .item
            .iter()
            .find(|i| i.link_id.value.as_deref() == Some(question))
            .unwrap_or_else(|| panic!("no item for {question}"));
        let codes: Vec<&str> = a["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let labels: Vec<&str> = a["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(item.answer.len(), codes.len(), "{question}");
        for ((answer, code), label) in item.answer.iter().zip(&codes).zip(&labels) {
            let Some(QuestionnaireResponseItemAnswerValue::Coding(c)) = &answer.value else {
                panic!("{question}: an answer that is not a coding")
            };
            assert_eq!(
                c.system.as_ref().unwrap().value.as_deref(),
                Some(format!("urn:carepath:{}:{question}", p.id).as_str())
            );
            assert_eq!(c.code.as_ref().unwrap().value.as_deref(), Some(*code));
            assert_eq!(c.display.as_ref().unwrap().value.as_deref(), Some(*label));
        }
    }

    let route = r
        .extension
        .iter()
        .find(|e| e.url == ROUTE)
        .expect("the route extension");
    let part = |name: &str| -> Vec<String> {
        route
            .extension
            .iter()
            .filter(|e| e.url == name)
            .map(|e| match &e.value {
                Some(ExtensionValue::Code(c)) => c.value.clone().unwrap(),
                Some(ExtensionValue::String(s)) => s.value.clone().unwrap(),
                other => panic!("{name}: {other:?}"),
            })
            .collect()
    };
    assert_eq!(part("outcome"), [summary["outcome"].as_str().unwrap()]);
    assert_eq!(part("route"), [summary["route"].as_str().unwrap()]);
    assert_eq!(
        part("rule"),
        [summary["reasons"][0]["rule"].as_str().unwrap()]
    );
    let also: Vec<String> = summary["also"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert_eq!(part("also"), also);
    assert_eq!(
        part("pathwaySha256"),
        [summary["pathway"]["sha256"].as_str().unwrap()]
    );
}

/// Every bundled scenario, as a call would save it, in both languages.
#[test]
fn every_scenario_call_is_a_response_with_every_answer_coded() {
    let p = &LOADED.pathway;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways/scenarios");
    let files = carepath::scenario::scenario_files(&dir).unwrap();
    assert!(files.len() > 10);
    for file in files {
        let scenario = carepath::scenario::Scenario::load(&file).unwrap();
        let answers = scenario.answer_map(p).unwrap();
        let routed = carepath::route::route(p, &answers).unwrap();
        for (audience, lang) in [(Audience::Staff, Lang::En), (Audience::Patient, Lang::Fr)] {
            let summary = build_summary(&SummaryOf {
                loaded: &LOADED,
                outcome: &routed.outcome,
                audience,
                lang,
                started_at: "2026-05-06T14:00:00Z",
                ended_at: "2026-05-06T14:09:30Z",
                zone: &jiff::tz::TimeZone::UTC,
                note: "",
            });
            let json = serde_json::to_string(&summary.fhir).unwrap();
            let r = parse_response(&json);
            let summary_json = serde_json::to_value(&summary.json).unwrap();
            assert_response_holds_the_call(&r, p, &summary_json);
            assert_eq!(
                r.language.as_ref().unwrap().value.as_deref(),
                Some(lang.code())
            );
        }
    }
}

/// Through the binary: a line-mode call that saves writes `.fhir.json` beside the other two.
#[test]
fn a_saved_line_mode_call_writes_its_questionnaire_response() {
    let state = tempfile::tempdir().unwrap();
    let mut lines = calls::ONTARIO_CRPS_TYPED.to_vec();
    lines.push("save");
    let mut input = lines.join("\n");
    input.push('\n');
    let out = cargo_bin_cmd!("carepath")
        .args(["--plain", "--mode", "staff"])
        .env("CAREPATH_STATE_DIR", state.path())
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .write_stdin(input)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let dir = state.path().join("summaries");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    let fhir = names.iter().find(|n| n.ends_with(".fhir.json")).unwrap();
    let stem = fhir.strip_suffix(".fhir.json").unwrap();
    assert_eq!(
        names,
        [
            format!("{stem}.fhir.json"),
            format!("{stem}.json"),
            format!("{stem}.txt")
        ]
    );
    let call_id = stem.strip_prefix("ketamine-chronic-pain-").unwrap();

    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{stem}.json"))).unwrap())
            .unwrap();
    let r = parse_response(&std::fs::read_to_string(dir.join(fhir)).unwrap());
    assert_eq!(r.id.as_ref().unwrap().value.as_deref(), Some(call_id));
    assert_response_holds_the_call(&r, &LOADED.pathway, &summary);
    let comorbidities = r
        .item
        .iter()
        .find(|i| i.link_id.value.as_deref() == Some("comorbidities"))
        .unwrap();
    assert_eq!(
        comorbidities.answer.len(),
        2,
        "both answers of a multi-choice question"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join(fhir))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// The checker has teeth: fhirbolt's strict mode refuses an element R4 does not have (here
/// R5's `answerConstraint`) and a misspelt one, so the documents above are R4 as written.
#[test]
fn the_r4_model_refuses_what_r4_does_not_have() {
    let json = export(&["--format", "fhir"]);
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["item"][0]["answerConstraint"] = "optionsOnly".into();
    let bad = serde_json::to_string(&value).unwrap();
    assert!(fhirbolt::json::from_str::<Questionnaire>(&bad, strict()).is_err());

    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["item"][1]["enableWhen"][0]["answerCode"] = "none".into();
    let bad = serde_json::to_string(&value).unwrap();
    assert!(fhirbolt::json::from_str::<Questionnaire>(&bad, strict()).is_err());
}

/// The options a branch condition or an `enableWhen` names, by question: the only ones
/// that can change where a path goes or what a form enables.
type Named = std::collections::BTreeSet<(String, String)>;

fn named_options(p: &Pathway, q: &Questionnaire) -> Named {
    let mut named = Named::new();
    for question in p.questions() {
        for b in &question.next {
            for (q, o) in b.when.references() {
                if let Some(o) = o {
                    named.insert((q.to_string(), o.to_string()));
                }
            }
        }
    }
    for item in &q.item {
        for w in &item.enable_when {
            if let QuestionnaireItemEnableWhenAnswer::Coding(c) = &w.answer {
                let code = c.code.as_ref().unwrap().value.clone().unwrap();
                named.insert((value(&w.question.value).to_string(), code));
            }
        }
    }
    named
}

/// Every answer walked for `q`: each named option alone, one option no one names (they all
/// act alike), and for a multi-choice question two options that may go together.
fn answers_to_walk(q: &carepath::pathway::Question, named: &Named) -> Vec<Vec<String>> {
    let is_named = |o: &str| named.contains(&(q.id.clone(), o.to_string()));
    let mut out: Vec<Vec<String>> = q
        .options
        .iter()
        .filter(|o| is_named(&o.id))
        .map(|o| vec![o.id.clone()])
        .collect();
    if let Some(o) = q.options.iter().find(|o| !is_named(&o.id)) {
        out.push(vec![o.id.clone()]);
    }
    if q.choice == Choice::Multi {
        let pair: Vec<String> = q
            .options
            .iter()
            .filter(|o| q.exclusive.as_ref() != Some(&o.id))
            .take(2)
            .map(|o| o.id.clone())
            .collect();
        if pair.len() == 2 {
            out.push(pair);
        }
    }
    out
}

type AnswerMap = std::collections::BTreeMap<String, Vec<String>>;

/// Calls `visit` with the answers of every path to an outcome.
fn walk_paths(
    p: &Pathway,
    id: &str,
    named: &Named,
    answers: &mut AnswerMap,
    visit: &mut impl FnMut(&AnswerMap),
) {
    match p.node(id) {
        Some(carepath::pathway::Node::Question(q)) => {
            for a in answers_to_walk(q, named) {
                answers.insert(q.id.clone(), a);
                let next = carepath::session::next_node(q, &*answers).unwrap();
                walk_paths(p, next, named, answers, visit);
            }
            answers.remove(&q.id);
        }
        Some(carepath::pathway::Node::Outcome(_)) => visit(answers),
        None => panic!("no node {id}"),
    }
}

/// The items a FHIR form filler enables for `answers`, reading the Questionnaire as R4 says:
/// items in order, an answer counting only while its item is enabled.
fn enabled_items(q: &Questionnaire, answers: &AnswerMap) -> Vec<String> {
    let mut valued: std::collections::BTreeMap<&str, &Vec<String>> = Default::default();
    let mut enabled = Vec::new();
    for item in &q.item {
        let link = value(&item.link_id.value);
        let mut tests = item.enable_when.iter().map(|w| {
            let got = valued.get(value(&w.question.value));
            match (value(&w.operator.value), &w.answer) {
                ("exists", QuestionnaireItemEnableWhenAnswer::Boolean(b)) => {
                    got.is_some() == b.value.unwrap()
                }
                ("=", QuestionnaireItemEnableWhenAnswer::Coding(c)) => got.is_some_and(|a| {
                    a.iter()
                        .any(|x| c.code.as_ref().unwrap().value.as_deref() == Some(x))
                }),
                ("!=", QuestionnaireItemEnableWhenAnswer::Coding(c)) => got.is_some_and(|a| {
                    !a.iter()
                        .any(|x| c.code.as_ref().unwrap().value.as_deref() == Some(x))
                }),
                (op, answer) => panic!("{link}: {op} {answer:?}"),
            }
        });
        let any = item
            .enable_behavior
            .as_ref()
            .and_then(|b| b.value.as_deref())
            == Some("any");
        let on = match (item.enable_when.is_empty(), any) {
            (true, _) => true,
            (false, true) => tests.any(|t| t),
            (false, false) => tests.all(|t| t),
        };
        if on {
            enabled.push(link.to_string());
            if let Some(a) = answers.get(link) {
                valued.insert(link, a);
            }
        }
    }
    enabled
}

/// On every path through `p`, the items the Questionnaire enables are exactly the questions
/// the path asks, but for the items whose logic is said not expressed.
fn assert_enable_when_follows_every_path(p: &Pathway) -> usize {
    let json = serde_json::to_string(&carepath::fhir::questionnaire(p, Audience::Staff)).unwrap();
    let q = parse_questionnaire(&json);
    let unexpressed: Vec<String> = q
        .item
        .iter()
        .filter(|i| i.extension.iter().any(|e| e.url == NOT_EXPRESSED))
        .map(|i| value(&i.link_id.value).to_string())
        .collect();
    let named = named_options(p, &q);
    let mut paths = 0;
    walk_paths(p, &p.start, &named, &mut AnswerMap::new(), &mut |answers| {
        paths += 1;
        let enabled: Vec<String> = enabled_items(&q, answers)
            .into_iter()
            .filter(|i| !unexpressed.contains(i))
            .collect();
        let asked: Vec<String> = p
            .questions()
            .map(|q| q.id.clone())
            .filter(|id| answers.contains_key(id) && !unexpressed.contains(id))
            .collect();
        assert_eq!(enabled, asked, "{answers:?}");
    });
    paths
}

#[test]
fn enable_when_enables_exactly_the_questions_of_every_path() {
    let paths = assert_enable_when_follows_every_path(&LOADED.pathway);
    assert!(paths > 100, "{paths}");
    let synthetic = carepath::pathway::load_str("synthetic.ron", &synthetic::generate(25)).unwrap();
    assert!(assert_enable_when_follows_every_path(&synthetic.pathway) > 2);
}

/// The test an enableWhen states: the answer to `q` is `o`.
fn is(q: &str, o: &str) -> Test {
    Test::Is(q.into(), o.into())
}

#[test]
fn branches_on_several_options_become_any() {
    let p = &LOADED.pathway;
    assert_eq!(
        enable(p, p.question("indication").unwrap()),
        Enable::When(
            Behavior::Any,
            vec![is("concern", "pain"), is("concern", "both")]
        )
    );
    assert_eq!(
        enable(p, p.question("prior_treatment").unwrap()),
        Enable::When(
            Behavior::Any,
            vec![is("indication", "neuropathic"), is("indication", "sci")]
        )
    );
    let Enable::When(Behavior::Any, tests) = enable(p, p.question("comorbidities").unwrap()) else {
        panic!("comorbidities can be said as any")
    };
    assert!(tests.contains(&is("concern", "mental_health")), "{tests:?}");
    assert!(
        tests.contains(&Test::Answered("amputation".into())),
        "{tests:?}"
    );
}
