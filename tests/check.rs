//! `carepath check` end to end: each kind of broken pathway gives exit code 1 and one error
//! that names the file, the line and column, the node and the problem.

#[path = "common/timeout.rs"]
mod timeout;

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use assert_cmd::assert::Assert;
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

const INVALID: &str = "tests/fixtures/invalid";
const VALID_BASE: &str = "tests/fixtures/valid/fixture-base.ron";
const BUNDLED: &str = "pathways/ketamine-chronic-pain.ron";

/// Runs `carepath check ARGS...` from the crate root, without colour, killed after 30 s (times
/// `CAREPATH_TEST_TIMEOUT_SCALE`).
fn check(args: &[&str]) -> Assert {
    let mut cmd = cargo_bin_cmd!("carepath");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .timeout(timeout::scaled(Duration::from_secs(30)))
        .arg("check")
        .args(args);
    cmd.assert()
}

/// stderr as one line, with miette's wrapped message lines joined back together.
fn flat(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .map(|l| l.trim_start().trim_start_matches('│').trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What one invalid fixture must report.
struct Expect<'a> {
    file: &'a str,
    /// `line:col` of the problem.
    at: &'a str,
    /// The node or row named in the message, written in backticks.
    node: Option<&'a str>,
    /// Words of the message and its help, in any order.
    words: &'a [&'a str],
}

/// Checks one invalid fixture: exit 1, exactly one error, located and worded as expected.
fn expect_invalid(e: Expect) {
    let path = format!("{INVALID}/{}", e.file);
    let out = check(&[&path]).code(1);
    let output = out.get_output();
    let raw = String::from_utf8_lossy(&output.stderr);
    let stderr = flat(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!raw.contains("panicked"), "{path} panicked:\n{raw}");
    let header = format!("╭─[{path}:{}]", e.at);
    assert!(
        raw.contains(&header),
        "{path}: expected `{header}` in:\n{raw}"
    );
    assert_eq!(
        raw.matches('×').count(),
        1,
        "{path}: expected exactly one error in:\n{raw}"
    );
    if let Some(node) = e.node {
        let named = format!("`{node}`");
        assert!(
            stderr.contains(&named),
            "{path}: expected {named} in:\n{raw}"
        );
    }
    for word in e.words {
        assert!(
            stderr.contains(word),
            "{path}: expected {word:?} in:\n{raw}"
        );
    }
    // Files that parse are summarised on stdout; the others are said to be unchecked.
    let summarised = stdout.contains(&format!("{path}: FAILED"));
    let refused =
        stderr.contains(&format!("{path}: not checked further")) && stdout.trim().is_empty();
    assert!(
        summarised || refused,
        "{path}: no verdict\nstdout:\n{stdout}\nstderr:\n{raw}"
    );
    if summarised {
        assert!(stdout.contains("· 1 error ·"), "{path}: {stdout}");
    }
}

#[test]
fn the_valid_base_of_the_fixtures_passes() {
    // Its sources say when they were checked (2026-11); a file kept as it is grows older,
    // so the review limit here is wide enough for "0 warnings" to stay true.
    check(&["--review-months", "1200", VALID_BASE])
        .code(0)
        .stdout(predicate::str::contains(
            "fixture-base.ron: ok: fixture 0.0.1",
        ))
        .stdout(predicate::str::contains("distinct paths"))
        .stdout(predicate::str::contains("0 errors · 0 warnings"))
        .stderr(predicate::str::is_empty());
}

#[test]
fn the_bundled_pathway_passes() {
    check(&[])
        .code(0)
        .stdout(predicate::str::contains("distinct paths"))
        .stdout(predicate::str::contains("0 errors"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn pathway_option_is_checked_when_no_file_is_given() {
    let mut cmd = cargo_bin_cmd!("carepath");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(["--pathway", &format!("{INVALID}/cycle.ron"), "check"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the pathway loops"));
}

#[test]
fn syntax_error() {
    expect_invalid(Expect {
        file: "syntax-missing-comma.ron",
        at: "18:17",
        node: Some("province"),
        words: &[
            "syntax-missing-comma.ron:18:17: in question `province`:",
            "a comma is missing",
        ],
    });
}

#[test]
fn unknown_field() {
    expect_invalid(Expect {
        file: "unknown-field.ron",
        at: "24:13",
        node: Some("indication"),
        words: &[
            "in question `indication`: unknown field `promt` in `Question`",
            "Did you mean `prompt`?",
            "a misspelt field is never silently ignored",
        ],
    });
}

#[test]
fn duplicate_node_id() {
    expect_invalid(Expect {
        file: "duplicate-node-id.ron",
        at: "82:17",
        node: Some("referral"),
        words: &["is used by an earlier node too", "needs its own id"],
    });
}

#[test]
fn branch_to_a_missing_node() {
    expect_invalid(Expect {
        file: "missing-node.ron",
        at: "33:56",
        node: Some("indication"),
        words: &[
            "leads to `administraton`, but no node has that id",
            "did you mean `administration`?",
        ],
    });
}

#[test]
fn otherwise_to_a_missing_node() {
    expect_invalid(Expect {
        file: "missing-otherwise-node.ron",
        at: "47:29",
        node: Some("administration"),
        words: &[
            "leads to `covrage`, but no node has that id",
            "did you mean `coverage`?",
        ],
    });
}

#[test]
fn condition_names_a_missing_option() {
    expect_invalid(Expect {
        file: "missing-option.ron",
        at: "33:41",
        node: Some("indication"),
        words: &[
            "tests option `cprs` of `indication`, which has no such option",
            "did you mean `crps`?",
            "The options of `indication` are: crps, other",
        ],
    });
}

#[test]
fn condition_names_a_missing_question() {
    expect_invalid(Expect {
        file: "missing-question.ron",
        at: "33:27",
        node: Some("indication"),
        words: &[
            "reads the question `indicaton`, which does not exist",
            "did you mean `indication`?",
        ],
    });
}

#[test]
fn outcome_cites_a_missing_source() {
    expect_invalid(Expect {
        file: "missing-source.ron",
        at: "70:23",
        node: Some("pain-medicine"),
        words: &[
            "cites the source `cohen-2019`, which is not in the `sources` table",
            "did you mean `cohen-2018`?",
        ],
    });
}

#[test]
fn unreachable_node() {
    expect_invalid(Expect {
        file: "unreachable-node.ron",
        at: "82:17",
        node: Some("orphan"),
        words: &[
            "node `orphan` is unreachable",
            "no branch or `otherwise` leads to it",
        ],
    });
}

#[test]
fn cycle() {
    expect_invalid(Expect {
        file: "cycle.ron",
        at: "62:54",
        node: Some("coverage"),
        words: &[
            "the pathway loops: administration → coverage → administration",
            "a pathway must move forward",
        ],
    });
}

#[test]
fn question_without_options() {
    expect_invalid(Expect {
        file: "question-without-options.ron",
        at: "23:17",
        node: Some("age"),
        words: &["question `age` has no options"],
    });
}

#[test]
fn path_ends_without_an_outcome() {
    expect_invalid(Expect {
        file: "dead-end.ron",
        at: "11:17",
        node: Some("province"),
        words: &[
            "a path can end without an outcome",
            "no branch holds and there is no `otherwise`",
            "for example when province=qc",
        ],
    });
}

#[test]
fn a_dead_end_hidden_in_one_combination_of_a_long_multi_choice_question_is_found() {
    expect_invalid(Expect {
        file: "dead-end-multi-choice.ron",
        at: "52:17",
        node: Some("symptoms"),
        words: &[
            "a path can end without an outcome",
            "at question `symptoms`",
            "symptoms=sleep,mood",
        ],
    });
}

#[test]
fn condition_reads_a_question_not_always_answered() {
    expect_invalid(Expect {
        file: "unanswered-condition.ron",
        at: "51:27",
        node: Some("administration"),
        words: &[
            "question `administration`, branch 1",
            "the condition reads `indication`, which is not answered on every path before it",
            "province=qc",
        ],
    });
}

#[test]
fn province_missing_from_regions() {
    expect_invalid(Expect {
        file: "missing-region.ron",
        at: "87:5",
        node: Some("bc"),
        words: &[
            "(British Columbia) is missing from the `regions` table",
            "add a row `(id: \"bc\", ...)`",
        ],
    });
}

#[test]
fn coverage_row_missing_for_an_answer_and_region() {
    expect_invalid(Expect {
        file: "missing-coverage.ron",
        at: "111:5",
        node: Some("private"),
        words: &["the `coverage` table has no row for `private` in `qc`"],
    });
}

#[test]
fn missing_english_text() {
    expect_invalid(Expect {
        file: "missing-en.ron",
        at: "73:17",
        node: Some("referral"),
        words: &["its `headline` has no English text", "write the `en` field"],
    });
}

#[test]
fn exclusive_option_that_is_not_an_option() {
    expect_invalid(Expect {
        file: "exclusive-not-option.ron",
        at: "52:29",
        node: Some("coverage"),
        words: &["the exclusive option `nothing` is not one of its options"],
    });
}

#[test]
fn empty_file() {
    expect_invalid(Expect {
        file: "empty.ron",
        at: "1:1",
        node: None,
        words: &["the file is empty", "starts with `Pathway(`"],
    });
}

#[test]
fn random_bytes() {
    expect_invalid(Expect {
        file: "random-bytes.bin",
        at: "1:1",
        node: None,
        words: &[
            "random-bytes.bin:1:1:",
            "not valid UTF-8",
            "is it a pathway file?",
        ],
    });
}

#[test]
fn invalid_utf8() {
    expect_invalid(Expect {
        file: "invalid-utf8.ron",
        at: "6:26",
        node: None,
        words: &["invalid-utf8.ron:6:26:", "not valid UTF-8 text (byte 174)"],
    });
}

#[test]

fn binary_file_snippet_has_no_terminal_escapes() {
    let out = check(&[&format!("{INVALID}/random-bytes.bin")]).code(1);
    let stderr = &out.get_output().stderr;
    assert!(
        !stderr.iter().any(|&b| b < 0x20 && b != b'\n'),
        "stderr carries control bytes from the file"
    );
}

#[test]
fn nesting_10000_deep_is_refused_quickly() {
    expect_invalid(Expect {
        file: "nested-10000.ron",
        at: "33:256",
        node: Some("indication"),
        words: &["brackets are nested too deeply (more than 128 levels)"],
    });
}

#[test]
fn file_of_50_mb_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all(b"Pathway(\n").unwrap();
    let line = format!("// {}\n", "x".repeat(76));
    for _ in 0..(50 * 1024 * 1024 / line.len()) {
        file.write_all(line.as_bytes()).unwrap();
    }
    file.into_inner().unwrap().sync_all().unwrap();
    let name = path.display().to_string();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size >= 50 * 1024 * 1024 - 100);
    let mut cmd = cargo_bin_cmd!("carepath");
    let out = cmd
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(10))
        .args(["check", &name])
        .assert()
        .code(1);
    let stderr = flat(&out.get_output().stderr);
    assert!(
        stderr.contains(&format!(
            "{name}: the file is {size} bytes; pathway files are limited to 8388608 bytes (8 MiB)"
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{name}: not checked further")));
    assert!(!stderr.contains("panicked"));
}

#[test]
fn every_invalid_fixture_fails_without_panicking() {
    let mut seen = 0;
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(INVALID)).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        seen += 1;
        let path = format!("{INVALID}/{name}");
        check(&[&path])
            .code(1)
            .stderr(predicate::str::contains(path.as_str()))
            .stderr(predicate::str::contains("panicked").not());
    }
    assert!(seen >= 20, "only {seen} fixtures found");
}

#[test]
fn a_directory_is_not_a_pathway() {
    check(&["tests/fixtures"])
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "tests/fixtures: cannot read the file: it is a directory, not a pathway file",
        ))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_missing_file_is_named() {
    check(&["tests/fixtures/no-such-pathway.ron"])
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "tests/fixtures/no-such-pathway.ron: cannot read the file: no such file",
        ))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn several_files_are_all_reported() {
    let cycle = format!("{INVALID}/cycle.ron");
    check(&[VALID_BASE, &cycle])
        .code(1)
        .stdout(predicate::str::contains(format!("{VALID_BASE}: ok")))
        .stdout(predicate::str::contains(format!("{cycle}: FAILED")))
        .stderr(predicate::str::contains(format!("[{cycle}:62:54]")))
        .stderr(predicate::str::contains(VALID_BASE).not());
}

#[test]
fn a_file_that_cannot_be_read_does_not_stop_the_others() {
    let empty = format!("{INVALID}/empty.ron");
    let missing = format!("{INVALID}/missing-node.ron");
    check(&[&empty, "tests/fixtures", VALID_BASE, &missing])
        .code(1)
        .stdout(predicate::str::contains(format!("{VALID_BASE}: ok")))
        .stdout(predicate::str::contains(format!("{missing}: FAILED")))
        .stderr(predicate::str::contains(format!(
            "{empty}: not checked further"
        )))
        .stderr(predicate::str::contains(
            "tests/fixtures: not checked further",
        ))
        .stderr(predicate::str::contains(format!("[{missing}:33:56]")));
}

#[test]
fn good_files_alone_exit_zero() {
    check(&[VALID_BASE, VALID_BASE])
        .code(0)
        .stdout(predicate::str::contains(format!("{VALID_BASE}: ok")).count(2));
}

#[test]
fn a_multi_choice_question_whose_conditions_name_too_many_options_is_refused_with_the_reason() {
    let base = std::fs::read_to_string(format!("{INVALID}/dead-end-multi-choice.ron")).unwrap();
    let start = base.find("                (id: \"sleep\"").unwrap();
    let end = base
        .find("                (id: \"none\", label: (en: \"None of these\")),")
        .unwrap();
    let options: String = (0..18)
        .map(|i| format!("                (id: \"s{i}\", label: (en: \"S{i}\")),\n"))
        .collect();
    let named: Vec<String> = (0..17).map(|i| format!("\"s{i}\"")).collect();
    let text = format!("{}{options}{}", &base[..start], &base[end..]).replace(
        "when: Not(All([\n                        Is(\"symptoms\", \"sleep\"),\n                        Is(\"symptoms\", \"mood\"),\n                        Not(Is(\"symptoms\", \"fatigue\")),\n                    ])),",
        &format!("when: AnyOf(\"symptoms\", [{}]),", named.join(", ")),
    );
    assert!(text.contains("AnyOf(\"symptoms\""), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("too-wide.ron");
    std::fs::write(&path, text).unwrap();
    let out = check(&[path.to_str().unwrap()]).code(1);
    let stderr = flat(&out.get_output().stderr);
    assert!(
        stderr.contains("question `symptoms`: branch conditions name 17 of its options, too many to try every combination of them (at most 16)"),
        "{stderr}"
    );
}

// ---- Sources on every claim, and when each was last checked ----------------------------

/// The valid base with `from` replaced by `to` (once), written to a file of `dir`.
fn base_with(dir: &tempfile::TempDir, name: &str, from: &str, to: &str) -> String {
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(VALID_BASE)).unwrap();
    let text = base.replacen(from, to, 1);
    assert_ne!(text, base, "{from:?} is not in the base");
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// `check FILE`: exit `code`, and stderr (flattened) holds each of `words`, with the
/// problem located at `file:line:col`.
fn expect_problem(args: &[&str], code: i32, at: &str, words: &[&str]) -> String {
    let out = check(args).code(code);
    let output = out.get_output();
    let raw = String::from_utf8_lossy(&output.stderr).into_owned();
    let file = args.last().unwrap();
    assert!(
        raw.contains(&format!("╭─[{file}:{at}]")),
        "{file}:{at} not in:\n{raw}"
    );
    let stderr = flat(&output.stderr);
    for w in words {
        assert!(stderr.contains(w), "{w:?} not in:\n{raw}");
    }
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn an_outcome_or_table_row_without_a_source_fails_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "outcome.ron",
            "            headline: (en: \"See your family physician first.\"),\n            sources: [\"cohen-2018\"],\n",
            "            headline: (en: \"See your family physician first.\"),\n",
            "73:17",
            "outcome `referral` names no source",
        ),
        (
            "region.ron",
            "                health_line: (en: \"811\"),\n                sources: [\"cohen-2018\"],\n            ),\n            (\n                id: \"qc\"",
            "                health_line: (en: \"811\"),\n            ),\n            (\n                id: \"qc\"",
            "92:21",
            "region `on` names no source",
        ),
        (
            "coverage.ron",
            "note: (en: \"Often not covered.\"), sources: [\"cohen-2018\"])",
            "note: (en: \"Often not covered.\"))",
            "114:42",
            "coverage row `private insurance` names no source",
        ),
        (
            "evidence.ron",
            "summary: (en: \"No evidence for this.\"), sources: [\"cohen-2018\"])",
            "summary: (en: \"No evidence for this.\"))",
            "122:22",
            "evidence row `other` names no source",
        ),
        (
            "flag.ron",
            "    evidence: (",
            "    flags: [(id: \"cost\", when: Is(\"coverage\", \"none\"), text: (en: \"Ask about costs.\"))],\n    evidence: (",
            "118:18",
            "flag `cost` names no source",
        ),
    ];
    for (name, from, to, at, message) in cases {
        let path = base_with(&dir, name, from, to);
        let stdout = expect_problem(&[&path], 1, at, &[message, "add `sources:"]);
        assert!(stdout.contains("· 1 error ·"), "{name}: {stdout}");
    }
}

#[test]
fn a_source_must_say_when_it_was_last_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = base_with(
        &dir,
        "unchecked.ron",
        "            checked: \"2026-11\",\n",
        "",
    );
    expect_problem(
        &[&path],
        1,
        "127:17",
        &[
            "source `cohen-2018` does not say when it was last checked",
            "checked: \"",
        ],
    );
    for (name, written, words) in [
        ("not-a-month.ron", "2026-13", "is not a year and month"),
        ("to-come.ron", "2999-01", "which is after this month"),
    ] {
        let path = base_with(&dir, name, "\"2026-11\"", &format!("\"{written}\""));
        expect_problem(&[&path], 1, "132:22", &[words]);
    }
}

#[test]
fn a_source_older_than_the_review_limit_gets_a_warning_and_the_limit_is_a_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = base_with(&dir, "old.ron", "\"2026-11\"", "\"2000-01\"");
    let stdout = expect_problem(
        &[&path],
        0,
        "132:22",
        &[
            "source `cohen-2018` was last checked in 2000-01",
            "(the limit is 12)",
            "review it",
            "set `checked` to this month",
        ],
    );
    assert!(stdout.contains("· 0 errors · 1 warning"), "{stdout}");
    let stdout = expect_problem(
        &["--review-months", "5", &path],
        0,
        "132:22",
        &["(the limit is 5)"],
    );
    assert!(stdout.contains("1 warning"), "{stdout}");
    check(&["--review-months", "1200", &path])
        .code(0)
        .stdout(predicate::str::contains("0 errors · 0 warnings"))
        .stderr(predicate::str::is_empty());
}

#[test]
fn conditional_safety_points_route_notes_and_said_by_name_what_exists() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "safety-if.ron",
            "            facility: true,\n",
            "            facility: true,\n            safety_if: [(when: Is(\"administration\", \"oral\"), text: (en: \"Only by mouth.\"))],\n",
            "a condition tests option `oral` of `administration`, which has no such option",
        ),
        (
            "route-note.ron",
            "note: (en: \"Often not covered.\"), sources",
            "note: (en: \"Often not covered.\"), route_notes: [(route: \"mental_health\", note: (en: \"Ask.\"))], sources",
            "coverage row `private insurance` has a note for the route `mental_health`, which no outcome has",
        ),
        (
            "said-by.ron",
            "    evidence: (",
            "    flags: [(id: \"cost\", when: Is(\"coverage\", \"none\"), text: (en: \"Ask about costs.\"), said_by: Some(\"price\"), sources: [\"cohen-2018\"])],\n    evidence: (",
            "flag `cost`: `said_by` names `price`, which is not another flag",
        ),
    ];
    for (name, from, to, message) in cases {
        let path = base_with(&dir, name, from, to);
        let out = check(&[&path]).code(1);
        let stderr = flat(&out.get_output().stderr);
        assert!(stderr.contains(message), "{name}: {stderr}");
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(stdout.contains("· 1 error ·"), "{name}: {stdout}");
    }
}

// ---- Aliases: other words an option may be typed as ------------------------------------

#[test]
fn an_alias_that_names_another_option_is_an_error() {
    expect_invalid(Expect {
        file: "alias-shared.ron",
        at: "58:82",
        node: Some("coverage"),
        words: &[
            "the alias `none` of option `private` is also how option `none` is typed",
            "an alias must name one option of its question",
        ],
    });
}

#[test]
fn aliases_are_written_in_every_language_the_pathway_declares() {
    let bundled =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BUNDLED)).unwrap();
    let from = r#"aliases: (en: ["yes", "adult"], fr: ["oui", "adulte", "majeur", "majeure"])"#;
    assert!(bundled.contains(from), "the bundled age question changed");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-french-alias.ron");
    std::fs::write(
        &path,
        bundled.replacen(from, r#"aliases: (en: ["yes"])"#, 1),
    )
    .unwrap();
    let out = check(&[path.to_str().unwrap()]).code(1);
    let stderr = flat(&out.get_output().stderr);
    assert!(
        stderr.contains("question `age`: option `adult` has aliases but none in `fr`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("write the `fr` list of `aliases`"),
        "{stderr}"
    );
    // An alias may be written once for both languages' people, but never left blank.
    let blank = bundled.replacen(from, r#"aliases: (en: ["yes", " "], fr: ["oui"])"#, 1);
    std::fs::write(&path, blank).unwrap();
    let out = check(&[path.to_str().unwrap()]).code(1);
    let stderr = flat(&out.get_output().stderr);
    assert!(
        stderr.contains("question `age`: option `adult` has an empty alias"),
        "{stderr}"
    );
}

/// Finding 7 of issue 11: the kinds of requirement a region states are the pathway's, each
/// chosen by a condition; `check` holds them to the rules the engine relies on, at their place.
#[test]
fn the_kinds_of_requirement_are_checked_where_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let kinds = r#"requirements: [(id: "lighter", when: Some(AnyOf("administration", ["non_iv"]))),
                       (id: "iv", uses_facility_type: true, json_flag: true)],"#;
    for (name, to, at, words) in [
        (
            "fallback-first.ron",
            r#"requirements: [(id: "iv", json_flag: true),
                       (id: "lighter", when: Some(AnyOf("administration", ["non_iv"])))],"#,
            "88:29",
            &[
                "the requirement kind `iv` has no `when`, so it always applies and lighter never can",
                "the last requirement kind, `lighter`, has a `when`",
            ][..],
        ),
        (
            "unknown-option.ron",
            r#"requirements: [(id: "lighter", when: Some(AnyOf("administration", ["by_mouth"]))),
                       (id: "iv", uses_facility_type: true, json_flag: true)],"#,
            "88:76",
            &["by_mouth"][..],
        ),
        (
            "reserved.ron",
            r#"requirements: [(id: "lighter", when: Some(AnyOf("administration", ["non_iv"]))),
                       (id: "requirement", uses_facility_type: true, json_flag: true)],"#,
            "89:29",
            &[
                "the requirement kind `requirement` takes a name the route JSON's `facility` object already uses",
                "region `on` states no requirement `requirement`",
                "region `on` states a requirement `iv`, which is not a kind of the table",
            ][..],
        ),
        (
            "no-kinds.ron",
            "requirements: [],",
            "86:5",
            &["the `regions` table lists no `requirements`"][..],
        ),
    ] {
        let path = base_with(&dir, name, kinds, to);
        expect_problem(&[&path], 1, at, words);
    }
    // A row that misspells a kind is told the kind it meant.
    let path = base_with(
        &dir,
        "misspelt.ron",
        r#""lighter": (en: "Fewer"#,
        r#""lightr": (en: "Fewer"#,
    );
    expect_problem(
        &[&path],
        1,
        "96:32",
        &[
            "region `on` states a requirement `lightr`, which is not a kind of the table",
            "did you mean `lighter`?",
            "region `on` states no requirement `lighter`",
        ],
    );
}
