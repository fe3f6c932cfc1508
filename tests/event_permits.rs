//! A second pathway, on a civic subject: which permit a community event needs in four
//! (fictional) cities. Every command of the binary is run on it with `--pathway`, to show
//! that the engine holds no subject of its own: `check`, `route` (text and JSON), the line
//! mode, the wizard in a real pseudo-terminal, `scenarios`, `graph`, `diff`, `explain`,
//! `train` and `export`.
//!
//! Its shape is not the bundled pathway's: seven questions, two of them multi-choice, no
//! safety question first, a question asked only on some paths (`lead_time`), cities as the
//! regions, and four kinds of requirement chosen by conditions over the venue, the features
//! (multi-choice) and the attendance. Expected texts are read from the fixture, so a test
//! fails when the binary shows something else, not when the fixture is reworded.

#[path = "common/pty.rs"]
mod harness;
#[path = "common/timeout.rs"]
mod timeout;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;
use carepath::pathway::load::PathwaySource;
use carepath::pathway::{Lang, Pathway};
use harness::{ENTER, Pty, normalize};
use serde_json::Value;
use tempfile::TempDir;
use timeout::scaled;

/// The pathway file, relative to the crate root (where every command is run).
const PATHWAY_FILE: &str = "tests/fixtures/event-permits/event-permits.ron";
/// Its scenario files.
const SCENARIOS: &str = "tests/fixtures/event-permits/scenarios";

/// The kinds of requirement, in the order the fixture tries them.
const KINDS: [&str; 4] = ["road_closure", "licensed", "large", "standard"];

/// Words of the bundled pathway's subject that this pathway never uses.
const CLINICAL: [&str; 9] = [
    "ketamine",
    "pain",
    "patient",
    "clinic",
    "medical",
    "province",
    "infusion",
    "physician",
    "clinician",
];

static PATHWAY: LazyLock<Pathway> = LazyLock::new(|| {
    PathwaySource::File(root().join(PATHWAY_FILE))
        .load()
        .expect("the event-permits fixture loads")
        .pathway
});

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_carepath"))
}

/// What a run of the binary gave.
struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

impl Run {
    /// Fails, with both outputs, unless the run exited with `code`.
    #[track_caller]
    fn exits(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Runs `carepath ARGS` from the crate root with `input` on stdin, in English, without
/// colour, with a fresh state directory, killed after 120 s (times the timeout scale).
fn carepath_with_input(args: &[&str], input: &str) -> Run {
    let state = tempfile::tempdir().expect("a temporary state directory");
    let out = cargo_bin_cmd!("carepath")
        .current_dir(root())
        .args(args)
        .env("NO_COLOR", "1")
        .env("CAREPATH_STATE_DIR", state.path())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .timeout(scaled(Duration::from_secs(120)))
        .write_stdin(input)
        .output()
        .expect("carepath runs");
    let run = Run {
        stdout: String::from_utf8(out.stdout).expect("UTF-8 on stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 on stderr"),
        code: out.status.code(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn carepath(args: &[&str]) -> Run {
    carepath_with_input(args, "")
}

/// `carepath --pathway FIXTURE route -a q=a … ARGS`.
fn route(answers: &[(&str, &str)], args: &[&str]) -> Run {
    let mut all: Vec<String> = vec!["--pathway".into(), PATHWAY_FILE.into(), "route".into()];
    for (q, a) in answers {
        all.push("-a".into());
        all.push(format!("{q}={a}"));
    }
    all.extend(args.iter().map(|a| a.to_string()));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    carepath(&all)
}

/// `route --format json`, parsed.
fn route_json(answers: &[(&str, &str)]) -> Value {
    let run = route(answers, &["--format", "json"]).exits(0);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn headline(outcome: &str) -> String {
    PATHWAY
        .outcome(outcome)
        .unwrap_or_else(|| panic!("no outcome {outcome}"))
        .headline
        .en
        .trim_end_matches('.')
        .to_string()
}

fn prompt(question: &str) -> String {
    PATHWAY
        .question(question)
        .unwrap_or_else(|| panic!("no question {question}"))
        .prompt
        .staff
        .en
        .clone()
}

fn label(question: &str, option: &str) -> String {
    PATHWAY
        .question(question)
        .and_then(|q| q.option(option))
        .unwrap_or_else(|| panic!("no option {question}={option}"))
        .label
        .en
        .clone()
}

/// A kind's label, as results show it beside the requirement.
fn kind_label(kind: &str) -> String {
    PATHWAY
        .regions
        .kind(kind)
        .unwrap_or_else(|| panic!("no requirement kind {kind}"))
        .label
        .en
        .clone()
}

/// A city's requirement of one kind.
fn requirement(city: &str, kind: &str) -> String {
    PATHWAY
        .region(city)
        .unwrap_or_else(|| panic!("no region {city}"))
        .requirement(kind)
        .unwrap_or_else(|| panic!("{city} states no `{kind}` requirement"))
        .en
        .clone()
}

fn flag_text(id: &str) -> String {
    PATHWAY
        .flags
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no flag {id}"))
        .text
        .en
        .clone()
}

fn program_label(program: &str) -> String {
    PATHWAY
        .coverage
        .rows
        .iter()
        .find(|r| r.program == program)
        .unwrap_or_else(|| panic!("no coverage program {program}"))
        .program_name(Lang::En)
        .to_string()
}

/// A copy of the fixture with `from` replaced by `to` (exactly once) in `dir`.
fn edited_copy(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join(PATHWAY_FILE)).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    let path = dir.join(name);
    std::fs::write(&path, text.replace(from, to)).unwrap();
    path
}

/// A whole parade in Riverton: large, closing a road, with amplified sound, 12 weeks ahead,
/// a non-profit.
const PARADE: [(&str, &str); 7] = [
    ("event_type", "parade"),
    ("city", "riverton"),
    ("venue", "plaza"),
    ("attendance", "large"),
    ("features", "sound,road"),
    ("lead_time", "plenty"),
    ("organiser", "nonprofit"),
];

/// A park concert in Port Alder whose features (multi-choice) are given: 250 people, no
/// `lead_time` asked unless the features close a road.
fn port_alder_park(features: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut answers = vec![
        ("event_type", "concert"),
        ("city", "port_alder"),
        ("venue", "park"),
        ("attendance", "medium"),
        ("features", features),
    ];
    if features.split(',').any(|f| f == "road") {
        answers.push(("lead_time", "plenty"));
    }
    answers.push(("organiser", "nonprofit"));
    answers
}

// ---------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------

#[test]
fn check_passes_with_no_error_and_no_warning() {
    let run = carepath(&["check", PATHWAY_FILE]).exits(0);
    let line = run.stdout.trim();
    assert!(
        line.starts_with(&format!("{PATHWAY_FILE}: ok: event-permits 0.1.0")),
        "{line}"
    );
    assert!(line.contains("7 questions, 6 outcomes"), "{line}");
    assert!(line.ends_with("· 0 errors · 0 warnings"), "{line}");
    // Every outcome is reached by some path.
    for o in PATHWAY.outcomes() {
        assert!(
            line.contains(&format!("{} ", o.id)),
            "{} not counted: {line}",
            o.id
        );
    }
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // `--pathway` names the same file for `check`.
    let run = carepath(&["check", "--pathway", PATHWAY_FILE]).exits(0);
    assert!(run.stdout.contains("ok: event-permits"), "{}", run.stdout);
}

#[test]
fn check_fails_when_a_city_lacks_a_kind_of_requirement() {
    let dir = tempfile::tempdir().unwrap();
    let licensed = requirement("millbrook", "licensed");
    let line = format!("\"licensed\": (en: \"{licensed}\"),");
    let file = edited_copy(dir.path(), "no-licensed.ron", &line, "");
    let run = carepath(&["check", file.to_str().unwrap()]).exits(1);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("FAILED: event-permits"), "{all}");
    assert!(all.contains("millbrook"), "{all}");
    assert!(all.contains("licensed"), "{all}");
}

#[test]
fn the_fixture_uses_no_word_of_the_bundled_subject() {
    let text = std::fs::read_to_string(root().join(PATHWAY_FILE))
        .unwrap()
        .to_lowercase();
    let mut scenarios = String::new();
    for entry in std::fs::read_dir(root().join(SCENARIOS)).unwrap() {
        scenarios.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let scenarios = scenarios.to_lowercase();
    // Fields of the format (`patient:` prompts, `health_line`) are its names, not words the
    // fixture says: only what people read is checked.
    let said: String = text
        .lines()
        .chain(scenarios.lines())
        .filter(|l| !l.trim_start().starts_with("patient:"))
        .map(|l| l.replace("health_line", ""))
        .collect::<Vec<_>>()
        .join("\n");
    for word in CLINICAL {
        assert!(!said.contains(word), "`{word}` in the fixture");
    }
    assert!(
        !said
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "iv"),
        "`iv` in the fixture"
    );
}

// ---------------------------------------------------------------------------
// route
// ---------------------------------------------------------------------------

/// The kind of requirement a route's JSON says applies, its facility object checked for
/// its shape: the city, the requirement's text in full, and one boolean per kind, true for
/// that kind only.
#[track_caller]
fn facility_kind(json: &Value, city: &str) -> String {
    let facility = json["facility"]
        .as_object()
        .unwrap_or_else(|| panic!("no facility object: {json:#}"));
    let kinds: Vec<&str> = PATHWAY
        .regions
        .requirements
        .iter()
        .map(|k| k.id.as_str())
        .collect();
    assert_eq!(kinds, KINDS, "the fixture's kinds, in order");
    let applying: Vec<&str> = KINDS
        .into_iter()
        .filter(|k| {
            facility[*k]
                .as_bool()
                .unwrap_or_else(|| panic!("no boolean `{k}` in {facility:#?}"))
        })
        .collect();
    let [kind] = applying[..] else {
        panic!("not exactly one kind applies: {applying:?} in {facility:#?}");
    };
    assert_eq!(facility["province"], city, "{facility:#?}");
    assert_eq!(
        facility["requirement"].as_str(),
        Some(requirement(city, kind).as_str()),
        "{facility:#?}"
    );
    kind.to_string()
}

#[test]
fn route_json_names_the_kind_the_multi_choice_answer_selects() {
    // One question's answers, several at once: the first kind whose condition holds wins.
    for (features, kind) in [
        ("food,alcohol,sound", "licensed"),
        ("alcohol,road", "road_closure"),
        ("road", "road_closure"),
        ("food,sound", "standard"),
    ] {
        let answers = port_alder_park(features);
        let json = route_json(&answers);
        assert_eq!(
            facility_kind(&json, "port_alder"),
            kind,
            "features={features}: {json:#}"
        );
        assert_eq!(json["facility"]["regulator"], "Port Alder Parks and Events");
        let outcome = if kind == "standard" {
            "space-booking"
        } else {
            "special-event-permit"
        };
        assert_eq!(json["outcome"], outcome, "features={features}");
    }
}

#[test]
fn route_json_takes_the_large_kind_from_attendance_and_no_facility_where_none_is_needed() {
    let mut answers = PARADE.to_vec();
    answers[4] = ("features", "food");
    let json = route_json(&answers);
    assert_eq!(json["outcome"], "special-event-permit");
    assert_eq!(json["route"], "special_event_permit");
    assert_eq!(facility_kind(&json, "riverton"), "large");
    assert_eq!(
        json["facility"]["regulator"],
        "Riverton Special Events Office"
    );

    // Cedar Falls has no single office: no regulator.
    let market = [
        ("event_type", "market"),
        ("city", "cedar_falls"),
        ("venue", "plaza"),
        ("attendance", "medium"),
        ("features", "food"),
        ("organiser", "residents"),
    ];
    let json = route_json(&market);
    assert_eq!(json["outcome"], "market-licence");
    assert_eq!(facility_kind(&json, "cedar_falls"), "standard");
    assert!(json["facility"]["regulator"].is_null(), "{json:#}");

    // A hall needs no permit, and no facility.
    let hall = [
        ("event_type", "other"),
        ("city", "port_alder"),
        ("venue", "hall"),
        ("attendance", "medium"),
        ("features", "sound"),
        ("organiser", "none"),
    ];
    let json = route_json(&hall);
    assert_eq!(json["outcome"], "no-permit");
    assert!(json["facility"].is_null(), "{json:#}");
    assert_eq!(json["flags"][0], "noise", "{json:#}");
}

#[test]
fn route_json_keeps_both_flags_and_the_coverage_of_every_organiser() {
    let mut answers = port_alder_park("food,alcohol,sound");
    let last = answers.len() - 1;
    answers[last] = ("organiser", "nonprofit,youth");
    let json = route_json(&answers);
    let flags: Vec<&str> = json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    // `insurance` is said by `alcohol`, but both ids stay in the JSON.
    assert_eq!(flags, ["food", "alcohol", "insurance", "noise"], "{json:#}");
    let programs: Vec<&str> = json["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["program"].as_str().unwrap())
        .collect();
    assert_eq!(
        programs,
        ["port-alder-nonprofit-rate", "youth-events-fund"],
        "{json:#}"
    );
    assert_eq!(json["also"][0], "vendor_licence", "{json:#}");
}

#[test]
fn route_text_shows_the_city_the_kind_and_its_requirement() {
    let run = route(&PARADE, &[]).exits(0);
    let out = normalize(&run.stdout);
    for want in [
        format!("Route: {} — Riverton", headline("special-event-permit")),
        "[special_event_permit · rule P3]".to_string(),
        kind_label("road_closure"),
        requirement("riverton", "road_closure"),
        program_label("riverton-community-waiver"),
        flag_text("noise"),
        flag_text("traffic"),
        flag_text("insurance"),
        "Kind of event: Parade or procession".to_string(),
        "Features: Amplified sound, A road closed to traffic".to_string(),
        PATHWAY.disclaimer.en.clone(),
    ] {
        assert!(
            out.contains(&normalize(&want)),
            "{want:?} not in:\n{}",
            run.stdout
        );
    }
    // Another kind's text is not shown.
    for kind in ["licensed", "large", "standard"] {
        let other = requirement("riverton", kind);
        assert!(!out.contains(&normalize(&other)), "{kind}: {}", run.stdout);
    }
}

#[test]
fn route_text_says_a_point_once_when_another_says_it() {
    let run = route(&port_alder_park("food,alcohol,sound"), &[]).exits(0);
    let out = normalize(&run.stdout);
    assert!(out.contains(&normalize(&flag_text("alcohol"))), "{out}");
    assert!(!out.contains(&normalize(&flag_text("insurance"))), "{out}");
    assert!(out.contains(&normalize(&kind_label("licensed"))), "{out}");
    assert!(
        out.contains(&normalize(&requirement("port_alder", "licensed"))),
        "{out}"
    );
}

#[test]
fn route_for_the_organiser_shows_no_word_of_the_bundled_subject() {
    let run = route(&PARADE, &["--mode", "patient"]).exits(0);
    let out = run.stdout.to_lowercase();
    for word in CLINICAL {
        assert!(!out.contains(word), "`{word}` in:\n{}", run.stdout);
    }
}

/// What staff read of this pathway: the result, the crisis help once the city is known, and
/// the record summary. The engine's own headings say nothing of the bundled subject there:
/// staff detail is "Detail for staff only", and the city's line is a "Local line", the
/// pathway giving no name of its own for it (the bundled one calls it "Health line").
#[test]
fn what_staff_read_shows_no_word_of_the_bundled_subject() {
    let state = tempfile::tempdir().unwrap();
    let mut input = ["parade", "riverton", "crisis", "plaza", "3", "sound, road"].join("\n");
    input.push_str("\nplenty\nnonprofit\n\nsave\n");
    let out = cargo_bin_cmd!("carepath")
        .current_dir(root())
        .args(["--pathway", PATHWAY_FILE, "--plain", "--mode", "staff"])
        .env("CAREPATH_STATE_DIR", state.path())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .timeout(scaled(Duration::from_secs(120)))
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mut read = String::from_utf8(out.stdout).unwrap();
    for entry in std::fs::read_dir(state.path().join("summaries")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            read.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    read.push_str(&route(&PARADE, &["--mode", "staff"]).exits(0).stdout);
    let lower = read.to_lowercase();
    for word in CLINICAL.iter().chain(&["health line"]) {
        assert!(!lower.contains(word), "`{word}` in:\n{read}");
    }
}

#[test]
fn route_refuses_an_answer_the_pathway_does_not_offer() {
    let mut answers = PARADE.to_vec();
    answers[1] = ("city", "rivertn");
    let run = route(&answers, &[]).exits(2);
    assert!(
        run.stderr.contains("`rivertn` is not an option of `city`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `riverton`?"),
        "{}",
        run.stderr
    );
    // A path that never asks `lead_time` says so of an answer given to it.
    let mut answers = port_alder_park("food");
    answers.push(("lead_time", "plenty"));
    let run = route(&answers, &[]).exits(0);
    assert!(
        run.stderr.contains("ignored `lead_time=plenty`"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// the line mode
// ---------------------------------------------------------------------------

fn line_mode(lines: &[&str]) -> Run {
    let mut input = lines.join("\n");
    input.push('\n');
    let run = carepath_with_input(
        &[
            "--pathway",
            PATHWAY_FILE,
            "--plain",
            "--mode",
            "staff",
            "--no-save",
        ],
        &input,
    );
    assert!(
        !run.stdout.contains('\u{1b}'),
        "escape code:\n{}",
        run.stdout
    );
    run
}

#[test]
fn line_mode_takes_a_street_party_to_its_permit() {
    // By word, by number, by alias and several answers on one line; `lead_time` is asked
    // because the venue is a street.
    let run = line_mode(&[
        "block",
        "port",
        "3",
        "small",
        "food, sound",
        "plenty",
        "residents",
        "",
    ])
    .exits(0);
    let out = &run.stdout;
    assert!(
        out.starts_with(&format!(
            "carepath · {} · event-permits 0.1.0",
            PATHWAY.title.en
        )),
        "{out}"
    );
    for want in [
        format!("Question 1 of about 7: {}", prompt("event_type")),
        "You chose: Block party".to_string(),
        "You chose: Port Alder".to_string(),
        "You chose: On a street".to_string(),
        "You chose: Food sold or served, Amplified sound".to_string(),
        format!("Question 6 of about 7: {}", prompt("lead_time")),
        "Review of your answers:".to_string(),
        format!("Route: {} — Port Alder", headline("special-event-permit")),
        requirement("port_alder", "road_closure"),
        program_label("neighbourhood-matching-fund"),
        "The call is finished.".to_string(),
    ] {
        assert!(
            normalize(out).contains(&normalize(&want)),
            "{want:?} not in:\n{out}"
        );
    }
    assert!(
        normalize(out).contains(&normalize(&kind_label("road_closure"))),
        "{out}"
    );
}

#[test]
fn line_mode_skips_the_deadline_for_a_small_event_and_names_the_city_line() {
    let run = line_mode(&[
        "picnic",
        "riverton",
        "crisis",
        "park",
        "small",
        "no",
        "residents",
        "",
    ])
    .exits(0);
    let out = normalize(&run.stdout);
    // The alias `picnic` is "Something else"; `no` is "None of these" on a multi-choice.
    assert!(out.contains("You chose: Something else"), "{out}");
    assert!(out.contains("You chose: None of these"), "{out}");
    // No `lead_time`: the organiser is the sixth question, and the last.
    assert!(
        out.contains(&normalize(&format!(
            "Question 6 of about 6: {}",
            prompt("organiser")
        ))),
        "{out}"
    );
    assert!(!out.contains(&normalize(&prompt("lead_time"))), "{out}");
    // The crisis lines, with the city's line once the city is known.
    let riverton = &PATHWAY.region("riverton").unwrap().health_line.en;
    assert!(out.contains(&normalize(&PATHWAY.crisis.title.en)), "{out}");
    assert!(out.contains(&normalize(riverton)), "{out}");
    assert!(
        out.contains(&normalize(&format!(
            "Route: {} — Riverton",
            headline("space-booking")
        ))),
        "{out}"
    );
    assert!(out.contains(&normalize(&kind_label("standard"))), "{out}");
    // The residents' program has its own note on this route.
    assert!(
        out.contains("In a park, the program lends picnic tables instead of barricades."),
        "{out}"
    );
}

#[test]
fn line_mode_that_ends_before_the_result_exits_3() {
    let run = line_mode(&["parade", "millbrook"]).exits(3);
    assert!(
        run.stdout.contains("You chose: Millbrook"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("Question 3 of about 7: {}", prompt("venue"))),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------
// the wizard, in a real pseudo-terminal
// ---------------------------------------------------------------------------

const COLS: u16 = 100;
const ROWS: u16 = 30;

fn start(args: &[&str]) -> (TempDir, Pty) {
    let state = tempfile::tempdir().expect("a temporary state directory");
    let pty = harness::spawn(bin(), args, state.path(), COLS, ROWS);
    (state, pty)
}

#[test]
fn wizard_takes_a_parade_to_its_permit_and_shows_the_kind() {
    let (_state, mut pty) = start(&["--pathway", PATHWAY_FILE, "--mode", "staff", "--no-save"]);
    pty.wait_for(&prompt("event_type"));
    pty.wait_for(&PATHWAY.title.en);
    pty.step("4", &prompt("city"));
    pty.step("1", &prompt("venue"));
    pty.step("2", &prompt("attendance"));
    pty.step("3", &prompt("features"));
    // Multi-choice: digits tick, Enter confirms.
    pty.step("3", &format!("[x] 3. {}", label("features", "sound")));
    pty.step("4", &format!("[x] 4. {}", label("features", "road")));
    pty.step(ENTER, &prompt("lead_time"));
    pty.step("1", &prompt("organiser"));
    pty.step("1", &format!("[x] 1. {}", label("organiser", "nonprofit")));
    pty.step(ENTER, "See the result");
    pty.step(
        ENTER,
        &format!("Route: {}", headline("special-event-permit")),
    );
    let wanted = vec![
        "[special_event_permit · rule P3]".to_string(),
        "— Riverton".to_string(),
        kind_label("road_closure"),
        requirement("riverton", "road_closure"),
        format!("- {}:", program_label("riverton-community-waiver")),
    ];
    let seen = pty.pages_showing(&wanted, "the result");
    for kind in ["licensed", "large", "standard"] {
        let other = normalize(&requirement("riverton", kind));
        assert!(!seen.contains(&other), "{kind} shown: {seen}");
    }
}

#[test]
fn wizard_filters_a_city_by_typing_and_shows_the_licensed_kind() {
    let (_state, mut pty) = start(&["--pathway", PATHWAY_FILE, "--mode", "staff", "--no-save"]);
    pty.wait_for(&prompt("event_type"));
    pty.step("concert", "Filter: concert");
    pty.step(ENTER, &prompt("city"));
    pty.step("port", "Filter: port");
    pty.wait_for(&format!("▶ 2. {}", label("city", "port_alder")));
    pty.step(ENTER, &prompt("venue"));
    pty.step("1", &prompt("attendance"));
    pty.step("2", &prompt("features"));
    pty.step("1", &format!("[x] 1. {}", label("features", "food")));
    pty.step("2", &format!("[x] 2. {}", label("features", "alcohol")));
    // No road and 250 people: no `lead_time`, straight to the organiser.
    pty.step(ENTER, &prompt("organiser"));
    pty.step("4", &format!("[x] 4. {}", label("organiser", "none")));
    pty.step(ENTER, "See the result");
    pty.step(
        ENTER,
        &format!("Route: {}", headline("special-event-permit")),
    );
    let wanted = vec![
        "— Port Alder".to_string(),
        kind_label("licensed"),
        requirement("port_alder", "licensed"),
        format!("- {}:", program_label("standard-fees")),
    ];
    pty.pages_showing(&wanted, "the result");
}

// ---------------------------------------------------------------------------
// scenarios
// ---------------------------------------------------------------------------

#[test]
fn scenarios_pass_and_exercise_every_option_rule_and_outcome() {
    let run = carepath(&[
        "--pathway",
        PATHWAY_FILE,
        "scenarios",
        SCENARIOS,
        "--require-full",
    ])
    .exits(0);
    let files = std::fs::read_dir(root().join(SCENARIOS)).unwrap().count();
    assert!(files >= 8, "only {files} scenarios");
    assert!(
        run.stdout.contains(&format!("{files} passed, 0 failed")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("FAIL"), "{}", run.stdout);
    assert!(
        run.stdout.contains("6 of 6 rules, 6 of 6 outcomes"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_scenarios_expect_every_kind_and_every_outcome() {
    let mut kinds = std::collections::BTreeSet::new();
    let mut outcomes = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(root().join(SCENARIOS)).unwrap() {
        let path = entry.unwrap().path();
        let s = carepath::scenario::Scenario::load(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        for k in KINDS {
            if text.contains(&format!("rules: Some(\"{k}\")")) {
                kinds.insert(k);
            }
        }
        outcomes.insert(s.expect.outcome.clone().unwrap());
    }
    assert_eq!(kinds.len(), KINDS.len(), "kinds expected: {kinds:?}");
    let all: std::collections::BTreeSet<String> =
        PATHWAY.outcomes().map(|o| o.id.clone()).collect();
    assert_eq!(outcomes, all);
}

#[test]
fn a_wrong_scenario_fails_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = "p3-port-alder-beer-garden.ron";
    let text = std::fs::read_to_string(root().join(SCENARIOS).join(file)).unwrap();
    let wrong = text.replace("rules: Some(\"licensed\")", "rules: Some(\"large\")");
    assert_ne!(wrong, text, "the scenario expects the licensed kind");
    std::fs::write(dir.path().join(file), wrong).unwrap();
    let run = carepath(&[
        "--pathway",
        PATHWAY_FILE,
        "scenarios",
        dir.path().to_str().unwrap(),
    ])
    .exits(1);
    assert!(run.stdout.contains("FAIL"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains(r#"rules: expected Some("large"), got Some("licensed")"#),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("0 passed, 1 failed"), "{}", run.stdout);
}

#[test]
fn the_bundled_scenarios_do_not_fit_this_pathway() {
    let run = carepath(&["--pathway", PATHWAY_FILE, "scenarios"]).exits(1);
    assert!(run.stdout.contains("FAIL"), "{}", run.stdout);
    assert!(run.stdout.contains("0 passed"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// graph
// ---------------------------------------------------------------------------

#[test]
fn graph_draws_every_node_and_branch_in_both_formats() {
    let mermaid = carepath(&["--pathway", PATHWAY_FILE, "graph"])
        .exits(0)
        .stdout;
    assert!(mermaid.starts_with("flowchart TD"), "{mermaid}");
    assert!(
        mermaid.contains(&format!("%% {} (event-permits 0.1.0)", PATHWAY.title.en)),
        "{mermaid}"
    );
    let arrows = mermaid
        .lines()
        .filter(|l| l.contains("-->|") || l.contains("-.->|"))
        .count();
    let branches: usize = PATHWAY
        .questions()
        .map(|q| q.next.len() + usize::from(q.otherwise.is_some()))
        .sum();
    assert_eq!(arrows, branches, "{mermaid}");
    for q in PATHWAY.questions() {
        assert!(
            mermaid.contains(&format!("q_{}[\"{}<br/>", q.id, q.id)),
            "{}",
            q.id
        );
    }
    for o in PATHWAY.outcomes() {
        let id = o.id.replace('-', "_");
        assert!(
            mermaid.contains(&format!("o_{id}([\"{} · {}", o.id, o.rule)),
            "{}: {mermaid}",
            o.id
        );
    }
    // The nested condition of P2 is drawn in words.
    assert!(mermaid.contains("lead_time = under_4_weeks"), "{mermaid}");
    assert!(mermaid.contains("q_organiser -->|\"features = fireworks\"| o_fire_services_first"));

    let dot = carepath(&["--pathway", PATHWAY_FILE, "graph", "--format", "dot"])
        .exits(0)
        .stdout;
    assert!(dot.trim_start().starts_with("digraph"), "{dot}");
    let edges = dot.lines().filter(|l| l.contains(" -> ")).count();
    assert_eq!(edges, branches, "{dot}");
}

// ---------------------------------------------------------------------------
// diff
// ---------------------------------------------------------------------------

#[test]
fn diff_of_the_pathway_against_itself_finds_no_change() {
    let run = carepath(&["diff", PATHWAY_FILE, PATHWAY_FILE]).exits(0);
    assert!(
        run.stdout.contains(
            "No change in outcome, route, also, referral_to, facility, coverage or flags."
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Content changed"), "{}", run.stdout);
    assert!(!run.stdout.contains("Warning"), "{}", run.stdout);
}

#[test]
fn diff_reports_a_requirement_whose_text_changed() {
    let dir = tempfile::tempdir().unwrap();
    let old = requirement("millbrook", "large");
    let new = "Gatherings of 500 or more need the fire chief's sign-off and a parking plan.";
    let file = edited_copy(dir.path(), "new.ron", &old, new);
    let run = carepath(&["diff", PATHWAY_FILE, file.to_str().unwrap()]).exits(1);
    let out = &run.stdout;
    assert!(out.contains("1 change, on "), "{out}");
    assert!(out.contains(new), "{out}");
    assert!(out.contains("city=millbrook"), "{out}");
    assert!(
        out.contains("attendance=large") || out.contains("attendance=major"),
        "{out}"
    );
    assert!(out.contains("region `millbrook` (changed)"), "{out}");
    assert!(
        out.contains("both files say version 0.1.0, but their content differs"),
        "{out}"
    );
}

#[test]
fn diff_reports_a_kind_whose_condition_changed() {
    let dir = tempfile::tempdir().unwrap();
    // `large` now only for 5,000 or more: gatherings of 500 to 4,999 fall to `standard`.
    let file = edited_copy(
        dir.path(),
        "new.ron",
        r#"when: Some(AnyOf("attendance", ["large", "major"])),"#,
        r#"when: Some(Is("attendance", "major")),"#,
    );
    let run = carepath(&["diff", PATHWAY_FILE, file.to_str().unwrap()]).exits(1);
    let out = &run.stdout;
    // One change, in every city: the kind says the text, so no city's text is a change of
    // its own.
    assert!(out.contains("1 change, on "), "{out}");
    assert!(out.contains("facility.rules: large → standard"), "{out}");
    assert!(!out.contains("facility.requirement"), "{out}");
    assert!(out.contains("attendance=large"), "{out}");
    assert!(!out.contains("attendance=major"), "{out}");
    assert!(out.contains("regions table settings (changed)"), "{out}");
}

// ---------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------

#[test]
fn explain_a_city_shows_every_kind_of_requirement() {
    let run = carepath(&["--pathway", PATHWAY_FILE, "explain", "riverton"]).exits(0);
    let out = normalize(&run.stdout);
    assert!(
        out.contains("region `riverton`: Riverton (an answer to `city`)"),
        "{out}"
    );
    assert!(out.contains("Riverton Special Events Office"), "{out}");
    // Each kind: its id, the city's text, and what the kind is for.
    for kind in KINDS {
        let line = format!(
            "{kind}: {} (for {})",
            requirement("riverton", kind),
            kind_label(kind)
        );
        assert!(out.contains(&normalize(&line)), "{line:?} not in: {out}");
    }
    assert!(out.contains("riverton-community-waiver"), "{out}");
}

#[test]
fn explain_the_question_that_chooses_the_kind_says_so() {
    let run = carepath(&["--pathway", PATHWAY_FILE, "explain", "features"]).exits(0);
    let out = &run.stdout;
    assert!(out.contains("question `features`: Features"), "{out}");
    assert!(
        out.contains("several answers (`none` excludes the others)"),
        "{out}"
    );
    // The kinds whose conditions read `features`, and not those whose conditions do not.
    assert!(out.contains("requirement `road_closure` when"), "{out}");
    assert!(out.contains("requirement `licensed` when"), "{out}");
    assert!(!out.contains("requirement `large`"), "{out}");
    let attendance = carepath(&["--pathway", PATHWAY_FILE, "explain", "attendance"])
        .exits(0)
        .stdout;
    assert!(
        attendance.contains("requirement `large` when"),
        "{attendance}"
    );
    assert!(
        !attendance.contains("requirement `road_closure`"),
        "{attendance}"
    );
    // An option names the kind it chooses.
    let road = carepath(&["--pathway", PATHWAY_FILE, "explain", "road"])
        .exits(0)
        .stdout;
    assert!(road.contains("requirement `road_closure` when"), "{road}");
    assert!(!road.contains("requirement `licensed`"), "{road}");
}

#[test]
fn explain_an_unknown_id_suggests_one() {
    let run = carepath(&["--pathway", PATHWAY_FILE, "explain", "rivertn"]).exits(2);
    assert!(run.stderr.contains("riverton"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// train
// ---------------------------------------------------------------------------

#[test]
fn train_refuses_scenarios_written_for_another_pathway() {
    let run = carepath(&[
        "--pathway",
        PATHWAY_FILE,
        "train",
        "pathways/scenarios",
        "--no-save",
    ])
    .exits(1);
    assert!(
        run.stderr
            .contains("do not fit the pathway event-permits 0.1.0"),
        "{}",
        run.stderr
    );
}

#[test]
fn train_compares_a_trainees_call_and_writes_the_scenario_it_took() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().to_str().unwrap();
    let scenario = format!("{SCENARIOS}/p3-port-alder-beer-garden.ron");
    let (_state, mut pty) = start(&[
        "--pathway",
        PATHWAY_FILE,
        "train",
        &scenario,
        "--write-to",
        out_dir,
    ]);
    pty.wait_for("Trainer: choose a scenario");
    pty.step(ENTER, "Press Enter to take the call");
    pty.step(ENTER, &prompt("event_type"));
    pty.step("3", &prompt("city"));
    pty.step("2", &prompt("venue"));
    pty.step("1", &prompt("attendance"));
    pty.step("2", &prompt("features"));
    // The trainee misses the alcohol: food and sound only.
    pty.step("1", &format!("[x] 1. {}", label("features", "food")));
    pty.step("3", &format!("[x] 3. {}", label("features", "sound")));
    pty.step(ENTER, &prompt("organiser"));
    pty.step("1", &format!("[x] 1. {}", label("organiser", "nonprofit")));
    pty.step(ENTER, "See the result");
    pty.step(ENTER, "The result differs from the expected one");
    pty.wait_for("first difference");
    // The permit expected against the space booking the trainee reached, and the kinds of
    // requirement by their labels.
    pty.wait_for(&format!(
        "Expected {} · Your answers {}",
        headline("special-event-permit"),
        headline("space-booking")
    ));
    pty.wait_for(&format!(
        "Expected {} · Your answers {}",
        kind_label("licensed"),
        kind_label("standard")
    ));
    pty.step("o", &format!("Route: {}", headline("space-booking")));
    pty.step("w", "Scenario written");
    let written: Vec<PathBuf> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let text = std::fs::read_to_string(&written[0]).unwrap();
    assert!(text.contains(r#""features": "food,sound""#), "{text}");
    assert!(text.contains(r#"rules: Some("standard")"#), "{text}");
    // The written scenario passes on this pathway: it expects what the trainee reached.
    let run = carepath(&["--pathway", PATHWAY_FILE, "scenarios", out_dir]).exits(0);
    assert!(run.stdout.contains("1 passed, 0 failed"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// export
// ---------------------------------------------------------------------------

#[test]
fn export_writes_a_questionnaire_of_this_pathway() {
    let run = carepath(&["--pathway", PATHWAY_FILE, "export", "--format", "fhir"]).exits(0);
    let q: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(q["resourceType"], "Questionnaire");
    assert_eq!(q["id"], "event-permits");
    assert_eq!(q["title"], PATHWAY.title.en);
    let items = q["item"].as_array().unwrap();
    let ids: Vec<&str> = items
        .iter()
        .map(|i| i["linkId"].as_str().unwrap())
        .collect();
    let questions: Vec<&str> = PATHWAY.questions().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, questions);
    for item in items {
        let multi = ["features", "organiser"].contains(&item["linkId"].as_str().unwrap());
        assert_eq!(item["repeats"], multi, "{item:#}");
    }
    let city = &items[1]["answerOption"];
    assert_eq!(
        city[0]["valueCoding"]["system"],
        "urn:carepath:event-permits:city"
    );
    assert_eq!(city[0]["valueCoding"]["code"], "riverton");
}
