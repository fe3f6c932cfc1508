//! The session engine on the bundled pathway: answering, going back, changing an earlier
//! answer, progress, and a property-style walk over many pseudo-random answer paths.

#[path = "common/random.rs"]
mod random;

use std::collections::BTreeSet;

use carepath::pathway::load::PathwaySource;
use carepath::pathway::{Choice, Pathway, Question};
use carepath::session::{AnswerError, AnswerMap, Session, Step};
use random::Rng;

fn bundled() -> Pathway {
    PathwaySource::Bundled
        .load()
        .expect("the bundled pathway loads")
        .pathway
}

fn opts(a: &str) -> Vec<String> {
    a.split(',').map(str::to_string).collect()
}

/// The id of the question asked next, or `None` once done.
fn asking(s: &Session) -> Option<String> {
    match s.step().expect("the bundled pathway never gets stuck") {
        Step::Ask(q) => Some(q.id.clone()),
        Step::Done(_) => None,
    }
}

fn done(s: &Session) -> Option<String> {
    match s.step().expect("the bundled pathway never gets stuck") {
        Step::Ask(_) => None,
        Step::Done(o) => Some(o.id.clone()),
    }
}

/// Answers each question in turn, checking that it is the one asked next.
fn answer_in_order(s: &mut Session, answers: &[(&str, &str)]) {
    for (q, a) in answers {
        assert_eq!(asking(s).as_deref(), Some(*q), "question order");
        let dropped = s.answer(q, &opts(a)).unwrap();
        assert!(dropped.is_empty(), "answering in order drops nothing");
    }
}

fn keys(s: &Session) -> BTreeSet<String> {
    s.answers().keys().cloned().collect()
}

fn set(k: &[&str]) -> BTreeSet<String> {
    k.iter().map(|s| s.to_string()).collect()
}

const ADULT: [(&str, &str); 4] = [
    ("safety", "none"),
    ("province", "on"),
    ("age", "adult"),
    ("concern", "pain"),
];
const TAIL: [(&str, &str); 3] = [
    ("comorbidities", "depression"),
    ("screening", "liver"),
    ("coverage", "workers_comp"),
];

fn adult(
    middle: &[(&'static str, &'static str)],
    end: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut v = ADULT.to_vec();
    v.extend(middle);
    v.extend(TAIL);
    v.extend(end);
    v
}

#[test]
fn answering_in_order_reaches_every_outcome() {
    let p = bundled();
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("safety", "crisis")], "emergency"),
        (vec![("safety", "medical_emergency")], "medical-emergency"),
        (
            vec![("safety", "none"), ("province", "nu"), ("age", "minor")],
            "referral-minor",
        ),
        (
            vec![
                ("safety", "none"),
                ("province", "qc"),
                ("age", "adult"),
                ("concern", "mental_health"),
                ("comorbidities", "bipolar"),
                ("screening", "none"),
                ("coverage", "none"),
            ],
            "kap-coordinated-care",
        ),
        (
            adult(&[("indication", "cancer")], &[]),
            "referral-palliative",
        ),
        (
            adult(
                &[("indication", "phantom_limb"), ("amputation", "planned")],
                &[],
            ),
            "referral-surgical",
        ),
        (
            adult(&[("indication", "fibromyalgia")], &[]),
            "referral-fibromyalgia",
        ),
        (adult(&[("indication", "other")], &[]), "referral-diagnosis"),
        (
            adult(
                &[("indication", "neuropathic"), ("prior_treatment", "no")],
                &[],
            ),
            "referral-first-line",
        ),
        (
            adult(&[("indication", "sci"), ("prior_treatment", "unsure")], &[]),
            "referral-first-line",
        ),
        (
            adult(&[("indication", "crps")], &[("administration", "iv")]),
            "pain-medicine",
        ),
        (
            adult(
                &[("indication", "neuropathic"), ("prior_treatment", "yes")],
                &[("administration", "non_iv")],
            ),
            "pain-medicine",
        ),
        (
            adult(
                &[
                    ("indication", "phantom_limb"),
                    ("amputation", "established"),
                ],
                &[("administration", "unsure")],
            ),
            "pain-medicine",
        ),
    ];
    let mut reached = BTreeSet::new();
    for (answers, outcome) in cases {
        let mut s = Session::new(&p);
        assert!(s.outcome().is_none());
        answer_in_order(&mut s, &answers);
        assert_eq!(done(&s).as_deref(), Some(outcome), "{answers:?}");
        let o = s.outcome().expect("an outcome once done");
        assert_eq!(o.node.id, outcome);
        let trace: Vec<&str> = o.trace.iter().map(|t| t.question.as_str()).collect();
        let asked: Vec<&str> = answers.iter().map(|(q, _)| *q).collect();
        assert_eq!(
            trace, asked,
            "the trace is the questions in the order asked"
        );
        let history: Vec<&str> = s.history().iter().map(|q| q.id.as_str()).collect();
        assert_eq!(history, asked);
        reached.insert(outcome.to_string());
    }
    let all: BTreeSet<String> = p.outcomes().map(|o| o.id.clone()).collect();
    assert_eq!(reached, all, "every outcome of the pathway is reached");
}

#[test]
fn back_returns_the_last_question_with_its_old_answer() {
    let p = bundled();
    let mut s = Session::new(&p);
    assert_eq!(s.back(), None, "nothing to go back to at the start");

    let path = adult(&[("indication", "crps")], &[("administration", "iv")]);
    answer_in_order(&mut s, &path);
    assert_eq!(done(&s).as_deref(), Some("pain-medicine"));

    assert_eq!(s.back(), Some(("administration".into(), opts("iv"))));
    assert_eq!(asking(&s).as_deref(), Some("administration"));
    assert!(s.outcome().is_none());
    assert_eq!(s.answer_of("administration"), None);

    assert_eq!(
        s.back(),
        Some(("coverage".into(), opts("workers_comp"))),
        "multi-choice answers come back whole"
    );
    assert_eq!(asking(&s).as_deref(), Some("coverage"));
    // The earlier answers are untouched.
    assert_eq!(s.answer_of("screening"), Some(&opts("liver")[..]));
    assert_eq!(s.answer_of("indication"), Some(&opts("crps")[..]));

    // Going back all the way, one question at a time, in reverse order.
    let mut seen = Vec::new();
    while let Some((q, _)) = s.back() {
        seen.push(q);
    }
    let expected: Vec<String> = path[..path.len() - 2]
        .iter()
        .rev()
        .map(|(q, _)| q.to_string())
        .collect();
    assert_eq!(seen, expected);
    assert!(s.answers().is_empty());
    assert_eq!(asking(&s).as_deref(), Some("safety"));

    // Back from an emergency returns to the safety question.
    let mut s = Session::new(&p);
    s.answer("safety", &opts("crisis")).unwrap();
    assert_eq!(s.back(), Some(("safety".into(), opts("crisis"))));
    assert_eq!(asking(&s).as_deref(), Some("safety"));
}

#[test]
fn answers_gone_back_over_are_remembered_until_they_no_longer_apply() {
    let p = bundled();
    let mut s = Session::new(&p);
    answer_in_order(&mut s, &ADULT);
    s.back();
    s.back();
    s.back();
    assert_eq!(asking(&s).as_deref(), Some("province"));
    assert_eq!(keys(&s), set(&["safety"]), "gone back over: not answers");
    assert_eq!(s.remembered("province"), Some(&opts("on")[..]));
    assert_eq!(s.remembered("age"), Some(&opts("adult")[..]));
    assert_eq!(s.remembered("concern"), Some(&opts("pain")[..]));

    // The same answer again: the later ones are still remembered, one question at a time.
    assert!(s.answer("province", &opts("on")).unwrap().is_empty());
    assert_eq!(asking(&s).as_deref(), Some("age"));
    assert_eq!(s.remembered("concern"), Some(&opts("pain")[..]));
    assert!(!s.pending().contains_key("province"));

    // Under 18 ends the path: the main reason no longer applies and is dropped, named.
    assert_eq!(s.answer("age", &opts("minor")).unwrap(), ["concern"]);
    assert!(s.pending().is_empty());
    assert_eq!(s.remembered("concern"), None);

    s.restart();
    assert!(s.answers().is_empty() && s.pending().is_empty());
}

#[test]
fn dropped_answers_are_named_in_the_order_the_questions_are_asked() {
    let p = bundled();
    let mut s = Session::new(&p);
    answer_in_order(
        &mut s,
        &adult(
            &[("indication", "neuropathic"), ("prior_treatment", "yes")],
            &[("administration", "iv")],
        ),
    );
    // Mental health as the main concern: no pain questions, no screening, no administration.
    let dropped = s.answer("concern", &opts("mental_health")).unwrap();
    let asked: Vec<&str> = p
        .questions()
        .map(|q| q.id.as_str())
        .filter(|id| dropped.iter().any(|d| d == id))
        .collect();
    assert_eq!(dropped, asked, "in the pathway's order, not the alphabet's");
    assert_eq!(dropped.first().map(String::as_str), Some("indication"));
    assert!(dropped.len() >= 3, "{dropped:?}");
}

/// `prune` keeps the answers on the path and those still reachable from the next question.
#[test]
fn changing_the_indication_keeps_what_still_applies() {
    let p = bundled();
    let mut s = Session::new(&p);
    answer_in_order(
        &mut s,
        &adult(&[("indication", "crps")], &[("administration", "iv")]),
    );

    // crps → phantom_limb: amputation is now asked; everything after it is still reachable.
    let dropped = s.answer("indication", &opts("phantom_limb")).unwrap();
    assert!(dropped.is_empty(), "{dropped:?}");
    assert_eq!(asking(&s).as_deref(), Some("amputation"));
    assert_eq!(
        keys(&s),
        set(&[
            "safety",
            "province",
            "age",
            "concern",
            "indication",
            "comorbidities",
            "screening",
            "coverage",
            "administration"
        ])
    );
    assert_eq!(s.answer_of("comorbidities"), Some(&opts("depression")[..]));
    assert_eq!(s.answer_of("administration"), Some(&opts("iv")[..]));

    // Established amputation: straight to pain medicine with the kept answers.
    let dropped = s.answer("amputation", &opts("established")).unwrap();
    assert!(dropped.is_empty());
    assert_eq!(done(&s).as_deref(), Some("pain-medicine"));
    let o = s.outcome().unwrap();
    assert_eq!(o.facility.unwrap().kind.id, "iv");
    assert_eq!(
        o.flags.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
        ["liver"]
    );

    // Planned amputation: the surgical referral never asks how it is given.
    let dropped = s.answer("amputation", &opts("planned")).unwrap();
    assert_eq!(dropped, ["administration"]);
    assert_eq!(done(&s).as_deref(), Some("referral-surgical"));

    // phantom_limb → neuropathic: amputation no longer applies.
    let dropped = s.answer("indication", &opts("neuropathic")).unwrap();
    assert_eq!(dropped, ["amputation"]);
    assert_eq!(asking(&s).as_deref(), Some("prior_treatment"));
    s.answer("prior_treatment", &opts("no")).unwrap();
    assert_eq!(done(&s).as_deref(), Some("referral-first-line"));

    // neuropathic → cancer: prior_treatment goes.
    let dropped = s.answer("indication", &opts("cancer")).unwrap();
    assert_eq!(dropped, ["prior_treatment"]);
    assert_eq!(done(&s).as_deref(), Some("referral-palliative"));
    assert_eq!(
        keys(&s),
        set(&[
            "safety",
            "province",
            "age",
            "concern",
            "indication",
            "comorbidities",
            "screening",
            "coverage"
        ])
    );
}

#[test]
fn changing_the_concern_to_mental_health_drops_the_pain_questions() {
    let p = bundled();
    for middle in [
        vec![
            ("indication", "phantom_limb"),
            ("amputation", "established"),
        ],
        vec![("indication", "sci"), ("prior_treatment", "yes")],
    ] {
        let mut s = Session::new(&p);
        answer_in_order(&mut s, &adult(&middle, &[("administration", "non_iv")]));
        assert_eq!(done(&s).as_deref(), Some("pain-medicine"));

        let dropped: BTreeSet<String> = s
            .answer("concern", &opts("mental_health"))
            .unwrap()
            .into_iter()
            .collect();
        let mut expected: Vec<&str> = middle.iter().map(|(q, _)| *q).collect();
        expected.push("administration");
        assert_eq!(dropped, set(&expected));
        assert_eq!(done(&s).as_deref(), Some("kap-coordinated-care"));
        assert_eq!(
            keys(&s),
            set(&[
                "safety",
                "province",
                "age",
                "concern",
                "comorbidities",
                "screening",
                "coverage"
            ])
        );
    }

    // Resumed answers with every question answered: those off the path are dropped first.
    let all: AnswerMap = [
        ("safety", "none"),
        ("province", "ab"),
        ("age", "adult"),
        ("concern", "both"),
        ("indication", "crps"),
        ("amputation", "planned"),
        ("prior_treatment", "no"),
        ("comorbidities", "none"),
        ("screening", "none"),
        ("coverage", "none"),
        ("administration", "iv"),
    ]
    .iter()
    .map(|(q, a)| (q.to_string(), opts(a)))
    .collect();
    let (mut s, dropped) = Session::with_answers(&p, all);
    assert_eq!(
        dropped.into_iter().collect::<BTreeSet<_>>(),
        set(&["amputation", "prior_treatment"])
    );
    assert_eq!(done(&s).as_deref(), Some("pain-medicine"));
    let dropped: BTreeSet<String> = s
        .answer("concern", &opts("mental_health"))
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(dropped, set(&["indication", "administration"]));

    // Safety → crisis: nothing else applies.
    let dropped = s.answer("safety", &opts("crisis")).unwrap();
    assert_eq!(dropped.len(), 6, "{dropped:?}");
    assert_eq!(keys(&s), set(&["safety"]));
    assert_eq!(done(&s).as_deref(), Some("emergency"));
}

#[test]
fn an_answer_off_the_path_is_refused_and_changes_nothing() {
    let p = bundled();
    let mut s = Session::new(&p);
    let not_on_path = |r: Result<Vec<String>, AnswerError>, q: &str| match r {
        Err(AnswerError::NotOnPath { question }) => assert_eq!(question, q),
        other => panic!("{q}: expected NotOnPath, got {other:?}"),
    };
    not_on_path(s.answer("province", &opts("on")), "province");
    answer_in_order(&mut s, &ADULT);
    let before = s.answers().clone();
    not_on_path(s.answer("amputation", &opts("planned")), "amputation");
    not_on_path(s.answer("prior_treatment", &opts("yes")), "prior_treatment");
    not_on_path(s.answer("administration", &opts("iv")), "administration");
    not_on_path(s.answer("comorbidities", &opts("none")), "comorbidities");
    assert_eq!(s.answers(), &before);

    // Unknown questions and options are refused with the valid ones and a suggestion.
    match s.answer("indicaton", &opts("crps")) {
        Err(AnswerError::UnknownQuestion {
            suggestion, valid, ..
        }) => {
            assert_eq!(suggestion.as_deref(), Some("indication"));
            assert_eq!(valid.len(), p.questions().count());
        }
        other => panic!("{other:?}"),
    }
    match s.answer("indication", &opts("crp")) {
        Err(AnswerError::UnknownOption { suggestion, .. }) => {
            assert_eq!(suggestion.as_deref(), Some("crps"))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        s.answer("indication", &opts("crps,cancer")),
        Err(AnswerError::TooMany { .. })
    ));
    assert!(matches!(
        s.answer("indication", &[]),
        Err(AnswerError::Empty { .. })
    ));
    assert_eq!(s.answers(), &before);

    // A multi-choice `none` excludes the rest.
    s.answer("indication", &opts("crps")).unwrap();
    assert!(matches!(
        s.answer("comorbidities", &opts("none,ptsd")),
        Err(AnswerError::ExclusiveWithOthers { .. })
    ));
    // Past the outcome, questions of other branches stay refused.
    answer_in_order(
        &mut s,
        &[
            ("comorbidities", "none"),
            ("screening", "none"),
            ("coverage", "none"),
            ("administration", "iv"),
        ],
    );
    not_on_path(s.answer("amputation", &opts("planned")), "amputation");
}

#[test]
fn progress_moves_forward_and_never_overshoots() {
    let p = bundled();
    let total = p.questions().count();
    for path in [
        adult(
            &[
                ("indication", "phantom_limb"),
                ("amputation", "established"),
            ],
            &[("administration", "iv")],
        ),
        adult(&[("indication", "other")], &[]),
        vec![("safety", "none"), ("province", "on"), ("age", "minor")],
        vec![("safety", "crisis")],
    ] {
        let mut s = Session::new(&p);
        let (n0, m0) = s.progress();
        assert_eq!(n0, 1, "the first question is number 1");
        assert!(m0 <= total && m0 >= 1);
        let mut last_n = 0;
        for (i, (q, a)) in path.iter().enumerate() {
            let (n, m) = s.progress();
            assert_eq!(n, i + 1, "{q}: question number");
            assert!(n > last_n, "progress moves forward");
            assert!(n <= m, "{q}: {n} of {m}");
            assert!(m <= total, "{q}: {m} > {total} questions");
            last_n = n;
            s.answer(q, &opts(a)).unwrap();
        }
        let (n, m) = s.progress();
        assert!(s.outcome().is_some());
        assert_eq!((n, m), (path.len(), path.len()), "done: all of them");
    }
}

// ---------------------------------------------------------------------------
// Property-style: many pseudo-random sessions
// ---------------------------------------------------------------------------

/// A valid answer to `q`: one option, or a non-empty set that respects `exclusive`.
fn random_answer(rng: &mut Rng, q: &Question) -> Vec<String> {
    let ids: Vec<&String> = q.options.iter().map(|o| &o.id).collect();
    if q.choice == Choice::Single {
        return vec![ids[rng.below(ids.len())].clone()];
    }
    if let Some(ex) = &q.exclusive
        && rng.percent(25)
    {
        return vec![ex.clone()];
    }
    let others: Vec<&String> = ids
        .into_iter()
        .filter(|o| Some(*o) != q.exclusive.as_ref())
        .collect();
    let mut chosen: Vec<String> = others
        .iter()
        .filter(|_| rng.percent(40))
        .map(|o| (*o).clone())
        .collect();
    if chosen.is_empty() {
        chosen.push(others[rng.below(others.len())].clone());
    }
    chosen
}

/// The spec's routing table R1–R9, written independently of the pathway file.
fn expected_outcome(a: &AnswerMap) -> &'static str {
    let one = |q: &str| a.get(q).and_then(|v| v.first()).map(String::as_str);
    match one("safety") {
        Some("crisis") => return "emergency",
        Some("medical_emergency") => return "medical-emergency",
        _ => {}
    }
    if one("age") == Some("minor") {
        return "referral-minor";
    }
    if one("concern") == Some("mental_health") {
        return "kap-coordinated-care";
    }
    match one("indication") {
        Some("cancer") => "referral-palliative",
        Some("phantom_limb") if one("amputation") == Some("planned") => "referral-surgical",
        Some("fibromyalgia") => "referral-fibromyalgia",
        Some("other") => "referral-diagnosis",
        Some("neuropathic" | "sci") if one("prior_treatment") != Some("yes") => {
            "referral-first-line"
        }
        _ => "pain-medicine",
    }
}

/// The invariants that hold after every operation.
fn check_invariants(s: &Session, ctx: &str) {
    let step = s.step().unwrap_or_else(|e| panic!("{ctx}: stuck: {e}"));
    let (n, m) = s.progress();
    assert!(n <= m, "{ctx}: progress {n} of {m}");
    assert!(m <= s.pathway().questions().count(), "{ctx}");
    let history: Vec<String> = s.history().iter().map(|q| q.id.clone()).collect();
    for q in s.pending().keys() {
        assert!(s.answer_of(q).is_none(), "{ctx}: {q} answered and pending");
    }
    match step {
        Step::Ask(q) => {
            assert!(
                s.outcome().is_none(),
                "{ctx}: outcome while asking {}",
                q.id
            );
            assert_eq!(n, history.len() + 1, "{ctx}");
            assert!(
                s.answer_of(&q.id).is_none(),
                "{ctx}: asking an answered question"
            );
            for h in &history {
                assert!(s.answer_of(h).is_some(), "{ctx}");
            }
        }
        Step::Done(node) => {
            let o = s
                .outcome()
                .unwrap_or_else(|| panic!("{ctx}: Done without an outcome"));
            assert_eq!(o.node.id, node.id, "{ctx}");
            assert_eq!((n, m), (history.len(), history.len()), "{ctx}");
            assert!(s.pending().is_empty(), "{ctx}: pending answers once done");
            // Once done, only the answers on the path are kept.
            let kept: Vec<String> = s.answers().keys().cloned().collect();
            let mut on_path = history.clone();
            on_path.sort();
            assert_eq!(kept, on_path, "{ctx}: answers off the path were kept");
            assert_eq!(
                node.id,
                expected_outcome(s.answers()),
                "{ctx}: {:?}",
                s.answers()
            );
            let trace: Vec<String> = o.trace.iter().map(|t| t.question.clone()).collect();
            assert_eq!(trace, history, "{ctx}");
            assert_eq!(o.facility.is_some(), node.route == "pain_medicine", "{ctx}");
        }
    }
}

#[test]
fn random_sessions_always_end_in_exactly_one_outcome() {
    let p = bundled();
    let mut rng = Rng::seeded(0x9E37_79B9_7F4A_7C15);
    let mut outcomes = BTreeSet::new();
    for run in 0..2000 {
        let mut s = Session::new(&p);
        let mut ops = 0;
        // A few detours (going back, changing an earlier answer) before finishing.
        let mut detours = rng.below(6);
        loop {
            ops += 1;
            assert!(ops < 200, "run {run}: no outcome after {ops} operations");
            let ctx = format!("run {run} op {ops}");
            check_invariants(&s, &ctx);
            let history: Vec<String> = s.history().iter().map(|q| q.id.clone()).collect();
            let step = s.step().unwrap();
            if detours > 0 && !history.is_empty() && rng.percent(30) {
                detours -= 1;
                if rng.percent(50) {
                    let last = history.last().unwrap().clone();
                    let old = s.answer_of(&last).unwrap().to_vec();
                    assert_eq!(s.back(), Some((last, old)), "{ctx}");
                } else {
                    let q = &history[rng.below(history.len())];
                    let question = p.question(q).unwrap();
                    let before = s.answers().clone();
                    let pending = s.pending().clone();
                    let a = random_answer(&mut rng, question);
                    let dropped = s.answer(q, &a).unwrap();
                    for d in &dropped {
                        assert!(
                            before.contains_key(d) || pending.contains_key(d),
                            "{ctx}: dropped {d} it never had"
                        );
                        assert!(s.remembered(d).is_none(), "{ctx}: {d} dropped but kept");
                    }
                    assert_eq!(s.answer_of(q), Some(&a[..]), "{ctx}");
                    // Nothing else changes.
                    for (k, v) in &before {
                        if k != q && !dropped.contains(k) {
                            assert_eq!(s.answer_of(k), Some(&v[..]), "{ctx}: {k} changed");
                        }
                    }
                }
                continue;
            }
            match step {
                Step::Ask(q) => {
                    let a = random_answer(&mut rng, q);
                    s.answer(&q.id, &a)
                        .unwrap_or_else(|e| panic!("{ctx}: {} refused: {e}", q.id));
                }
                Step::Done(node) => {
                    if detours > 0 {
                        continue;
                    }
                    outcomes.insert(node.id.clone());
                    break;
                }
            }
        }
    }
    let all: BTreeSet<String> = p.outcomes().map(|o| o.id.clone()).collect();
    assert_eq!(outcomes, all, "the random walks reach every outcome");
}
