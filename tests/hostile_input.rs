//! Text from outside the program (file names, scenario files, arguments, the environment)
//! never reaches the terminal raw; messages survive a closed or full stderr; every file
//! carepath reads is a regular file within the 8 MiB limit.

#[path = "common/timeout.rs"]
mod timeout;

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin_cmd;

/// Retitles the terminal, then reverses the text, then a zero-width space.
const PWNED: &str = "\u{1b}]0;PWNED\u{7}\u{202e}\u{200b}";

const SMALL: &str = include_str!("fixtures/valid/small.ron");

/// Characters that must never reach output raw: C0 controls other than line breaks and
/// tabs, DEL, C1 controls, bidi controls and zero-width characters.
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
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

/// `carepath` with the arguments in `dir`, with a state directory of its own: (stdout,
/// stderr, exit code).
fn carepath(dir: &Path, args: &[&str]) -> (String, String, i32) {
    carepath_env(dir, args, &[])
}

fn carepath_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (String, String, i32) {
    let state = dir.join("state");
    let mut cmd = cargo_bin_cmd!("carepath");
    cmd.current_dir(dir)
        .args(args)
        .env("CAREPATH_STATE_DIR", &state)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("RUST_BACKTRACE", "1")
        .timeout(timeout::scaled(Duration::from_secs(60)));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    (stdout, stderr, out.status.code().unwrap_or(-1))
}

fn scenario(name: &str, answers: &[(&str, &str)]) -> String {
    let answers: String = answers
        .iter()
        .map(|(q, a)| format!("{q:?}: {a:?}, "))
        .collect();
    format!(
        "Scenario(name: {name:?}, vignette: \"A call.\", answers: {{{answers}}}, \
         expect: (route: \"emergency\"))"
    )
}

// ---- Item 5: one sanitizer for every text from outside ------------------------------------

#[test]
fn scenario_names_answers_and_file_names_are_shown_visibly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("scenarios");
    std::fs::create_dir(&dir).unwrap();
    // A scenario that passes, one whose answer is hostile, one that does not parse.
    std::fs::write(
        dir.join(format!("a{PWNED}.ron")),
        scenario(&format!("Named{PWNED}"), &[("safety", "crisis")]),
    )
    .unwrap();
    std::fs::write(
        dir.join("b.ron"),
        scenario("b", &[("safety", &format!("crisis{PWNED}"))]),
    )
    .unwrap();
    std::fs::write(
        dir.join(format!("c{PWNED}.ron")),
        format!("Scenario(nme{PWNED}: 1)"),
    )
    .unwrap();
    let (out, err, code) = carepath(tmp.path(), &["scenarios", "scenarios"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("Named␛]0;PWNED␇<U+202E><U+200B>"), "{out}");
    assert!(out.contains("1 passed, 2 failed"), "{out}");
    assert_clean("scenarios' output", &out);
    assert_clean("scenarios' messages", &err);
}

#[test]
fn check_and_diff_show_file_names_and_the_pathway_id_visibly() {
    let tmp = tempfile::tempdir().unwrap();
    let name = format!("p{PWNED}.ron");
    let hostile_id = SMALL.replace(
        "id: \"example-physio\"",
        "id: \"example\\u{1b}]0;PWNED\\u{7}\"",
    );
    assert_ne!(hostile_id, SMALL);
    std::fs::write(tmp.path().join(&name), hostile_id).unwrap();
    let (out, err, code) = carepath(tmp.path(), &["check", &name]);
    assert_eq!(code, 1, "the id is not plain: {out}{err}");
    assert!(out.contains("example␛]0;PWNED␇"), "{out}");
    assert_clean("check's summary", &out);
    assert_clean("check's problems", &err);

    let clean = format!("q{PWNED}.ron");
    std::fs::write(tmp.path().join(&clean), SMALL).unwrap();
    let (out, err, code) = carepath(tmp.path(), &["diff", &clean, &clean]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("q␛]0;PWNED␇"), "{out}");
    assert_clean("diff's header", &out);
    let (out, err, code) = carepath(tmp.path(), &["diff", &name, &clean]);
    assert_eq!(code, 2, "{out}{err}");
    assert_clean("diff's refusal", &err);
    let (out, err, code) = carepath(tmp.path(), &["check", "missing\u{1b}[2J.ron"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_clean("check of a missing file", &err);
}

#[test]
fn arguments_and_the_state_directory_are_shown_visibly() {
    let tmp = tempfile::tempdir().unwrap();
    let answer = format!("safety=none{PWNED}");
    let question = format!("sa{PWNED}fety=none");
    for args in [
        vec!["route", "-a", answer.as_str()],
        vec!["route", "-a", question.as_str()],
        vec!["route", "-a", "safety=crisis", "-a", question.as_str()],
        vec!["route", "-a", PWNED],
        vec!["explain", PWNED],
        vec!["explain", answer.as_str()],
    ] {
        let (out, err, code) = carepath(tmp.path(), &args);
        assert_ne!(code, 0, "{args:?}: {out}{err}");
        assert!(err.contains('␛'), "{args:?}: {err}");
        assert_clean(&format!("{args:?}"), &out);
        assert_clean(&format!("{args:?} messages"), &err);
    }
    // A state directory path that is a file, so it cannot be used.
    let state = tmp.path().join(format!("state{PWNED}"));
    std::fs::write(&state, "not a directory").unwrap();
    let state = state.to_str().unwrap();
    let (out, err, code) = carepath_env(tmp.path(), &["forget"], &[("CAREPATH_STATE_DIR", state)]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("state␛]0;PWNED␇"), "{err}");
    assert_clean("forget's error", &err);
}

// ---- Item 9: stderr closed or full -----------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_full_or_closed_stderr_ends_the_command_without_a_panic() {
    use std::process::{Command, Stdio};
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/cycle.ron");
    let bad = bad.to_str().unwrap();
    let cases: [(&[&str], &[i32]); 4] = [
        (&["route", "-a", "safety=zz"], &[2]),
        (&["check", bad], &[1, 141]),
        (&["explain", "nothing-has-this-id"], &[2]),
        (&["diff", bad, bad], &[2, 141]),
    ];
    for (args, codes) in cases {
        // stderr is /dev/full: every write fails with "no space".
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Command::new(assert_cmd::cargo::cargo_bin!("carepath"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(full)
            .output()
            .expect("runs");
        assert!(
            codes.contains(&out.status.code().unwrap_or(-1)),
            "{args:?} 2>/dev/full: {:?} (101 is a panic)",
            out.status
        );
        // stderr is a pipe whose reader has gone away (`2>&1 | head -1`).
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("carepath"))
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts");
        drop(child.stderr.take());
        let status = child.wait().expect("ends");
        assert!(
            status
                .code()
                .is_some_and(|c| codes.contains(&c) || c == 141),
            "{args:?} with stderr closed: {status:?} (101 is a panic)"
        );
    }
}

// ---- Item 10: regular files within the limit --------------------------------------------------

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(ok.success());
}

#[cfg(unix)]
#[test]
fn devices_and_named_pipes_are_refused_quickly_as_scenarios_and_pathways() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("scenarios");
    std::fs::create_dir(&dir).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.ron")).unwrap();
    mkfifo(&dir.join("pipe.ron"));
    std::fs::write(dir.join("ok.ron"), scenario("ok", &[("safety", "crisis")])).unwrap();
    let started = Instant::now();
    let (out, err, code) = carepath(tmp.path(), &["scenarios", "scenarios"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("scenarios/zero.ron: it is a device, not a regular file"),
        "{out}"
    );
    assert!(
        out.contains("scenarios/pipe.ron: it is a named pipe (FIFO), not a regular file"),
        "{out}"
    );
    assert!(out.contains("1 passed, 2 failed"), "{out}");

    // The trainer reads the same files before it needs a terminal.
    let (out, err, code) = carepath(tmp.path(), &["train", "scenarios"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("not a regular file"), "{err}");

    // A pathway that is a named pipe with no writer, or a device.
    mkfifo(&tmp.path().join("pathway.ron"));
    let started = Instant::now();
    for file in ["pathway.ron", "/dev/zero"] {
        let (out, err, code) = carepath(tmp.path(), &["check", file]);
        assert_eq!(code, 1, "{out}{err}");
        assert!(err.contains("not a pathway file"), "{err}");
        let (_, err, code) = carepath(tmp.path(), &["--pathway", file, "graph"]);
        assert_eq!(code, 1, "{err}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_scenario_file_over_the_limit_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("scenarios");
    std::fs::create_dir(&dir).unwrap();
    let big = std::fs::File::create(dir.join("big.ron")).unwrap();
    big.set_len(9 * 1024 * 1024).unwrap();
    let (out, err, code) = carepath(tmp.path(), &["scenarios", "scenarios"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("the file is 9437184 bytes; files are limited to 8388608 bytes (8 MiB)"),
        "{out}"
    );
}
