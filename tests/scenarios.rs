//! The bundled scenario files: they all pass (through the library and `carepath scenarios`),
//! and together they cover every rule, province and territory, coverage program and flag of
//! the pathway. Failing and malformed scenarios are reported, never a panic.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use carepath::outcome::projection::{Field, Projection};
use carepath::pathway::Pathway;
use carepath::pathway::load::PathwaySource;
use carepath::route::route;
use carepath::scenario::{BUNDLED, Scenario, scenario_files};

/// The rules of the spec's routing table.
const SPEC_RULES: [&str; 9] = ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9"];

const SPEC_PROVINCES: [&str; 13] = [
    "ab", "bc", "mb", "nb", "nl", "ns", "nt", "nu", "on", "pe", "qc", "sk", "yt",
];

/// Every program string of the spec's coverage table.
const SPEC_PROGRAMS: [&str; 15] = [
    "WSIB",
    "WCB Alberta",
    "WorkSafeBC",
    "WCB Saskatchewan",
    "WCB Manitoba",
    "WCB Nova Scotia",
    "CNESST",
    "WorkSafeNB",
    "WCB PEI",
    "WorkplaceNL",
    "Yukon Workers' Compensation Health and Safety Board",
    "WSCC",
    "Veterans Affairs Canada",
    "private insurance",
    "self-pay",
];

/// One flag per `screening` answer, plus the psychiatric assessment of R3.
const SPEC_FLAGS: [&str; 7] = [
    "liver",
    "bladder",
    "heart",
    "substance_use",
    "psychosis",
    "pregnancy",
    "psychiatric_assessment",
];

fn bundled() -> Pathway {
    PathwaySource::Bundled
        .load()
        .expect("the bundled pathway loads")
        .pathway
}

fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways/scenarios")
}

fn carepath() -> assert_cmd::Command {
    cargo_bin_cmd!("carepath")
}

/// Every bundled scenario with what the pathway actually answers for it.
fn run_bundled(p: &Pathway) -> Vec<(String, Scenario, Projection)> {
    BUNDLED
        .iter()
        .map(|(name, text)| {
            let s = Scenario::parse(name, text).unwrap_or_else(|e| panic!("{e}"));
            let actual = s.actual(p).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name.to_string(), s, actual)
        })
        .collect()
}

fn ids<'a>(items: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    items.into_iter().map(str::to_string).collect()
}

/// The items of `need` that no scenario provides, with a readable failure.
fn assert_covered(what: &str, need: &BTreeSet<String>, have: &BTreeSet<String>) {
    let missing: Vec<&String> = need.difference(have).collect();
    assert!(
        missing.is_empty(),
        "no bundled scenario covers these {what}: {missing:?} (add a scenario under pathways/scenarios/)"
    );
}

// ---------------------------------------------------------------------------
// The bundled scenarios pass
// ---------------------------------------------------------------------------

#[test]
fn the_bundled_scenarios_are_the_files_on_disk() {
    let on_disk = scenario_files(&scenario_dir()).unwrap();
    let names: Vec<String> = on_disk
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let bundled: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(names, bundled);
    for (file, (_, text)) in on_disk.iter().zip(BUNDLED) {
        assert_eq!(&std::fs::read_to_string(file).unwrap(), text, "{file:?}");
    }
    assert!(!BUNDLED.is_empty());
}

#[test]
fn every_bundled_scenario_passes_through_the_library() {
    let p = bundled();
    for file in scenario_files(&scenario_dir()).unwrap() {
        let s = Scenario::load(&file).unwrap_or_else(|e| panic!("{e}"));
        let diffs = s.check(&p).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        assert!(diffs.is_empty(), "{file:?} ({}): {diffs:?}", s.name.en);
        assert!(
            s.expect.outcome.is_some(),
            "{file:?}: name the expected outcome id"
        );
        assert!(!s.name.en.trim().is_empty() && !s.vignette.en.trim().is_empty());
    }
}

/// A scenario answer that the path never asks is almost always a mistake in the file.
#[test]
fn bundled_scenarios_answer_only_questions_on_their_path() {
    let p = bundled();
    for (name, text) in BUNDLED {
        let s = Scenario::parse(name, text).unwrap();
        let answers = s.answer_map(&p).unwrap();
        let routed = route(&p, &answers).unwrap();
        assert!(
            routed.ignored.is_empty(),
            "{name}: answers the path never asks: {:?}",
            routed.ignored
        );
    }
}

#[test]
fn carepath_scenarios_passes_them_all() {
    let n = BUNDLED.len();
    let summary = format!("{n} passed, 0 failed");
    for args in [
        vec!["scenarios".to_string()],
        vec![
            "scenarios".to_string(),
            scenario_dir().display().to_string(),
        ],
    ] {
        let out = carepath().args(&args).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success(), "{args:?}: {stdout}");
        assert_eq!(stdout.lines().last(), Some(summary.as_str()), "{stdout}");
        assert!(!stdout.contains("FAIL"), "{stdout}");
        for (name, _) in BUNDLED {
            assert!(
                stdout
                    .lines()
                    .any(|l| l.starts_with("ok ") && l.contains(name)),
                "{name} has no ok line: {stdout}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// What the scenarios must cover, computed from the pathway and the files
// ---------------------------------------------------------------------------

#[test]
fn the_pathway_has_every_rule_province_program_and_flag_of_the_spec() {
    let p = bundled();
    let rules = ids(p.outcomes().map(|o| o.rule.as_str()));
    assert_eq!(rules, ids(SPEC_RULES), "one outcome per rule at least");
    let provinces = ids(p
        .question(&p.regions.question)
        .unwrap()
        .options
        .iter()
        .map(|o| o.id.as_str()));
    assert_eq!(provinces, ids(SPEC_PROVINCES));
    let regions = ids(p.regions.rows.iter().map(|r| r.id.as_str()));
    assert_eq!(regions, ids(SPEC_PROVINCES));
    let programs = ids(p.coverage.rows.iter().map(|r| r.program.as_str()));
    assert_eq!(programs, ids(SPEC_PROGRAMS));
    let flags = ids(p.flags.iter().map(|f| f.id.as_str()));
    assert_eq!(flags, ids(SPEC_FLAGS));
}

#[test]
fn there_is_a_scenario_for_every_rule_and_outcome() {
    let p = bundled();
    let runs = run_bundled(&p);
    let reached = ids(runs.iter().map(|(_, _, a)| a.outcome.as_deref().unwrap()));
    let outcomes = ids(p.outcomes().map(|o| o.id.as_str()));
    assert_covered("outcomes", &outcomes, &reached);

    let rule_of: BTreeMap<&str, &str> = p
        .outcomes()
        .map(|o| (o.id.as_str(), o.rule.as_str()))
        .collect();
    let rules = ids(reached.iter().map(|o| rule_of[o.as_str()]));
    let mut need = ids(SPEC_RULES);
    need.extend(rule_of.values().map(|r| r.to_string()));
    assert_covered("rules", &need, &rules);

    // Both triggers of R1.
    let safety = ids(runs
        .iter()
        .filter(|(_, _, a)| a.route == "emergency")
        .map(|(_, s, _)| s.answers["safety"].as_str()));
    assert_covered(
        "R1 triggers",
        &ids(["crisis", "medical_emergency"]),
        &safety,
    );
}

#[test]
fn there_is_a_scenario_for_every_province_and_territory() {
    let p = bundled();
    let runs = run_bundled(&p);
    let q = &p.regions.question;
    let answered = ids(runs
        .iter()
        .filter_map(|(_, s, _)| s.answers.get(q).map(String::as_str)));
    let mut need = ids(SPEC_PROVINCES);
    need.extend(p.regions.rows.iter().map(|r| r.id.clone()));
    assert_covered("provinces and territories", &need, &answered);

    // And each one with its facility rule pinned by a pain-medicine scenario.
    let with_facility = ids(runs
        .iter()
        .filter(|(_, _, a)| a.rules.is_some())
        .filter_map(|(_, s, _)| s.answers.get(q).map(String::as_str)));
    assert_covered(
        "provinces and territories on the pain-medicine route",
        &need,
        &with_facility,
    );
}

#[test]
fn there_is_a_scenario_for_every_coverage_program() {
    let p = bundled();
    let runs = run_bundled(&p);
    let listed = ids(runs
        .iter()
        .flat_map(|(_, _, a)| a.coverage.iter().map(String::as_str)));
    let mut need = ids(SPEC_PROGRAMS);
    need.extend(p.coverage.rows.iter().map(|r| r.program.clone()));
    assert_covered("coverage programs", &need, &listed);
    // At least one scenario has several coverage answers.
    assert!(
        runs.iter().any(|(_, _, a)| a.coverage.len() > 1),
        "no scenario with several coverage answers"
    );
}

#[test]
fn there_is_a_scenario_for_every_flag() {
    let p = bundled();
    let runs = run_bundled(&p);
    let raised = ids(runs
        .iter()
        .flat_map(|(_, _, a)| a.flags.iter().map(String::as_str)));
    let mut need = ids(SPEC_FLAGS);
    need.extend(p.flags.iter().map(|f| f.id.clone()));
    assert_covered("flags", &need, &raised);
}

// ---------------------------------------------------------------------------
// Failing and malformed scenarios
// ---------------------------------------------------------------------------

fn failing_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios-failing")
}

#[test]
fn a_wrong_expectation_fails_with_expected_and_got() {
    let out = carepath()
        .arg("scenarios")
        .arg(failing_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let fail = stdout
        .lines()
        .find(|l| l.starts_with("FAIL"))
        .unwrap_or_else(|| panic!("no FAIL line: {stdout}"));
    assert!(fail.contains("wrong-expectation.ron"), "{fail}");
    for expected in [
        r#"outcome: expected Some("referral-first-line"), got Some("pain-medicine")"#,
        r#"route: expected "referral", got "pain_medicine""#,
        r#"referral_to: expected Some("family_physician"), got None"#,
        r#"regulator: expected None, got Some("CPSO")"#,
        r#"rules: expected None, got Some("iv")"#,
        r#"coverage: expected ["WCB Alberta"], got ["WSIB"]"#,
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    assert!(
        !stdout.contains("also:"),
        "only the differing fields: {stdout}"
    );
    assert!(
        !stdout.contains("flags:"),
        "only the differing fields: {stdout}"
    );
    assert_eq!(stdout.lines().last(), Some("0 passed, 1 failed"));

    // The library reports the same fields.
    let p = bundled();
    let s = Scenario::load(&failing_dir().join("wrong-expectation.ron")).unwrap();
    let fields: Vec<Field> = s.check(&p).unwrap().iter().map(|d| d.field).collect();
    assert_eq!(
        fields,
        [
            Field::Outcome,
            Field::Route,
            Field::ReferralTo,
            Field::Regulator,
            Field::Rules,
            Field::Coverage
        ]
    );
}

/// A crisis scenario that passes, with its one answer given as `question: option`.
fn scenario_text(answer: (&str, &str)) -> String {
    let (q, a) = answer;
    format!(
        r#"Scenario(
    name: "Crisis at the first question",
    vignette: "A caller says she is thinking of ending her life tonight.",
    answers: {{
        "{q}": "{a}",
    }},
    expect: (
        outcome: Some("emergency"),
        route: "emergency",
        also: [],
        referral_to: None,
        regulator: None,
        rules: None,
        coverage: [],
        flags: [],
    ),
)
"#
    )
}

fn run_dir(files: &[(&str, String)]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = carepath()
        .arg("scenarios")
        .arg(dir.path())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_scenario_with_an_unknown_option_fails_with_a_clear_message() {
    let (code, stdout, stderr) = run_dir(&[
        ("a-ok.ron", scenario_text(("safety", "crisis"))),
        ("b-unknown-option.ron", scenario_text(("safety", "crises"))),
        ("c-unknown-question.ron", scenario_text(("safty", "crisis"))),
    ]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains("ok    "), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("FAIL") && l.contains("b-unknown-option.ron")),
        "{stdout}"
    );
    assert!(
        stdout.contains("`crises` is not an option of `safety` (did you mean `crisis`?)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("crisis, medical_emergency, none"),
        "{stdout}"
    );
    assert!(
        stdout.contains("there is no question `safty` (did you mean `safety`?)"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().last(), Some("1 passed, 2 failed"));
}

#[test]
fn malformed_scenarios_are_located_errors_not_panics() {
    let good = scenario_text(("safety", "crisis"));
    let typo_field = good.replacen("vignette:", "vignete:", 1);
    let missing_answer = scenario_text(("safety", "none"));
    let (code, stdout, stderr) = run_dir(&[
        ("syntax.ron", "Scenario(name: \"x\", ".to_string()),
        ("typo-field.ron", typo_field),
        ("missing-answer.ron", missing_answer),
        ("not-a-scenario.txt", "ignored: not .ron".to_string()),
    ]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(!stderr.contains("panicked") && !stdout.contains("panicked"));
    assert!(stdout.contains("syntax.ron:1:"), "{stdout}");
    assert!(stdout.contains("typo-field.ron:"), "{stdout}");
    assert!(stdout.contains("vignete"), "{stdout}");
    assert!(
        stdout.contains("no answer for `province`, which this path asks"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().last(), Some("0 passed, 3 failed"));

    let (code, _, stderr) = run_dir(&[]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("no scenario files"), "{stderr}");

    let out = carepath()
        .args(["scenarios", "/nonexistent/scenarios/dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the directory"));
}
