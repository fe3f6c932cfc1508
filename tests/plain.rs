//! The line mode driven end to end through the binary with piped answers, in English and
//! French: outcomes, typed commands, fuzzy answers, saving at end of input, no escape codes.

#[path = "common/calls.rs"]
mod calls;

#[path = "common/placeholders.rs"]
mod placeholders;

use assert_cmd::cargo::cargo_bin_cmd;
use carepath::pathway::load::PathwaySource;
use carepath::pathway::{Lang, Pathway};

fn pathway() -> Pathway {
    PathwaySource::Bundled
        .load()
        .expect("bundled pathway")
        .pathway
}

fn headline(outcome: &str, lang: Lang) -> String {
    pathway()
        .outcome(outcome)
        .expect("outcome exists")
        .headline
        .get(lang)
        .trim_end_matches('.')
        .to_string()
}

/// Runs `carepath` with `args`, the lines as input, and a fresh state directory.
fn run(args: &[&str], lines: &[&str], state: &std::path::Path) -> (String, String, i32) {
    let mut input = lines.join("\n");
    input.push('\n');
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
    let stderr = String::from_utf8(out.stderr).expect("utf-8 errors");
    assert!(
        !stdout.contains('\u{1b}'),
        "escape sequence in output:\n{stdout}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    (stdout, stderr, out.status.code().unwrap_or(-1))
}

const FIBROMYALGIA: &[&str] = &["none", "bc", "1", "pain", "fibro", "5", "7", "private", ""];

#[test]
fn a_whole_staff_call_reaches_pain_medicine_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _, code) = run(
        &["--plain", "--mode", "staff", "--no-save"],
        calls::ONTARIO_CRPS_TYPED,
        dir.path(),
    );
    assert_eq!(code, 0);
    assert!(out.contains("Question 1 of about"), "{out}");
    assert!(out.contains("You chose: Ontario"), "{out}");
    assert!(out.contains("You chose: Depression, PTSD"), "{out}");
    assert!(out.contains("Review of your answers:"), "{out}");
    assert!(
        out.contains(
            &headline("pain-medicine", Lang::En)
                .trim_end_matches('.')
                .to_string()
        ),
        "{out}"
    );
    assert!(
        out.contains("Ontario: out-of-hospital premises inspected by the CPSO"),
        "{out}"
    );
    assert!(out.contains("WSIB"), "{out}");
    assert!(out.contains("Nothing is saved on this machine"), "{out}");
    assert_eq!(
        std::fs::read_dir(dir.path())
            .map(|d| d.count())
            .unwrap_or(0),
        0,
        "--no-save wrote files"
    );
}

#[test]
fn a_referral_and_a_crisis_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _, _) = run(
        &["--plain", "--mode", "patient", "--no-save"],
        FIBROMYALGIA,
        dir.path(),
    );
    assert!(
        out.contains(&headline("referral-fibromyalgia", Lang::En)),
        "{out}"
    );
    assert!(out.contains("You chose: Private insurance"), "{out}");

    let (out, _, code) = run(
        &["--plain", "--mode", "patient", "--no-save"],
        &["1"],
        dir.path(),
    );
    assert_eq!(code, 0);
    assert!(out.contains(&headline("emergency", Lang::En)), "{out}");
    assert!(out.contains("911"), "{out}");
    assert!(out.contains("9-8-8"), "{out}");
    assert!(
        !out.contains("Question 2"),
        "asked more after a crisis answer:\n{out}"
    );
}

#[test]
fn the_same_calls_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--plain", "--mode", "staff", "--no-save", "--lang", "fr"];
    let (out, _, _) = run(&args, calls::ONTARIO_CRPS_TYPED, dir.path());
    assert!(out.contains("Question 1 sur environ"), "{out}");
    assert!(out.contains("Vous avez choisi\u{a0}: Ontario"), "{out}");
    // French punctuation stays on its line: a no-break space before it, never a plain one.
    assert!(out.contains("\nRésultat\u{a0}:\n"), "{out}");
    let questions: Vec<&str> = out.lines().filter(|l| l.starts_with("Question ")).collect();
    assert!(!questions.is_empty(), "{out}");
    for line in questions {
        let count = line.split("environ ").nth(1).unwrap_or_default();
        let after = count.trim_start_matches(|c: char| c.is_ascii_digit());
        assert!(after.starts_with("\u{a0}: "), "{line:?}");
    }
    assert!(out.contains("Révision de vos réponses"), "{out}");
    assert!(
        out.contains(
            &headline("pain-medicine", Lang::Fr)
                .trim_end_matches('.')
                .to_string()
        ),
        "{out}"
    );

    let (out, _, _) = run(&args, FIBROMYALGIA, dir.path());
    assert!(
        out.contains(&headline("referral-fibromyalgia", Lang::Fr)),
        "{out}"
    );

    let (out, _, _) = run(&args, &["1"], dir.path());
    assert!(out.contains(&headline("emergency", Lang::Fr)), "{out}");
    assert!(out.contains("9-8-8"), "{out}");
}

#[test]
fn french_is_chosen_from_the_locale() {
    let dir = tempfile::tempdir().unwrap();
    let out = cargo_bin_cmd!("carepath")
        .args(["--plain", "--mode", "staff", "--no-save"])
        .env("CAREPATH_STATE_DIR", dir.path())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "fr_CA.UTF-8")
        .write_stdin("3\n")
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("Vous avez choisi"), "{out}");
}

#[test]
fn the_line_mode_is_chosen_when_input_is_piped_or_the_terminal_is_dumb() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _, code) = run(&["--mode", "staff", "--no-save"], &["3"], dir.path());
    assert_eq!(code, INPUT_ENDED);
    assert!(out.contains("Question 1 of about"), "{out}");
    assert!(out.contains("You chose: Neither of these"), "{out}");
    let out = cargo_bin_cmd!("carepath")
        .args(["--mode", "staff", "--no-save"])
        .env("TERM", "dumb")
        .write_stdin("3\n")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Question 1 of about"));
}

#[test]
fn words_work_at_any_question() {
    let dir = tempfile::tempdir().unwrap();
    let lines = ["3", "on", "help", "crisis", "back", "qc", "review", "quit"];
    let (out, _, code) = run(&["--plain", "--mode", "staff"], &lines, dir.path());
    assert_eq!(code, 0);
    assert!(out.contains("Answer with the number of an option"), "{out}");
    assert!(
        out.contains("Health line (Ontario): 811") || out.contains("(Ontario):"),
        "{out}"
    );
    assert!(out.contains("Back to the previous question."), "{out}");
    assert!(out.contains("You chose: Québec"), "{out}");
    assert!(out.contains("2. Province or territory: Québec"), "{out}");
    assert!(out.contains("Goodbye."), "{out}");
    assert!(
        out.contains("The call is not finished; its answers are saved."),
        "{out}"
    );
}

#[test]
fn an_unsure_answer_is_confirmed_and_a_wrong_one_explained() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        "3",
        "ed",
        "no",
        "xyz",
        "nb",
        "adult",
        "1",
        "crps",
        "none, ptsd",
        "none",
    ];
    let (out, _, _) = run(
        &["--plain", "--mode", "staff", "--no-save"],
        &lines,
        dir.path(),
    );
    assert!(
        out.contains("Did you mean: Prince Edward Island? Type yes, no, or another answer."),
        "{out}"
    );
    assert!(
        out.contains(
            "Not chosen: Prince Edward Island. Type your answer to “Province or territory” again."
        ),
        "{out}"
    );
    assert!(out.contains("No option matches \"xyz\""), "{out}");
    assert!(out.contains("You chose: New Brunswick"), "{out}");
    assert!(out.contains("cannot be combined"), "{out}");
    assert!(out.contains("You chose: None of these"), "{out}");
}

/// The exit status of a run whose input ended before the call was finished.
const INPUT_ENDED: i32 = carepath::call::EXIT_INPUT_ENDED as i32;

/// The saved calls in a state directory, as their JSON.
fn saved_calls(state: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_dir(state)
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn end_of_input_saves_and_the_next_run_resumes_with_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _, code) = run(
        &["--plain", "--mode", "staff"],
        &calls::ONTARIO_CRPS_TYPED[..5],
        dir.path(),
    );
    assert_eq!(code, INPUT_ENDED, "input ended mid-call: {out}");
    assert!(out.contains("End of input."), "{out}");
    assert!(
        out.contains("The call is not finished; its answers are saved."),
        "{out}"
    );
    assert_eq!(saved_calls(dir.path()).len(), 1);

    // Mode first, then the offer of this mode's interrupted calls.
    let mut rest = vec!["1", "resume"];
    rest.extend_from_slice(&calls::ONTARIO_CRPS_TYPED[5..]);
    rest.push("save");
    let (out, _, code) = run(&["--plain"], &rest, dir.path());
    assert_eq!(code, 0, "a finished call: {out}");
    assert!(out.contains("1 interrupted call on this computer"), "{out}");
    assert!(out.contains("1. Start a new call"), "{out}");
    assert!(
        out.contains("Ontario · 18 or older · Chronic pain · 5 answers"),
        "the call is told by its first answers:\n{out}"
    );
    assert!(
        out.contains("Question 6 of about"),
        "resumed at the wrong question:\n{out}"
    );
    for line in [
        "1. Safety right now: Neither of these",
        "2. Province or territory: Ontario",
        "5. Pain condition: Complex regional pain syndrome (CRPS)",
    ] {
        assert!(out.contains(line), "missing `{line}`:\n{out}");
    }
    assert!(out.contains("Summary saved as this call's record"), "{out}");
    assert!(out.contains("The call is finished."), "{out}");
    let calls = saved_calls(dir.path());
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["status"], "finished");

    // A finished call is never offered again (and its file goes).
    let (out, _, _) = run(&["--plain", "--mode", "staff"], &["3"], dir.path());
    assert!(!out.contains("interrupted call"), "{out}");
    assert!(out.contains("Question 1 of about"), "{out}");
    assert!(
        saved_calls(dir.path())
            .iter()
            .all(|c| c["status"] == "in_progress"),
        "finished call kept"
    );
}

/// The answers before the mental-health question (several answers, `none` excludes the rest),
/// with two provinces given at the province question first.
const TO_MENTAL_HEALTH: &[&str] = &["3", "on, qc", "nb", "adult", "1", "crps"];

#[test]
fn a_refused_answer_is_said_with_labels_not_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = TO_MENTAL_HEALTH.to_vec();
    lines.push("none, ptsd");
    let (out, _, _) = run(
        &["--plain", "--mode", "patient", "--no-save"],
        &lines,
        dir.path(),
    );
    assert!(
        out.contains(
            "“Province or territory” takes one answer, but 2 were given: Ontario, Québec."
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "“None of these” cannot be combined with other answers. Other answers given: \
             PTSD (post-traumatic stress disorder)."
        ),
        "{out}"
    );
    for id in ["`", "comorbidities", "`none`", "(ptsd)", "`province`"] {
        assert!(!out.contains(id), "internal id {id:?} shown:\n{out}");
    }
}

#[test]
fn a_refused_answer_is_said_with_labels_not_ids_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = TO_MENTAL_HEALTH.to_vec();
    lines.push("aucune, tspt");
    let (out, _, _) = run(
        &["--plain", "--mode", "patient", "--no-save", "--lang", "fr"],
        &lines,
        dir.path(),
    );
    assert!(
        out.contains(
            "«\u{a0}Province ou territoire\u{a0}» n'accepte qu'une réponse, mais 2 ont été \
             données\u{a0}: Ontario, Québec."
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "«\u{a0}Aucune de ces réponses\u{a0}» ne se combine avec aucune autre réponse. \
             Autres réponses données\u{a0}: TSPT (trouble de stress post-traumatique)."
        ),
        "{out}"
    );
    for id in ["`", "comorbidities", "none", "(ptsd)", "cannot"] {
        assert!(!out.contains(id), "internal id {id:?} shown:\n{out}");
    }
}

#[test]
fn a_reply_to_did_you_mean_that_is_not_yes_or_no_is_read_as_new_input() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        "3", "ed", "back", "3", "ed", "crisis", "ed", "qc", "adult", "1", "ed", "quit",
    ];
    let (out, _, code) = run(&["--plain", "--mode", "patient"], &lines, dir.path());
    assert_eq!(code, 0);
    let not_chosen = "Not chosen: Prince Edward Island. Your reply";
    // A word that works at every prompt is done as such; anything else is a new answer.
    for (typed, then) in [
        ("back", "Back to the previous question."),
        ("crisis", "9-8-8"),
        ("qc", "You chose: Québec"),
    ] {
        let said = match typed {
            "qc" => format!("{not_chosen} “{typed}” is taken for this question instead.\n"),
            _ => "Not chosen: Prince Edward Island.\n".to_string(),
        };
        let at = out
            .find(&said)
            .unwrap_or_else(|| panic!("no {said:?}:\n{out}"));
        assert!(
            out[at..].contains(then),
            "{typed}: no {then:?} after it:\n{out}"
        );
    }
    assert!(
        out.contains("Not chosen: Complex regional pain syndrome (CRPS).\nGoodbye."),
        "{out}"
    );
    assert!(!out.contains("“back” is taken"), "{out}");
    assert!(!out.contains("> >"), "a reply was swallowed:\n{out}");
}

#[test]
fn a_reply_to_did_you_mean_that_is_not_yes_or_no_is_read_as_new_input_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        "3",
        "ed",
        "non",
        "ed",
        "révision",
        // The review asks which answer to change; Enter goes back to the question.
        "",
        "ed",
        "qc",
        "1",
        "ed",
        "crise",
        "ed",
        "oui",
        "quitter",
    ];
    let (out, _, code) = run(
        &["--plain", "--mode", "patient", "--lang", "fr"],
        &lines,
        dir.path(),
    );
    assert_eq!(code, 0);
    let pei = "Île-du-Prince-Édouard";
    assert!(
        out.contains(&format!(
            "Vouliez-vous dire\u{a0}: {pei}? Tapez oui, non ou une autre réponse."
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "Réponse non retenue\u{a0}: {pei}. Tapez de nouveau votre réponse à \
             «\u{a0}Province ou territoire\u{a0}»."
        )),
        "{out}"
    );
    for (typed, then) in [
        ("révision", "Révision de vos réponses"),
        ("qc", "Vous avez choisi\u{a0}: Québec"),
    ] {
        let said = match typed {
            "qc" => format!(
                "Réponse non retenue\u{a0}: {pei}. Votre saisie «\u{a0}{typed}\u{a0}» est prise \
                 à la place pour cette question.\n"
            ),
            _ => format!("Réponse non retenue\u{a0}: {pei}.\n"),
        };
        let at = out
            .find(&said)
            .unwrap_or_else(|| panic!("no {said:?}:\n{out}"));
        assert!(
            out[at..].contains(then),
            "{typed}: no {then:?} after it:\n{out}"
        );
    }
    assert!(!out.contains("Votre saisie «\u{a0}crise\u{a0}»"), "{out}");
    assert!(
        out.contains("Aide immédiate") || out.contains("9-8-8"),
        "{out}"
    );
    assert!(out.contains("Vous avez choisi\u{a0}: Les deux"), "{out}");
    assert!(out.contains("Au revoir."), "{out}");
}

/// The answers before the pain-condition question.
const TO_PAIN_CONDITION: &[&str] = &["3", "nb", "adult", "1"];

#[test]
fn an_acronym_or_whole_word_of_a_label_is_as_sure_as_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = TO_PAIN_CONDITION.to_vec();
    lines.extend(["CRPS", "back", "regional", "back", "sdrc"]);
    let (out, _, _) = run(
        &["--plain", "--mode", "patient", "--no-save"],
        &lines,
        dir.path(),
    );
    let crps = "You chose: Complex regional pain syndrome (CRPS)\n";
    assert_eq!(out.matches(crps).count(), 3, "{out}");
    assert!(!out.contains("Did you mean"), "{out}");
}

#[test]
fn an_acronym_or_whole_word_of_a_label_is_as_sure_as_the_id_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = TO_PAIN_CONDITION.to_vec();
    lines.extend(["sdrc", "back", "SDRC", "back", "régional", "tspt"]);
    let (out, _, _) = run(
        &["--plain", "--mode", "patient", "--no-save", "--lang", "fr"],
        &lines,
        dir.path(),
    );
    let crps = "Vous avez choisi\u{a0}: Syndrome douloureux régional complexe (SDRC)\n";
    assert_eq!(out.matches(crps).count(), 3, "{out}");
    assert!(
        out.contains("Vous avez choisi\u{a0}: TSPT (trouble de stress post-traumatique)"),
        "{out}"
    );
    assert!(!out.contains("Vouliez-vous dire"), "{out}");

    // A short word in small letters is still confirmed: "ou" is in one label only.
    let mut lines = TO_PAIN_CONDITION.to_vec();
    lines.push("ou");
    let (out, _, _) = run(
        &["--plain", "--mode", "patient", "--no-save", "--lang", "fr"],
        &lines,
        dir.path(),
    );
    assert!(out.contains("Vouliez-vous dire"), "{out}");
}

#[test]
fn help_speaks_of_ids_only_where_ids_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let args = |mode: &'static str| ["--plain", "--mode", mode, "--no-save"];
    let (staff, _, _) = run(&args("staff"), &["help"], dir.path());
    assert!(staff.contains("  3. Neither of these [none]"), "{staff}");
    assert!(
        staff.contains("Type a number, an id, or a few letters of the answer."),
        "{staff}"
    );
    assert!(staff.contains("its id (shown in brackets)"), "{staff}");

    let (patient, _, _) = run(&args("patient"), &["help"], dir.path());
    assert!(patient.contains("  3. Neither of these\n"), "{patient}");
    assert!(
        patient.contains("Type the number or a few letters of the answer."),
        "{patient}"
    );
    assert!(
        patient.contains("Answer with the number of an option or a few letters of the answer;"),
        "{patient}"
    );
    for staff_only in ["[", "an id", "its id", "brackets"] {
        assert!(!patient.contains(staff_only), "{staff_only:?}:\n{patient}");
    }
}

#[test]
fn help_speaks_of_ids_only_where_ids_are_shown_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let args = |mode: &'static str| ["--plain", "--mode", mode, "--no-save", "--lang", "fr"];
    let (staff, _, _) = run(&args("staff"), &["aide"], dir.path());
    assert!(staff.contains("  3. Ni l'un ni l'autre [none]"), "{staff}");
    assert!(staff.contains("un code ou quelques lettres"), "{staff}");
    assert!(staff.contains("son code (entre crochets)"), "{staff}");

    let (patient, _, _) = run(&args("patient"), &["aide"], dir.path());
    assert!(patient.contains("  3. Ni l'un ni l'autre\n"), "{patient}");
    assert!(
        patient.contains("Tapez le numéro ou quelques lettres de la réponse."),
        "{patient}"
    );
    assert!(
        patient.contains("Répondez par le numéro d'une option ou quelques lettres de la réponse"),
        "{patient}"
    );
    for staff_only in ["[", "code", "crochets"] {
        assert!(!patient.contains(staff_only), "{staff_only:?}:\n{patient}");
    }
}

#[test]
fn answers_stepped_back_over_are_offered_again_and_kept_with_enter() {
    let state = tempfile::tempdir().unwrap();
    let (out, err, code) = run(
        &["--plain", "--mode", "staff"],
        &["none", "on", "adult", "back", "back", "", "", "pain"],
        state.path(),
    );
    assert_eq!(code, INPUT_ENDED, "{out}{err}");
    assert!(
        out.contains("Your earlier answer: Ontario. Press Enter to keep it, or type another."),
        "{out}"
    );
    assert!(out.contains("Your earlier answer: 18 or older."), "{out}");
    assert_eq!(out.matches("You chose: Ontario").count(), 2, "{out}");
    assert_eq!(out.matches("You chose: 18 or older").count(), 2, "{out}");
    assert!(out.contains("You chose: Chronic pain"), "{out}");
}

#[test]
fn a_coverage_program_can_be_typed_by_the_name_callers_use() {
    let state = tempfile::tempdir().unwrap();
    let (out, err, code) = run(
        &["--plain", "--mode", "staff", "--no-save"],
        &[
            "none", "qc", "adult", "pain", "crps", "none", "none", "cnesst", "iv", "",
        ],
        state.path(),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("You chose: Workers' compensation"), "{out}");
    assert!(!out.contains("Did you mean"), "{out}");
}

// ---- Plain words (issue 12, item 10) ----------------------------------------------------

#[test]
fn yes_to_the_age_question_is_taken_through_the_options_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _, _) = run(
        &["--plain", "--mode", "staff", "--no-save"],
        &["no", "on", "yes", "quit"],
        dir.path(),
    );
    assert!(out.contains("Is the caller 18 or older?"), "{out}");
    assert!(out.contains("You chose: Neither of these\n"), "{out}");
    assert!(out.contains("You chose: 18 or older\n"), "{out}");
    assert!(!out.contains("Did you mean"), "{out}");
    assert!(!out.contains("No option matches"), "{out}");
}

#[test]
fn a_word_that_fits_several_options_asks_which_and_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _, _) = run(
        &["--plain", "--mode", "staff", "--no-save"],
        &["3", "new", "5", "quit"],
        dir.path(),
    );
    assert!(
        out.contains(
            "“new” fits more than one answer. Which one? Type its number, or more of its name:\n  \
             4. New Brunswick\n  5. Newfoundland and Labrador\n"
        ),
        "{out}"
    );
    // Nothing was chosen for "new": the number typed next answers the question.
    assert!(!out.contains("You chose: New Brunswick"), "{out}");
    assert!(
        out.contains("You chose: Newfoundland and Labrador\n"),
        "{out}"
    );

    let (out, _, _) = run(
        &["--plain", "--mode", "staff", "--no-save", "--lang", "fr"],
        &["3", "new", "4", "quitter"],
        dir.path(),
    );
    assert!(
        out.contains(
            "«\u{a0}new\u{a0}» correspond à plus d'une réponse. Laquelle? Tapez son numéro, ou \
             une plus grande partie de son nom\u{a0}:\n  4. Nouveau-Brunswick\n  5. \
             Terre-Neuve-et-Labrador\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("Vous avez choisi\u{a0}: Nouveau-Brunswick\n"),
        "{out}"
    );
}

#[test]
fn after_review_at_a_question_a_number_picks_the_answer_to_change() {
    let dir = tempfile::tempdir().unwrap();
    // At the main-reason question: review, 2 (the province), Québec, then the main reason.
    let (out, _, _) = run(
        &["--plain", "--mode", "staff", "--no-save"],
        &["3", "on", "1", "review", "2", "qc", "1", "quit"],
        dir.path(),
    );
    assert!(
        out.contains(
            "  2. Province or territory: Ontario\n  3. Age: 18 or older\nType the number of the \
             answer to change, or press Enter to go back to the question.\n"
        ),
        "{out}"
    );
    let review = out.find("Type the number of the answer to change").unwrap();
    let after = &out[review..];
    let province = after
        .find("Which province or territory")
        .unwrap_or_else(|| panic!("the province question is not asked again:\n{out}"));
    assert!(after[province..].contains("You chose: Québec\n"), "{out}");
    // The 2 did not answer the main-reason question (its option 2 is Mental health).
    assert!(!out.contains("You chose: Mental health"), "{out}");
    assert!(out.contains("You chose: Chronic pain\n"), "{out}");

    // Enter goes back to the question without changing anything.
    let (out, _, _) = run(
        &["--plain", "--mode", "staff", "--no-save"],
        &["3", "on", "1", "review", "", "2", "quit"],
        dir.path(),
    );
    assert!(out.contains("You chose: Mental health\n"), "{out}");
    assert_eq!(out.matches("You chose: Ontario").count(), 1, "{out}");
}

#[test]
fn french_words_adulte_and_aucun_are_understood() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        "aucun", "qc", "adulte", "1", "crps", "aucun", "aucune", "rien", "iv", "", "",
    ];
    let (out, _, code) = run(
        &["--plain", "--mode", "staff", "--no-save", "--lang", "fr"],
        &lines,
        dir.path(),
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Vous avez choisi\u{a0}: Ni l'un ni l'autre\n"),
        "{out}"
    );
    assert!(
        out.contains("Vous avez choisi\u{a0}: 18 ans ou plus\n"),
        "{out}"
    );
    assert_eq!(
        out.matches("Vous avez choisi\u{a0}: Aucune de ces réponses\n")
            .count(),
        3,
        "{out}"
    );
    assert!(!out.contains("Vouliez-vous dire"), "{out}");
    assert!(!out.contains("Aucune option ne correspond"), "{out}");
}

/// A staff call in each language through every line-mode sentence that carries a value (the
/// question, the answer taken, "did you mean" and its three replies, no match, which one, the
/// earlier answer, not understood, the note kept), then the summary saved: each value is in
/// its place and no template placeholder such as `{n}` is left, on screen or in the files.
#[test]
fn no_line_mode_sentence_or_summary_leaves_a_template_placeholder() {
    use carepath::strings::line_mode;
    let p = pathway();
    for lang in [Lang::En, Lang::Fr] {
        let state = tempfile::tempdir().unwrap();
        let lines = [
            "help",
            "crisis",
            "3", // safety: help, crisis help, then an answer
            "ed",
            "no",
            "ed",
            "back", // province: "did you mean", no, then a global word
            "",     // safety again: Enter keeps the earlier answer
            "new",
            "ed",
            "qc", // province: which one, then a reply taken instead
            "xyz",
            "adult", // age: no match, then an answer
            "review",
            "zzz",
            "", // concern: review, not understood, back to the question
            "1",
            "crps",
            "depression, ptsd",
            "heart",
            "workers",
            "iv",
            "", // to the result
            "zzz",
            "note caller prefers mornings",
            "save",
            "",
        ];
        let code = lang.code();
        let (out, err, status) = run(
            &["--plain", "--mode", "staff", "--lang", code],
            &lines,
            state.path(),
        );
        assert_eq!(status, 0, "{out}{err}");
        let label = |q: &str, o: &str| {
            let q = p.question(q).unwrap();
            q.option(o).unwrap().label.get(lang).to_string()
        };
        let (pei, neither) = (label("province", "pe"), label("safety", "none"));
        let province = p.question("province").unwrap().name().get(lang).to_string();
        let (safety, total) = (
            p.question("safety").unwrap(),
            carepath::session::Session::new(&p).progress().1,
        );
        for said in [
            line_mode::question(1, total, safety.prompt.staff.get(lang), lang),
            line_mode::not_chosen(&pei, &province, lang),
            line_mode::not_chosen_alone(&pei, lang),
            line_mode::earlier_answer(&neither, lang),
            line_mode::which_one("new", lang),
            line_mode::not_chosen_instead(&pei, "qc", lang),
            line_mode::you_chose(&label("province", "qc"), lang),
            line_mode::no_match("xyz", lang),
            line_mode::not_understood("zzz", lang),
            line_mode::note_kept("caller prefers mornings", lang),
        ] {
            assert!(out.contains(&said), "{lang:?}: no {said:?} in:\n{out}");
        }
        placeholders::assert_no_placeholder(&format!("{lang:?} stdout"), &out);
        placeholders::assert_no_placeholder(&format!("{lang:?} stderr"), &err);
        let summaries = state.path().join("summaries");
        let files: Vec<_> = std::fs::read_dir(&summaries)
            .unwrap_or_else(|e| panic!("{lang:?}: no summary in {summaries:?}: {e}\n{out}"))
            .map(|f| f.unwrap().path())
            .collect();
        assert!(files.len() >= 2, "{files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            placeholders::assert_no_placeholder(&format!("{lang:?} {file:?}"), &text);
        }
    }
}
