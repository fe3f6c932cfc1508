//! Inputs under the 8 MiB limit that once hung or crashed a command: many problems, long
//! lines, long chains, many branches, long lists. Each runs through the binary, as a user
//! would, with a generous time limit (the binary here is a debug build); `tests/fuzz.rs`
//! holds the budget of 2 s per case in release.

#[path = "common/timeout.rs"]
mod timeout;

#[path = "common/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin_cmd;

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
    took: Duration,
}

fn carepath(dir: &Path, args: &[&str]) -> Run {
    let started = Instant::now();
    let out = cargo_bin_cmd!("carepath")
        .current_dir(dir)
        .args(args)
        .env("CAREPATH_STATE_DIR", dir.join("state"))
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .timeout(timeout::scaled(Duration::from_secs(120)))
        .output()
        .expect("runs");
    let run = Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
        took: started.elapsed(),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != 134,
        "{args:?}: exit {} {}",
        run.code,
        &run.stderr[..run.stderr.len().min(2_000)]
    );
    run
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

// ---- Item 6: diagnostics cost ------------------------------------------------------------

#[test]
fn thousands_of_problems_are_shown_fifty_at_a_time_with_a_count_of_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "many.ron",
        &synthetic::generate_missing_evidence(8_000),
    );
    let run = carepath(tmp.path(), &["check", "many.ron"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.matches("× ").count(), 50, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("many.ron: 7953 more errors not shown (the first 50 problems"),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(500)..]
    );
    assert!(run.stdout.contains("8003 errors"), "{}", run.stdout);
    assert!(run.stderr.len() < 100_000, "{} bytes", run.stderr.len());
    assert!(run.took < Duration::from_secs(20), "{:?}", run.took);
    // The refusal before using such a pathway is capped the same way.
    let run = carepath(tmp.path(), &["--pathway", "many.ron", "graph"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("7953 more errors not shown"));
    assert!(run.stderr.len() < 100_000, "{} bytes", run.stderr.len());
}

#[test]
fn a_long_line_is_cut_around_the_problem_in_each_snippet() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "line.ron",
        &synthetic::generate_one_line_bad_options(100_000),
    );
    let run = carepath(tmp.path(), &["check", "line.ron"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.len() < 100_000, "{} bytes", run.stderr.len());
    let longest = run.stderr.lines().map(|l| l.chars().count()).max();
    assert!(longest < Some(300), "a line of {longest:?} characters");
    // The snippet still shows the id the problem is about, at its column.
    assert!(run.stderr.contains("\"x0\""), "{}", &run.stderr[..2_000]);
    assert!(run.stderr.contains("99950 more errors not shown"));
}

#[test]
fn a_syntax_error_has_one_column_in_characters() {
    let tmp = tempfile::tempdir().unwrap();
    // Accented letters before the error on its line: characters and bytes differ there.
    let text = synthetic::generate(10).replacen(
        "title: (en: \"Synthetic pathway\")",
        "title: (en: \"Québec éé\" oops)",
        1,
    );
    write(tmp.path(), "syntax.ron", &text);
    let run = carepath(tmp.path(), &["check", "syntax.ron"]);
    assert_eq!(run.code, 1);
    let line = text.lines().position(|l| l.contains("oops")).unwrap() + 1;
    let col = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .chars()
        .position(|c| c == 'o')
        .unwrap();
    // The column ron reports and the snippet's header must be the same one.
    let headline = format!("syntax.ron:{line}:");
    let from_headline = run
        .stderr
        .split(&headline)
        .nth(1)
        .and_then(|r| r.split(':').next())
        .unwrap_or_else(|| panic!("{}", run.stderr));
    let from_snippet = run
        .stderr
        .split(&format!("[{headline}"))
        .nth(1)
        .and_then(|r| r.split(']').next())
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert_eq!(from_headline, from_snippet, "{}", run.stderr);
    assert!(
        from_snippet.parse::<usize>().unwrap() <= col + 1,
        "column in characters: {}",
        run.stderr
    );
}

#[test]
fn a_list_of_two_million_items_is_checked_in_bounded_time_and_output() {
    let tmp = tempfile::tempdir().unwrap();
    let text = synthetic::generate_long_list(2_000_000);
    assert!(text.len() < 8 * 1024 * 1024);
    write(tmp.path(), "list.ron", &text);
    let run = carepath(tmp.path(), &["check", "list.ron"]);
    assert_eq!(run.code, 1);
    // One problem for the one unknown language, however often it is listed.
    assert_eq!(run.stderr.matches("unknown language").count(), 1);
    assert!(run.stderr.len() < 10_000, "{} bytes", run.stderr.len());
    assert!(run.took < Duration::from_secs(30), "{:?}", run.took);
}

// ---- Item 7: no recursion as deep as the input -------------------------------------------

#[test]
fn explain_and_diff_follow_a_fifteen_thousand_question_chain() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "chain.ron", &synthetic::generate_chain(15_000));
    // What leads to the last question: a chain of questions without branches, summed up.
    let run = carepath(tmp.path(), &["--pathway", "chain.ron", "explain", "q14999"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("more questions without branches come before it (`carepath explain q14978`)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.len() < 20_000, "{} bytes", run.stdout.len());
    // An option offered by every question: where it leads, for the first ten.
    let run = carepath(tmp.path(), &["--pathway", "chain.ron", "explain", "a"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("option `a` is also offered by 14987 more questions"),
        "{}",
        run.stdout
    );
    assert!(run.took < Duration::from_secs(30), "{:?}", run.took);
}

#[test]
fn diff_compares_a_long_chain_step_by_step() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "chain.ron", &synthetic::generate_chain(3_000));
    let run = carepath(tmp.path(), &["diff", "chain.ron", "chain.ron"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("Compared 195 answer paths"),
        "{}",
        run.stdout
    );
    assert!(run.took < Duration::from_secs(60), "{:?}", run.took);
}

// ---- Item 8: branches cost linear time ---------------------------------------------------

#[test]
fn a_hundred_thousand_identical_branches_cost_linear_time_in_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "branches.ron",
        &synthetic::generate_branches(100_000),
    );
    let p = ["--pathway", "branches.ron"];
    let started = Instant::now();
    let run = carepath(tmp.path(), &["check", "branches.ron"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = carepath(tmp.path(), &[&p[..], &["route", "-a", "q0=r0"]].concat());
    assert_eq!(run.code, 2, "answers missing: {}", run.stderr);
    // The branches before the one explained are listed up to twenty, then counted.
    let run = carepath(tmp.path(), &[&p[..], &["explain", "q5"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("… and 79 more branches before it"),
        "{}",
        &run.stdout[..3_000]
    );
    assert!(
        run.stdout
            .contains("… and 99901 more branches (100001 in all)")
    );
    assert!(run.stdout.len() < 200_000, "{} bytes", run.stdout.len());
    let run = carepath(tmp.path(), &[&p[..], &["graph"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = carepath(tmp.path(), &["diff", "branches.ron", "branches.ron"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Each took about 1.5 s in a debug build; quadratic, the first alone took 32 s in release.
    assert!(
        started.elapsed() < Duration::from_secs(90),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn generated_pathways_are_valid() {
    use carepath::pathway::load::load_str;
    use carepath::pathway::validate::validate;
    for n in [4, 25, 200] {
        let loaded = load_str("synthetic.ron", &synthetic::generate(n)).expect("parses");
        let report = validate(&loaded);
        assert_eq!(report.errors(), 0, "{n}: {:?}", report.problems);
        let paths = report.paths.expect("enumerated");
        assert_eq!(paths.distinct, 1 + (2..n).filter(|i| i % 10 == 0).count());
    }
}

#[test]
fn the_longest_generated_path_answers_every_question_and_ends_at_the_end() {
    use carepath::pathway::load::load_str;
    let loaded = load_str("synthetic.ron", &synthetic::generate(45)).expect("parses");
    let p = &loaded.pathway;
    let answers = synthetic::longest_path_answers(p);
    assert_eq!(answers.len(), 45);
    let answers = carepath::route::collect_answers(p, answers).expect("valid");
    let routed = carepath::route::route(p, &answers).expect("routes");
    assert_eq!(routed.outcome.node.id, "end");
    assert!(routed.ignored.is_empty());
}
