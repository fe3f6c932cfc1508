//! End to end: the real binary in a 100×30 pseudo-terminal, driven by keystrokes and read
//! back from a vt100 screen. Whole staff calls against their scenario files; kill -9 and
//! SIGTERM/SIGHUP/SIGINT in mid-call with the answers resumed intact; `--no-save`; piped
//! input and output; a terminal too small and then resized; quitting (q q, Ctrl-C) that
//! restores the terminal; `--lang`, `--mode`, F4 and the crisis panel; `y` copying the same
//! summary that `s` saves.
//!
//! Expected texts come from the bundled pathway and scenario files, so a reworded pathway
//! does not break these tests, and a route that changes does.

#[path = "common/pty.rs"]
mod harness;
#[path = "common/timeout.rs"]
mod timeout;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use carepath::pathway::load::PathwaySource;
use carepath::pathway::{Lang, Pathway};
use carepath::scenario::Scenario;
use harness::{DOWN, ENTER, ENTER_ALT_SCREEN, ESC, F4, LEAVE_ALT_SCREEN, Pty};
use tempfile::TempDir;
use timeout::scaled;

const COLS: u16 = 100;
const ROWS: u16 = 30;

static PATHWAY: LazyLock<Pathway> = LazyLock::new(|| {
    PathwaySource::Bundled
        .load()
        .expect("the bundled pathway loads")
        .pathway
});

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_carepath"))
}

/// A fresh state directory (`CAREPATH_STATE_DIR`) and the binary started in it.
fn start(args: &[&str]) -> (TempDir, Pty) {
    let state = tempfile::tempdir().expect("a temporary state directory");
    let pty = harness::spawn(bin(), args, state.path(), COLS, ROWS);
    (state, pty)
}

/// The same in a 40×10 terminal, below the 60×16 the wizard needs.
fn start_tiny() -> (TempDir, Pty) {
    let state = tempfile::tempdir().expect("a temporary directory");
    let pty = harness::spawn(bin(), &[], state.path(), 40, 10);
    (state, pty)
}

fn scenario(file: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("pathways/scenarios")
        .join(file);
    Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// A question's staff prompt, as the question screen shows it.
fn prompt(question: &str) -> String {
    let q = PATHWAY
        .question(question)
        .unwrap_or_else(|| panic!("no question {question}"));
    q.prompt.staff.en.clone()
}

/// The label of an option, as lists, breadcrumbs and the review show it.
fn label(question: &str, option: &str) -> String {
    PATHWAY
        .question(question)
        .and_then(|q| q.option(option))
        .unwrap_or_else(|| panic!("no option {question}={option}"))
        .label
        .en
        .clone()
}

/// The labels of a multi-choice answer, joined as the wizard joins them.
fn labels(question: &str, options: &str) -> String {
    options
        .split(',')
        .map(|o| label(question, o))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first line of the outcome screen up to the region: `Route: <headline>`.
fn route_line(outcome: &str) -> String {
    let node = PATHWAY
        .outcome(outcome)
        .unwrap_or_else(|| panic!("no outcome {outcome}"));
    format!("Route: {}", node.headline.en.trim_end_matches('.'))
}

/// The outcome screen matches the scenario: headline, route and rule, region and
/// regulator, coverage programs, routes alongside, and every answer in the trail.
fn check_outcome(pty: &mut Pty, scenario: &Scenario, region: Option<&str>) {
    let expect = &scenario.expect;
    let outcome = expect
        .outcome
        .as_deref()
        .expect("the scenario names its outcome");
    let node = PATHWAY.outcome(outcome).expect("the outcome exists");
    let mut wanted = vec![
        route_line(outcome),
        format!("[{} · rule {}]", expect.route, node.rule),
    ];
    if let Some(region) = region {
        let r = PATHWAY.region(region).expect("the region exists");
        wanted.push(format!("— {}", r.name.en));
        if let Some(regulator) = &expect.regulator {
            wanted.push(format!("Facility — {} ({regulator})", r.name.en));
        }
    }
    wanted.extend(expect.coverage.iter().map(|program| {
        // The screen shows the program's name for people when the pathway gives one.
        let row = PATHWAY.coverage.rows.iter().find(|r| &r.program == program);
        let name = row.map_or(program.as_str(), |r| r.program_name(Lang::En));
        format!("- {name}:")
    }));
    for also in &expect.also {
        let a = PATHWAY
            .alongside
            .iter()
            .find(|a| &a.route == also)
            .unwrap_or_else(|| panic!("no alongside route {also}"));
        wanted.push(format!("Alongside: {}", a.text.en));
    }
    // The trail names every answer by its question's short name and the options' labels.
    wanted.extend(scenario.answers.iter().map(|(q, a)| {
        let question = PATHWAY.question(q).expect("the question exists");
        let ids: Vec<String> = a.split(',').map(|id| id.trim().to_string()).collect();
        format!(
            "{}: {}",
            question.name().en,
            question.labels(&ids, Lang::En)
        )
    }));
    let what = format!("{}: the outcome screens", scenario.name.en);
    pty.pages_showing(&wanted, &what);
}

/// Answers safety=none, province=on, age=adult, concern=both, indication=crps by number and
/// waits for the sixth question.
fn answer_first_five(pty: &mut Pty) {
    pty.step("3", &prompt("province"));
    pty.step("9", &prompt("age"));
    pty.step("1", &prompt("concern"));
    pty.step("3", &prompt("indication"));
    pty.step("1", &prompt("comorbidities"));
}

/// The breadcrumb of the first `n` answers given by [`answer_first_five`].
fn first_five_crumbs(n: usize) -> String {
    let crumbs: Vec<String> = [
        ("safety", "none"),
        ("province", "on"),
        ("age", "adult"),
        ("concern", "both"),
        ("indication", "crps"),
    ][..n]
        .iter()
        .map(|(q, a)| {
            let name = PATHWAY
                .question(q)
                .unwrap()
                .name()
                .get(Lang::En)
                .to_string();
            format!("{name}: {}", label(q, a))
        })
        .collect();
    // The breadcrumb keeps the latest answers when they do not all fit in the width.
    let width = COLS as usize - 2;
    let all = crumbs.join(" › ");
    if all.chars().count() <= width {
        return all;
    }
    let mut tail: Vec<&String> = Vec::new();
    let mut used = 2;
    for c in crumbs.iter().rev() {
        if used + c.chars().count() + 3 > width && !tail.is_empty() {
            break;
        }
        used += c.chars().count() + 3;
        tail.push(c);
    }
    tail.reverse();
    tail.iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(" › ")
}

/// The file names in `dir`, sorted.
/// The state directory holds one call: its file and its lock, nothing else.
fn assert_one_call(dir: &Path) {
    let files = files_in(dir);
    let ok = matches!(files.as_slice(), [json, lock]
        if json.starts_with("call-") && json.ends_with(".json")
            && lock.strip_suffix(".lock") == json.strip_suffix(".json"));
    assert!(ok, "expected one call's file and lock: {files:?}");
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// The terminal was handed back: the alternate screen was left after it was last entered,
/// the cursor shows, mouse reporting is off, and the tty is in canonical mode again.
#[track_caller]
fn assert_restored(pty: &Pty) {
    let raw = pty.raw();
    let entered = find_last(raw, ENTER_ALT_SCREEN).expect("the wizard used the alternate screen");
    let left = find_last(raw, LEAVE_ALT_SCREEN);
    assert!(
        left.is_some_and(|l| l > entered),
        "the output does not leave the alternate screen after entering it\n{}",
        pty.dump()
    );
    assert!(!pty.parser().screen().alternate_screen(), "{}", pty.dump());
    assert!(
        !pty.parser().screen().hide_cursor(),
        "the cursor is still hidden\n{}",
        pty.dump()
    );
    assert_eq!(
        pty.parser().screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting is still on\n{}",
        pty.dump()
    );
    assert_eq!(
        pty.canonical_mode(),
        Some(true),
        "the terminal is still in raw mode"
    );
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

// 1. Whole calls, from the start screen to the outcome: typing to filter, numbers and
// arrows, and one that steps back two questions on the way.

#[test]
fn ontario_crps_iv_wsib_by_typing_to_filter() {
    let scenario = scenario("r9-on-crps-iv-wsib.ron");
    let (_state, mut pty) = start(&[]);
    pty.wait_for("Who is using carepath?");
    pty.step("1", &prompt("safety"));
    pty.step("3", &prompt("province"));
    pty.step("ont", "Filter: ont");
    pty.wait_for(&format!("▶ 9. {}", label("province", "on")));
    pty.step(ENTER, &prompt("age"));
    pty.step("1", &prompt("concern"));
    pty.step("3", &prompt("indication"));
    pty.step("crps", "Filter: crps");
    pty.wait_for(&format!("▶ 1. {}", label("indication", "crps")));
    pty.step(ENTER, &prompt("comorbidities"));
    // Multi-choice: digits and Space tick, Enter confirms.
    pty.step("1", "[x] 1. Depression");
    pty.step("2", "[x] 2. PTSD");
    pty.step(ENTER, &prompt("screening"));
    pty.step(" ", "[x] 1. Liver problems");
    pty.step(ENTER, &prompt("coverage"));
    pty.step("1", "[x] 1. Workers' compensation");
    pty.step(ENTER, &prompt("administration"));
    pty.step("1", "See the result");
    pty.step(ENTER, &route_line("pain-medicine"));
    check_outcome(&mut pty, &scenario, Some("on"));
}

#[test]
fn saskatchewan_fibromyalgia_by_number_and_arrows() {
    let scenario = scenario("r6-sk-fibromyalgia-selfpay.ron");
    let (_state, mut pty) = start(&[]);
    pty.wait_for("Who is using carepath?");
    pty.step("1", &prompt("safety"));
    pty.step("3", &prompt("province"));
    // Saskatchewan is the 12th: no digit reaches it, the arrows do.
    pty.step(
        &DOWN.repeat(11),
        &format!("▶ 12. {}", label("province", "sk")),
    );
    pty.step(ENTER, &prompt("age"));
    pty.step("1", &prompt("concern"));
    pty.step("3", &prompt("indication"));
    pty.step("5", &prompt("comorbidities"));
    pty.step("1", "[x] 1. Depression");
    pty.step("3", "[x] 3. Anxiety");
    pty.step(ENTER, &prompt("screening"));
    pty.step("7", "[x] 7. None of these");
    pty.step(ENTER, &prompt("coverage"));
    pty.step("4", "[x] 4. None of these");
    pty.step(ENTER, "See the result");
    pty.step(ENTER, &route_line("referral-fibromyalgia"));
    check_outcome(&mut pty, &scenario, None);
}

#[test]
fn alberta_nerve_pain_non_iv_with_a_step_back_on_the_way() {
    let scenario = scenario("r9-ab-neuropathic-yes-noniv-wcb.ron");
    let (_state, mut pty) = start(&[]);
    pty.wait_for("Who is using carepath?");
    pty.step("1", &prompt("safety"));
    pty.step("3", &prompt("province"));
    pty.step("alb", "Filter: alb");
    pty.wait_for(&format!("▶ 1. {}", label("province", "ab")));
    pty.step(ENTER, &prompt("age"));
    pty.step("1", &prompt("concern"));
    pty.step("1", &prompt("indication"));
    pty.step("2", &prompt("prior_treatment"));
    pty.step("1", &prompt("comorbidities"));
    // Two questions back and forward again: each earlier answer is offered as it was.
    pty.step(ESC, &prompt("prior_treatment"));
    pty.step(ESC, &prompt("indication"));
    pty.wait_for(&format!("▶ 2. {}", label("indication", "neuropathic")));
    pty.step(ENTER, &prompt("prior_treatment"));
    pty.wait_for(&format!("▶ 1. {}", label("prior_treatment", "yes")));
    pty.step(ENTER, &prompt("comorbidities"));
    pty.step("5", &format!("[x] 5. {}", label("comorbidities", "none")));
    pty.step(ENTER, &prompt("screening"));
    pty.step("3", &format!("[x] 3. {}", label("screening", "heart")));
    pty.step(ENTER, &prompt("coverage"));
    pty.step(
        "1",
        &format!("[x] 1. {}", label("coverage", "workers_comp")),
    );
    pty.step(ENTER, &prompt("administration"));
    pty.step("2", "See the result");
    pty.step(ENTER, &route_line("pain-medicine"));
    // Not IV: the first line names the lighter rule's kind of ketamine, not a facility.
    let lighter = &PATHWAY.regions.kind("lighter").unwrap().label.en;
    pty.wait_for(&format!("— Alberta: {lighter}"));
    check_outcome(&mut pty, &scenario, Some("ab"));
}

#[test]
fn a_crisis_answer_shows_emergency_help_at_once() {
    let scenario = scenario("r1-crisis.ron");
    assert_eq!(
        scenario.answers.get("safety").map(String::as_str),
        Some("crisis")
    );
    // --mode staff skips the start screen.
    let (_state, mut pty) = start(&["--mode", "staff"]);
    pty.wait_for(&prompt("safety"));
    assert!(!pty.shows("Who is using carepath?"), "{}", pty.dump());
    pty.send("1");
    let outcome = scenario.expect.outcome.as_deref().expect("an outcome");
    let node = PATHWAY.outcome(outcome).expect("the emergency outcome");
    assert!(node.crisis, "{outcome} is a crisis outcome");
    pty.wait_for(&PATHWAY.crisis.title.en);
    pty.wait_for(&node.headline.en);
    for line in &PATHWAY.crisis.lines[..2] {
        pty.wait_for(&line.en);
    }
    pty.wait_for("911");
    pty.wait_for("9-8-8");
    // Straight there: no other question was asked.
    assert!(!pty.shows(&prompt("province")), "{}", pty.dump());
}

/// The text of the last OSC 52 clipboard sequence in the output.
fn last_clipboard_text(pty: &Pty) -> Option<String> {
    use base64::Engine as _;
    let raw = pty.raw();
    let start = find_last(raw, b"\x1b]52;c;")? + b"\x1b]52;c;".len();
    let end = start + raw[start..].iter().position(|&b| b == b'\x07')?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&raw[start..end])
        .expect("the clipboard payload is base64");
    Some(String::from_utf8(bytes).expect("the clipboard text is UTF-8"))
}

/// The text without its `Ended:` line (the time `y` and `s` were pressed).
/// The record summary without its line of times (the end is the time of the key).
fn without_end_time(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("carepath record · "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn y_copies_the_whole_summary_that_s_saves() {
    let (state, mut pty) = start(&["--mode", "staff"]);
    pty.wait_for(&prompt("safety"));
    answer_first_five(&mut pty);
    pty.step("1", "[x] 1. Depression");
    pty.step(ENTER, &prompt("screening"));
    pty.step("7", "[x] 7. None of these");
    pty.step(ENTER, &prompt("coverage"));
    pty.step("4", "[x] 4. None of these");
    pty.step(ENTER, &prompt("administration"));
    pty.step("1", "See the result");
    pty.step(ENTER, &route_line("pain-medicine"));
    pty.step("n", "Staff note:");
    pty.step("Seen with family", "│Seen with family");
    pty.step(ENTER, "Staff note: Seen with family");
    pty.step("y", "Summary sent to the clipboard");
    let copied = last_clipboard_text(&pty)
        .unwrap_or_else(|| panic!("no OSC 52 sequence after y\n{}", pty.dump()));
    pty.step("s", "Summary saved as this call's record");
    let dir = state.path().join("summaries");
    let txt = files_in(&dir)
        .into_iter()
        .find(|f| f.ends_with(".txt"))
        .expect("a .txt summary");
    let saved = std::fs::read_to_string(dir.join(txt)).expect("read the saved summary");
    // The record summary: the note first, the answers by their short names.
    assert!(
        copied.starts_with("Staff note: Seen with family\ncarepath record · "),
        "{copied}"
    );
    assert!(
        copied.contains("\n  Mental health: Depression\n"),
        "{copied}"
    );
    assert!(!copied.contains(&prompt("comorbidities")), "{copied}");
    assert_eq!(without_end_time(&copied), without_end_time(&saved));
}

// 2. kill -9 in mid-call loses nothing.

#[test]
fn kill_9_in_mid_call_then_resume_keeps_every_answer() {
    let scenario = scenario("r9-on-crps-iv-wsib.ron");
    let (state, mut pty) = start(&[]);
    pty.wait_for("Who is using carepath?");
    pty.step("1", &prompt("safety"));
    answer_first_five(&mut pty);
    // The sixth question is drawn only after the fifth answer was saved.
    assert_eq!(
        pty.canonical_mode(),
        Some(false),
        "the wizard runs in raw mode"
    );
    pty.signal("KILL");
    let status = pty.wait_exit(scaled(Duration::from_secs(5)));
    assert!(!status.success(), "SIGKILL ends the process: {status:?}");
    // Sanity check of `assert_restored`: nobody restored this terminal.
    assert_eq!(pty.canonical_mode(), Some(false));
    drop(pty);
    assert_one_call(state.path());

    let mut pty = harness::spawn(bin(), &[], state.path(), COLS, ROWS);
    pty.wait_for("Who is using carepath?");
    pty.step("1", "1 interrupted call on this computer");
    pty.wait_for("5 answers");
    pty.wait_for("▶ 1. Start a new call");
    pty.step("2", &prompt("comorbidities"));
    pty.wait_for(&first_five_crumbs(5));
    pty.wait_for("Question 6 of about 9");

    pty.step("1", "[x] 1. Depression");
    pty.step("2", "[x] 2. PTSD");
    pty.step(ENTER, &prompt("screening"));
    pty.step("1", "[x] 1. Liver problems");
    pty.step(ENTER, &prompt("coverage"));
    pty.step("1", "[x] 1. Workers' compensation");
    pty.step(ENTER, &prompt("administration"));
    pty.step("1", "See the result");
    // The review lists all nine answers, the five from before the kill first.
    let order = [
        "safety",
        "province",
        "age",
        "concern",
        "indication",
        "comorbidities",
        "screening",
        "coverage",
        "administration",
    ];
    for (i, q) in order.iter().enumerate() {
        let answer = &scenario.answers[*q];
        let row = format!(
            "{}. {}: {}",
            i + 1,
            PATHWAY.question(q).unwrap().name().en,
            labels(q, answer)
        );
        pty.wait_for(&row);
    }
    pty.step(ENTER, &route_line("pain-medicine"));
    check_outcome(&mut pty, &scenario, Some("on"));
}

// 3. SIGTERM and SIGHUP: out promptly, terminal restored, answers kept.

fn signal_in_mid_call(signal: &str) {
    let (state, mut pty) = start(&[]);
    pty.wait_for("Who is using carepath?");
    pty.step("1", &prompt("safety"));
    pty.step("3", &prompt("province"));
    pty.step("9", &prompt("age"));
    pty.step("1", &prompt("concern"));
    let sent = Instant::now();
    pty.signal(signal);
    let status = pty.wait_exit(scaled(Duration::from_secs(5)));
    let took = sent.elapsed();
    assert!(
        took < Duration::from_secs(2),
        "SIG{signal}: exited {took:?} after the signal"
    );
    assert!(
        status.signal().is_none(),
        "SIG{signal} is handled, not fatal: {status:?}"
    );
    assert_restored(&pty);
    pty.wait_for("its answers are saved");
    drop(pty);
    assert_one_call(state.path());

    let mut pty = harness::spawn(bin(), &["--mode", "staff"], state.path(), COLS, ROWS);
    pty.wait_for("1 interrupted call on this computer");
    pty.wait_for("3 answers");
    pty.step("2", &prompt("concern"));
    pty.wait_for(&first_five_crumbs(3));
    pty.wait_for("Question 4 of about");
}

#[test]
fn sigterm_in_mid_call_exits_restores_and_resumes() {
    signal_in_mid_call("TERM");
}

#[test]
fn sighup_in_mid_call_exits_restores_and_resumes() {
    signal_in_mid_call("HUP");
}

#[test]
fn sigint_in_mid_call_exits_restores_and_resumes() {
    signal_in_mid_call("INT");
}

/// The terminal itself goes away (window closed, ssh dropped): the kernel hangs up the tty
/// and sends SIGHUP. The process must end rather than linger, even though crossterm 0.29's
/// event source re-reads a hung-up tty forever (crossterm-rs/crossterm#793): a signal thread
/// in src/wizard/terminal.rs ends it after a short grace.
#[test]
fn closing_the_terminal_ends_the_process() {
    let (state, mut pty) = start(&[]);
    pty.wait_for("Who is using carepath?");
    pty.step("1", &prompt("safety"));
    pty.step("3", &prompt("province"));
    // Closing the pty's writer types Enter and Ctrl-D first; make Enter choose nothing.
    pty.step("zzz", "No option matches");
    let pid = pty.pid();
    pty.hang_up();
    // A terminal that closes sends SIGHUP; here the harness's reader still holds a copy of
    // the master, so the kernel would not, and the hang-up is sent by hand. The input loop
    // may still be spinning on the dead terminal (crossterm#793): the process must leave.
    let _ = Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status();
    let status = pty.wait_exit(scaled(Duration::from_secs(3)));
    assert!(status.signal().is_none(), "{status:?}");
    drop(pty);
    assert_one_call(state.path());
}

// 4. --no-save writes nothing.

#[test]
fn no_save_writes_nothing() {
    let state = tempfile::tempdir().expect("a temporary directory");
    // A state directory that does not exist yet must not be created either.
    let dir: PathBuf = state.path().join("state");
    let mut pty = harness::spawn(bin(), &["--no-save"], &dir, COLS, ROWS);
    pty.wait_for("Who is using carepath?");
    pty.wait_for("Not saving (--no-save)");
    pty.step("1", &prompt("safety"));
    pty.step("3", &prompt("province"));
    pty.step("9", &prompt("age"));
    // Under 18 ends the call: a whole outcome, then `s` (save summary) is refused.
    pty.step("2", "See the result");
    pty.step(ENTER, &route_line("referral-minor"));
    pty.step("s", "press y to copy the summary instead");
    pty.step("q", "Press q again to quit");
    pty.send("q");
    let status = pty.wait_exit(scaled(Duration::from_secs(5)));
    assert!(status.success(), "{status:?}");
    assert_restored(&pty);
    assert!(!pty.shows("Your answers are saved"), "{}", pty.dump());
    assert!(!dir.exists(), "--no-save created {}", dir.display());
    assert!(files_in(state.path()).is_empty());
}

// 5. No terminal: a clear message or the line mode, never a panic or escape codes.

/// Runs the binary with the given stdio and no input; its status, stdout and stderr.
fn run_without_input(what: &str, stdout: Stdio, state: &Path) -> (std::process::Output, String) {
    let mut child = Command::new(bin())
        .env("CAREPATH_STATE_DIR", state)
        .env("TERM", "xterm-256color")
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn carepath");
    drop(child.stdin.take()); // end of input at once
    let timeout = harness::timeout();
    let deadline = Instant::now() + timeout;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: carepath still runs {timeout:?} later");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("the output");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_ne!(
        out.status.code(),
        Some(101),
        "{what}: a panic's exit code\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    (out, stderr)
}

/// Output on a terminal but input piped (`echo | carepath`): no keys can be read, so the
/// wizard must not take over the screen. (The brief asked for a non-zero exit naming
/// `carepath route`, which src/wizard/terminal.rs still has; since src/plain.rs, the line
/// mode runs instead, so this checks only what holds either way.)
#[test]
fn with_input_piped_on_a_terminal_it_does_not_start_the_wizard() {
    let state = tempfile::tempdir().expect("a temporary directory");
    let pair = portable_pty::native_pty_system()
        .openpty(portable_pty::PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pseudo-terminal");
    let tty = pair.master.tty_name().expect("the terminal's name");
    let terminal = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&tty)
        .unwrap_or_else(|e| panic!("{}: {e}", tty.display()));
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut all = Vec::new();
        let _ = std::io::Read::read_to_end(&mut reader, &mut all); // ends with EIO
        let _ = tx.send(all);
    });
    let (out, stderr) = run_without_input("stdin piped", Stdio::from(terminal), state.path());
    let shown = rx
        .recv_timeout(scaled(Duration::from_secs(5)))
        .expect("the terminal closes with the process");
    let shown_text = String::from_utf8_lossy(&shown);
    assert!(
        find_last(&shown, ENTER_ALT_SCREEN).is_none(),
        "the wizard took over a terminal it cannot read keys from\n{shown_text}"
    );
    assert!(
        !shown.is_empty() || !stderr.is_empty(),
        "no word at all ({:?})",
        out.status
    );
    assert!(files_in(state.path()).is_empty());
}

/// Input and output both piped: the line mode takes over (see src/plain.rs). No panic, no
/// escape sequences, it ends at the end of input and saves nothing.
#[test]
fn with_everything_piped_it_never_draws_or_hangs() {
    let state = tempfile::tempdir().expect("a temporary directory");
    let (out, stderr) = run_without_input("stdin and stdout piped", Stdio::piped(), state.path());
    assert!(
        !out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b),
        "escape sequences on a pipe\nstdout: {}\nstderr: {stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(files_in(state.path()).is_empty());
}

// 6. Too small, then resized.

#[test]
fn a_tiny_terminal_asks_for_more_room_and_redraws_when_resized() {
    let (_state, mut pty) = start_tiny();
    pty.wait_for("make the window larger");
    pty.wait_for("(now 40×10)");
    pty.wait_for("911"); // crisis help stays visible
    pty.resize(COLS, ROWS);
    pty.wait_for("Who is using carepath?");
    assert!(!pty.shows("make the window larger"), "{}", pty.dump());

    // In mid-call too, and the answers survive the round trip.
    pty.step("1", &prompt("safety"));
    pty.step("3", &prompt("province"));
    pty.resize(50, 12);
    pty.wait_for("(now 50×12)");
    pty.resize(COLS, ROWS);
    pty.wait_for(&prompt("province"));
    pty.wait_for(&first_five_crumbs(1));
    assert!(!pty.shows("make the window larger"), "{}", pty.dump());
}

#[test]
fn quitting_while_too_small_restores_the_terminal() {
    let (_state, mut pty) = start_tiny();
    pty.wait_for("make the window larger");
    // The too-small message draws no cursor, so it is hidden until the end.
    assert!(pty.parser().screen().hide_cursor(), "{}", pty.dump());
    pty.send("qq");
    let status = pty.wait_exit(scaled(Duration::from_secs(5)));
    assert!(status.success(), "{status:?}");
    assert_restored(&pty);
}

// 7. Quitting hands the terminal back.

#[test]
fn quitting_restores_the_terminal_and_says_the_answers_are_saved() {
    let (state, mut pty) = start(&[]);
    pty.wait_for("Who is using carepath?");
    pty.step("1", &prompt("safety"));
    pty.step("3", &prompt("province"));
    pty.step("9", &prompt("age"));
    pty.step("q", "Press q again to quit");
    pty.send("q");
    let status = pty.wait_exit(scaled(Duration::from_secs(5)));
    assert!(status.success(), "{status:?}");
    assert_restored(&pty);
    pty.wait_for(
        "The call is not finished; its answers are saved. Run carepath again to resume it.",
    );
    drop(pty);
    assert_one_call(state.path());
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let (_state, mut pty) = start(&["--mode", "staff"]);
    pty.wait_for(&prompt("safety"));
    pty.step("3", &prompt("province"));
    pty.send("\x03");
    let status = pty.wait_exit(scaled(Duration::from_secs(5)));
    assert!(status.success(), "{status:?}");
    assert_restored(&pty);
    pty.wait_for("its answers are saved");
}

// Flags and keys that work on every screen.

#[test]
fn lang_and_mode_flags_then_f4_and_crisis_help() {
    let (_state, mut pty) = start(&["--lang", "fr", "--mode", "patient"]);
    let safety = PATHWAY.question("safety").expect("the safety question");
    pty.wait_for(safety.prompt.patient.get(Lang::Fr));
    pty.wait_for("patient · fr");
    pty.step(F4, safety.prompt.patient.get(Lang::En));
    pty.wait_for("patient · en");
    pty.step("!", &PATHWAY.crisis.title.en);
    pty.wait_for("call 911"); // in a bordered panel: rows, not flowing text
    pty.wait_for("Call or text 9-8-8");
    pty.wait_for("Esc closes this panel");
    pty.send(ESC);
    assert!(
        pty.wait_until(harness::timeout(), |p| !p.shows("Esc closes this panel")),
        "Esc did not close the crisis panel\n{}",
        pty.dump()
    );
    pty.wait_for(&safety.options[0].label.en);
}

#[test]
fn quitting_before_any_answer_says_nothing_and_saves_nothing() {
    let (state, mut pty) = start(&[]);
    pty.wait_for("Who is using carepath?");
    pty.step("q", "Press q again to quit");
    pty.send("q");
    let status = pty.wait_exit(scaled(Duration::from_secs(5)));
    assert!(status.success(), "{status:?}");
    assert_restored(&pty);
    assert!(!pty.shows("Your answers are saved"), "{}", pty.dump());
    drop(pty);
    assert!(files_in(state.path()).is_empty());
}

// 9. Two carepath processes on one state folder: one writer per call.

/// The calls saved in `dir`, each read whole.
fn calls_in(dir: &Path) -> Vec<carepath::call::SavedCall> {
    files_in(dir)
        .into_iter()
        .filter(|n| n.starts_with("call-") && n.ends_with(".json"))
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(&n)).expect("read a call");
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{n} is corrupt ({e})"))
        })
        .collect()
}

/// Issue 9, item 3: the second process does not offer the first one's live call, each keeps
/// its own file, and neither overwrites the other's answers.
#[test]
fn two_carepaths_on_one_state_folder_each_keep_their_own_call() {
    let (state, mut first) = start(&["--mode", "staff"]);
    first.wait_for(&prompt("safety"));
    first.step("3", &prompt("province"));
    first.step("9", &prompt("age"));

    let mut second = harness::spawn(bin(), &["--mode", "staff"], state.path(), COLS, ROWS);
    second.wait_for("1 call open in another carepath window is not shown here.");
    second.wait_for(&prompt("safety"));
    assert!(!second.shows("Resume the call"), "{}", second.dump());
    second.step("3", &prompt("province"));
    second.step("qc", "Québec");
    second.step(ENTER, &prompt("age"));

    // Both go on; each file keeps its own caller's answers.
    first.step("1", &prompt("concern"));
    second.step("2", "See the result");
    let mut calls = calls_in(state.path());
    assert_eq!(
        calls.len(),
        2,
        "one file per call: {:?}",
        files_in(state.path())
    );
    calls.sort_by_key(|c| c.answers["province"][0].clone());
    let (ontario, quebec) = (&calls[0], &calls[1]);
    assert_eq!(ontario.answers["province"], ["on"]);
    assert_eq!(ontario.answers["age"], ["adult"]);
    assert_eq!(quebec.answers["province"], ["qc"]);
    assert_eq!(quebec.answers["age"], ["minor"]);
    assert_ne!(ontario.call_id, quebec.call_id);

    // The first quits mid-call: a third process is offered its call, not the second's.
    first.send("\x03");
    first.wait_exit(scaled(Duration::from_secs(5)));
    let mut third = harness::spawn(bin(), &["--mode", "staff"], state.path(), COLS, ROWS);
    third.wait_for("1 interrupted call on this computer");
    third.wait_for("Ontario · 18 or older");
    assert!(!third.shows("Québec"), "{}", third.dump());
    third.step("2", &prompt("concern"));
    // The second, still open, is untouched by all of this.
    second.send("\x03");
    second.wait_exit(scaled(Duration::from_secs(5)));
    let quebec_after = calls_in(state.path())
        .into_iter()
        .find(|c| c.call_id == quebec.call_id)
        .expect("the second call is kept");
    assert_eq!(quebec_after.answers, quebec.answers);
}

// 10. Suspend and resume (issue 14, item 13).

/// The process's state letter in /proc (`T` when stopped).
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?.1.chars().next()
}

/// Waits until the process is stopped, or fails.
fn wait_stopped(pty: &mut Pty) {
    let pid = pty.pid();
    let stopped = pty.wait_until(harness::timeout(), |_| process_state(pid) == Some('T'));
    assert!(stopped, "the process did not stop\n{}", pty.dump());
}

/// An external SIGTSTP or Ctrl-Z: the terminal is handed back (cooked, main screen, no mouse
/// reports) before the process stops; after SIGCONT the wizard takes the terminal again,
/// redraws, and reads keys in raw mode.
#[test]
fn suspending_restores_the_terminal_and_continuing_takes_it_back() {
    if !Path::new("/proc/self/stat").exists() {
        eprintln!("skipped: no /proc to see the process stop");
        return;
    }
    let (_state, mut pty) = start(&["--mode", "staff"]);
    pty.wait_for(&prompt("safety"));
    pty.step("3", &prompt("province"));
    for how in ["TSTP", "ctrl-z"] {
        match how {
            "TSTP" => pty.signal("TSTP"),
            _ => pty.send("\x1a"),
        }
        wait_stopped(&mut pty);
        let left = pty.wait_until(harness::timeout(), |p| {
            !p.parser().screen().alternate_screen()
        });
        assert!(left, "{how}: still on the alternate screen\n{}", pty.dump());
        assert_restored(&pty);
        pty.signal("CONT");
        let raw_again = pty.wait_until(harness::timeout(), |p| {
            p.canonical_mode() == Some(false) && p.parser().screen().alternate_screen()
        });
        assert!(
            raw_again,
            "{how}: the wizard did not take the terminal back\n{}",
            pty.dump()
        );
        pty.wait_for(&prompt("province"));
    }
    // Keys work as before.
    pty.step("9", &prompt("age"));
    pty.send("\x03");
    assert!(pty.wait_exit(scaled(Duration::from_secs(5))).success());
}

// 11. Paste and the mouse (issue 12, items 1 and 6).

/// A paste in a real terminal (bracketed paste) is text in the filter: its newlines answer
/// nothing.
#[test]
fn a_paste_is_typed_into_the_filter_and_answers_nothing() {
    let (_state, mut pty) = start(&["--mode", "staff", "--no-save"]);
    pty.wait_for(&prompt("safety"));
    pty.step("3", &prompt("province"));
    assert!(
        find_last(pty.raw(), b"\x1b[?2004h").is_some(),
        "bracketed paste is asked for\n{}",
        pty.dump()
    );
    pty.send("\x1b[200~ontario\r1\r3\r\x1b[201~");
    pty.wait_for("Filter: ontario 1 3");
    assert!(pty.shows(&prompt("province")), "{}", pty.dump());
    pty.send("\x15"); // Ctrl-U
    pty.step("ont", "▶ 9. Ontario");
    pty.step(ENTER, &prompt("age"));
}

/// Clicks are reported (a click chooses), motion is not, so a drag with Shift selects text;
/// `--no-mouse` leaves the mouse to the terminal altogether.
#[test]
fn the_mouse_reports_clicks_only_and_no_mouse_reports_none() {
    let (_state, mut pty) = start(&["--mode", "staff", "--no-save"]);
    pty.wait_for(&prompt("safety"));
    let raw = pty.raw().to_vec();
    assert!(find_last(&raw, b"\x1b[?1000h").is_some(), "clicks");
    assert!(find_last(&raw, b"\x1b[?1006h").is_some(), "SGR encoding");
    for motion in [&b"\x1b[?1002h"[..], b"\x1b[?1003h"] {
        assert!(
            find_last(&raw, motion).is_none(),
            "motion reported\n{}",
            pty.dump()
        );
    }
    // A click on option 3 chooses it (SGR: button 0 pressed at column, row, 1-based).
    let row = (0..ROWS)
        .find(|&r| {
            pty.parser()
                .screen()
                .contents_between(r, 0, r, COLS)
                .contains("3. Neither")
        })
        .expect("option 3 on screen");
    pty.send(&format!("\x1b[<0;8;{}M\x1b[<0;8;{}m", row + 1, row + 1));
    pty.wait_for(&prompt("province"));

    let (_state, mut pty) = start(&["--mode", "staff", "--no-save", "--no-mouse"]);
    pty.wait_for(&prompt("safety"));
    assert!(
        find_last(pty.raw(), b"\x1b[?1000h").is_none(),
        "{}",
        pty.dump()
    );
}

// 12. Three reference calls typed with filter words, their keystrokes counted (issue 12).

/// Types a call's steps (the keys of one screen, then what must show after them) and returns
/// how many keys were pressed: a letter, a digit or Enter is one key each.
fn type_call(pty: &mut Pty, steps: &[(&str, &str)]) -> usize {
    let mut keys = 0;
    for (typed, then) in steps {
        pty.step(typed, then);
        keys += typed.chars().count();
    }
    keys
}

/// The call's route line on the result.
fn result_shows(pty: &mut Pty, outcome: &str, lang: Lang) {
    let headline = PATHWAY
        .outcome(outcome)
        .unwrap()
        .headline
        .get(lang)
        .to_string();
    let start: String = headline.chars().take(30).collect();
    pty.wait_for(&start);
}

/// (a) Ontario adult, CRPS, PTSD, heart screening, WSIB, IV.
const CALL_A: &[(&str, &str)] = &[
    ("n\r", "Question 2 of about"),
    ("o\r", "Question 3 of about"),
    ("a\r", "Question 4 of about"),
    ("b\r", "Question 5 of about"),
    ("c\r", "Question 6 of about"),
    ("p\r", "Question 7 of about"),
    ("h\r", "Question 8 of about"),
    ("w\r", "Question 9 of about"),
    ("i\r", "See the result"),
    ("\r", "Route:"),
];

/// (b) Québec adult in French, nerve pain after medicines tried, no comorbidity, CNESST,
/// another way than IV.
const CALL_B: &[(&str, &str)] = &[
    ("n\r", "Question 2 sur environ"),
    ("qc\r", "Question 3 sur environ"),
    ("a\r", "Question 4 sur environ"),
    ("p\r", "Question 5 sur environ"),
    ("n\r", "Question 6 sur environ"),
    ("o\r", "Question 7 sur environ"),
    ("n\r", "Question 8 sur environ"),
    ("n\r", "Question 9 sur environ"),
    ("c\r", "Question 10 sur environ"),
    ("a\r", "Voir le résultat"),
    ("\r", "Orientation"),
];

/// (c) Nunavut adult, phantom limb pain after an established amputation, veteran, route not
/// sure yet.
const CALL_C: &[(&str, &str)] = &[
    ("n\r", "Question 2 of about"),
    ("nu\r", "Question 3 of about"),
    ("a\r", "Question 4 of about"),
    ("p\r", "Question 5 of about"),
    ("p\r", "Question 6 of about"),
    ("e\r", "Question 7 of about"),
    ("n\r", "Question 8 of about"),
    ("n\r", "Question 9 of about"),
    ("v\r", "Question 10 of about"),
    ("u\r", "See the result"),
    ("\r", "Route:"),
];

/// One reference call: how carepath is started, the keys, the answers they must give.
struct ReferenceCall {
    args: &'static [&'static str],
    steps: &'static [(&'static str, &'static str)],
    expected: &'static [(&'static str, &'static str)],
    lang: Lang,
}

#[test]
fn the_three_reference_calls_take_at_most_22_keys_each() {
    let cases = [
        ReferenceCall {
            args: &["--mode", "staff"],
            steps: CALL_A,
            expected: &[
                ("province", "on"),
                ("indication", "crps"),
                ("comorbidities", "ptsd"),
                ("screening", "heart"),
                ("coverage", "workers_comp"),
                ("administration", "iv"),
            ],
            lang: Lang::En,
        },
        ReferenceCall {
            args: &["--mode", "staff", "--lang", "fr"],
            steps: CALL_B,
            expected: &[
                ("province", "qc"),
                ("indication", "neuropathic"),
                ("prior_treatment", "yes"),
                ("comorbidities", "none"),
                ("coverage", "workers_comp"),
                ("administration", "non_iv"),
            ],
            lang: Lang::Fr,
        },
        ReferenceCall {
            args: &["--mode", "staff"],
            steps: CALL_C,
            expected: &[
                ("province", "nu"),
                ("indication", "phantom_limb"),
                ("amputation", "established"),
                ("coverage", "veteran"),
                ("administration", "unsure"),
            ],
            lang: Lang::En,
        },
    ];
    let mut counts = Vec::new();
    for case in cases {
        let (state, mut pty) = start(case.args);
        pty.wait_for("Question 1 ");
        let keys = type_call(&mut pty, case.steps);
        result_shows(&mut pty, "pain-medicine", case.lang);
        let call = calls_in(state.path()).pop().expect("the call is saved");
        for (q, a) in case.expected {
            assert_eq!(call.answers[*q], [*a], "{q} in {:?}", case.args);
        }
        counts.push(keys);
        pty.send("\x03");
        pty.wait_exit(scaled(Duration::from_secs(5)));
    }
    // The figures README gives: result included, not counting the command line.
    assert_eq!(counts, [19, 22, 22], "keys per call");
}

// 13. Keys that never surprise (issue 12, items 2 to 5 and 9), in a real terminal.

/// Two-digit numbers, Enter with nothing ticked, Backspace on an empty filter, keys behind
/// the too-small screen, Home and End on the result.
#[test]
fn keys_that_never_surprise_in_a_real_terminal() {
    let (state, mut pty) = start(&["--mode", "staff"]);
    pty.wait_for(&prompt("safety"));
    pty.step("3", &prompt("province"));
    // Item 2: `1` waits, `1` again is Québec (11), and nothing else is answered.
    pty.step("1", "Number 1: Enter chooses it, or type the next digit");
    pty.step("1", &prompt("age"));
    pty.wait_for(&format!(
        "Province or territory: {}",
        label("province", "qc")
    ));
    // Item 3: behind the too-small screen, keys answer nothing unseen.
    pty.resize(59, 15);
    pty.wait_for("make the window larger");
    pty.send("1");
    pty.send("3");
    // The keys reach the wizard before it grows back (and act as on the small screen).
    pty.settle(Duration::from_millis(400), Duration::from_secs(5));
    pty.resize(COLS, ROWS);
    let redrawn = pty.wait_until(harness::timeout(), |p| {
        !p.shows("make the window larger") && p.shows(&prompt("age"))
    });
    assert!(redrawn, "{}", pty.dump());
    pty.settle(Duration::from_millis(400), Duration::from_secs(5));
    pty.step("1", &prompt("concern"));
    pty.step("1", &prompt("indication"));
    // Item 5: Backspace once too often stays on the question.
    pty.step("cr", "Filter: cr");
    pty.send("\x7f\x7f\x7f");
    pty.wait_for("Filter: (type to filter)");
    assert!(pty.shows(&prompt("indication")), "{}", pty.dump());
    pty.step("crps\r", &prompt("comorbidities"));
    // Item 4: one match and nothing ticked: Enter takes it.
    pty.step("ptsd\r", &prompt("screening"));
    let call = calls_in(state.path()).pop().expect("saved");
    assert_eq!(
        call.answers["age"],
        ["adult"],
        "the keys behind the small screen did nothing"
    );
    assert_eq!(call.answers["comorbidities"], ["ptsd"]);
    // Item 9: End and Home on the result.
    pty.step("n\r", &prompt("coverage"));
    pty.step("w\r", &prompt("administration"));
    pty.step("i\r", "See the result");
    pty.step("\r", "Route:");
    pty.send("\x1b[F"); // End
    pty.wait_for("Sources");
    pty.send("\x1b[H"); // Home
    pty.wait_for("Route:");
}

// 14. Drawn on events only (issue 11).

/// An idle wizard writes nothing: no periodic redraw, only after a key or a resize.
#[test]
fn an_idle_wizard_draws_nothing() {
    let (_state, mut pty) = start(&["--mode", "staff", "--no-save"]);
    pty.wait_for(&prompt("safety"));
    pty.settle(Duration::from_millis(300), Duration::from_secs(5));
    let before = pty.raw().len();
    std::thread::sleep(Duration::from_millis(1500));
    pty.settle(Duration::from_millis(100), Duration::from_secs(2));
    assert_eq!(pty.raw().len(), before, "output while idle\n{}", pty.dump());
    // A key still draws, and so does a resize.
    pty.step("3", &prompt("province"));
    let before = pty.raw().len();
    pty.resize(COLS - 10, ROWS);
    pty.settle(Duration::from_millis(300), Duration::from_secs(5));
    assert!(pty.raw().len() > before, "no redraw after a resize");
}
