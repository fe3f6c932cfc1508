//! Faults in a real pseudo-terminal: kill -9 at random points of a call, a hundred times, then
//! resume; and a state directory that cannot be written, where the wizard goes on and says that
//! saving is off.

#[path = "common/pty.rs"]
mod harness;
#[path = "common/random.rs"]
mod random;
#[path = "common/timeout.rs"]
mod timeout;

use random::Rng;

use std::path::Path;
use std::time::Duration;

use carepath::call::SavedCall;
use harness::ENTER;
use timeout::scaled;

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_carepath"))
}

/// The keys of one staff call, one answer per entry: Ontario, CRPS, PTSD, liver, WSIB, IV.
/// A digit ticks in a multi-choice question, and Enter confirms.
const CALL: &[&str] = &["3", "9", "1", "3", "1", "2\r", "1\r", "1\r", "1"];

/// A call's file or its lock: `call-<id>.json`, `call-<id>.lock`.
fn is_call_file(name: &str) -> bool {
    name.starts_with("call-") && (name.ends_with(".json") || name.ends_with(".lock"))
}

/// Reads the one saved call, which must always be whole and valid JSON.
fn saved(dir: &Path) -> Option<SavedCall> {
    let mut calls = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"));
    let path = calls.next()?;
    assert!(calls.next().is_none(), "one call, one file");
    let text = std::fs::read_to_string(&path).ok()?;
    Some(
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is corrupt ({e}):\n{text}", path.display())),
    )
}

#[test]
fn kill_9_at_random_points_a_hundred_times_never_loses_a_confirmed_answer() {
    let mut rng = Rng::seeded(0x5eed_cafe_f00d_1234);
    for round in 0..100 {
        let state = tempfile::tempdir().unwrap();
        let mut pty = harness::spawn(bin(), &["--mode", "staff"], state.path(), 100, 30);
        pty.wait_for("Question 1 of about");
        // Answers the screen has moved past were saved before the next question was drawn.
        let confirmed = rng.below(CALL.len() + 1);
        for (i, keys) in CALL.iter().take(confirmed).enumerate() {
            pty.send(keys);
            pty.wait_for(&format!("Question {} of about", i + 2).replace(
                &format!("Question {} of about", CALL.len() + 1),
                "See the result",
            ));
        }
        // Sometimes one more key is in flight when the kill comes: it may or may not be saved.
        if confirmed < CALL.len() && rng.below(2) == 0 {
            pty.send(CALL[confirmed]);
        }
        std::thread::sleep(Duration::from_millis(rng.below(20) as u64));
        pty.signal("KILL");
        pty.wait_exit(scaled(Duration::from_secs(5)));
        drop(pty);

        let names: Vec<String> = std::fs::read_dir(state.path())
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        // A kill between writing the temporary file and renaming it leaves that file; the
        // next load removes it. Nothing else may be there.
        assert!(
            names
                .iter()
                .all(|n| is_call_file(n) || (n.starts_with('.') && n.ends_with(".tmp"))),
            "round {round}: stray files {names:?}"
        );
        let kept = saved(state.path()).map_or(0, |s| s.answers.len());
        assert!(
            kept >= confirmed,
            "round {round}: {confirmed} answers confirmed on screen, {kept} saved"
        );
        if kept == 0 {
            continue;
        }
        // The next start offers the call with every answer.
        let mut pty = harness::spawn(bin(), &["--mode", "staff"], state.path(), 100, 30);
        pty.wait_for(&format!("{kept} answer"));
        pty.send("2");
        pty.wait_until(scaled(Duration::from_secs(10)), |p| {
            p.shows(&format!("Question {} of about", kept + 1)) || p.shows("See the result")
        });
        pty.send("\x03");
        pty.wait_exit(scaled(Duration::from_secs(5)));
        drop(pty);
        let left: Vec<String> = std::fs::read_dir(state.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !is_call_file(n))
            .collect();
        assert!(
            left.is_empty(),
            "round {round}: left after resuming: {left:?}"
        );
    }
}

#[test]
fn an_unwritable_state_directory_turns_saving_off_and_the_call_goes_on() {
    // As root, permission bits do not stop writes: a regular file where the state directory
    // should be does.
    let dir = tempfile::tempdir().unwrap();
    let blocked = dir.path().join("state");
    std::fs::write(&blocked, "not a directory").unwrap();
    let mut pty = harness::spawn(bin(), &["--mode", "staff"], &blocked, 100, 30);
    pty.wait_for("Question 1 of about");
    pty.send("3");
    pty.wait_for("Question 2 of about");
    pty.wait_for("Saving is off");
    pty.send("9");
    pty.wait_for("Question 3 of about");
    pty.send("2");
    pty.wait_for("See the result");
    pty.step(ENTER, "Route:");
    pty.send("\x03");
    assert!(pty.wait_exit(scaled(Duration::from_secs(5))).success());
    assert_eq!(
        std::fs::read_to_string(&blocked).unwrap(),
        "not a directory"
    );
}
