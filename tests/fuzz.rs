//! Fuzzing on the stable toolchain: mutated pathway files and random bytes through
//! `load_bytes`, `validate` and the diagnostics, which must never panic and must always say
//! where a problem is.
//!
//! `cargo test --test fuzz` runs 2,000 cases; `cargo test --release --test fuzz -- --ignored`
//! runs 100,000. `CAREPATH_FUZZ_SEED=<n>` changes the run, `CAREPATH_FUZZ_CASE=<seed>` replays
//! one case, `CAREPATH_FUZZ_CASES=<n>` sets the count. A failing input is written under
//! `target/tmp/fuzz-failures/` and its seed is printed.

#[path = "common/random.rs"]
mod random;
#[path = "common/synthetic.rs"]
mod synthetic;

use random::Rng;

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use carepath::diagnostics::{Style, render_load_error, render_problem};
use carepath::pathway::load::{BUNDLED, LoadError, load_bytes};
use carepath::pathway::validate::validate;

const SMALL: &str = include_str!("fixtures/valid/small.ron");
const BASE: &str = include_str!("fixtures/valid/fixture-base.ron");

/// The run's seed unless `CAREPATH_FUZZ_SEED` says otherwise.
const DEFAULT_SEED: u64 = 0x00ca_4e9a_7a00_0001;

/// The seed of case `i` of a run: each case can be replayed on its own from it.
fn case_seed(run: u64, i: u64) -> u64 {
    Rng::seeded(run ^ i.wrapping_mul(0x2545_f491_4f6c_dd1d)).next()
}

// ---- Mutations ----------------------------------------------------------------------------

/// Snippets worth inserting: syntax, escapes, terminal controls, odd numbers.
const JUNK: &[&str] = &[
    "\"",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "//",
    "/*",
    "*/",
    "\\",
    "r#\"",
    "\"#",
    "\n",
    "\r\n",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}[2J",
    "\\u{1b}",
    "\\u{202e}",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\u{0}",
    "\u{7f}",
    "\u{9b}",
    "é",
    "𝔘",
    "Some(",
    "None",
    "Some(\"x\")",
    "Question(",
    "Outcome(",
    "Branch(when: Is(\"a\", \"b\"), goto: \"x\")",
    "All([",
    "Not(",
    "AnyOf(\"q\", [\"a\"])",
    "99999999999999999999",
    "-1",
    "1e999",
    "0x",
    "true",
    "id: \"\"",
    "id: \"Bad Id\"",
    "#![enable(implicit_some)]",
    "#![enable(unwrap_newtypes)]",
];

/// Tokens of a text: identifiers, string literals, numbers and single punctuation bytes.
fn tokens(text: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let start = i;
        match text[i] {
            b'"' => {
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(text.len());
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'.' => {
                while i < text.len()
                    && (text[i].is_ascii_alphanumeric() || matches!(text[i], b'_' | b'-' | b'.'))
                {
                    i += 1;
                }
            }
            c if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => i += 1,
        }
        out.push((start, i.min(text.len())));
    }
    out
}

/// Byte offsets where lines start.
fn line_starts(text: &[u8]) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            text.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect()
}

/// The values of `id: "..."` literals.
fn ids(text: &[u8]) -> Vec<Vec<u8>> {
    let text = String::from_utf8_lossy(text);
    text.match_indices("id: \"")
        .filter_map(|(i, m)| {
            let rest = &text[i + m.len()..];
            rest.find('"').map(|end| rest.as_bytes()[..end].to_vec())
        })
        .collect()
}

fn replace_all(text: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() {
        return text.to_vec();
    }
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

/// Applies one random mutation; returns its name.
fn mutate(rng: &mut Rng, text: &mut Vec<u8>) -> &'static str {
    match rng.below(10) {
        0 => {
            for _ in 0..1 + rng.below(8) {
                if text.is_empty() {
                    break;
                }
                let at = rng.below(text.len());
                if rng.one_in(2) {
                    text[at] ^= 1 << rng.below(8);
                } else {
                    text[at] = rng.next() as u8;
                }
            }
            "byte flips"
        }
        1 => {
            let at = rng.below(text.len() + 1);
            text.truncate(at);
            "truncation"
        }
        2 => {
            let toks = tokens(text);
            if toks.len() < 2 {
                return "token swap (too few tokens)";
            }
            let (a, b) = (*rng.pick(&toks), *rng.pick(&toks));
            let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
            if first.1 > second.0 {
                return "token swap (overlap)";
            }
            let mut out = text[..first.0].to_vec();
            out.extend_from_slice(&text[second.0..second.1]);
            out.extend_from_slice(&text[first.1..second.0]);
            out.extend_from_slice(&text[first.0..first.1]);
            out.extend_from_slice(&text[second.1..]);
            *text = out;
            "token swap"
        }
        3 => {
            let toks = tokens(text);
            if toks.is_empty() {
                return "token replace (no tokens)";
            }
            let (at, with) = (*rng.pick(&toks), *rng.pick(&toks));
            let with = text[with.0..with.1].to_vec();
            text.splice(at.0..at.1, with);
            "token replace"
        }
        4 => {
            let all = ids(text);
            if all.is_empty() {
                return "rename id (no ids)";
            }
            let old = rng.pick(&all).clone();
            let new: Vec<u8> = match rng.below(6) {
                0 => rng.pick(&all).clone(),
                1 => format!("renamed{}", rng.below(100)).into_bytes(),
                2 => old.to_ascii_uppercase(),
                3 => b"two words".to_vec(),
                4 => Vec::new(),
                _ => "id\u{1b}[31m".as_bytes().to_vec(),
            };
            let quoted = |v: &[u8]| [b"\"".as_slice(), v, b"\""].concat();
            if rng.one_in(2) {
                *text = replace_all(text, &quoted(&old), &quoted(&new));
                "rename id everywhere"
            } else {
                let q = quoted(&old);
                let hits: Vec<usize> = (0..text.len().saturating_sub(q.len() - 1))
                    .filter(|&i| text[i..].starts_with(&q))
                    .collect();
                if let Some(&at) = hits.get(rng.below(hits.len())) {
                    text.splice(at..at + q.len(), quoted(&new));
                }
                "rename one use of an id"
            }
        }
        5 => {
            let starts = line_starts(text);
            let a = rng.below(starts.len());
            let b = (a + 1 + rng.below(20)).min(starts.len());
            let (from, to) = (starts[a], starts.get(b).copied().unwrap_or(text.len()));
            let lines = text[from..to].to_vec();
            let at = if rng.one_in(2) {
                to
            } else {
                *rng.pick(&starts)
            };
            text.splice(at..at, lines);
            "duplicated lines"
        }
        6 => {
            let starts = line_starts(text);
            let a = rng.below(starts.len());
            let b = (a + 1 + rng.below(10)).min(starts.len());
            let (from, to) = (starts[a], starts.get(b).copied().unwrap_or(text.len()));
            text.drain(from..to);
            "deleted lines"
        }
        7 => {
            let at = rng.below(text.len() + 1);
            let junk = rng.pick(JUNK).as_bytes().to_vec();
            text.splice(at..at, junk);
            "inserted junk"
        }
        8 => {
            // Into a string literal: terminal controls where a person reads them.
            let toks: Vec<(usize, usize)> = tokens(text)
                .into_iter()
                .filter(|(s, e)| text[*s] == b'"' && e - s >= 2)
                .collect();
            if toks.is_empty() {
                return "escape in a string (no strings)";
            }
            let (s, e) = *rng.pick(&toks);
            let at = s + 1 + rng.below(e - s - 1);
            let at = (at..=e)
                .find(|&i| i >= text.len() || (text[i] & 0xc0) != 0x80)
                .unwrap_or(e);
            let junk = *rng.pick(&[
                "\u{1b}]0;pwned\u{7}",
                "\\u{1b}[2J",
                "\u{202e}",
                "\\u{200d}",
                "\\n",
                "\t",
                "\\x7f",
                "\\r",
            ]);
            text.splice(at..at, junk.bytes());
            "escape in a string"
        }
        _ => {
            if text.len() > 1 {
                let at = rng.below(text.len());
                let len = 1 + rng.below(64.min(text.len() - at));
                text.drain(at..at + len);
            }
            "deleted bytes"
        }
    }
}

/// Random bytes, sometimes made of pathway-like pieces so the parser gets further.
fn random_input(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    let len = rng.below(2_000);
    match rng.below(4) {
        0 => ((0..len).map(|_| rng.next() as u8).collect(), "random bytes"),
        1 => (
            (0..len)
                .map(|_| *rng.pick(b"()[]{}\":,. \n\\/*#abcdefgSomeNone0123456789-_"))
                .collect(),
            "random RON-ish bytes",
        ),
        2 => {
            let mut s = b"Pathway(".to_vec();
            for _ in 0..rng.below(64) {
                s.extend_from_slice(rng.pick(JUNK).as_bytes());
                s.extend_from_slice(
                    rng.pick(&[
                        "id: ",
                        "nodes: [",
                        "title: (en: \"t\")",
                        " ",
                        "start: \"a\"",
                    ])
                    .as_bytes(),
                );
            }
            (s, "random pathway pieces")
        }
        _ => {
            let depth = rng.below(300);
            let mut s = b"Pathway(nodes: ".to_vec();
            for _ in 0..depth {
                s.push(*rng.pick(b"([{"));
            }
            (s, "deep nesting")
        }
    }
}

/// The input of case `seed`, and how it was made.
fn make_case(seed: u64) -> (Vec<u8>, String) {
    let mut rng = Rng::seeded(seed);
    if rng.one_in(8) {
        let (bytes, how) = random_input(&mut rng);
        return (bytes, how.to_string());
    }
    let (mut text, base) = match rng.below(8) {
        0..=2 => (BUNDLED.as_bytes().to_vec(), "bundled"),
        3 | 4 => (SMALL.as_bytes().to_vec(), "small.ron"),
        5 => (BASE.as_bytes().to_vec(), "fixture-base.ron"),
        _ => (
            synthetic::generate(5 + rng.below(40)).into_bytes(),
            "synthetic",
        ),
    };
    let mut how = vec![base.to_string()];
    for _ in 0..1 + rng.below(3) {
        how.push(mutate(&mut rng, &mut text).to_string());
    }
    (text, how.join(" + "))
}

// ---- Running a case ------------------------------------------------------------------------

thread_local! {
    /// Set while a case runs: panics are recorded here instead of printed.
    static CAUGHT: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let fuzzing = CAUGHT.with(|c| {
                let mut c = c.borrow_mut();
                match c.as_mut() {
                    Some(slot) => {
                        *slot = Some(info.to_string());
                        true
                    }
                    None => false,
                }
            });
            if !fuzzing {
                previous(info);
            }
        }));
    });
}

/// Loads, validates and renders one input; `Err` says what went wrong.
fn run_case(bytes: &[u8]) -> Result<(), String> {
    CAUGHT.with(|c| *c.borrow_mut() = Some(None));
    let result = catch_unwind(AssertUnwindSafe(|| check_case(bytes)));
    let panic = CAUGHT.with(|c| c.borrow_mut().take().flatten());
    match result {
        Ok(r) => r,
        Err(_) => Err(format!(
            "panicked: {}",
            panic.unwrap_or_else(|| "(no message)".into())
        )),
    }
}

fn check_case(bytes: &[u8]) -> Result<(), String> {
    let style = Style { color: false };
    let loaded = match load_bytes("fuzz.ron", bytes) {
        Ok(l) => l,
        Err(e) => {
            match &e {
                LoadError::Syntax {
                    line,
                    col,
                    offset,
                    text,
                    ..
                }
                | LoadError::NotUtf8 {
                    line,
                    col,
                    offset,
                    text,
                    ..
                } => {
                    if *line < 1 || *col < 1 {
                        return Err(format!("rejection without a position: {e}"));
                    }
                    if *offset > text.len() || !text.is_char_boundary(*offset) {
                        return Err(format!(
                            "rejection at offset {offset}, outside the text or inside a \
                             character ({} bytes): {e}",
                            text.len()
                        ));
                    }
                }
                LoadError::TooLarge { .. }
                | LoadError::EndlessInput { .. }
                | LoadError::Io { .. } => {
                    return Err(format!("unexpected kind of rejection: {e}"));
                }
            }
            let shown = render_load_error(style, &e);
            if shown.contains('\u{1b}') {
                return Err(format!("escape character in the message: {shown}"));
            }
            return Ok(());
        }
    };
    let report = validate(&loaded);
    for p in &report.problems {
        if p.node.is_some() && p.span.is_none() {
            return Err(format!(
                "problem names node {:?} but has no span: {}",
                p.node, p.message
            ));
        }
        if let Some((offset, len)) = p.span {
            let text = &loaded.text;
            if offset + len > text.len()
                || !text.is_char_boundary(offset)
                || !text.is_char_boundary(offset + len)
            {
                return Err(format!(
                    "span {offset}+{len} is outside the text ({} bytes) or splits a character: {}",
                    text.len(),
                    p.message
                ));
            }
        }
        let shown = render_problem(style, &loaded.name, &loaded.text, p);
        if shown.contains('\u{1b}') {
            return Err(format!("escape character in the message: {shown}"));
        }
    }
    Ok(())
}

// ---- The runs ------------------------------------------------------------------------------

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    }
}

/// Where a failing input is kept.
fn save_failure(seed: u64, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("case-{seed:016x}.ron"));
    let _ = std::fs::write(&path, bytes);
    path
}

/// Runs `cases` cases on two threads and fails with every failure's seed and input.
fn fuzz(cases: u64) {
    install_panic_hook();
    let run = env_u64("CAREPATH_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let seeds: Vec<u64> = match env_u64("CAREPATH_FUZZ_CASE") {
        Some(seed) => vec![seed],
        None => (0..cases).map(|i| case_seed(run, i)).collect(),
    };
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let failures: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let mut failures = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&seed) = seeds.get(i) else {
                            return failures;
                        };
                        let (bytes, how) = make_case(seed);
                        if let Err(why) = run_case(&bytes) {
                            let path = save_failure(seed, &bytes);
                            let preview: String = String::from_utf8_lossy(&bytes)
                                .chars()
                                .take(300)
                                .flat_map(char::escape_debug)
                                .collect();
                            failures.push(format!(
                                "case seed 0x{seed:016x} ({how}): {why}\n  input ({} bytes) saved \
                                 to {}\n  starts: {preview}\n  replay: CAREPATH_FUZZ_CASE=0x{seed:016x} \
                                 cargo test --test fuzz -- --include-ignored",
                                bytes.len(),
                                path.display()
                            ));
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("worker finished"))
            .collect()
    });
    let kinds = [
        "panicked",
        "without a position",
        "no span",
        "outside the text",
        "escape",
    ];
    let counts: Vec<String> = kinds
        .iter()
        .map(|k| format!("{k}: {}", failures.iter().filter(|f| f.contains(k)).count()))
        .collect();
    eprintln!(
        "fuzz: {} cases (run seed 0x{run:016x}) in {:.1?}, {} failures ({})",
        seeds.len(),
        started.elapsed(),
        failures.len(),
        counts.join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        seeds.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn two_thousand_mutated_pathways_never_panic_and_are_located() {
    fuzz(env_u64("CAREPATH_FUZZ_CASES").unwrap_or(2_000));
}

#[test]
#[ignore = "100,000 cases: run with `cargo test --release --test fuzz -- --ignored`"]
fn a_hundred_thousand_mutated_pathways_never_panic_and_are_located() {
    fuzz(env_u64("CAREPATH_FUZZ_CASES").unwrap_or(100_000));
}

#[test]
fn the_mutations_and_the_generator_are_deterministic() {
    for i in 0..50 {
        let seed = case_seed(DEFAULT_SEED, i);
        assert_eq!(make_case(seed), make_case(seed), "case {i}");
    }
    assert_ne!(case_seed(DEFAULT_SEED, 0), case_seed(DEFAULT_SEED, 1));
}

// ---- Shapes: the inputs that once hung or crashed a command, with a budget per case ------

/// A command's run on one shape: how long it took, its peak memory, how it ended.
struct Spent {
    seconds: f64,
    peak_mb: f64,
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs the binary and reads its peak memory from `wait4` (the kernel's own count).
#[cfg(unix)]
#[allow(clippy::zombie_processes)] // reaped by `libc::wait4`, which also gives the memory.
fn spend(dir: &std::path::Path, args: &[&str]) -> Spent {
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    let started = Instant::now();
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("carepath"));
    command
        .current_dir(dir)
        .args(args)
        .env("CAREPATH_STATE_DIR", dir.join("state"))
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // A hook before exec makes std fork rather than spawn with a shared address space: a
    // spawned child's peak memory, as the kernel counts it, starts at this process's peak
    // (67 MB after generating the shapes), a forked one's at this process's size now.
    // SAFETY: the hook does nothing, so it is safe between fork and exec.
    unsafe {
        command.pre_exec(|| Ok(()));
    }
    let mut child = command.spawn().expect("starts");
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let mut stdout = Vec::new();
    let _ = out.read_to_end(&mut stdout);
    let stderr = reader.join().unwrap_or_default();
    let mut status = 0;
    // SAFETY: `rusage` is plain data, filled in by the kernel for the child we started.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: waits for our own child, whose exit status `Child` has not collected.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    Spent {
        seconds: started.elapsed().as_secs_f64(),
        // ru_maxrss is in KiB on Linux.
        peak_mb: usage.ru_maxrss as f64 * 1024.0 / 1e6,
        code,
        stdout,
        stderr,
    }
}

/// The shapes, at `1 / divisor` of the size that once took seconds or crashed (divisor 1
/// stays under the 8 MiB limit): (name, file name, text).
fn shapes(divisor: usize) -> Vec<(&'static str, String, String)> {
    let n = |full: usize| (full / divisor).max(10);
    vec![
        (
            "many problems",
            "problems.ron".into(),
            synthetic::generate_missing_evidence(n(16_000)),
        ),
        (
            "long chain",
            "chain.ron".into(),
            synthetic::generate_chain(n(15_000)),
        ),
        (
            "many branches",
            "branches.ron".into(),
            synthetic::generate_branches(n(100_000)),
        ),
        (
            "huge option list",
            "options.ron".into(),
            synthetic::generate_wide(10, n(100_000)),
        ),
        (
            "bad options on one line",
            "line.ron".into(),
            synthetic::generate_one_line_bad_options(n(100_000)),
        ),
        (
            "long list",
            "list.ron".into(),
            synthetic::generate_long_list(n(2_000_000)),
        ),
        (
            "hostile file name",
            "p\u{1b}]0;PWNED\u{7}\u{202e}.ron".into(),
            SMALL.to_string(),
        ),
    ]
}

/// Every command on every shape within `seconds` and 500 MB, without a panic, a crash or a
/// raw control character in the output.
#[cfg(unix)]
fn shapes_within_budget(divisor: usize, seconds: f64) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut failures = Vec::new();
    let mut table = Vec::new();
    // Every file is written, and its text freed, before any command runs: a child's peak
    // memory as the kernel counts it starts from this process's size when it forks.
    let files: Vec<(&str, String)> = shapes(divisor)
        .into_iter()
        .map(|(shape, file, text)| {
            assert!(
                text.len() as u64 <= 8 * 1024 * 1024,
                "{shape}: {} bytes",
                text.len()
            );
            std::fs::write(dir.join(&file), &text).unwrap();
            (shape, file)
        })
        .collect();
    // SAFETY: gives the freed texts back to the system; no allocation is in use across it.
    #[cfg(target_env = "gnu")]
    unsafe {
        libc::malloc_trim(0);
    }
    for (shape, file) in files {
        let f = file.as_str();
        let commands: Vec<Vec<&str>> = vec![
            vec!["check", f],
            vec!["--pathway", f, "graph"],
            vec!["--pathway", f, "explain", "q5"],
            vec!["--pathway", f, "explain", "a"],
            vec!["--pathway", f, "route", "-a", "q0=r0"],
            vec!["diff", f, f],
        ];
        for args in commands {
            let spent = spend(dir, &args);
            let what = format!("{shape}: {}", args.join(" ").escape_debug());
            table.push(format!(
                "{what}: {:.2} s, {:.0} MB, exit {}",
                spent.seconds, spent.peak_mb, spent.code
            ));
            if spent.seconds > seconds || spent.peak_mb > 500.0 {
                failures.push(format!(
                    "{what}: {:.2} s and {:.0} MB (budget {seconds} s, 500 MB)",
                    spent.seconds, spent.peak_mb
                ));
            }
            if matches!(spent.code, 101 | 134 | 139) {
                failures.push(format!(
                    "{what}: exit {}: {}",
                    spent.code,
                    String::from_utf8_lossy(&spent.stderr)
                ));
            }
            for (stream, bytes) in [("stdout", &spent.stdout), ("stderr", &spent.stderr)] {
                let text = String::from_utf8_lossy(bytes);
                if let Some(c) = text
                    .chars()
                    .find(|c| c.is_control() && *c != '\n' && *c != '\t')
                {
                    failures.push(format!("{what}: raw U+{:04X} on {stream}", c as u32));
                }
            }
        }
    }
    eprintln!("shapes (1/{divisor} size):\n  {}", table.join("\n  "));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[cfg(unix)]
#[test]
fn every_command_on_every_shape_at_a_tenth_of_its_size_stays_within_budget() {
    // A debug build, and other tests running beside it: a generous budget.
    shapes_within_budget(10, 30.0);
}

#[cfg(unix)]
#[test]
#[ignore = "full-size shapes: run with `cargo test --release --test fuzz -- --ignored full_size`"]
fn every_command_on_every_full_size_shape_takes_two_seconds_and_500_mb_at_most() {
    let seconds = if cfg!(debug_assertions) { 60.0 } else { 2.0 };
    shapes_within_budget(1, seconds);
}
