//! Hostile input and hostile machines: escape sequences and invisible characters in a pathway
//! never reach a terminal, oversized files are refused, the state directory is kept private,
//! `carepath forget` deletes what is saved, and an unusable state directory does not stop a
//! call.

#[path = "common/calls.rs"]
mod calls;
#[path = "common/synthetic.rs"]
mod synthetic;
#[path = "common/timeout.rs"]
mod timeout;

use calls::PAIN_MEDICINE;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin_cmd;
use carepath::export::{SummaryOf, build_summary};
use carepath::pathway::load::{BUNDLED, LoadError, load_file};
use carepath::pathway::validate::{Severity, validate};
use carepath::pathway::{Audience, Choice, Lang};
use carepath::route::{collect_answers, parse_answer, route};
use carepath::wizard::render::{Theme, render};
use carepath::wizard::{Screen, StartOptions, Wizard};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a hostile pathway writes into labels: retitle the terminal, then reverse the text.
const PWNED: &str = "\u{1b}]0;pwned\u{7}\u{202e}";

/// The same answers as typed in the line mode.
const PAIN_MEDICINE_TYPED: &[&str] = &[
    "none",
    "on",
    "adult",
    "both",
    "crps",
    "depression, ptsd",
    "liver",
    "workers",
    "iv",
    "",
];

/// Characters that must never reach output raw: C0 controls other than line breaks and
/// tabs, DEL, C1 controls, bidi controls and zero-width characters.
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t' && c != '\r')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

fn assert_clean(what: &str, text: &str) {
    if let Some((i, c)) = text.char_indices().find(|(_, c)| is_dangerous(*c)) {
        let around: String = text[i.saturating_sub(60)..]
            .chars()
            .take(120)
            .flat_map(char::escape_debug)
            .collect();
        panic!("{what}: raw U+{:04X} at byte {i}: …{around}…", c as u32);
    }
}

/// Replaces the first `from` after `after` in `text`.
fn replace_after(text: &str, after: &str, from: &str, to: &str) -> String {
    let start = text
        .find(after)
        .unwrap_or_else(|| panic!("{after} not found"));
    let at = start
        + text[start..]
            .find(from)
            .unwrap_or_else(|| panic!("{from} not found"));
    format!("{}{to}{}", &text[..at], &text[at + from.len()..])
}

/// The bundled pathway with escape sequences in labels, a headline, a region name, the
/// disclaimer and source titles: some written raw, some as RON escapes.
fn hostile_pathway() -> String {
    let escaped = "\\u{1b}]0;pwned\\u{7}\\u{202e}";
    let mut text = BUNDLED.replace(
        "(id: \"on\", label: (en: \"Ontario\", fr: \"Ontario\"))",
        &format!("(id: \"on\", label: (en: \"Ontario{escaped}\", fr: \"Ontario{PWNED}\"))"),
    );
    assert_ne!(text, BUNDLED, "the Ontario option was not found");
    text = replace_after(
        &text,
        "id: \"pain-medicine\"",
        "headline: (en: \"",
        &format!("headline: (en: \"{PWNED}\u{200b}\t"),
    );
    text = replace_after(
        &text,
        "id: \"on\",\n                name:",
        "(en: \"Ontario\"",
        &format!("(en: \"Ontario{escaped}\""),
    );
    text = replace_after(
        &text,
        "disclaimer:",
        "(en: \"",
        &format!("(en: \"\\u{{9b}}31m{PWNED}\\n"),
    );
    text.replace(
        "            title: \"",
        &format!("            title: \"{PWNED}"),
    )
}

fn write_hostile(dir: &Path) -> PathBuf {
    let path = dir.join("hostile.ron");
    std::fs::write(&path, hostile_pathway()).unwrap();
    path
}

fn private_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// `carepath` with the arguments, the lines typed, and a state directory.
fn carepath(args: &[&str], lines: &[&str], state: &Path) -> (String, String, i32) {
    let mut input = lines.join("\n");
    input.push('\n');
    let out = cargo_bin_cmd!("carepath")
        .args(args)
        .env("CAREPATH_STATE_DIR", state)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .write_stdin(input)
        .timeout(timeout::scaled(Duration::from_secs(60)))
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let stderr = String::from_utf8(out.stderr).expect("utf-8 errors");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (stdout, stderr, out.status.code().unwrap_or(-1))
}

// ---- Untrusted text ---------------------------------------------------------------------

#[test]
fn loading_replaces_escapes_with_visible_symbols() {
    let tmp = private_dir();
    let loaded = load_file(&write_hostile(tmp.path())).expect("loads");
    let p = &loaded.pathway;
    let on = p.question("province").unwrap().option("on").unwrap();
    assert_eq!(on.label.en, "Ontario␛]0;pwned␇<U+202E>");
    assert_eq!(on.label.fr, "Ontario␛]0;pwned␇<U+202E>");
    let headline = &p.outcome("pain-medicine").unwrap().headline.en;
    assert!(
        headline.starts_with("␛]0;pwned␇<U+202E><U+200B> Ask"),
        "{headline}"
    );
    let disclaimer = &p.disclaimer.en;
    assert!(
        disclaimer.starts_with("<U+009B>31m␛]0;pwned␇<U+202E>\nThis"),
        "{disclaimer}"
    );
    assert!(p.sources.iter().all(|s| s.title.starts_with("␛]0;pwned␇")));
}

#[test]
fn check_warns_about_each_string_at_its_literal() {
    let tmp = private_dir();
    let path = write_hostile(tmp.path());
    let loaded = load_file(&path).expect("loads");
    let report = validate(&loaded);
    assert_eq!(report.errors(), 0, "{:?}", report.problems);
    let warnings: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .collect();
    // Two labels, a region name, a headline, the disclaimer and every source title.
    let expected = 5 + loaded.pathway.sources.len();
    assert_eq!(warnings.len(), expected, "{warnings:#?}");
    for w in &warnings {
        let (offset, len) = w.span.expect("located");
        let literal = &loaded.text[offset..offset + len];
        assert!(
            literal.starts_with('"') && literal.ends_with('"'),
            "{literal}"
        );
        assert!(
            literal.contains('\u{1b}') || literal.contains("\\u{1b}"),
            "{}: {literal}",
            w.message
        );
        assert!(w.message.contains("ESC (U+001B)"), "{}", w.message);
    }
    let label = warnings
        .iter()
        .find(|w| w.message.contains("label of option `on` (en)"))
        .expect("the English label is named");
    assert_eq!(label.node.as_deref(), Some("province"));
    assert!(
        label.message.contains("a bidi control (U+202E)"),
        "{}",
        label.message
    );
    assert!(label.message.contains("BEL (U+0007)"), "{}", label.message);

    let (out, err, code) = carepath(&["check", path.to_str().unwrap()], &[], tmp.path());
    assert_eq!(code, 0, "warnings do not fail check:\n{err}");
    assert!(
        out.contains(&format!("0 errors · {expected} warning")),
        "{out}"
    );
    assert!(err.contains("the label of option `on` (en)"), "{err}");
    let line = BUNDLED[..BUNDLED.find("(id: \"on\", label").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(err.contains(&format!("hostile.ron:{line}:")), "{err}");
    assert_clean("check's output", &out);
    assert_clean("check's messages", &err);
}

#[test]
fn route_text_and_json_show_no_raw_escapes() {
    let tmp = private_dir();
    let path = write_hostile(tmp.path());
    let mut args = vec!["route", "--pathway", path.to_str().unwrap()];
    let answers: Vec<String> = PAIN_MEDICINE
        .iter()
        .map(|(q, a)| format!("--answer={q}={a}"))
        .collect();
    args.extend(answers.iter().map(String::as_str));
    for format in ["text", "json"] {
        for lang in ["en", "fr"] {
            let mut args = args.clone();
            args.extend(["--format", format, "--lang", lang]);
            let (out, err, code) = carepath(&args, &[], tmp.path());
            assert_eq!(code, 0, "{format} {lang}: {err}");
            assert_clean(&format!("route {format} {lang}"), &out);
            assert_clean(&format!("route {format} {lang} messages"), &err);
            assert!(
                out.contains("␛]0;pwned␇<U+202E>"),
                "{format} {lang}:\n{out}"
            );
            assert!(
                !out.contains("\\u001b"),
                "{format} {lang}: escaped ESC in JSON"
            );
        }
    }
}

#[test]
fn the_line_mode_and_its_summary_show_no_raw_escapes() {
    let tmp = private_dir();
    let path = write_hostile(tmp.path());
    let state = tmp.path().join("state");
    let mut lines = PAIN_MEDICINE_TYPED.to_vec();
    lines.push("save");
    let (out, err, code) = carepath(
        &[
            "--plain",
            "--mode",
            "staff",
            "--pathway",
            path.to_str().unwrap(),
        ],
        &lines,
        &state,
    );
    assert_eq!(code, 0, "{err}");
    assert_clean("the line mode", &out);
    assert_clean("the line mode's messages", &err);
    assert!(out.contains("Ontario␛]0;pwned␇<U+202E>"), "{out}");
    let summaries: Vec<PathBuf> = std::fs::read_dir(state.join("summaries"))
        .expect("a summary was saved")
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(summaries.len(), 3, "{out}");
    for file in summaries {
        let text = std::fs::read_to_string(&file).unwrap();
        assert_clean(&file.display().to_string(), &text);
        assert!(!text.contains("\\u001b"), "{}: escaped ESC", file.display());
    }

    // The same summary built in memory, in both languages and for both audiences.
    let loaded = load_file(&path).unwrap();
    let p = &loaded.pathway;
    let answers = collect_answers(
        p,
        PAIN_MEDICINE
            .iter()
            .map(|(q, a)| parse_answer(&format!("{q}={a}")).unwrap()),
    )
    .unwrap();
    let routed = route(p, &answers).unwrap();
    for audience in [Audience::Staff, Audience::Patient] {
        for lang in [Lang::En, Lang::Fr] {
            let s = build_summary(&SummaryOf {
                loaded: &loaded,
                outcome: &routed.outcome,
                audience,
                lang,
                started_at: "2026-05-06T14:00:00Z",
                ended_at: "2026-05-06T14:09:30Z",
                zone: &jiff::tz::TimeZone::UTC,
                note: "note",
            });
            assert_clean("summary text", &s.text);
            assert_clean("summary full text", &s.full_text);
            assert_clean("summary json", &serde_json::to_string(&s.json).unwrap());
        }
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Every cell of the wizard's screen, as text.
fn screen(w: &Wizard, width: u16, height: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| render(w, Theme::default(), f)).unwrap();
    t.backend()
        .buffer()
        .content()
        .iter()
        .map(|cell| cell.symbol())
        .collect()
}

#[test]
fn the_wizard_draws_no_control_characters() {
    let tmp = private_dir();
    let loaded = load_file(&write_hostile(tmp.path())).unwrap();
    let mut w = Wizard::new(
        &loaded,
        StartOptions {
            lang: Lang::En,
            saving: carepath::keeper::Saving::Disabled,
            now: "2026-11-25T10:00:00Z".into(),
            ..Default::default()
        },
    );
    assert_clean("start screen", &screen(&w, 120, 40));
    w = Wizard::new(
        &loaded,
        StartOptions {
            audience: Some(Audience::Staff),
            lang: Lang::En,
            saving: carepath::keeper::Saving::Disabled,
            now: "2026-11-25T10:00:00Z".into(),
            ..Default::default()
        },
    );
    for (q, a) in PAIN_MEDICINE {
        assert_eq!(w.question().map(|q| q.id.as_str()), Some(q));
        let text = screen(&w, 120, 40);
        assert_clean(q, &text);
        if q == "province" {
            assert!(text.contains("Ontario␛]0;pwned␇<U+202E>"), "{text}");
        }
        let multi = w.question().unwrap().choice == Choice::Multi;
        for o in a.split(',') {
            for c in o.chars() {
                w.handle_key(key(KeyCode::Char(c)));
            }
            if multi {
                w.handle_key(key(KeyCode::Char(' ')));
                w.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
            }
        }
        w.handle_key(key(KeyCode::Enter));
    }
    assert_eq!(w.screen(), Screen::Review);
    assert_clean("review", &screen(&w, 120, 40));
    w.handle_key(key(KeyCode::Enter));
    assert_eq!(w.screen(), Screen::Outcome);
    for (width, height) in [(120, 40), (80, 24), (40, 12)] {
        assert_clean("outcome", &screen(&w, width, height));
    }
}

#[test]
fn ids_must_be_plain_and_the_fix_is_suggested() {
    let text = BUNDLED
        .replace("\"on\"", "\"On Tario\"")
        .replace("id: \"pain-medicine\"", "id: \"pain\\u{1b}[2Jmedicine\"")
        .replace("\"pain-medicine\"", "\"pain\\u{1b}[2Jmedicine\"");
    let loaded = carepath::pathway::load::load_str("ids.ron", &text).expect("parses");
    let report = validate(&loaded);
    let id_errors: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.message.contains("not a plain id"))
        .collect();
    assert_eq!(id_errors.len(), 3, "{id_errors:#?}");
    for p in &id_errors {
        assert_eq!(p.severity, Severity::Error);
        let (offset, len) = p.span.expect("located");
        let literal = &loaded.text[offset..offset + len];
        assert!(
            literal == "\"On Tario\"" || literal.starts_with("\"pain\\u{1b}"),
            "{literal}"
        );
        assert_clean("the message", &p.message);
    }
    let option = id_errors
        .iter()
        .find(|p| p.message.starts_with("an option of `province`"));
    let help = option.and_then(|p| p.help.as_deref()).unwrap_or_default();
    assert!(help.contains("did you mean `on-tario`?"), "{help}");
    let outcome = id_errors
        .iter()
        .find(|p| p.message.starts_with("the outcome"))
        .unwrap();
    assert!(
        outcome.message.contains("`pain␛[2Jmedicine`"),
        "{}",
        outcome.message
    );
    assert!(
        outcome
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("did you mean `pain-2jmedicine`?"),
        "{:?}",
        outcome.help
    );
    assert!(
        id_errors
            .iter()
            .any(|p| p.message.starts_with("the region has the id `On Tario`"))
    );
}

// ---- Size limit -------------------------------------------------------------------------

#[test]
fn a_nine_mib_pathway_is_refused_quickly_with_a_clear_message() {
    let tmp = private_dir();
    let path = tmp.path().join("huge.ron");
    let mut text = BUNDLED.to_string();
    while text.len() < 9 * 1024 * 1024 {
        text.push_str("// padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(&path, &text).unwrap();

    let started = Instant::now();
    let err = load_file(&path).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(err, LoadError::TooLarge { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: the file is {} bytes; pathway files are limited to 8388608 bytes (8 MiB). \
             Is this the right file?",
            path.display(),
            text.len()
        )
    );

    let started = Instant::now();
    let (_, stderr, code) = carepath(&["check", path.to_str().unwrap()], &[], tmp.path());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!("the file is {} bytes", text.len())),
        "{stderr}"
    );
    assert!(stderr.contains("(8 MiB)"), "{stderr}");
    assert!(stderr.contains("not checked further"), "{stderr}");
}

// ---- The state directory ----------------------------------------------------------------

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A staff call through the line mode that stops after two answers (and so is saved).
fn unfinished_call(state: &Path) -> (String, String, i32) {
    carepath(&["--plain", "--mode", "staff"], &["none", "on"], state)
}

/// The exit status of a line-mode run whose input ended before the call was finished.
const INPUT_ENDED: i32 = carepath::call::EXIT_INPUT_ENDED as i32;

/// The saved calls' files (`call-<id>.json`) in the state directory.
fn call_files(state: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(state)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        let name = p.file_name().unwrap().to_string_lossy();
        name.starts_with("call-") && name.ends_with(".json")
    });
    files
}

#[cfg(unix)]
#[test]
fn saved_sessions_and_summaries_are_private() {
    let tmp = private_dir();
    let state = tmp.path().join("new").join("state");
    let (out, _, code) = unfinished_call(&state);
    assert_eq!(code, INPUT_ENDED, "{out}");
    assert_eq!(mode(&state), 0o700);
    assert_eq!(mode(state.parent().unwrap()), 0o700);
    let calls = call_files(&state);
    assert_eq!(calls.len(), 1, "{out}");
    assert_eq!(mode(&calls[0]), 0o600);

    let mut lines = vec!["resume"];
    lines.extend(&PAIN_MEDICINE_TYPED[2..]);
    lines.push("save");
    let (out, _, code) = carepath(&["--plain", "--mode", "staff"], &lines, &state);
    assert_eq!(code, 0, "{out}");
    let summaries = state.join("summaries");
    assert_eq!(mode(&summaries), 0o700, "{out}");
    let files: Vec<PathBuf> = std::fs::read_dir(&summaries)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 3, "{out}");
    for f in files {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
}

#[cfg(unix)]
#[test]
fn carepaths_own_state_directory_is_made_private_when_it_already_exists() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = private_dir();
    let own = tmp.path().join("xdg-state").join("carepath");
    std::fs::create_dir_all(own.join("summaries")).unwrap();
    for dir in [&own, &own.join("summaries")] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut lines = vec!["none", "on"];
    lines.extend(&PAIN_MEDICINE_TYPED[2..]);
    lines.push("save");
    let out = cargo_bin_cmd!("carepath")
        .args(["--plain", "--mode", "staff"])
        .env_remove(carepath::store::STATE_DIR_ENV)
        .env("XDG_STATE_HOME", tmp.path().join("xdg-state"))
        .env("HOME", tmp.path())
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .write_stdin(lines.join("\n") + "\n")
        .timeout(timeout::scaled(Duration::from_secs(60)))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("summaries"), "{stdout}");
    assert_eq!(mode(&own), 0o700);
    assert_eq!(mode(&own.join("summaries")), 0o700);
}

#[cfg(unix)]
#[test]
fn a_state_directory_others_can_write_to_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = private_dir();
    let state = tmp.path().join("state");
    std::fs::create_dir(&state).unwrap();
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o777)).unwrap();
    let (out, err, code) = unfinished_call(&state);
    assert_eq!(code, INPUT_ENDED, "{out}{err}");
    assert!(
        out.contains(&format!("chmod 700 {}", state.display())),
        "{out}"
    );
    assert!(out.contains("Not saved: "), "{out}");
    assert!(out.contains("latest answers are not saved"), "{out}");
    assert_eq!(
        std::fs::read_dir(&state).unwrap().count(),
        0,
        "wrote into it"
    );
}

#[cfg(unix)]
#[test]
fn a_saved_session_that_is_a_link_is_not_followed() {
    let tmp = private_dir();
    let state = tmp.path().join("state");
    std::fs::create_dir(&state).unwrap();
    let target = tmp.path().join("elsewhere.json");
    std::fs::write(&target, "precious").unwrap();
    let link = state.join("call-20261125T100000Z-1-1.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (out, err, code) = unfinished_call(&state);
    assert_eq!(code, INPUT_ENDED, "{out}{err}");
    assert!(out.contains("symbolic link"), "{out}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_corrupt_saved_session_is_moved_aside_and_reported() {
    let tmp = private_dir();
    let state = tmp.path().join("state");
    std::fs::create_dir(&state).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let session = state.join("call-20261125T100000Z-1-1.json");
    std::fs::write(&session, "{\"pathway_id\": \"ketamine-chr").unwrap();
    let (out, err, code) = unfinished_call(&state);
    assert_eq!(code, INPUT_ENDED, "{out}{err}");
    assert!(
        out.contains("could not be read (the file is cut short"),
        "{out}"
    );
    let aside: Vec<String> = std::fs::read_dir(&state)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{out}");
    assert!(out.contains(&aside[0]), "{out}");
}

#[test]
fn forget_deletes_saved_sessions_and_says_how_many() {
    let tmp = private_dir();
    let state = tmp.path().join("state");
    let (out, _, _) = unfinished_call(&state);
    assert_eq!(call_files(&state).len(), 1, "{out}");
    std::fs::write(state.join("call-other.json"), "{}").unwrap();
    let mut lines = PAIN_MEDICINE_TYPED.to_vec();
    lines.insert(0, "new");
    lines.push("save");
    carepath(&["--plain", "--mode", "staff"], &lines, &state);
    assert_eq!(
        std::fs::read_dir(state.join("summaries")).unwrap().count(),
        3
    );
    unfinished_call(&state);

    let (out, err, code) = carepath(&["forget"], &[], &state);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Deleted 2 saved sessions from"), "{out}");
    assert!(out.contains("Summaries are kept"), "{out}");
    assert!(call_files(&state).is_empty());
    assert_eq!(
        std::fs::read_dir(state.join("summaries")).unwrap().count(),
        3
    );

    let (out, err, code) = carepath(&["forget", "--summaries"], &[], &state);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Deleted 0 saved sessions and 3 summary files from"),
        "{out}"
    );
    assert_eq!(std::fs::read_dir(&state).unwrap().count(), 0);

    let (out, _, code) = carepath(&["forget", "--lang", "fr"], &[], &state);
    assert_eq!(code, 0);
    assert!(
        out.contains("Sessions enregistrées supprimées\u{a0}: 0."),
        "{out}"
    );

    // Nothing saved yet: nothing to delete, and no directory is created.
    let never = tmp.path().join("never");
    let (out, _, code) = carepath(&["forget", "--summaries"], &[], &never);
    assert_eq!(code, 0);
    assert!(
        out.contains("Deleted 0 saved sessions and 0 summary files"),
        "{out}"
    );
    assert!(!never.exists());
}

#[test]
fn an_unusable_state_directory_does_not_stop_the_line_mode() {
    let tmp = private_dir();
    // A file where the directory should be: creating it fails even for root.
    let state = tmp.path().join("state");
    std::fs::write(&state, "a file, not a directory").unwrap();
    let (out, err, code) = carepath(&["--plain", "--mode", "staff"], PAIN_MEDICINE_TYPED, &state);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Not saved: "), "{out}");
    assert!(out.contains("it is a file, not a directory"), "{out}");
    assert!(!out.contains("os error"), "{out}");
    let headline = carepath::pathway::load::PathwaySource::Bundled
        .load()
        .unwrap()
        .pathway
        .outcome("pain-medicine")
        .unwrap()
        .headline
        .en
        .clone();
    assert!(out.contains(headline.trim_end_matches('.')), "{out}");
    assert_eq!(
        std::fs::read_to_string(&state).unwrap(),
        "a file, not a directory"
    );
}

// ---- Scale ------------------------------------------------------------------------------

/// Peak resident memory of this process so far, in bytes (Linux only).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
#[ignore = "100,000 questions: run with `cargo test --release --test hardening -- --ignored`"]
fn a_hundred_thousand_questions_load_in_two_seconds_and_500_mb() {
    use carepath::pathway::load::load_str;

    let started = Instant::now();
    let text = synthetic::generate(100_000);
    let generated = started.elapsed();
    // Start the peak from here (Linux 4.0 and later), so only loading and checking count.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = peak_memory();

    let started = Instant::now();
    let loaded = load_str("synthetic.ron", &text).expect("loads");
    let parsed = started.elapsed();
    let report = validate(&loaded);
    let total = started.elapsed();
    let peak = peak_memory();
    assert_eq!(report.errors(), 0, "{:?}", report.problems.first());
    assert_eq!(report.paths.as_ref().map(|p| p.distinct), Some(10_000));

    let answers = synthetic::longest_path_answers(&loaded.pathway);
    let started = Instant::now();
    let answers = collect_answers(&loaded.pathway, answers).expect("valid");
    let routed = route(&loaded.pathway, &answers).expect("routes");
    let routing = started.elapsed();
    assert_eq!(routed.outcome.node.id, "end");

    let mib = |b: Option<u64>| b.map_or("?".into(), |b| format!("{:.0} MiB", b as f64 / 1048576.0));
    eprintln!(
        "100,000 questions ({:.1} MB of text, generated in {generated:.2?}): parse {parsed:.2?}, \
         validate {:.2?}, load and validate {total:.2?}; route the longest path {routing:.2?}; \
         peak memory {} (before loading {})",
        text.len() as f64 / 1e6,
        total - parsed,
        mib(peak),
        mib(before),
    );
    if let Some(peak) = peak {
        assert!(peak < 500 * 1024 * 1024, "peak memory {}", mib(Some(peak)));
    }
    if !cfg!(debug_assertions) {
        assert!(
            total < Duration::from_secs(2),
            "load and validate took {total:.2?}"
        );
    }
}

#[test]
fn an_endless_device_is_refused_without_being_read() {
    let tmp = tempfile::tempdir().unwrap();
    for device in ["/dev/zero", "/dev/urandom"] {
        let started = Instant::now();
        let (_, stderr, code) = carepath(&["check", device], &[], tmp.path());
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{device}: {:?}",
            started.elapsed()
        );
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stderr.contains(&format!(
                "{device}: cannot read the file: it is a device, not a pathway file"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn a_reader_that_goes_away_ends_the_output_without_a_panic() {
    use std::process::{Command, Stdio};
    for args in [
        &["check"][..],
        &["scenarios"],
        &["graph"],
        &["route", "-a", "safety=crisis", "--format", "json"],
    ] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("carepath"))
            .args(args)
            .env("RUST_BACKTRACE", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        // Close the reading end before the command has written anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            matches!(out.status.code(), Some(0 | 141)),
            "{args:?}: {:?} {stderr}",
            out.status
        );
    }
}
