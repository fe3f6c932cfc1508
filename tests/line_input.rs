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
        Some(carepath::plain::EXIT_INPUT_ENDED as i32)
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
        Some(carepath::plain::EXIT_INPUT_ENDED as i32)
    );
}
