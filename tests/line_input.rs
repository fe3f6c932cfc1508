//! The line mode's input and output at their edges: bytes that are not UTF-8, and an output
//! closed by its reader (issue 14, items 11 and 12).

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use assert_cmd::cargo::cargo_bin_cmd;

fn saved_answers(state: &std::path::Path) -> serde_json::Value {
    let call = std::fs::read_dir(state)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .expect("a saved call");
    let call: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(call).unwrap()).unwrap();
    call["answers"].clone()
}

/// Item 11: "québec" typed on a Latin-1 terminal is one byte that is not UTF-8; the line is
/// refused with a word and the question asked again, and the run goes on.
#[test]
fn a_line_that_is_not_utf8_is_refused_and_asked_again() {
    let state = tempfile::tempdir().unwrap();
    let mut input = b"3\nqu".to_vec();
    input.push(0xe9); // é in Latin-1
    input.extend_from_slice(b"bec\nqc\nadult\n");
    let out = cargo_bin_cmd!("carepath")
        .args(["--plain", "--mode", "staff"])
        .env("CAREPATH_STATE_DIR", state.path())
        .env_remove("LANG")
        .write_stdin(input)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("That line is not UTF-8 text"), "{stdout}");
    assert!(stdout.contains("You chose: Québec"), "{stdout}");
    assert!(stdout.contains("You chose: 18 or older"), "{stdout}");
    assert_eq!(
        out.status.code(),
        Some(carepath::call::EXIT_INPUT_ENDED as i32)
    );
    assert_eq!(saved_answers(state.path())["province"][0], "qc");
}

/// Item 12: with its output closed after the first lines, the line mode still reads the rest
/// of its input and saves every answer in it.
#[test]
fn a_closed_output_does_not_drop_the_rest_of_the_input() {
    let state = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_carepath"))
        .args(["--plain", "--mode", "staff"])
        .env("CAREPATH_STATE_DIR", state.path())
        .env_remove("LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // the reader goes away
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"3\nont\nadult\n1\ncrps\n").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("the output was closed"), "{stderr}");
    let answers = saved_answers(state.path());
    for (q, a) in [
        ("safety", "none"),
        ("province", "on"),
        ("age", "adult"),
        ("concern", "pain"),
        ("indication", "crps"),
    ] {
        assert_eq!(answers[q][0], a, "{q}: {answers}");
    }
    assert_eq!(
        out.status.code(),
        Some(carepath::call::EXIT_INPUT_ENDED as i32)
    );
}

/// The line mode of a staff call, its input and output piped, calls kept in `state`.
fn line_mode(state: &std::path::Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_carepath"))
        .args(["--plain", "--mode", "staff"])
        .env("CAREPATH_STATE_DIR", state)
        .env_remove("LANG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads the child's output until `text` shows (or the output ends), and returns it all.
fn read_until(out: &mut impl Read, seen: &mut String, text: &str) -> bool {
    let mut buf = [0u8; 4096];
    while !seen.contains(text) {
        match out.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
        }
    }
    true
}

/// Issue 14, item 2: a failed save does not turn saving off: the next change tries again,
/// says when saving works again, and the answers given meanwhile are on disk.
#[test]
fn saving_that_fails_is_tried_again_and_its_recovery_said() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    std::fs::write(&state, "a file where the folder should be").unwrap();
    let mut child = line_mode(&state);
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = String::new();
    stdin.write_all(b"3\n").unwrap();
    assert!(
        read_until(&mut stdout, &mut seen, "tries again at the next change"),
        "{seen}"
    );
    // Space is freed (here: the file in the way goes).
    std::fs::remove_file(&state).unwrap();
    stdin.write_all(b"ont\n").unwrap();
    assert!(
        read_until(&mut stdout, &mut seen, "Saving works again"),
        "{seen}"
    );
    stdin.write_all(b"adult\n").unwrap();
    drop(stdin);
    let _ = stdout.read_to_string(&mut seen);
    child.wait().unwrap();
    assert!(
        seen.contains("The call is not finished; its answers are saved."),
        "{seen}"
    );
    assert!(!seen.contains("Nothing was saved"), "{seen}");
    let answers = saved_answers(&state);
    assert_eq!(answers["safety"][0], "none");
    assert_eq!(answers["province"][0], "on");
    assert_eq!(answers["age"][0], "adult");
}

/// Issue 14, item 3: "You chose" is said only once the answer is on disk: a kill right after
/// it never loses that answer.
#[test]
fn an_answer_confirmed_on_screen_survives_a_kill_right_after() {
    for round in 0..30 {
        let state = tempfile::tempdir().unwrap();
        let mut child = line_mode(state.path());
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut seen = String::new();
        stdin.write_all(b"3\nont\n").unwrap();
        assert!(
            read_until(&mut stdout, &mut seen, "You chose: Ontario"),
            "{seen}"
        );
        child.kill().unwrap();
        child.wait().unwrap();
        let answers = saved_answers(state.path());
        assert_eq!(answers["province"][0], "on", "round {round}: {answers}");
    }
}
