//! The patient kiosk (`carepath kiosk`) on its own, without SSH: a call in a pseudo-terminal
//! that writes nothing, the idle timeout that clears the screen and ends the session (in the
//! wizard and in the line mode), a hang-up that ends it at once, no suspend and no way back
//! to staff mode, and every file or other argument refused.

#[path = "common/pty.rs"]
mod harness;
#[path = "common/patient_call.rs"]
mod patient_call;
#[path = "common/timeout.rs"]
mod timeout;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin_cmd;
use harness::{ESC, Pty};
use patient_call::{patient_prompt, take_call};
use predicates::prelude::*;
use tempfile::TempDir;
use timeout::scaled;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_carepath"))
}

/// The kiosk in a 100×30 pseudo-terminal, with an empty state directory.
fn kiosk(args: &[&str]) -> (TempDir, Pty) {
    let state = tempfile::tempdir().expect("a temporary state directory");
    let mut all = vec!["kiosk"];
    all.extend_from_slice(args);
    let pty = harness::spawn(bin(), &all, state.path(), 100, 30);
    (state, pty)
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .expect("read the state directory")
        .next()
        .is_none()
}

#[test]
fn a_kiosk_call_reaches_its_result_in_patient_mode_and_writes_nothing() {
    let (state, mut pty) = kiosk(&[]);
    take_call(&mut pty);
    // Saving the summary is refused in words; nothing reaches the disk.
    pty.step("s", "Not saving on this machine");
    pty.send("q");
    pty.step("q", "");
    let status = pty.wait_exit(harness::timeout());
    assert!(status.success(), "{status:?}\n{}", pty.dump());
    assert!(
        is_empty(state.path()),
        "the kiosk wrote into its state directory"
    );
}

#[test]
fn the_kiosk_clears_the_screen_and_ends_after_the_idle_time() {
    let (state, mut pty) = kiosk(&["--idle", "2s"]);
    pty.wait_for(&patient_prompt("safety"));
    let shown = Instant::now();
    let status = pty.wait_exit(scaled(Duration::from_secs(15)));
    let waited = shown.elapsed();
    assert!(
        waited >= Duration::from_millis(1500),
        "ended after {waited:?}, before its idle time"
    );
    assert_eq!(status.exit_code(), 3, "{}", pty.dump());
    assert!(
        pty.shows("the session ended after 2s without a key"),
        "{}",
        pty.dump()
    );
    // The screen was cleared: no question, no answer left for the next person to read.
    assert!(!pty.shows(&patient_prompt("safety")), "{}", pty.dump());
    assert!(
        pty.raw().windows(4).any(|w| w == b"\x1b[2J"),
        "no clear-screen sequence"
    );
    assert!(is_empty(state.path()));
}

#[test]
fn each_key_restarts_the_idle_time() {
    let (_state, mut pty) = kiosk(&["--idle", "2s"]);
    pty.wait_for(&patient_prompt("safety"));
    // A key every 0.8 s for 4 s: twice the idle time, never idle for it.
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(800));
        assert!(
            pty.try_exit().is_none(),
            "ended while keys came\n{}",
            pty.dump()
        );
        pty.send(harness::DOWN);
    }
    assert!(pty.try_exit().is_none(), "{}", pty.dump());
    let status = pty.wait_exit(scaled(Duration::from_secs(15)));
    assert_eq!(status.exit_code(), 3, "{}", pty.dump());
}

#[test]
fn the_kiosk_leaves_at_once_and_quietly_on_a_hang_up() {
    let (state, mut pty) = kiosk(&[]);
    take_call(&mut pty);
    let before = pty.raw().len();
    let sent = Instant::now();
    pty.signal("HUP");
    let status = pty.wait_exit(scaled(Duration::from_secs(5)));
    let took = sent.elapsed();
    assert!(took < Duration::from_secs(1), "took {took:?} to leave");
    assert_eq!(status.exit_code(), 129, "{}", pty.dump());
    // Nothing restored or said to a connection that is gone.
    let after = String::from_utf8_lossy(&pty.raw()[before..]).into_owned();
    assert!(
        !after.contains("\x1b[?1049l"),
        "restored the screen: {after:?}"
    );
    assert!(
        !after.contains("not finished"),
        "spoke after the hang-up: {after:?}"
    );
    assert!(is_empty(state.path()));
}

#[test]
fn a_closed_terminal_and_its_hang_up_end_the_kiosk_at_once() {
    let (_state, mut pty) = kiosk(&[]);
    pty.wait_for(&patient_prompt("safety"));
    let pid = pty.pid();
    pty.hang_up();
    // The harness's reader still holds a copy of the master, so the kernel sends no SIGHUP
    // here (tests/ssh_kiosk.rs has sshd do it for real): it is sent by hand, on a terminal
    // that is already gone.
    let sent = Instant::now();
    let _ = Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status();
    let status = pty.wait_exit(scaled(Duration::from_secs(5)));
    assert!(
        sent.elapsed() < Duration::from_secs(1),
        "took {:?}",
        sent.elapsed()
    );
    assert_eq!(status.exit_code(), 129);
}

/// The process's state letter from /proc (`T` when stopped).
fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit(')')
        .next()
        .and_then(|rest| rest.trim_start().chars().next())
        .unwrap_or('?')
}

#[test]
fn ctrl_z_does_not_suspend_the_kiosk_and_esc_does_not_leave_patient_mode() {
    let (_state, mut pty) = kiosk(&[]);
    pty.wait_for(&patient_prompt("safety"));
    pty.send("\x1a");
    pty.signal("TSTP");
    std::thread::sleep(Duration::from_millis(500));
    assert_ne!(process_state(pty.pid()), 'T', "the kiosk stopped");
    // Esc at the first question stays there: no start screen, no staff mode.
    pty.send(ESC);
    pty.settle(Duration::from_millis(300), Duration::from_secs(2));
    assert!(pty.shows(&patient_prompt("safety")), "{}", pty.dump());
    assert!(!pty.shows("staff"), "{}", pty.dump());
    pty.send("q");
    pty.send("q");
    pty.wait_exit(harness::timeout());
}

#[test]
fn the_kiosk_refuses_files_staff_mode_and_other_commands() {
    for args in [
        &["kiosk", "--pathway", "pathways/ketamine-chronic-pain.ron"][..],
        &["--pathway", "x.ron", "kiosk"],
        &["--kiosk", "--pathway", "x.ron"],
        &["kiosk", "/etc/passwd"],
        &["kiosk", "--", "sh"],
        &["--kiosk", "check", "x.ron"],
        &["kiosk", "--mode", "staff"],
    ] {
        cargo_bin_cmd!("carepath")
            .args(args)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(
                "is refused: the kiosk takes no file",
            ));
    }
}

#[test]
fn an_idle_time_of_zero_is_refused() {
    cargo_bin_cmd!("carepath")
        .args(["kiosk", "--idle", "0s"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--idle must be longer than zero"));
}

#[test]
fn the_kiosk_line_mode_serves_a_client_without_a_terminal_and_writes_nothing() {
    let state = tempfile::tempdir().unwrap();
    let answers = "neither\non\nadult\nboth\ncrps\nptsd\nheart\nworkers\niv\n\n\n";
    cargo_bin_cmd!("carepath")
        .arg("kiosk")
        .env("CAREPATH_STATE_DIR", state.path())
        .env("XDG_STATE_HOME", state.path())
        .write_stdin(answers)
        .assert()
        .success()
        .stdout(predicate::str::contains("The call is finished."))
        .stdout(predicate::str::contains(route_start()));
    assert!(is_empty(state.path()));
}

fn route_start() -> String {
    patient_call::route_headline()
}

#[test]
fn the_kiosk_line_mode_ends_after_the_idle_time() {
    let mut child = Command::new(bin())
        .args(["kiosk", "--idle", "1s"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the kiosk");
    // Input stays open and says nothing: only the idle time can end the session.
    let _input = child.stdin.take();
    let started = Instant::now();
    let mut out = String::new();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let _ = stdout.read_to_string(&mut out);
        out
    });
    let timeout = scaled(Duration::from_secs(15));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            panic!("the line-mode kiosk still runs {timeout:?} later");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = reader.join().unwrap();
    assert_eq!(status.code(), Some(3), "{out}");
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert!(
        out.contains("the session ended after 1s without a key"),
        "{out}"
    );
}
