//! A call's lifecycle through the binary's line mode: new, interrupted, offered, resumed,
//! finished, next call, retention; one record per call; the words every prompt takes.

#[path = "common/calls.rs"]
mod calls;

use std::path::Path;
use std::sync::LazyLock;

use assert_cmd::cargo::cargo_bin_cmd;
use carepath::call::{Call, CallStatus, SavedCall};
use carepath::pathway::load::{Loaded, PathwaySource};
use carepath::pathway::{Audience, Lang};
use carepath::store::Store;

static LOADED: LazyLock<Loaded> = LazyLock::new(|| PathwaySource::Bundled.load().unwrap());

/// The exit status of a run whose input ended before the call was finished.
const INPUT_ENDED: i32 = carepath::call::EXIT_INPUT_ENDED as i32;

/// Runs `carepath` with `args`, the lines as input, calls kept in `state`.
fn run(args: &[&str], lines: &[&str], state: &Path) -> (String, i32) {
    let mut input = lines.join("\n");
    if !lines.is_empty() {
        input.push('\n');
    }
    let out = cargo_bin_cmd!("carepath")
        .args(args)
        .env("CAREPATH_STATE_DIR", state)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .write_stdin(input)
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (stdout, out.status.code().unwrap_or(-1))
}

/// The calls saved in `state`.
fn saved_calls(state: &Path) -> Vec<SavedCall> {
    std::fs::read_dir(state)
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| {
                    let name = p.file_name().unwrap().to_string_lossy();
                    name.starts_with("call-") && name.ends_with(".json")
                })
                .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

/// Saves a call as a front end would (holding its lock while it writes).
fn save(state: &Path, call: &SavedCall) {
    let store = Store::at(state);
    let lock = store.lock_call(&call.call_id).unwrap().expect("free");
    store.save_call(&lock, call).unwrap();
}

/// Now, as the binary's clock reads it.
fn now() -> String {
    carepath::store::now_rfc3339()
}

/// A staff call in Ontario gone back over twice, with a note, as the wizard saves it.
fn wizard_call(audience: Audience) -> SavedCall {
    let now = now();
    let mut call = Call::new(&LOADED, audience, Lang::En, &now);
    for (q, a) in [
        ("safety", "none"),
        ("province", "on"),
        ("age", "adult"),
        ("concern", "pain"),
        ("indication", "crps"),
    ] {
        call.answer(q, &[a.to_string()]).unwrap();
    }
    call.back();
    call.back();
    call.note_mut().push_str("caller prefers mornings");
    call.snapshot(&now)
}

/// Issue 9, item 2: the line mode resumes what the wizard saved, note and pending answers
/// included, and keeps them when it saves.
#[test]
fn the_line_mode_keeps_the_wizards_note_and_pending_answers() {
    let state = tempfile::tempdir().unwrap();
    let saved = wizard_call(Audience::Staff);
    assert!(saved.pending.contains_key("indication"));
    save(state.path(), &saved);
    // Resume, keep the earlier answer to `concern` with Enter, and stop.
    let (out, code) = run(
        &["--plain", "--mode", "staff"],
        &["resume", ""],
        state.path(),
    );
    assert_eq!(code, INPUT_ENDED, "{out}");
    assert!(out.contains("Your earlier answer: Chronic pain"), "{out}");
    assert!(out.contains("You chose: Chronic pain"), "{out}");
    let calls = saved_calls(state.path());
    assert_eq!(calls.len(), 1, "one call, one file");
    let after = &calls[0];
    assert_eq!(after.call_id, saved.call_id);
    assert_eq!(after.note, "caller prefers mornings");
    assert_eq!(
        after.answers.get("concern"),
        Some(&vec!["pain".to_string()])
    );
    assert_eq!(
        after.pending.get("indication"),
        Some(&vec!["crps".to_string()]),
        "the pending answer survives"
    );
    assert_eq!(after.started_at, saved.started_at);
}

/// Issue 9, item 1: a finished call is never offered again.
#[test]
fn a_finished_call_is_never_offered_again() {
    let state = tempfile::tempdir().unwrap();
    // The call is finished at the result's prompt (Enter).
    let (out, code) = run(
        &["--plain", "--mode", "staff"],
        calls::ONTARIO_CRPS_TYPED,
        state.path(),
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("The call is finished."), "{out}");
    assert_eq!(saved_calls(state.path())[0].status, CallStatus::Finished);
    let (out, _) = run(&["--plain", "--mode", "staff"], &["3"], state.path());
    assert!(!out.contains("interrupted"), "{out}");
    assert!(out.contains("Question 1 of about"), "{out}");
    // The same after a note changed following `save`.
    let state = tempfile::tempdir().unwrap();
    let mut lines = calls::ONTARIO_CRPS_TYPED.to_vec();
    lines.extend(["save", "note called back at 3", "quit"]);
    let (out, code) = run(&["--plain", "--mode", "staff"], &lines, state.path());
    assert_eq!(code, 0, "{out}");
    let calls = saved_calls(state.path());
    assert_eq!(calls[0].status, CallStatus::Finished);
    assert_eq!(calls[0].note, "called back at 3");
    let (out, _) = run(&["--plain", "--mode", "staff"], &["3"], state.path());
    assert!(!out.contains("interrupted"), "{out}");
}

/// A call saved in staff mode is never offered in patient mode, nor the reverse.
#[test]
fn a_call_is_offered_only_in_its_own_mode() {
    let state = tempfile::tempdir().unwrap();
    save(state.path(), &wizard_call(Audience::Staff));
    let (out, _) = run(&["--plain", "--mode", "patient"], &["3"], state.path());
    assert!(
        !out.contains("Resume"),
        "a patient saw a caller's answers:\n{out}"
    );
    assert!(!out.contains("unfinished"), "{out}");
    let (out, _) = run(&["--plain", "--mode", "staff"], &[], state.path());
    assert!(out.contains("1 interrupted call"), "{out}");
    assert!(out.contains("Ontario · 18 or older"), "{out}");

    let state = tempfile::tempdir().unwrap();
    save(state.path(), &wizard_call(Audience::Patient));
    let (out, _) = run(&["--plain", "--mode", "staff"], &["3"], state.path());
    assert!(!out.contains("Resume"), "{out}");
    assert!(!out.contains("interrupted"), "{out}");
    let (out, _) = run(&["--plain", "--mode", "patient"], &[], state.path());
    assert!(out.contains("1 unfinished session"), "{out}");
}

/// Interrupted calls idle longer than the resume age are not offered, and are deleted.
#[test]
fn old_interrupted_calls_are_deleted_and_the_age_can_be_changed() {
    let state = tempfile::tempdir().unwrap();
    let mut old = wizard_call(Audience::Staff);
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(13 * 3600);
    old.updated_at = humantime::format_rfc3339_seconds(then).to_string();
    save(state.path(), &old);
    // A longer age offers it.
    let (out, _) = run(
        &["--plain", "--mode", "staff", "--resume-within", "1day"],
        &[],
        state.path(),
    );
    assert!(out.contains("1 interrupted call"), "{out}");
    assert!(out.contains("last changed 13\u{a0}h ago"), "{out}");
    // The default, 12 hours, deletes it and says so.
    let (out, _) = run(&["--plain", "--mode", "staff"], &["3"], state.path());
    assert!(
        out.contains("1 interrupted call older than 12h was deleted."),
        "{out}"
    );
    assert!(!out.contains("Resume the call"), "{out}");
    let left = saved_calls(state.path());
    assert!(left.iter().all(|c| c.call_id != old.call_id), "{left:?}");
}

/// Issue 9, item 4: every prompt takes the global words: crisis help and help print and the
/// prompt asks again; nothing ends the run but quit, the end of input or finishing.
#[test]
fn the_offer_and_the_results_prompt_take_every_global_word() {
    let state = tempfile::tempdir().unwrap();
    save(state.path(), &wizard_call(Audience::Staff));
    let lines = ["crisis", "crise", "help", "aide", "", "3", "quit"];
    let (out, code) = run(&["--plain", "--mode", "staff"], &lines, state.path());
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("Call or text 9-8-8").count(), 2, "{out}");
    assert_eq!(
        out.matches("Answer with the number of an option").count(),
        2,
        "{out}"
    );
    assert!(
        out.contains("Question 1 of about"),
        "Enter starts a new call:\n{out}"
    );

    // At the result's prompt: crisis, help, back (to the review), a typo, then Enter.
    let state = tempfile::tempdir().unwrap();
    let mut lines = calls::ONTARIO_CRPS_TYPED.to_vec();
    lines.extend(["crisis", "help", "back", "", "typo", ""]);
    let (out, code) = run(&["--plain", "--mode", "staff"], &lines, state.path());
    assert_eq!(code, 0, "{out}");
    let after = out.split("Result:").nth(1).unwrap_or_default();
    assert!(
        after.contains("Health line (Ontario)"),
        "crisis help after the result:\n{out}"
    );
    assert!(
        after.contains("Answer with the number of an option"),
        "{out}"
    );
    assert!(
        after.contains("Review of your answers:"),
        "back goes to the review:\n{out}"
    );
    assert!(out.contains("Not understood: “typo”."), "{out}");
    assert_eq!(out.matches("Result:").count(), 2, "{out}");
    assert!(out.trim_end().ends_with("The call is finished."), "{out}");
}

/// Issue 9, item 5: the end of input at the offer says the saved call is still there; `save`
/// again replaces the call's one set of summary files.
#[test]
fn input_ending_at_the_offer_keeps_the_call_and_a_call_has_one_record() {
    let state = tempfile::tempdir().unwrap();
    let saved = wizard_call(Audience::Staff);
    save(state.path(), &saved);
    let (out, code) = run(&["--plain", "--mode", "staff"], &[], state.path());
    assert_eq!(code, INPUT_ENDED, "{out}");
    assert!(
        out.contains("Nothing was changed: the interrupted calls are still saved."),
        "{out}"
    );
    assert!(!out.contains("Nothing was saved"), "{out}");
    assert_eq!(saved_calls(state.path()), vec![saved]);

    let state = tempfile::tempdir().unwrap();
    let mut lines = calls::ONTARIO_CRPS_TYPED.to_vec();
    lines.extend(["save", "save", "note seen with family", "save"]);
    let (out, code) = run(&["--plain", "--mode", "staff"], &lines, state.path());
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("Summary saved again").count(), 2, "{out}");
    let summaries: Vec<_> = std::fs::read_dir(state.path().join("summaries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        summaries.len(),
        3,
        "one .txt, one .json and one .fhir.json: {summaries:?}"
    );
    let txt = summaries
        .iter()
        .find(|p| p.extension().unwrap() == "txt")
        .unwrap();
    let text = std::fs::read_to_string(txt).unwrap();
    assert!(text.contains("Staff note: seen with family"), "{text}");
}

/// Next call: `next` finishes this call and starts the next at the first question.
#[test]
fn next_starts_a_new_call_with_nothing_carried_over() {
    let state = tempfile::tempdir().unwrap();
    let mut lines = calls::ONTARIO_CRPS_TYPED.to_vec();
    lines.extend(["note first caller", "next", "3", "qc"]);
    let (out, code) = run(&["--plain", "--mode", "staff"], &lines, state.path());
    assert_eq!(code, INPUT_ENDED, "the second call is not finished: {out}");
    let second = out
        .split("The previous call is finished. New call:")
        .nth(1)
        .unwrap();
    assert!(second.contains("Question 1 of about"), "{second}");
    assert!(second.contains("You chose: Québec"), "{second}");
    assert!(!second.contains("Your earlier answer"), "{second}");
    let mut calls = saved_calls(state.path());
    calls.sort_by_key(|c| c.status == CallStatus::InProgress);
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(calls[0].status, CallStatus::Finished);
    assert_eq!(calls[0].note, "first caller");
    assert_eq!(calls[1].status, CallStatus::InProgress);
    assert_eq!(calls[1].note, "");
    assert_eq!(
        calls[1].answers.get("province"),
        Some(&vec!["qc".to_string()])
    );
    assert!(!calls[1].answers.contains_key("indication"));
}

/// Issue 9, item 4: at "Did you mean", crisis help prints the crisis lines and the question is
/// asked again; quit quits; neither is taken for an answer.
#[test]
fn did_you_mean_takes_the_global_words() {
    let state = tempfile::tempdir().unwrap();
    let lines = ["3", "ed", "crisis", "ed", "aide", "ed", "quit"];
    let (out, code) = run(&["--plain", "--mode", "staff"], &lines, state.path());
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.matches("Did you mean: Prince Edward Island?").count(),
        3,
        "{out}"
    );
    assert!(out.contains("Call or text 9-8-8"), "{out}");
    assert!(out.contains("Answer with the number of an option"), "{out}");
    assert!(!out.contains("is taken for this question"), "{out}");
    assert_eq!(
        out.matches("Question 2 of about").count(),
        3,
        "asked again: {out}"
    );
    assert!(out.contains("Goodbye."), "{out}");
}

/// Issue 14, item 4: a call saved against another version of the pathway says so on resume,
/// and its answers are checked against the pathway in use.
#[test]
fn a_call_saved_with_another_pathway_version_says_so() {
    let state = tempfile::tempdir().unwrap();
    let mut saved = wizard_call(Audience::Staff);
    saved.pathway_version = "0.9.0".into();
    saved.pathway_sha256 = "0".repeat(64);
    saved
        .answers
        .insert("province".into(), vec!["atlantis".into()]);
    save(state.path(), &saved);
    let (out, _) = run(&["--plain", "--mode", "staff"], &["resume"], state.path());
    let version = &LOADED.pathway.version;
    assert!(
        out.contains(&format!(
            "This call was saved with version 0.9.0 of the pathway; every answer was checked \
             again against version {version}."
        )),
        "{out}"
    );
    assert!(
        out.contains("Answers that no longer apply were removed: Province or territory"),
        "{out}"
    );
    assert!(
        out.contains("Question 2 of about"),
        "asked again for the province:\n{out}"
    );
}

/// Issue 14, item 14: the offer counts the answers that apply, not whatever a file holds.
#[test]
fn the_offer_counts_only_answers_the_pathway_has() {
    let state = tempfile::tempdir().unwrap();
    let mut saved = wizard_call(Audience::Staff);
    for i in 0..10_000 {
        saved.answers.insert(format!("q{i}"), vec!["x".into()]);
    }
    save(state.path(), &saved);
    let (out, _) = run(&["--plain", "--mode", "staff"], &[], state.path());
    assert!(out.contains("Ontario · 18 or older · 3 answers"), "{out}");
    assert!(!out.contains("10003"), "{out}");
}

/// Issue 12, item 8: the summary saved (and copied) is a record summary: the staff note
/// first, answers by their short names, the route, facility, coverage, safety points and
/// pathway, local time with its zone, on one screen of 80 columns; the long form and the UTC
/// times stay in the JSON.
#[test]
fn the_saved_summary_is_a_record_that_fits_one_screen() {
    let state = tempfile::tempdir().unwrap();
    let mut lines = calls::ONTARIO_CRPS_TYPED.to_vec();
    lines.extend(["note Caller prefers mornings; seen with family", "save", ""]);
    let out = cargo_bin_cmd!("carepath")
        .args(["--plain", "--mode", "staff"])
        .env("CAREPATH_STATE_DIR", state.path())
        .env("TZ", "America/Toronto")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .write_stdin(lines.join("\n") + "\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let file = |ext: &str| {
        std::fs::read_dir(state.path().join("summaries"))
            .unwrap()
            .map(|e| e.unwrap().path())
            // The summary's own files, not the FHIR response beside them (`….fhir.json`).
            .find(|p| p.extension().unwrap() == ext && !p.to_string_lossy().ends_with(".fhir.json"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .unwrap()
    };
    let text = file("txt");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0], "Staff note: Caller prefers mornings; seen with family",
        "{text}"
    );
    assert!(lines[1].starts_with("carepath record · "), "{text}");
    // Local time with its zone: Toronto is on EST in winter and EDT in summer.
    assert!(
        lines[1].ends_with(" EST") || lines[1].ends_with(" EDT"),
        "{text}"
    );
    for answer in [
        "  Province or territory: Ontario",
        "  Age: 18 or older",
        "  Pain condition: Complex regional pain syndrome (CRPS)",
        "  Mental health: Depression, PTSD (post-traumatic stress disorder)",
        "  Coverage: Workers' compensation",
    ] {
        assert!(lines.contains(&answer), "no {answer:?} in:\n{text}");
    }
    for start in [
        "Route: Ask for a referral to a pain-medicine physician",
        "Alongside: ",
        "Facility: Ontario (CPSO), IV ketamine: ",
        "Coverage: WSIB",
        "Safety: Heart: ",
        "Pathway: ketamine-chronic-pain ",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(start)),
            "no line starting {start:?} in:\n{text}"
        );
    }
    // Not the whole questions, and none of the long form's sources or clinical detail.
    assert!(!text.contains("Is the caller 18 or older?"), "{text}");
    assert!(!text.contains("Sources"), "{text}");
    assert!(!text.contains("Detail for staff"), "{text}");
    let rows: usize = lines
        .iter()
        .map(|l| l.chars().count().div_ceil(80).max(1))
        .sum();
    assert!(rows <= 25, "{rows} rows at 80 columns:\n{text}");

    let json: serde_json::Value = serde_json::from_str(&file("json")).unwrap();
    assert!(
        json["started_at"].as_str().unwrap().ends_with('Z'),
        "{json}"
    );
    assert_eq!(json["time_zone"], "America/Toronto");
    let local = json["started_local"].as_str().unwrap();
    assert!(
        local.ends_with("-05:00") || local.ends_with("-04:00"),
        "{local}"
    );
    let full = json["full_text"].as_str().unwrap();
    assert!(full.contains("\nSources\n"), "{full}");
    assert!(full.contains("Detail for staff only"), "{full}");
    assert!(
        full.contains("  Is the caller 18 or older? → 18 or older"),
        "{full}"
    );
}
