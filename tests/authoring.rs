//! The authoring commands through the real binary: `graph` (Mermaid and DOT), `explain`,
//! `scenarios --coverage` and `diff`.

#[path = "common/synthetic.rs"]
mod synthetic;
#[path = "common/timeout.rs"]
mod timeout;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;
use carepath::authoring::reach::reach;
use carepath::pathway::Pathway;
use carepath::pathway::load::PathwaySource;

const DIFF_OLD: &str = "tests/fixtures/diff/old.ron";
const DIFF_NEW: &str = "tests/fixtures/diff/new.ron";
const BUNDLED_FILE: &str = "pathways/ketamine-chronic-pain.ron";

/// `carepath` run from the crate root, in English, without colour, killed after 120 s (times
/// `CAREPATH_TEST_TIMEOUT_SCALE`).
fn carepath() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("carepath");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .timeout(timeout::scaled(Duration::from_secs(120)));
    cmd
}

/// Runs `carepath ARGS`, checks the exit code, and returns stdout and stderr.
fn run(args: &[&str], code: i32) -> (String, String) {
    let out = carepath().args(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "carepath {args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    (stdout, stderr)
}

fn bundled() -> Pathway {
    PathwaySource::Bundled.load().unwrap().pathway
}

/// Branches plus `otherwise`s: the number of arrows a diagram must have.
fn edge_count(p: &Pathway) -> usize {
    p.questions()
        .map(|q| q.next.len() + usize::from(q.otherwise.is_some()))
        .sum()
}

fn otherwise_count(p: &Pathway) -> usize {
    p.questions().filter(|q| q.otherwise.is_some()).count()
}

fn node_ids(p: &Pathway) -> BTreeSet<String> {
    p.nodes.iter().map(|n| n.id().to_string()).collect()
}

// ---------------------------------------------------------------------------
// graph
// ---------------------------------------------------------------------------

/// The Mermaid node definitions: Mermaid id to the first line of the label.
fn mermaid_nodes(out: &str) -> Vec<(String, String)> {
    out.lines()
        .map(str::trim)
        .filter(|l| !l.contains("-->") && !l.contains("-.->"))
        .filter_map(|l| {
            let open = l.find("[\"").or_else(|| l.find("([\""))?;
            let id = l[..open].trim_end_matches('(').to_string();
            let label = l[open..].trim_start_matches(['(', '[', '"']);
            let first = label
                .split("<br/>")
                .next()?
                .trim_end_matches(['"', ']', ')']);
            // An outcome's first line is `id · rule`.
            let first = first.split(" · ").next()?.to_string();
            Some((id, first))
        })
        .collect()
}

/// The Mermaid edges: (from, label, to).
fn mermaid_edges(out: &str) -> Vec<(String, String, String)> {
    out.lines()
        .map(str::trim)
        .filter_map(|l| {
            let (from, rest) = l.split_once(" -->|").or_else(|| l.split_once(" -.->|"))?;
            let (label, to) = rest.rsplit_once("| ")?;
            Some((from.to_string(), label.to_string(), to.to_string()))
        })
        .collect()
}

#[test]
fn mermaid_graph_has_every_node_and_one_arrow_per_branch() {
    let p = bundled();
    for args in [vec!["graph"], vec!["graph", "--format", "mermaid"]] {
        let (out, _) = run(&args, 0);
        assert_eq!(out.lines().next(), Some("flowchart TD"), "{out}");
        let nodes = mermaid_nodes(&out);
        let labelled: BTreeSet<String> = nodes.iter().map(|(_, first)| first.clone()).collect();
        assert_eq!(labelled, node_ids(&p), "{out}");
        assert_eq!(nodes.len(), p.nodes.len(), "{out}");
        let defined: BTreeSet<&str> = nodes.iter().map(|(id, _)| id.as_str()).collect();
        let edges = mermaid_edges(&out);
        assert_eq!(edges.len(), edge_count(&p), "{out}");
        assert_eq!(
            edges
                .iter()
                .filter(|(_, l, _)| l == "\"otherwise\"")
                .count(),
            otherwise_count(&p)
        );
        for (from, label, to) in &edges {
            assert!(defined.contains(from.as_str()), "{from} is not defined");
            assert!(defined.contains(to.as_str()), "{to} is not defined");
            assert!(label.starts_with('"') && label.ends_with('"'), "{label}");
        }
        // Conditions read as words; a branch on the question's own answer shows the options.
        assert!(out.contains(r#"q_coverage -->|"indication = cancer"| o_referral_palliative"#));
        assert!(out.contains(r#"q_safety -->|"crisis"| o_emergency"#));
        assert!(out.contains(r#"q_safety -->|"medical_emergency"| o_medical_emergency"#));
        assert!(out.contains("prior_treatment ≠ yes)"));
        assert!(out.contains(r#"q_safety -.->|"otherwise"| q_province"#));
        assert!(out.contains(r#"o_pain_medicine(["pain-medicine · R9<br/>"#));
    }
}

#[test]
fn dot_graph_has_every_node_and_one_arrow_per_branch() {
    let p = bundled();
    let (out, _) = run(&["graph", "--format", "dot"], 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.first(), Some(&"digraph \"ketamine-chronic-pain\" {"));
    assert_eq!(lines.last(), Some(&"}"));
    let nodes: BTreeSet<String> = lines
        .iter()
        .filter(|l| !l.contains(" -> "))
        .filter_map(|l| {
            let rest = l.trim().strip_prefix('"')?;
            let (id, after) = rest.split_once('"')?;
            after.starts_with(" [label=").then(|| id.to_string())
        })
        .collect();
    assert_eq!(nodes, node_ids(&p));
    let edges: Vec<&&str> = lines.iter().filter(|l| l.contains("\" -> \"")).collect();
    assert_eq!(edges.len(), edge_count(&p), "{out}");
    for e in &edges {
        let (from, rest) = e
            .trim()
            .trim_start_matches('"')
            .split_once("\" -> \"")
            .unwrap();
        let to = rest.split('"').next().unwrap();
        assert!(nodes.contains(from) && nodes.contains(to), "{e}");
    }
    assert_eq!(
        edges
            .iter()
            .filter(|e| e.contains("label=\"otherwise\""))
            .count(),
        otherwise_count(&p)
    );
    assert!(out.contains(r#""coverage" -> "referral-palliative" [label="indication = cancer"];"#));
    // Every line has balanced, unescaped quotes.
    for l in &lines {
        let unescaped = l.replace("\\\\", "").replace("\\\"", "");
        assert_eq!(unescaped.matches('"').count() % 2, 0, "{l}");
    }
}

#[test]
fn graph_labels_are_escaped_for_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/small.ron"),
    )
    .unwrap();
    let tricky = r#"short: (en: "Say \"hi\" <b> & #1 | a\\b `x`"),
            prompt: (
                staff: (en: "Does the caller want treatment"#;
    let text = base.replacen(
        r#"prompt: (
                staff: (en: "Does the caller want treatment"#,
        tricky,
        1,
    );
    assert_ne!(text, base);
    let file = dir.path().join("tricky.ron");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();

    let (mermaid, _) = run(&["--pathway", file, "graph"], 0);
    assert!(
        mermaid.contains(
            r#"q_setting["setting<br/>Say #quot;hi#quot; #lt;b#gt; #amp; #35;1 #124; a\b #96;x#96;"]"#
        ),
        "{mermaid}"
    );
    let (dot, _) = run(&["--pathway", file, "graph", "--format", "dot"], 0);
    assert!(
        dot.contains(r#""setting" [label="setting\nSay \"hi\" <b> & #1 | a\\b `x`"];"#),
        "{dot}"
    );
}

#[test]
fn readme_mermaid_block_is_the_current_graph() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```mermaid\n")
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 1, "README.md should have one Mermaid block");
    let (graph, _) = run(&["graph"], 0);
    assert_eq!(
        blocks[0], graph,
        "README.md's Mermaid block is stale: replace it with the output of `carepath graph`"
    );
}

// ---------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------

#[test]
fn explain_a_question_shows_prompts_options_branches_and_what_leads_to_it() {
    let (out, _) = run(&["explain", "coverage"], 0);
    for want in [
        "question `coverage`: Coverage",
        "several answers (`none` excludes the others)",
        "staff:",
        "patient:",
        "workers_comp",
        "1. concern = mental_health → kap-coordinated-care (outcome, R3)",
        "6. all of (indication = neuropathic or sci, prior_treatment ≠ yes) → referral-first-line (outcome, R8)",
        "otherwise → administration (question)",
        "reached from:\n    screening, otherwise",
        "coverage table: a program per answer and region",
    ] {
        assert!(out.contains(want), "{want:?} not in:\n{out}");
    }
    let (out, _) = run(&["explain", "safety"], 0);
    assert!(out.contains("the start of the pathway"), "{out}");
    assert!(out.contains("safety, branch 1: safety = crisis"), "{out}");
}

#[test]
fn explain_an_outcome_shows_rule_route_why_branches_and_tables() {
    let (out, _) = run(&["explain", "pain-medicine"], 0);
    for want in [
        "outcome `pain-medicine`: rule R9",
        "route:          pain_medicine",
        "referral to:    —",
        "why:",
        // Reached through `administration`, which has no branches, when no earlier rule holds.
        "reached from:\n    administration, otherwise (it has no branches), after\n      coverage, otherwise: when none of its branches holds (none of R3, R4, R5, R6, R7, R8 applies):\n        1. concern = mental_health → kap-coordinated-care (outcome, R3)\n",
        "        6. all of (indication = neuropathic or sci, prior_treatment ≠ yes) → referral-first-line (outcome, R8)\n  tables used:",
        "regions: the requirement of the region named by `province`: `lighter` when administration = non_iv, `iv` otherwise",
        "alongside kap_coordinated_care: when comorbidities = depression or ptsd or anxiety or bipolar",
        "coverage: a program per answer to `coverage`",
        "flags: liver, bladder, heart, substance_use, psychosis, pregnancy, psychiatric_assessment",
        "evidence: the strength of evidence for the answer to `indication`",
    ] {
        assert!(out.contains(want), "{want:?} not in:\n{out}");
    }
    // A later branch is taken only when the branches before it do not hold.
    let (out, _) = run(&["explain", "referral-first-line"], 0);
    assert!(
        out.contains("    coverage, branch 6: all of (indication = neuropathic or sci, prior_treatment ≠ yes), when none of the branches before it holds (none of R3, R4, R5, R6, R7 applies):\n      1. concern = mental_health"),
        "{out}"
    );
    let (out, _) = run(&["explain", "referral-minor"], 0);
    assert!(out.contains("referral to:    family_physician"), "{out}");
    assert!(out.contains("age, branch 1: age = minor"), "{out}");
    // A minor's path asks no coverage, screening or administration.
    assert!(!out.contains("coverage:"), "{out}");
    assert!(!out.contains("flags:"), "{out}");
}

#[test]
fn explain_takes_an_id_in_capitals_as_typed_from_a_label() {
    let (upper, _) = run(&["explain", "CRPS"], 0);
    let (lower, _) = run(&["explain", "crps"], 0);
    assert_eq!(upper, lower);
}

#[test]
fn explain_a_rule_id_shows_the_outcome_with_that_rule() {
    let (by_rule, _) = run(&["explain", "R9"], 0);
    let (by_id, _) = run(&["explain", "pain-medicine"], 0);
    assert_eq!(
        by_rule,
        format!("rule `R9`: the rule of outcome pain-medicine\n\n{by_id}")
    );
    // Trainers may type it in lower case.
    let (out, _) = run(&["explain", "r8"], 0);
    assert!(
        out.starts_with("rule `R8`: the rule of outcome referral-first-line\n\noutcome `referral-first-line`: rule R8\n"),
        "{out}"
    );
    let (_, err) = run(&["explain", "R99"], 2);
    assert!(err.contains("did you mean `R9`?"), "{err}");
}

#[test]
fn explain_an_option_shows_where_it_leads_and_what_reads_it() {
    let (out, _) = run(&["explain", "crps"], 0);
    assert_eq!(
        out,
        "option `crps` of question `indication`: Complex regional pain syndrome (CRPS)\n\
         \x20 leads to, by the branches of its question it can take:\n\
         \x20   otherwise → comorbidities (question)\n\
         \x20 can end at:     pain-medicine (R9)\n\
         \x20 read by:\n\
         \x20   evidence table: strength strongest\n"
    );
    let (out, _) = run(&["explain", "neuropathic"], 0);
    for want in [
        "    2. indication = neuropathic or sci → prior_treatment (question)\n",
        "  can end at:     referral-first-line (R8), pain-medicine (R9)\n",
        "    coverage, branch 6: all of (indication = neuropathic or sci, prior_treatment ≠ yes) → referral-first-line (outcome, R8)\n",
        "    evidence table: strength weaker\n",
    ] {
        assert!(out.contains(want), "{want:?} not in:\n{out}");
    }
    let (out, _) = run(&["explain", "planned"], 0);
    assert!(
        out.contains("  can end at:     referral-surgical (R5)\n"),
        "{out}"
    );
    // Conditions, flags and `alongside` that read it.
    let (out, _) = run(&["explain", "bipolar"], 0);
    for want in [
        "option `bipolar` of question `comorbidities`: Bipolar disorder",
        "    otherwise → screening (question)",
        "    alongside kap_coordinated_care: when comorbidities = depression or ptsd or anxiety or bipolar",
        "    flag psychiatric_assessment: when any of (comorbidities = bipolar, screening = psychosis)",
    ] {
        assert!(out.contains(want), "{want:?} not in:\n{out}");
    }
    // Choosing `crisis` can only end in an emergency; `none` at the first question never does.
    let (out, _) = run(&["explain", "crisis"], 0);
    assert!(out.contains("  can end at:     emergency (R1)\n"), "{out}");
    // An option of several questions gets a section for each.
    let (out, _) = run(&["explain", "none"], 0);
    for q in ["safety", "comorbidities", "screening", "coverage"] {
        assert!(
            out.contains(&format!("option `none` of question `{q}`")),
            "{q} not in:\n{out}"
        );
    }
    assert!(!out.contains("emergency (R1)"), "{out}");
    assert!(
        out.contains("    coverage table: self-pay (every region)"),
        "{out}"
    );
    // A region id is also an answer to `province`.
    let (out, _) = run(&["explain", "on"], 0);
    assert!(
        out.contains("\noption `on` of question `province`: Ontario\n"),
        "{out}"
    );
}

#[test]
fn explain_table_rows_region_flag_and_source() {
    let (out, _) = run(&["explain", "on"], 0);
    assert!(
        out.starts_with("region `on`: Ontario (an answer to `province`)"),
        "{out}"
    );
    assert!(out.contains("regulator:      CPSO"), "{out}");
    assert!(out.contains("workers_comp  WSIB"), "{out}");

    let (out, _) = run(&["explain", "psychiatric_assessment"], 0);
    assert!(out.starts_with("flag `psychiatric_assessment`"), "{out}");
    assert!(
        out.contains("when:           any of (comorbidities = bipolar, screening = psychosis)"),
        "{out}"
    );
    assert!(out.contains("kap-coordinated-care"), "{out}");

    let (out, _) = run(&["explain", "cohen-2018"], 0);
    assert!(out.starts_with("source `cohen-2018`"), "{out}");
    assert!(out.contains("outcome pain-medicine"), "{out}");
    assert!(out.contains("evidence crps"), "{out}");
}

#[test]
fn explain_an_unknown_id_exits_2_with_a_suggestion() {
    let (out, err) = run(&["explain", "provnce"], 2);
    assert!(out.is_empty());
    assert!(
        err.contains("no question, option, outcome, rule, region, flag or source has the id `provnce`; did you mean `province`?"),
        "{err}"
    );
    let (_, err) = run(&["explain", "zzzz"], 2);
    assert!(!err.contains("did you mean"), "{err}");
}

// ---------------------------------------------------------------------------
// reach (the library function `explain` is built on)
// ---------------------------------------------------------------------------

#[test]
fn crps_leads_only_to_pain_medicine() {
    let p = bundled();
    let r = reach(&p, "indication", "crps");
    assert_eq!(r.next, vec![(None, "comorbidities".to_string())]);
    assert_eq!(r.outcomes, vec!["pain-medicine".to_string()]);
    assert!(!r.incomplete);
}

#[test]
fn neuropathic_leads_to_first_line_or_pain_medicine() {
    let p = bundled();
    let r = reach(&p, "indication", "neuropathic");
    assert_eq!(r.next, vec![(Some(1), "prior_treatment".to_string())]);
    assert_eq!(r.outcomes, vec!["referral-first-line", "pain-medicine"]);
    let r = reach(&p, "prior_treatment", "yes");
    assert_eq!(r.outcomes, vec!["pain-medicine"]);
    let r = reach(&p, "amputation", "planned");
    assert_eq!(r.outcomes, vec!["referral-surgical"]);
}

#[test]
fn a_branch_on_other_answers_leaves_every_way_open() {
    let p = bundled();
    let r = reach(&p, "coverage", "none");
    assert_eq!(r.next.len(), 7, "{r:?}");
    assert!(r.outcomes.contains(&"kap-coordinated-care".to_string()));
    assert!(!r.outcomes.contains(&"emergency".to_string()));
    let r = reach(&p, "safety", "crisis");
    assert_eq!(r.outcomes, vec!["emergency"]);
    let r = reach(&p, "age", "minor");
    assert_eq!(r.outcomes, vec!["referral-minor"]);
}

// ---------------------------------------------------------------------------
// scenarios --coverage
// ---------------------------------------------------------------------------

#[test]
fn the_bundled_scenarios_exercise_every_option_rule_and_outcome() {
    let p = bundled();
    let options: usize = p.questions().map(|q| q.options.len()).sum();
    let rules: BTreeSet<&str> = p.outcomes().map(|o| o.rule.as_str()).collect();
    let outcomes = p.outcomes().count();
    let (out, _) = run(&["scenarios", "--coverage", "--require-full"], 0);
    let line = format!(
        "coverage: {} scenarios exercise {options} of {options} options, {} of {} rules, {outcomes} of {outcomes} outcomes",
        carepath::scenario::BUNDLED.len(),
        rules.len(),
        rules.len()
    );
    assert!(out.lines().any(|l| l == line), "{line:?} not in:\n{out}");
    assert!(!out.contains("not exercised"), "{out}");
    assert!(out.ends_with(" passed, 0 failed\n"), "{out}");
}

#[test]
fn coverage_lists_what_no_scenario_exercises_and_require_full_fails() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways/scenarios/r1-crisis.ron");
    std::fs::copy(src, dir.path().join("r1-crisis.ron")).unwrap();
    let d = dir.path().to_str().unwrap();

    let (out, _) = run(&["scenarios", d, "--coverage"], 0);
    assert!(
        out.contains("coverage: 1 scenarios exercise 1 of "),
        "{out}"
    );
    for want in [
        "not exercised by any scenario:",
        "  option   safety=medical_emergency",
        "  option   province=on",
        "  rule     R2",
        "  outcome  referral-minor",
    ] {
        assert!(out.contains(want), "{want:?} not in:\n{out}");
    }
    assert!(!out.contains("option   safety=crisis"), "{out}");
    assert!(!out.contains("rule     R1\n"), "{out}");
    assert!(out.ends_with("1 passed, 0 failed\n"), "{out}");

    let (out, err) = run(&["scenarios", d, "--require-full"], 1);
    assert!(out.contains("  outcome  pain-medicine"), "{out}");
    // Every scenario passed, so stderr says why the exit code is 1.
    assert!(out.ends_with("1 passed, 0 failed\n"), "{out}");
    assert!(
        err.contains("error: coverage is not full (--require-full): no scenario exercises "),
        "{err}"
    );
    assert!(
        err.contains(" options (safety=medical_emergency, safety=none, province=ab, "),
        "{err}"
    );
    assert!(
        err.contains(", 8 rules (R2, R3, R4, R5, R6, R7, R8, R9) and 9 outcomes (medical-emergency, referral-minor, "),
        "{err}"
    );
    assert!(err.contains("not exercised by any scenario:"), "{err}");
    let (_, err) = run(&["scenarios", d, "--coverage"], 0);
    assert!(err.is_empty(), "{err}");
    // Without --coverage nothing about coverage is printed.
    let (out, _) = run(&["scenarios", d], 0);
    assert!(!out.contains("coverage:"), "{out}");
}

// ---------------------------------------------------------------------------
// diff
// ---------------------------------------------------------------------------

/// The report for the fixture: a changed route for `indication=neuropathic` (with the
/// facility it now needs, in two regions), a changed regulator (Quebec), a renamed coverage
/// program and an added flag (`cost`): four changes, one group each.
const FIXTURE_REPORT: &str = r#"Pathway diff
  old: fixture 0.0.1 (sha256 20d7527cc43b) tests/fixtures/diff/old.ron
  new: fixture 0.0.2 (sha256 abae27287869) tests/fixtures/diff/new.ron
Compared 20 answer paths through both versions; answers varied: province, indication, administration, coverage.
4 changes, on 20 of the 20 paths.

Change 1, on 8 paths:
  outcome: referral (R7) → pain-medicine (R9)
  route: referral → pain_medicine
  referral_to: family_physician → —
  facility: appears: the region's facility requirement, 4 variants
    iv and lighter in on, qc (`carepath explain REGION` shows each)
  e.g. province=on, indication=neuropathic, administration=iv, coverage=none

Change 2, on 4 paths:
  facility.regulator: CMQ → Collège des médecins du Québec
  e.g. province=qc, indication=crps, administration=iv, coverage=none

Change 3, on 10 paths:
  coverage: − private insurance, + extended health benefits
  e.g. province=on, indication=crps, administration=iv, coverage=private

Change 4, on 10 paths:
  flags: + cost
  e.g. province=on, indication=crps, administration=iv, coverage=none

Content changed (wording, sources or settings; read these in the files):
  coverage `private` in all (changed)
  flag `cost` (added)
  question `coverage` (changed)
  question `indication` (changed)
  region `qc` (changed)
"#;

#[test]
fn diff_of_the_fixture_gives_the_exact_report() {
    let (out, err) = run(&["diff", DIFF_OLD, DIFF_NEW], 1);
    assert_eq!(out, FIXTURE_REPORT);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn diff_the_other_way_round_reverses_every_change() {
    let (out, _) = run(&["diff", DIFF_NEW, DIFF_OLD], 1);
    for want in [
        "Change 1, on 8 paths:\n  outcome: pain-medicine (R9) → referral (R7)\n  route: pain_medicine → referral\n  referral_to: — → family_physician\n  facility: disappears: the region's facility requirement, 4 variants\n",
        "Change 2, on 4 paths:\n  facility.regulator: Collège des médecins du Québec → CMQ\n",
        "Change 3, on 10 paths:\n  coverage: − extended health benefits, + private insurance\n",
        "Change 4, on 10 paths:\n  flags: − cost\n",
    ] {
        assert!(out.contains(want), "{want:?} not in:\n{out}");
    }
}

#[test]
fn diff_of_identical_versions_exits_0() {
    let (out, _) = run(&["diff", DIFF_OLD, DIFF_OLD], 0);
    assert!(out.contains("Compared 16 answer paths"), "{out}");
    assert!(
        out.ends_with(
            "No change in outcome, route, also, referral_to, facility, coverage or flags.\n"
        ),
        "{out}"
    );
}

#[test]
fn diff_covers_options_removed_and_added() {
    let dir = tempfile::tempdir().unwrap();
    let old =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DIFF_OLD)).unwrap();
    let without_other = old
        .replace(
            "                (id: \"other\", label: (en: \"Something else\")),\n",
            "",
        )
        .replace(
            "            (option: \"other\", strength: \"none\", summary: (en: \"No evidence for this.\"), sources: [\"cohen-2018\"]),\n",
            "",
        );
    assert_ne!(without_other, old);
    let file = dir.path().join("without-other.ron");
    std::fs::write(&file, without_other).unwrap();
    let file = file.to_str().unwrap();

    let (out, _) = run(&["diff", DIFF_OLD, file], 1);
    assert!(
        out.contains(
            "Change 1, on 4 paths:\n  outcome: referral (R7) → none (indication=other is not an option)\n  e.g. province=on, indication=other, coverage=none\n"
        ),
        "{out}"
    );
    assert!(out.contains("1 change, on 4 of the 16 paths."), "{out}");
    let (out, _) = run(&["diff", file, DIFF_OLD], 1);
    assert!(
        out.contains(
            "Change 1, on 4 paths:\n  outcome: none (indication=other is not an option) → referral (R7)\n"
        ),
        "{out}"
    );
}

#[test]
fn diff_of_a_bad_file_exits_2_with_a_located_error() {
    let (out, err) = run(
        &[
            "diff",
            "tests/fixtures/invalid/syntax-missing-comma.ron",
            DIFF_NEW,
        ],
        2,
    );
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("╭─[tests/fixtures/invalid/syntax-missing-comma.ron:"),
        "{err}"
    );
    // A file that parses but fails `check` is refused too.
    let (_, err) = run(&["diff", DIFF_OLD, "tests/fixtures/invalid/cycle.ron"], 2);
    assert!(
        err.contains("╭─[tests/fixtures/invalid/cycle.ron:"),
        "{err}"
    );
    assert!(err.contains("before comparing"), "{err}");
    let (_, err) = run(
        &["diff", DIFF_OLD, "tests/fixtures/diff/no-such-file.ron"],
        2,
    );
    assert!(err.contains("no such file"), "{err}");
}

#[test]
fn diff_of_the_bundled_pathway_finds_one_changed_regulator() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BUNDLED_FILE)).unwrap();
    assert_eq!(text.matches(r#"regulator: Some("CPSO")"#).count(), 1);
    let changed = text.replace(
        r#"regulator: Some("CPSO")"#,
        r#"regulator: Some("CPSO-ON")"#,
    );
    let file = dir.path().join("changed.ron");
    std::fs::write(&file, changed).unwrap();

    let (out, _) = run(&["diff", BUNDLED_FILE, file.to_str().unwrap()], 1);
    assert!(!out.contains("Stopped at the limit"), "{out}");
    let groups = change_groups(&out);
    assert_eq!(groups.len(), 1, "{out}");
    // The same version with different content is called out, and the part that changed named.
    assert!(out.contains("both files say version"), "{out}");
    assert!(out.contains("  region `on` (changed)"), "{out}");
    assert!(
        groups[0].contains(" paths:\n  facility.regulator: CPSO → CPSO-ON\n"),
        "{out}"
    );
    assert!(
        groups[0].contains("  e.g. safety=none, province=on, age=adult"),
        "{out}"
    );
}

/// The `Change N, on M paths:` blocks of a diff report.
fn change_groups(report: &str) -> Vec<&str> {
    report
        .split("\n\n")
        .filter(|g| g.starts_with("Change "))
        .collect()
}

/// R8 narrowed to neuropathic pain (spinal cord injury pain now goes to a pain-medicine
/// physician), and bipolar disorder no longer raising the psychiatric-assessment flag: two
/// clinical changes, which used to be reported as 35 groups (one per province and IV or
/// lighter facility, one per field, one per full list of flags).
#[test]
fn diff_of_two_clinical_changes_gives_two_groups() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BUNDLED_FILE)).unwrap();
    let r8 = r#"AnyOf("indication", ["neuropathic", "sci"]),
                        Not(Is("prior_treatment", "yes")),"#;
    let flag = r#"when: Any([Is("comorbidities", "bipolar"), Is("screening", "psychosis")]),"#;
    assert_eq!(text.matches(r8).count(), 1);
    assert_eq!(text.matches(flag).count(), 1);
    let changed = text
        .replace(
            r8,
            r#"Is("indication", "neuropathic"),
                        Not(Is("prior_treatment", "yes")),"#,
        )
        .replace(flag, r#"when: Is("screening", "psychosis"),"#);
    let file = dir.path().join("changed.ron");
    std::fs::write(&file, changed).unwrap();

    let (out, err) = run(&["diff", BUNDLED_FILE, file.to_str().unwrap()], 1);
    assert!(err.is_empty(), "{err}");
    assert!(!out.contains("Stopped at the limit"), "{out}");
    let groups = change_groups(&out);
    assert_eq!(groups.len(), 2, "{out}");
    assert!(out.contains("\n2 changes, on "), "{out}");
    assert!(
        groups[0].starts_with(
            "Change 1, on 37440 paths:\n\
             \x20 outcome: referral-first-line (R8) → pain-medicine (R9)\n\
             \x20 route: referral → pain_medicine\n\
             \x20 referral_to: family_physician → —\n\
             \x20 facility: appears: the region's facility requirement, 26 variants\n\
             \x20   iv and lighter in ab, bc, mb, nb, nl, ns, nt, nu, on, pe, qc, sk, yt (`carepath explain REGION` shows each)\n\
             \x20 e.g. safety=none, province=ab, age=adult, concern=pain, indication=sci, prior_treatment=no,"
        ),
        "{out}"
    );
    assert!(
        groups[1].starts_with("Change 2, on ")
            && groups[1].contains(" paths:\n  flags: − psychiatric_assessment\n  e.g. ")
            && groups[1].contains("comorbidities=bipolar"),
        "{out}"
    );
}

#[test]
fn diff_warns_when_the_pathway_ids_differ() {
    let dir = tempfile::tempdir().unwrap();
    let old =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DIFF_OLD)).unwrap();
    assert_eq!(old.matches(r#"id: "fixture","#).count(), 1);
    let file = dir.path().join("other.ron");
    std::fs::write(
        &file,
        old.replace(r#"id: "fixture","#, r#"id: "another-pathway","#),
    )
    .unwrap();
    let (out, _) = run(&["diff", DIFF_OLD, file.to_str().unwrap()], 1);
    assert!(
        out.contains(
            "\nWarning: these are two different pathways (ids `fixture` and `another-pathway`), not two versions of one.\n"
        ),
        "{out}"
    );
    // Its routes are the same: only the id is reported as changed.
    assert!(out.contains("No change in outcome, route"), "{out}");
    assert!(
        out.ends_with("read these in the files):\n  id (changed)\n"),
        "{out}"
    );
    assert!(!out.contains("raise the version"), "{out}");
    let (out, _) = run(&["diff", DIFF_OLD, DIFF_NEW], 1);
    assert!(!out.contains("different pathways"), "{out}");
}

#[test]
fn diff_reports_a_wording_change_that_routes_nothing_differently() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(BUNDLED_FILE)).unwrap();
    let line = "Only the pain-medicine physician decides whether ketamine is suitable";
    assert!(text.contains(line));
    let file = dir.path().join("reworded.ron");
    std::fs::write(&file, text.replace(line, "Ketamine is safe for everyone")).unwrap();
    let (out, _) = run(&["diff", BUNDLED_FILE, file.to_str().unwrap()], 1);
    assert!(out.contains("No change in outcome, route"), "{out}");
    assert!(out.contains("  outcome `pain-medicine` (changed)"), "{out}");
    assert!(out.contains("raise the version"), "{out}");
}

#[test]
fn diff_tries_the_answers_only_tables_read_at_the_end_of_a_path_not_along_it() {
    // The region, coverage and setting questions come first and a chain of 3,000 follows:
    // walking the chain again for each of their answers made `diff` of a 15,000-question
    // chain take 7 s.
    use carepath::authoring::diff::diff;
    use carepath::pathway::Lang;
    let questions = 3_000;
    let text = synthetic::generate_chain(questions);
    let p = carepath::pathway::load::load_str("chain.ron", &text).expect("the chain loads");
    let d = diff(&p, &p, Lang::En);
    assert!(!d.changed() && d.paths > 100, "{} paths", d.paths);
    assert!(
        d.steps <= 2 * (questions + 10),
        "{} questions gone through for {} paths",
        d.steps,
        d.paths
    );
}

#[test]
fn diff_counts_a_regulator_renamed_on_exactly_the_paths_that_reach_that_facility() {
    // Ontario's regulator renamed: every pain-medicine path through Ontario, IV or not, and
    // no other. 5,760 of 127,935 is what the comparison found path by path before the
    // region, coverage and setting answers were tried at the end of each path.
    let tmp = tempfile::tempdir().unwrap();
    let text = carepath::pathway::load::BUNDLED.replacen(
        "regulator: Some(\"CPSO\")",
        "regulator: Some(\"CPSO-ON\")",
        1,
    );
    let new = tmp.path().join("new.ron");
    std::fs::write(&new, text).unwrap();
    let (out, _) = run(
        &[
            "diff",
            "pathways/ketamine-chronic-pain.ron",
            new.to_str().unwrap(),
        ],
        1,
    );
    assert!(
        out.contains("1 change, on 5760 of the 127935 paths."),
        "{out}"
    );
    assert!(out.contains("facility.regulator: CPSO → CPSO-ON"), "{out}");
    assert!(
        out.contains("e.g. safety=none, province=on, age=adult, concern=pain, indication=crps"),
        "{out}"
    );
}

/// `explain` counts an outcome's texts in words that agree with the number ("1 safety
/// point"), the conditional ones included.
#[test]
fn explain_counts_an_outcomes_texts_in_agreeing_words() {
    let small = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/small.ron");
    let (out, _) = run(
        &[
            "explain",
            "clinic-visit",
            "--pathway",
            small.to_str().unwrap(),
        ],
        0,
    );
    assert!(
        out.contains("content:        1 next step, 1 safety point, 1 staff detail\n"),
        "{out}"
    );
    let (out, _) = run(&["explain", "pain-medicine"], 0);
    let bundled = PathwaySource::Bundled.load().unwrap();
    let o = bundled.pathway.outcome("pain-medicine").unwrap();
    let safety = o.safety.len() + o.safety_if.len();
    assert!(
        safety > o.safety.len(),
        "the outcome has conditional safety points"
    );
    assert!(out.contains(&format!(", {safety} safety points,")), "{out}");
}
