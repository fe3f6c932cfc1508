//! Trainer mode: scripted keys through the wizard (pick a scenario, take the call, compare,
//! score, walkthrough, write a scenario), and one whole session in a pseudo-terminal.

#[path = "common/pty.rs"]
mod harness;
#[path = "common/placeholders.rs"]
mod placeholders;
#[path = "common/timeout.rs"]
mod timeout;

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use carepath::outcome::projection::{Change, Edit, Field, Value};
use carepath::pathway::load::PathwaySource;
use carepath::pathway::{Lang, Loaded};
use carepath::scenario::Scenario;
use carepath::strings::projection;
use carepath::train::{Leads, Subject, compare, load_cases, where_options_lead};
use carepath::wizard::action::{Action, Effect};
use carepath::wizard::trainer::Trainer;
use carepath::wizard::{Screen, StartOptions, Wizard};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn loaded() -> Loaded {
    PathwaySource::Bundled.load().expect("bundled pathway")
}

fn trainer(loaded: &Loaded, walkthrough: bool) -> Wizard<'_> {
    trainer_in(loaded, walkthrough, Lang::En)
}

fn trainer_in(loaded: &Loaded, walkthrough: bool, lang: Lang) -> Wizard<'_> {
    let cases = load_cases(None).expect("bundled scenarios");
    Wizard::new(
        loaded,
        StartOptions {
            lang,
            saving: carepath::keeper::Saving::Disabled,
            now: "2026-11-25T10:00:00Z".into(),
            trainer: Some(Trainer::new(cases, walkthrough, "/tmp".into())),
            ..StartOptions::default()
        },
    )
}

fn press(w: &mut Wizard, code: KeyCode) -> Vec<Effect> {
    w.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typ(w: &mut Wizard, text: &str) {
    for c in text.chars() {
        press(w, KeyCode::Char(c));
    }
}

/// Answers the current question with option ids, by typing each id as a filter.
fn answer(w: &mut Wizard, ids: &[&str]) {
    let q = w.question().expect("a question is asked");
    let multi = q.choice == carepath::pathway::Choice::Multi;
    for id in ids {
        typ(w, id);
        if multi {
            press(w, KeyCode::Char(' '));
            press(w, KeyCode::Char('u'));
            w.update(Action::ClearFilter);
        }
    }
    press(w, KeyCode::Enter);
}

/// Picks the scenario whose file name contains `file` from the list.
fn pick(w: &mut Wizard, name: &str) {
    assert_eq!(w.screen(), Screen::TrainList);
    typ(w, name);
    press(w, KeyCode::Enter);
    assert_eq!(w.screen(), Screen::TrainBrief);
    press(w, KeyCode::Enter);
}

/// Plays a scenario's expected answers, with `changed` answers replacing some.
fn play(w: &mut Wizard, scenario: &Scenario, changed: &[(&str, &str)]) {
    while w.screen() == Screen::Question {
        let q = w.question().unwrap().id.clone();
        let given = changed
            .iter()
            .find(|(id, _)| *id == q)
            .map(|(_, a)| a.to_string())
            .or_else(|| scenario.answers.get(&q).cloned())
            .unwrap_or_else(|| panic!("no answer for {q}"));
        let ids: Vec<&str> = given.split(',').collect();
        answer(w, &ids);
    }
    assert_eq!(w.screen(), Screen::Review);
    press(w, KeyCode::Enter);
}

fn scenario_named(part: &str) -> Scenario {
    load_cases(None)
        .unwrap()
        .into_iter()
        .find(|c| c.file.contains(part))
        .unwrap_or_else(|| panic!("no scenario {part}"))
        .scenario
}

#[test]
fn a_right_call_scores_and_a_wrong_one_shows_the_first_difference() {
    let loaded = loaded();
    let mut w = trainer(&loaded, false);
    let fibro = scenario_named("r6-sk-fibromyalgia");
    pick(&mut w, "Saskatchewan, fibro");
    assert_eq!(w.screen(), Screen::Question);
    play(&mut w, &fibro, &[]);
    assert_eq!(w.screen(), Screen::TrainResult);
    press(&mut w, KeyCode::Enter);
    assert_eq!(w.trainer().unwrap().score(), (1, 1));

    // The same scenario again, with CRPS instead of fibromyalgia: another route.
    let (mut w2, _) = fibromyalgia_taken_as_crps(&loaded);
    assert_eq!(w2.screen(), Screen::TrainResult);
    let c = compare(&loaded.pathway, &fibro, w2.call().session().answers()).unwrap();
    assert!(!c.passed());
    let d = c.divergence.expect("a first difference");
    assert_eq!(d.question, "indication");
    assert_eq!(d.expected, vec!["fibromyalgia".to_string()]);
    let subjects: Vec<Subject> = c.explanations.iter().map(|e| e.subject).collect();
    assert_eq!(
        subjects,
        vec![Subject::ExpectedRule("R6"), Subject::YourRule("R9")]
    );
    press(&mut w2, KeyCode::Enter);
    assert_eq!(w2.trainer().unwrap().score(), (0, 1));
}

/// The Saskatchewan fibromyalgia scenario answered with CRPS and IV instead: another route.
fn fibromyalgia_taken_as_crps(loaded: &Loaded) -> (Wizard<'_>, Scenario) {
    let mut w = trainer(loaded, false);
    let fibro = scenario_named("r6-sk-fibromyalgia");
    pick(&mut w, "Saskatchewan, fibro");
    play(
        &mut w,
        &fibro,
        &[("indication", "crps"), ("administration", "iv")],
    );
    (w, fibro)
}

fn render(w: &Wizard, width: u16, height: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    t.draw(|f| carepath::wizard::render::render(w, carepath::wizard::render::Theme::default(), f))
        .unwrap();
    t.backend().to_string()
}

#[test]
fn a_crisis_scenario_is_finished_from_the_emergency_screen_and_scored() {
    let loaded = loaded();
    let mut w = trainer(&loaded, false);
    pick(&mut w, "r1-crisis");
    answer(&mut w, &["crisis"]);
    assert_eq!(w.screen(), Screen::Crisis);
    assert!(
        render(&w, 80, 24).contains("Enter compare with the scenario"),
        "{}",
        render(&w, 80, 24)
    );
    press(&mut w, KeyCode::Enter);
    assert_eq!(w.screen(), Screen::TrainResult);
    assert!(render(&w, 80, 24).contains("The expected route was reached"));
    assert_eq!(w.trainer().unwrap().score(), (1, 1));
}

#[test]
fn a_second_try_after_seeing_the_comparison_does_not_change_the_score() {
    let loaded = loaded();
    let (mut w, fibro) = fibromyalgia_taken_as_crps(&loaded);
    assert_eq!(w.trainer().unwrap().score(), (0, 1));
    // Back to the review, put the expected answer in, and see the result again.
    press(&mut w, KeyCode::Esc);
    assert_eq!(w.screen(), Screen::Review);
    w.update(Action::ChooseNumber(5));
    assert_eq!(w.question().unwrap().id, "indication");
    typ(&mut w, "fibro");
    press(&mut w, KeyCode::Enter);
    while w.screen() == Screen::Question {
        let q = w.question().unwrap().id.clone();
        answer(&mut w, &[fibro.answers[&q].as_str()]);
    }
    press(&mut w, KeyCode::Enter);
    assert_eq!(w.screen(), Screen::TrainResult);
    assert!(render(&w, 120, 40).contains("The expected route was reached"));
    let t = w.trainer().unwrap();
    assert_eq!(t.score(), (0, 1), "the first attempt counts");
    assert_eq!(
        t.score_line(Lang::En).unwrap(),
        "Score: 0 of 1 scenarios reached the expected route at the first attempt"
    );
}

#[test]
fn a_missed_safety_flag_is_explained_by_the_flag_and_its_source() {
    let loaded = loaded();
    let p = &loaded.pathway;
    let mut w = trainer(&loaded, false);
    let psychosis = scenario_named("r9-qc-phantom-established-unsure-selfpay-psychosis");
    pick(&mut w, "qc-phantom");
    play(&mut w, &psychosis, &[("screening", "none")]);
    assert_eq!(w.screen(), Screen::TrainResult);
    let c = compare(p, &psychosis, w.call().session().answers()).unwrap();
    let subjects: Vec<Subject> = c.explanations.iter().map(|e| e.subject).collect();
    assert_eq!(
        subjects,
        vec![
            Subject::Flag {
                id: "psychosis",
                missed: true
            },
            Subject::Flag {
                id: "psychiatric_assessment",
                missed: true
            },
        ],
        "the route is the same, so no rule is quoted"
    );
    let flag = p.flags.iter().find(|f| f.id == "psychosis").unwrap();
    let screen = render(&w, 120, 60);
    assert!(
        screen.contains("A safety point the expected answers raise and yours do not (psychosis)"),
        "{screen}"
    );
    let source = p.source(&flag.sources[0]).unwrap();
    assert!(
        screen.contains(&source.citation(Lang::En)[..30]),
        "{screen}\n{}",
        source.citation(Lang::En)
    );
}

#[test]
fn the_first_divergence_is_the_first_expected_question_answered_differently() {
    let loaded = PathwaySource::Bundled.load().unwrap();
    let p = &loaded.pathway;
    let cases = load_cases(None).unwrap();
    let case = cases
        .iter()
        .find(|c| c.scenario.expect.route == "pain_medicine")
        .unwrap();
    let mut given = case.scenario.answer_map(p).unwrap();
    assert!(compare(p, &case.scenario, &given).unwrap().passed());
    given.insert("indication".into(), vec!["fibromyalgia".into()]);
    given.remove("administration");
    let c = compare(p, &case.scenario, &given).unwrap();
    assert!(!c.passed());
    let d = c.divergence.unwrap();
    assert_eq!(d.question, "indication");
    assert_eq!(d.given, vec!["fibromyalgia".to_string()]);
    assert_eq!(
        c.explanations[0].subject,
        Subject::ExpectedRule("R9"),
        "{:?}",
        c.explanations
    );
}

#[test]
fn changes_are_said_a_field_at_a_time_by_the_pathways_labels() {
    let loaded = PathwaySource::Bundled.load().unwrap();
    let p = &loaded.pathway;
    let change = |field, edit| Change { field, edit };
    let changes = [
        change(Field::Facility, Edit::Facility { appears: true }),
        change(
            Field::Rules,
            Edit::Value {
                old: Value::Absent,
                new: Value::Id("iv".into()),
            },
        ),
        change(Field::Coverage, Edit::Removed("WSIB".into())),
        change(Field::Coverage, Edit::Added("WorkSafeBC".into())),
        change(Field::Flags, Edit::Added("pregnancy".into())),
    ];
    assert_eq!(
        projection::changes(p, &changes, Lang::En),
        [
            "Facility: needed",
            "Facility rules: IV ketamine",
            "Coverage: − WSIB, + WorkSafeBC",
            "Safety points: + Pregnancy or breastfeeding: ketamine generally avoided",
        ]
    );
    assert_eq!(
        projection::changes(p, &changes[2..3], Lang::Fr),
        ["Couverture\u{a0}: − CSPAAT"]
    );
}

#[test]
fn a_written_variant_is_named_after_the_answers_that_differ() {
    let loaded = loaded();
    let mut w = trainer(&loaded, false);
    let psychosis = scenario_named("r9-qc-phantom-established-unsure-selfpay-psychosis");
    pick(&mut w, "qc-phantom");
    play(&mut w, &psychosis, &[("screening", "none")]);
    press(&mut w, KeyCode::Char('o'));
    let effects = press(&mut w, KeyCode::Char('w'));
    let Some(Effect::WriteScenario { text, .. }) = effects.first() else {
        panic!("w should write a scenario, got {effects:?}");
    };
    let written = Scenario::parse("written.ron", text).unwrap();
    assert_eq!(
        written.name.en,
        format!("{} (variant: screening=none)", psychosis.name.en)
    );
    assert!(written.expect.flags.is_empty());
}

#[test]
fn scenarios_that_do_not_fit_the_pathway_are_refused_before_the_call() {
    let out = cargo_bin_cmd!("carepath")
        .args(["--pathway", "tests/fixtures/diff/old.ron", "train"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("scenarios do not fit the pathway fixture 0.0.1"),
        "{stderr}"
    );
    assert!(stderr.contains("there is no question `safety`"), "{stderr}");
}

#[test]
fn the_comparison_screen_marks_the_difference_and_the_rule() {
    let loaded = loaded();
    let (w, _) = fibromyalgia_taken_as_crps(&loaded);
    let screen = render(&w, 120, 40);
    assert!(screen.contains("◀ first difference"), "{screen}");
    assert!(screen.contains("(R6)"), "{screen}");
    assert!(screen.contains("The result differs"), "{screen}");
}

#[test]
fn the_walkthrough_shows_where_each_option_leads_and_is_not_scored() {
    let loaded = loaded();
    let p = &loaded.pathway;
    let mut w = trainer(&loaded, true);
    pick(&mut w, "Ontario, neuropathic");
    assert_eq!(w.screen(), Screen::Walkthrough);
    // Step through to the indication question.
    for _ in 0..4 {
        press(&mut w, KeyCode::Right);
    }
    let q = match w.call().session().step() {
        Ok(carepath::session::Step::Ask(q)) => q,
        other => panic!("expected a question, got {other:?}"),
    };
    assert_eq!(q.id, "indication");
    let expected = w.expected_answers().unwrap();
    let leads = where_options_lead(p, q, w.call().session().answers(), &expected);
    let by_option = |id: &str| leads[q.options.iter().position(|o| o.id == id).unwrap()].clone();
    // The scenario never answers the amputation question, so the path changes there.
    assert_eq!(
        by_option("phantom_limb"),
        Leads::Question("amputation".into())
    );
    // Fibromyalgia ends at rule R6 even though the rule sits on a later question.
    assert!(
        matches!(by_option("fibromyalgia"), Leads::Outcome { ref rule, .. } if rule == "R6"),
        "{:?}",
        by_option("fibromyalgia")
    );
    let screen = render(&w, 120, 40);
    assert!(
        screen.contains("Where each option ends if the rest of the call goes as expected"),
        "{screen}"
    );
    assert!(screen.contains("(R6)"), "{screen}");
    press(&mut w, KeyCode::Left);
    assert_eq!(w.trainer().unwrap().step, 3);
    for _ in 0..20 {
        press(&mut w, KeyCode::Enter);
    }
    assert_eq!(w.screen(), Screen::TrainResult);
    assert_eq!(w.trainer().unwrap().score(), (0, 0));
}

#[test]
fn w_on_the_outcome_writes_a_scenario_that_passes() {
    let loaded = loaded();
    let mut w = trainer(&loaded, false);
    let fibro = scenario_named("r6-sk-fibromyalgia");
    pick(&mut w, "Saskatchewan, fibro");
    play(&mut w, &fibro, &[("comorbidities", "none")]);
    press(&mut w, KeyCode::Char('o'));
    assert_eq!(w.screen(), Screen::Outcome);
    let effects = press(&mut w, KeyCode::Char('w'));
    let Some(Effect::WriteScenario { text, .. }) = effects.first() else {
        panic!("w should write a scenario, got {effects:?}");
    };
    let written = Scenario::parse("written.ron", text).expect("the written scenario parses");
    assert_eq!(
        written.answers.get("comorbidities").map(String::as_str),
        Some("none")
    );
    assert!(written.check(&loaded.pathway).unwrap().is_empty());
}

#[test]
fn train_through_a_pseudo_terminal() {
    let state = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = "pathways/scenarios/r6-sk-fibromyalgia-selfpay.ron";
    let out_dir = out.path().display().to_string();
    let mut pty = harness::spawn(
        Path::new(env!("CARGO_BIN_EXE_carepath")),
        &["train", file, "--write-to", &out_dir],
        state.path(),
        100,
        30,
    );
    pty.wait_for("Trainer: choose a scenario");
    pty.step(harness::ENTER, "Press Enter to take the call");
    let p = loaded().pathway;
    let prompt = |q: &str| {
        p.question(q)
            .unwrap()
            .prompt
            .staff
            .get(Lang::En)
            .to_string()
    };
    pty.step(harness::ENTER, &prompt("safety"));
    pty.step("3", &prompt("province"));
    pty.send("sk");
    pty.step(harness::ENTER, &prompt("age"));
    pty.step("1", &prompt("concern"));
    pty.step("3", &prompt("indication"));
    pty.send("fibro");
    pty.step(harness::ENTER, &prompt("comorbidities"));
    pty.send("1 3");
    pty.step(harness::ENTER, &prompt("screening"));
    pty.send("7");
    pty.step(harness::ENTER, &prompt("coverage"));
    pty.send("4");
    pty.step(harness::ENTER, "See the result");
    pty.step(harness::ENTER, "The expected route was reached");
    pty.step("o", "Route:");
    pty.step("w", "Scenario written");
    let written: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(written.len(), 1);
    let out = cargo_bin_cmd!("carepath")
        .args(["scenarios", &out_dir])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 passed, 0 failed"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_same_route_through_another_answer_is_said_and_the_comparison_scrolls() {
    let loaded = loaded();
    // "Not sure" about the medicines tried leads where "no" does (R8). (A crisis where a
    // medical emergency was expected no longer does: each has its own outcome since 1.3.0.)
    let mut w = trainer(&loaded, false);
    let first_line = scenario_named("r8-on-neuropathic");
    pick(&mut w, "r8-on-neuropathic");
    play(&mut w, &first_line, &[("prior_treatment", "unsure")]);
    assert_eq!(w.screen(), Screen::TrainResult);
    let screen = render(&w, 120, 40);
    assert!(
        screen.contains("The expected route was reached, but through another answer"),
        "{screen}"
    );

    // A long comparison at 80×24 says there is more, and scrolls to it.
    let mut w = trainer(&loaded, false);
    let neuro = scenario_named("r8-on-neuropathic");
    pick(&mut w, "r8-on-neuropathic");
    play(
        &mut w,
        &neuro,
        &[("prior_treatment", "yes"), ("administration", "iv")],
    );
    let top = render(&w, 80, 24);
    assert!(top.contains("more below"), "{top}");
    assert!(top.contains("Route: Expected referral"), "{top}");
    for _ in 0..10 {
        press(&mut w, KeyCode::PageDown);
    }
    let bottom = render(&w, 80, 24);
    assert!(!bottom.contains("more below"), "{bottom}");
    assert!(
        bottom.contains("Ketamine for chronic pain: risks and"),
        "{bottom}"
    );
}

#[test]
fn a_walkthrough_step_that_does_not_fit_scrolls_and_the_province_step_shows_what_changes() {
    let loaded = loaded();
    let mut w = trainer(&loaded, true);
    pick(&mut w, "Ontario, neuropathic");
    press(&mut w, KeyCode::Right);
    assert_eq!(w.question().map(|q| q.id.as_str()), Some("province"));
    let step = w.trainer().unwrap().step;
    let top = render(&w, 60, 16);
    assert!(top.contains("more below"), "{top}");
    // ↓ scrolls within the step; it does not move to the next one.
    for _ in 0..40 {
        press(&mut w, KeyCode::Down);
    }
    assert_eq!(w.trainer().unwrap().step, step);
    let bottom = render(&w, 60, 16);
    assert!(bottom.contains("Yukon"), "{bottom}");
    assert!(!bottom.contains("more below"), "{bottom}");
    // Another province keeps the route but not the coverage program: the walkthrough says so.
    let wide = render(&w, 160, 60);
    assert!(
        wide.contains("changes: Coverage: − WSIB, + WorkSafeBC"),
        "{wide}"
    );
}

#[test]
fn c_on_the_outcome_goes_back_to_the_comparison_without_scoring_again() {
    let loaded = loaded();
    let (mut w, _) = fibromyalgia_taken_as_crps(&loaded);
    press(&mut w, KeyCode::Char('o'));
    assert_eq!(w.screen(), Screen::Outcome);
    press(&mut w, KeyCode::Char('c'));
    assert_eq!(w.screen(), Screen::TrainResult);
    assert_eq!(w.trainer().unwrap().results.len(), 1);
}

/// Every trainer screen in both languages (list with its score, vignette, comparison, outcome,
/// walkthrough): no template placeholder such as `{n}` is left unfilled.
#[test]
fn no_trainer_screen_shows_a_template_placeholder() {
    let loaded = loaded();
    for lang in [Lang::En, Lang::Fr] {
        let mut shown: Vec<(&str, String)> = Vec::new();
        let mut w = trainer(&loaded, false);
        if lang == Lang::Fr {
            press(&mut w, KeyCode::F(4));
        }
        assert_eq!(w.lang(), lang);
        typ(&mut w, "Saskatchewan, fibro");
        shown.push(("list", render(&w, 120, 40)));
        press(&mut w, KeyCode::Enter);
        shown.push(("brief", render(&w, 120, 40)));
        press(&mut w, KeyCode::Enter);
        let fibro = scenario_named("r6-sk-fibromyalgia");
        play(
            &mut w,
            &fibro,
            &[("indication", "crps"), ("administration", "iv")],
        );
        shown.push(("comparison", render(&w, 120, 40)));
        press(&mut w, KeyCode::Char('o'));
        shown.push(("outcome", render(&w, 120, 40)));
        press(&mut w, KeyCode::Char('c'));
        press(&mut w, KeyCode::Enter);
        assert_eq!(w.screen(), Screen::TrainList);
        let list = render(&w, 120, 40);
        assert!(
            list.contains(&carepath::strings::train::score(0, 1, lang)),
            "{list}"
        );
        shown.push(("scored list", list));

        let mut w = trainer(&loaded, true);
        if lang == Lang::Fr {
            press(&mut w, KeyCode::F(4));
        }
        pick(&mut w, "Ontario, neuropathic");
        let first = render(&w, 120, 40);
        assert!(
            first.contains(&carepath::strings::train::step_of(1, 9, lang)),
            "{first}"
        );
        shown.push(("walkthrough", first));
        while w.screen() == Screen::Walkthrough {
            press(&mut w, KeyCode::Right);
            shown.push(("walkthrough step", render(&w, 120, 40)));
        }
        for (screen, text) in shown {
            placeholders::assert_no_placeholder(&format!("{screen} {lang:?}"), &text);
        }
    }
}

/// The Quebec psychosis scenario (pain medicine, self-pay, two safety flags) answered as a
/// crisis at the first question: the result loses its facility, coverage and flags.
fn psychosis_taken_as_crisis(loaded: &Loaded, lang: Lang) -> Wizard<'_> {
    let mut w = trainer_in(loaded, false, lang);
    pick(&mut w, "qc-phantom");
    answer(&mut w, &["crisis"]);
    assert_eq!(w.screen(), Screen::Crisis);
    press(&mut w, KeyCode::Enter);
    assert_eq!(w.screen(), Screen::TrainResult);
    w
}

/// The comparison's rows of the fields that differ: after the verdict, up to the blank line.
fn mismatch_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .map(|l| l.trim_matches(['"', ' ']))
        .skip_while(|l| !l.starts_with('✗'))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_comparison_names_each_part_by_its_label_and_an_empty_one_in_words() {
    let loaded = loaded();
    let w = psychosis_taken_as_crisis(&loaded, Lang::En);
    let screen = render(&w, 300, 60);
    let rows = mismatch_rows(&screen);
    for row in [
        "Outcome: Expected Ask for a referral to a pain-medicine physician at an accredited \
         clinic · Your answers Call or text 9-8-8 now",
        "Route: Expected pain_medicine · Your answers emergency",
        "Facility rules: Expected IV ketamine · Your answers no facility needed",
        "Regulator: Expected CMQ · Your answers no regulator named",
        "Coverage: Expected Self-pay · Your answers no coverage program",
        "Safety points: Expected Psychosis or mania: ketamine often avoided; psychiatric \
         assessment first, Psychiatric assessment first, before any ketamine · Your answers no \
         safety point",
    ] {
        assert!(
            rows.iter().any(|r| r.starts_with(row)),
            "no {row:?} in {rows:#?}"
        );
    }
    for id in ["self-pay", "psychiatric_assessment", "—"] {
        assert!(!rows.iter().any(|r| r.contains(id)), "{id:?} in {rows:#?}");
    }
}

#[test]
fn the_comparison_in_french_says_its_fields_and_values_in_french() {
    let loaded = loaded();
    let w = psychosis_taken_as_crisis(&loaded, Lang::Fr);
    let rows = mismatch_rows(&render(&w, 300, 60));
    for row in [
        "Couverture\u{a0}: Attendu À vos frais · Vos réponses aucun programme de couverture",
        "Règles pour l'établissement\u{a0}: Attendu kétamine par intraveineuse (IV) · Vos \
         réponses aucun établissement requis",
        "Points de sécurité\u{a0}: Attendu Psychose ou manie",
    ] {
        assert!(
            rows.iter().any(|r| r.starts_with(row)),
            "no {row:?} in {rows:#?}"
        );
    }
    for english in [
        "Self-pay",
        "Coverage",
        "Safety points",
        "Psychosis",
        "Expected",
    ] {
        assert!(
            !rows.iter().any(|r| r.contains(english)),
            "{english:?} in {rows:#?}"
        );
    }
}

/// The walkthrough's line of what an option changes, for each option of the current step.
fn changes_lines(screen: &str, lang: Lang) -> Vec<String> {
    let intro = carepath::strings::ui(lang).changes_here.trim_end();
    screen
        .lines()
        .map(|l| l.trim_matches(['"', ' ']))
        .filter(|l| l.starts_with(intro))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_walkthrough_says_what_an_option_changes_in_french_without_ids_or_empty_values() {
    let loaded = loaded();
    let mut w = trainer_in(&loaded, true, Lang::Fr);
    pick(&mut w, "qc-phantom");
    assert_eq!(w.question().map(|q| q.id.as_str()), Some("safety"));
    let screen = render(&w, 400, 60);
    let lines = changes_lines(&screen, Lang::Fr);
    assert!(!lines.is_empty(), "{screen}");
    // A crisis ends the call before the facility, coverage and safety questions.
    let crisis = "changements\u{a0}: Établissement\u{a0}: non requis · Couverture\u{a0}: − À \
                  vos frais · Points de sécurité\u{a0}: − Psychose ou manie\u{a0}: kétamine \
                  souvent évitée; évaluation psychiatrique d'abord, − Évaluation psychiatrique \
                  d'abord, avant toute kétamine";
    assert!(lines.iter().any(|l| l == crisis), "{lines:#?}");
    for line in &lines {
        for english in [
            "coverage",
            "regulator",
            "facility",
            "Facility",
            "self-pay",
            "psychosis",
            "—",
        ] {
            assert!(!line.contains(english), "{english:?} in {line:?}");
        }
        assert!(!line.contains("  "), "an empty value in {line:?}");
        assert!(!line.contains("_"), "an id in {line:?}");
    }
}

#[test]
fn a_scenario_named_and_told_in_french_is_shown_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let fibro = std::fs::read_to_string("pathways/scenarios/r6-sk-fibromyalgia-selfpay.ron")
        .unwrap()
        .replacen(
            "name: \"",
            "name: (fr: \"Saskatchewan, fibromyalgie\", en: \"",
            1,
        )
        .replacen("\",\n    vignette: \"", "\"),\n    vignette: (en: \"", 1)
        .replacen(
            "\",\n    answers:",
            "\", fr: \"Une teneuse de livres de 41 ans vit à Regina.\"),\n    answers:",
            1,
        );
    std::fs::write(dir.path().join("fibro.ron"), &fibro).unwrap();
    let cases = load_cases(Some(dir.path())).unwrap_or_else(|e| panic!("{e}\n{fibro}"));
    let loaded = loaded();
    for (lang, name, story) in [
        (
            Lang::Fr,
            "Saskatchewan, fibromyalgie",
            "Une teneuse de livres de 41 ans vit à Regina.",
        ),
        (Lang::En, "Saskatchewan, fibromyalgia", "Regina"),
    ] {
        let mut w = Wizard::new(
            &loaded,
            StartOptions {
                lang,
                saving: carepath::keeper::Saving::Disabled,
                trainer: Some(Trainer::new(cases.clone(), false, "/tmp".into())),
                ..StartOptions::default()
            },
        );
        assert!(
            render(&w, 100, 30).contains(name),
            "{}",
            render(&w, 100, 30)
        );
        press(&mut w, KeyCode::Enter);
        assert_eq!(w.screen(), Screen::TrainBrief);
        let brief = render(&w, 100, 30);
        assert!(brief.contains(name) && brief.contains(story), "{brief}");
    }
}

#[test]
fn the_walkthrough_names_where_an_option_leads_by_its_headline_not_its_id() {
    let loaded = loaded();
    for lang in [Lang::En, Lang::Fr] {
        let mut w = trainer_in(&loaded, true, lang);
        pick(&mut w, "qc-phantom");
        let screen = render(&w, 400, 60);
        let leads_to = carepath::strings::ui(lang).leads_to;
        let lines: Vec<&str> = screen.lines().filter(|l| l.contains(leads_to)).collect();
        assert!(!lines.is_empty(), "{screen}");
        let headlines: Vec<String> = loaded
            .pathway
            .outcomes()
            .map(|o| o.headline.get(lang).trim_end_matches('.').to_string())
            .collect();
        for line in &lines {
            for o in loaded.pathway.outcomes() {
                assert!(
                    !line.contains(&format!("{leads_to} {} (", o.id)),
                    "an outcome id in {line:?}"
                );
            }
            assert!(
                headlines.iter().any(|h| line.contains(h.as_str())),
                "no headline in {line:?}"
            );
        }
    }
}

#[test]
fn a_walkthrough_option_that_wraps_continues_deeper_than_the_options_start() {
    let loaded = loaded();
    let mut w = trainer_in(&loaded, true, Lang::En);
    pick(&mut w, "qc-phantom");
    press(&mut w, KeyCode::Right);
    press(&mut w, KeyCode::Right);
    let screen = render(&w, 80, 40);
    let rows: Vec<&str> = screen.lines().map(|l| l.trim_matches('"')).collect();
    let first = rows
        .iter()
        .position(|r| r.contains("18 or older [adult]"))
        .unwrap_or_else(|| panic!("{screen}"));
    // The target is longer than a row at 80 columns: its rest sits under the label, four
    // columns in, where no option starts.
    let next = rows[first + 1];
    assert!(
        next.starts_with("     ") && !next.trim().is_empty(),
        "{screen}"
    );
    assert!(
        rows[first + 2].starts_with("   Under 18 [minor]"),
        "{screen}"
    );
}
