//! `carepath route` through the real binary: the routing table R1–R9, the facility table, the
//! coverage table, the flags, the JSON output contract and the bad-input rules of
//! /work/shared/pathway-spec.md.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const PROVINCES: [&str; 13] = [
    "ab", "bc", "mb", "nb", "nl", "ns", "nt", "nu", "on", "pe", "qc", "sk", "yt",
];

fn carepath() -> assert_cmd::Command {
    cargo_bin_cmd!("carepath")
}

/// A set of answers, in the order they are given on the command line.
#[derive(Debug, Clone)]
struct Case(Vec<(String, String)>);

impl Case {
    fn new(pairs: &[(&str, &str)]) -> Case {
        Case(
            pairs
                .iter()
                .map(|(q, a)| (q.to_string(), a.to_string()))
                .collect(),
        )
    }

    /// An adult with pain as the main concern, no comorbidity, no screening point, self-pay.
    /// The branch questions (`amputation`, `prior_treatment`, `administration`) are added with
    /// [`Case::set`].
    fn pain(province: &str, indication: &str) -> Case {
        Case::new(&[
            ("safety", "none"),
            ("province", province),
            ("age", "adult"),
            ("concern", "pain"),
            ("indication", indication),
            ("comorbidities", "none"),
            ("screening", "none"),
            ("coverage", "none"),
        ])
    }

    /// The simplest route to `pain_medicine`: CRPS.
    fn pain_medicine(province: &str, administration: &str) -> Case {
        Case::pain(province, "crps").set("administration", administration)
    }

    /// Sets (or replaces) an answer.
    fn set(mut self, q: &str, a: &str) -> Case {
        match self.0.iter_mut().find(|(k, _)| k == q) {
            Some(pair) => pair.1 = a.to_string(),
            None => self.0.push((q.to_string(), a.to_string())),
        }
        self
    }

    fn args(&self) -> Vec<String> {
        self.0
            .iter()
            .flat_map(|(q, a)| ["--answer".to_string(), format!("{q}={a}")])
            .collect()
    }

    fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = carepath();
        cmd.arg("route").args(self.args());
        cmd
    }

    /// Runs `route --format json`, which must succeed, and parses stdout.
    fn json(&self) -> Value {
        let out = self.cmd().args(["--format", "json"]).output().unwrap();
        assert!(
            out.status.success(),
            "route failed for {:?}: {}",
            self.0,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON object ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Runs `route` in text form with the given mode, which must succeed.
    fn text(&self, mode: &str) -> String {
        let out = self.cmd().args(["--mode", mode]).output().unwrap();
        assert!(
            out.status.success(),
            "route failed for {:?}: {}",
            self.0,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `route` expecting exit code 2; returns stderr.
    fn bad(&self) -> String {
        let out = self.cmd().args(["--format", "json"]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "expected exit 2 for {:?}; stdout: {}; stderr: {}",
            self.0,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "nothing on stdout on bad input");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!err.contains("panicked"), "{err}");
        err
    }
}

fn trace_questions(v: &Value) -> Vec<String> {
    v["trace"]
        .as_array()
        .expect("trace is an array")
        .iter()
        .map(|s| s["question"].as_str().unwrap().to_string())
        .collect()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn programs(v: &Value) -> Vec<String> {
    v["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["program"].as_str().unwrap().to_string())
        .collect()
}

/// What one row of the routing table must produce.
struct Expect<'a> {
    outcome: &'a str,
    route: &'a str,
    referral_to: Option<&'a str>,
    evidence: Option<(&'a str, &'a str)>,
    trace: &'a [&'a str],
}

fn check(case: &Case, e: &Expect) -> Value {
    let v = case.json();
    let ctx = format!("{:?}", case.0);
    assert_eq!(v["outcome"], e.outcome, "{ctx}");
    assert_eq!(v["route"], e.route, "{ctx}");
    assert_eq!(v["referral_to"], json!(e.referral_to), "{ctx}");
    if e.route == "pain_medicine" {
        assert!(
            v["facility"].is_object(),
            "{ctx}: facility is set for pain_medicine"
        );
    } else {
        assert!(
            v["facility"].is_null(),
            "{ctx}: facility is null off pain_medicine"
        );
    }
    match e.evidence {
        None => assert!(
            v["evidence"].is_null(),
            "{ctx}: evidence without an indication"
        ),
        Some((indication, strength)) => {
            assert_eq!(v["evidence"]["indication"], indication, "{ctx}");
            if !strength.is_empty() {
                assert_eq!(v["evidence"]["strength"], strength, "{ctx}");
                assert!(
                    !strs(&v["evidence"]["sources"]).is_empty(),
                    "{ctx}: evidence names its sources"
                );
            }
        }
    }
    assert_eq!(trace_questions(&v), e.trace, "{ctx}: trace order");
    // The trace repeats the answers as given.
    for step in v["trace"].as_array().unwrap() {
        let q = step["question"].as_str().unwrap();
        let given = &case.0.iter().find(|(k, _)| k == q).unwrap().1;
        let answers: Vec<String> = given.split(',').map(str::to_string).collect();
        assert_eq!(strs(&step["answers"]), answers, "{ctx}: trace of {q}");
    }
    v
}

const ADULT_HEAD: [&str; 4] = ["safety", "province", "age", "concern"];
const ADULT_TAIL: [&str; 3] = ["comorbidities", "screening", "coverage"];

fn adult_trace<'a>(middle: &[&'a str], end: &[&'a str]) -> Vec<&'a str> {
    let mut t: Vec<&'a str> = ADULT_HEAD.to_vec();
    t.extend(middle);
    t.extend(ADULT_TAIL);
    t.extend(end);
    t
}

// ---------------------------------------------------------------------------
// The routing table
// ---------------------------------------------------------------------------

#[test]
fn r1_both_triggers_route_to_emergency_and_stop_at_once() {
    for (trigger, outcome) in [
        ("crisis", "emergency"),
        ("medical_emergency", "medical-emergency"),
    ] {
        let v = check(
            &Case::new(&[("safety", trigger)]),
            &Expect {
                outcome,
                route: "emergency",
                referral_to: None,
                evidence: None,
                trace: &["safety"],
            },
        );
        assert_eq!(v["also"], json!([]));
        assert_eq!(v["coverage"], json!([]));
        assert_eq!(v["flags"], json!([]));
    }
}

/// One headline per answer (R1): a crisis leads with 9-8-8 and 911 for immediate danger; a
/// medical emergency leads with 911 alone, and 9-8-8 only follows on a line of its own.
#[test]
fn r1_text_shows_911_and_988() {
    for mode in ["staff", "patient"] {
        let text = Case::new(&[("safety", "crisis")]).text(mode);
        let first = text.lines().next().unwrap();
        assert!(first.contains("9-8-8"), "{first}");
        assert!(first.contains("911"), "{first}");
        assert!(text.contains("Call or text 9-8-8"), "{text}");

        let text = Case::new(&[("safety", "medical_emergency")]).text(mode);
        let first = text.lines().next().unwrap();
        assert!(first.contains("Call 911 now"), "{first}");
        assert!(!first.contains("9-8-8"), "{first}");
        assert!(text.contains("call or text 9-8-8 at any time"), "{text}");
    }
}

#[test]
fn r2_minors_go_to_the_family_physician_in_every_province() {
    for p in PROVINCES {
        let v = check(
            &Case::new(&[("safety", "none"), ("province", p), ("age", "minor")]),
            &Expect {
                outcome: "referral-minor",
                route: "referral",
                referral_to: Some("family_physician"),
                evidence: None,
                trace: &["safety", "province", "age"],
            },
        );
        assert_eq!(v["also"], json!([]));
        assert_eq!(v["coverage"], json!([]));
    }
}

fn mental_health(comorbidities: &str, screening: &str) -> Case {
    Case::new(&[
        ("safety", "none"),
        ("province", "on"),
        ("age", "adult"),
        ("concern", "mental_health"),
        ("comorbidities", comorbidities),
        ("screening", screening),
        ("coverage", "private"),
    ])
}

const R3: Expect = Expect {
    outcome: "kap-coordinated-care",
    route: "kap_coordinated_care",
    referral_to: None,
    evidence: None,
    trace: &[
        "safety",
        "province",
        "age",
        "concern",
        "comorbidities",
        "screening",
        "coverage",
    ],
};

#[test]
fn r3_mental_health_goes_to_kap_coordinated_care_without_also() {
    for c in [
        "depression",
        "ptsd",
        "anxiety",
        "bipolar",
        "none",
        "depression,ptsd",
    ] {
        let v = check(&mental_health(c, "none"), &R3);
        assert_eq!(v["also"], json!([]), "KAP is never `also` to itself ({c})");
        assert_eq!(programs(&v), ["private insurance"]);
    }
}

#[test]
fn r3_bipolar_or_psychosis_add_the_psychiatric_assessment_flag() {
    let v = check(&mental_health("bipolar", "none"), &R3);
    assert_eq!(v["flags"], json!(["psychiatric_assessment"]));
    let v = check(&mental_health("anxiety", "psychosis"), &R3);
    assert_eq!(v["flags"], json!(["psychosis", "psychiatric_assessment"]));
    let v = check(&mental_health("bipolar", "psychosis"), &R3);
    assert_eq!(
        v["flags"],
        json!(["psychosis", "psychiatric_assessment"]),
        "the flag is listed once"
    );
    let v = check(&mental_health("depression,anxiety", "liver"), &R3);
    assert_eq!(
        v["flags"],
        json!(["liver"]),
        "no assessment flag without either"
    );
}

#[test]
fn r4_cancer_goes_to_palliative_care() {
    check(
        &Case::pain("on", "cancer"),
        &Expect {
            outcome: "referral-palliative",
            route: "referral",
            referral_to: Some("palliative_care"),
            evidence: Some(("cancer", "insufficient")),
            trace: &adult_trace(&["indication"], &[]),
        },
    );
}

#[test]
fn r5_planned_amputation_goes_to_the_surgical_team() {
    check(
        &Case::pain("ab", "phantom_limb").set("amputation", "planned"),
        &Expect {
            outcome: "referral-surgical",
            route: "referral",
            referral_to: Some("surgical_team"),
            evidence: Some(("phantom_limb", "weak")),
            trace: &adult_trace(&["indication", "amputation"], &[]),
        },
    );
}

#[test]
fn r6_fibromyalgia_goes_to_the_family_physician() {
    check(
        &Case::pain("sk", "fibromyalgia"),
        &Expect {
            outcome: "referral-fibromyalgia",
            route: "referral",
            referral_to: Some("family_physician"),
            evidence: Some(("fibromyalgia", "weak")),
            trace: &adult_trace(&["indication"], &[]),
        },
    );
}

#[test]
fn r7_other_goes_to_the_family_physician_for_a_diagnosis() {
    check(
        &Case::pain("pe", "other"),
        &Expect {
            outcome: "referral-diagnosis",
            route: "referral",
            referral_to: Some("family_physician"),
            // The spec gives no strength for `other`; only that evidence is shown with it.
            evidence: Some(("other", "")),
            trace: &adult_trace(&["indication"], &[]),
        },
    );
}

#[test]
fn r8_neuropathic_or_sci_without_prior_treatment_goes_to_the_family_physician() {
    for (indication, strength) in [("neuropathic", "weaker"), ("sci", "weak")] {
        for prior in ["no", "unsure"] {
            check(
                &Case::pain("on", indication).set("prior_treatment", prior),
                &Expect {
                    outcome: "referral-first-line",
                    route: "referral",
                    referral_to: Some("family_physician"),
                    evidence: Some((indication, strength)),
                    trace: &adult_trace(&["indication", "prior_treatment"], &[]),
                },
            );
        }
    }
}

#[test]
fn r9_every_trigger_goes_to_pain_medicine() {
    let cases = [
        (
            Case::pain("on", "crps"),
            vec!["indication"],
            ("crps", "strongest"),
        ),
        (
            Case::pain("on", "neuropathic").set("prior_treatment", "yes"),
            vec!["indication", "prior_treatment"],
            ("neuropathic", "weaker"),
        ),
        (
            Case::pain("on", "sci").set("prior_treatment", "yes"),
            vec!["indication", "prior_treatment"],
            ("sci", "weak"),
        ),
        (
            Case::pain("on", "phantom_limb").set("amputation", "established"),
            vec!["indication", "amputation"],
            ("phantom_limb", "weak"),
        ),
    ];
    for (case, middle, evidence) in cases {
        let v = check(
            &case.set("administration", "iv"),
            &Expect {
                outcome: "pain-medicine",
                route: "pain_medicine",
                referral_to: None,
                evidence: Some(evidence),
                trace: &adult_trace(&middle, &["administration"]),
            },
        );
        assert_eq!(v["facility"]["province"], "on");
        assert_eq!(v["also"], json!([]));
    }
}

#[test]
fn concern_both_routes_like_pain() {
    let cases = [
        Case::pain("on", "crps").set("administration", "iv"),
        Case::pain("on", "cancer"),
        Case::pain("on", "fibromyalgia"),
        Case::pain("on", "other"),
        Case::pain("on", "phantom_limb").set("amputation", "planned"),
        Case::pain("on", "phantom_limb")
            .set("amputation", "established")
            .set("administration", "non_iv"),
        Case::pain("on", "neuropathic").set("prior_treatment", "no"),
        Case::pain("on", "sci")
            .set("prior_treatment", "yes")
            .set("administration", "unsure"),
    ];
    for case in cases {
        let pain = case.json();
        let both = case.clone().set("concern", "both").json();
        for key in [
            "outcome",
            "route",
            "also",
            "referral_to",
            "facility",
            "coverage",
            "flags",
            "evidence",
        ] {
            assert_eq!(pain[key], both[key], "{key} for {:?}", case.0);
        }
        assert_eq!(trace_questions(&pain), trace_questions(&both));
        assert_eq!(both["trace"][3]["answers"], json!(["both"]));
    }
}

#[test]
fn also_offers_kap_alongside_every_adult_route_with_a_mental_health_comorbidity() {
    let routes = [
        Case::pain("on", "cancer"),
        Case::pain("on", "phantom_limb").set("amputation", "planned"),
        Case::pain("on", "fibromyalgia"),
        Case::pain("on", "other"),
        Case::pain("on", "neuropathic").set("prior_treatment", "unsure"),
        Case::pain("on", "crps").set("administration", "iv"),
        Case::pain("on", "sci")
            .set("prior_treatment", "yes")
            .set("administration", "non_iv")
            .set("concern", "both"),
    ];
    for case in routes {
        for c in [
            "depression",
            "ptsd",
            "anxiety",
            "bipolar",
            "depression,ptsd,anxiety,bipolar",
        ] {
            let v = case.clone().set("comorbidities", c).json();
            assert_eq!(
                v["also"],
                json!(["kap_coordinated_care"]),
                "{c} on {}",
                v["outcome"]
            );
        }
        let v = case.clone().set("comorbidities", "none").json();
        assert_eq!(v["also"], json!([]), "none on {}", v["outcome"]);
        // `both` alone does not add KAP: only a comorbidity does.
        let v = case.clone().set("concern", "both").json();
        assert_eq!(v["also"], json!([]), "concern=both on {}", v["outcome"]);
    }
}

// ---------------------------------------------------------------------------
// The facility table
// ---------------------------------------------------------------------------

fn regulator(p: &str) -> Option<&'static str> {
    Some(match p {
        "ab" => "CPSA",
        "bc" => "CPSBC",
        "sk" => "CPSS",
        "mb" => "CPSM",
        "on" => "CPSO",
        "qc" => "CMQ",
        "nb" => "CPSNB",
        "ns" => "CPSNS",
        "pe" => "CPSPEI",
        "nl" => "CPSNL",
        "yt" | "nt" | "nu" => return None,
        _ => unreachable!("{p}"),
    })
}

/// Words the IV requirement must contain, from the spec's facility table.
fn iv_words(p: &str) -> &'static [&'static str] {
    match p {
        "ab" => &["Non-Hospital Surgical Facility", "NHSF"],
        "bc" => &["NHMSFAP"],
        "sk" => &["Non-Hospital Treatment Facility", "NHTF"],
        "mb" => &["hospital", "accredited"],
        "on" => &["OHPIP"],
        "qc" => &["pain-medicine physician", "pain clinic"],
        "nb" | "ns" | "pe" | "nl" => &["pain-medicine physician", "accredited facility"],
        "yt" => &["medical travel", "British Columbia"],
        "nt" => &["medical travel", "Alberta"],
        "nu" => &[
            "medical travel",
            "Ottawa",
            "Qikiqtani",
            "Winnipeg",
            "Kivalliq",
            "Edmonton",
            "Yellowknife",
            "Kitikmeot",
        ],
        _ => unreachable!("{p}"),
    }
}

#[test]
fn facility_for_every_province_and_administration() {
    for p in PROVINCES {
        let iv = Case::pain_medicine(p, "iv").json();
        let unsure = Case::pain_medicine(p, "unsure").json();
        let non_iv = Case::pain_medicine(p, "non_iv").json();
        for (v, expect_iv) in [(&iv, true), (&unsure, true), (&non_iv, false)] {
            let f = &v["facility"];
            assert_eq!(f["province"], p);
            assert_eq!(f["regulator"], json!(regulator(p)), "{p}");
            assert_eq!(f["iv"], expect_iv, "{p}");
            let req = f["requirement"].as_str().unwrap();
            assert!(!req.trim().is_empty(), "{p}: empty requirement");
        }
        let req = |v: &Value| v["facility"]["requirement"].as_str().unwrap().to_string();
        assert_eq!(req(&iv), req(&unsure), "{p}: unsure shows the IV rules");
        assert_ne!(req(&iv), req(&non_iv), "{p}: non-IV has its own text");
        for w in iv_words(p) {
            assert!(
                req(&iv).contains(w),
                "{p}: IV requirement lacks {w:?}: {}",
                req(&iv)
            );
        }
    }
}

#[test]
fn alberta_allows_non_iv_routes_in_the_community() {
    let v = Case::pain_medicine("ab", "non_iv").json();
    let req = v["facility"]["requirement"].as_str().unwrap();
    assert!(req.contains("community"), "{req}");
}

#[test]
fn facility_is_null_off_the_pain_medicine_route() {
    for case in [
        Case::pain("on", "cancer"),
        Case::pain("on", "other"),
        mental_health("none", "none"),
        Case::new(&[("safety", "none"), ("province", "on"), ("age", "minor")]),
    ] {
        assert!(case.json()["facility"].is_null(), "{:?}", case.0);
    }
}

// ---------------------------------------------------------------------------
// The coverage table
// ---------------------------------------------------------------------------

fn workers_comp(p: &str) -> &'static str {
    match p {
        "on" => "WSIB",
        "ab" => "WCB Alberta",
        "bc" => "WorkSafeBC",
        "sk" => "WCB Saskatchewan",
        "mb" => "WCB Manitoba",
        "ns" => "WCB Nova Scotia",
        "qc" => "CNESST",
        "nb" => "WorkSafeNB",
        "pe" => "WCB PEI",
        "nl" => "WorkplaceNL",
        "yt" => "Yukon Workers' Compensation Health and Safety Board",
        "nt" | "nu" => "WSCC",
        _ => unreachable!("{p}"),
    }
}

#[test]
fn coverage_for_every_province_and_answer() {
    for p in PROVINCES {
        for (answer, program) in [
            ("workers_comp", workers_comp(p)),
            ("veteran", "Veterans Affairs Canada"),
            ("private", "private insurance"),
            ("none", "self-pay"),
        ] {
            let v = Case::pain_medicine(p, "iv").set("coverage", answer).json();
            let cov = v["coverage"].as_array().unwrap();
            assert_eq!(cov.len(), 1, "{p} {answer}: {cov:?}");
            assert_eq!(cov[0]["answer"], answer);
            assert_eq!(cov[0]["program"], program, "{p} {answer}");
            assert!(!cov[0]["note"].as_str().unwrap().trim().is_empty());
        }
    }
}

#[test]
fn several_coverage_answers_are_listed_in_option_order() {
    for p in PROVINCES {
        let v = Case::pain_medicine(p, "iv")
            .set("coverage", "private,veteran,workers_comp")
            .json();
        let answers: Vec<&str> = v["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["answer"].as_str().unwrap())
            .collect();
        assert_eq!(answers, ["workers_comp", "veteran", "private"], "{p}");
        assert_eq!(
            programs(&v),
            [
                workers_comp(p),
                "Veterans Affairs Canada",
                "private insurance"
            ],
            "{p}"
        );
        assert_eq!(
            v["trace"].as_array().unwrap().last().unwrap()["question"],
            "administration"
        );
    }
    // Coverage is shown on referral and KAP routes too.
    let v = Case::pain("nb", "other")
        .set("coverage", "workers_comp,private")
        .json();
    assert_eq!(programs(&v), ["WorkSafeNB", "private insurance"]);
    let v = mental_health("ptsd", "none")
        .set("province", "bc")
        .set("coverage", "veteran,workers_comp")
        .json();
    assert_eq!(programs(&v), ["WorkSafeBC", "Veterans Affairs Canada"]);
}

// ---------------------------------------------------------------------------
// Flags and evidence
// ---------------------------------------------------------------------------

#[test]
fn every_screening_answer_raises_its_flag_in_table_order() {
    for s in [
        "liver",
        "bladder",
        "heart",
        "substance_use",
        "psychosis",
        "pregnancy",
    ] {
        let v = Case::pain_medicine("on", "iv").set("screening", s).json();
        let mut expected = vec![s];
        if s == "psychosis" {
            expected.push("psychiatric_assessment");
        }
        assert_eq!(strs(&v["flags"]), expected, "{s}");
    }
    let v = Case::pain_medicine("on", "iv")
        .set("screening", "pregnancy,heart,liver")
        .json();
    assert_eq!(strs(&v["flags"]), ["liver", "heart", "pregnancy"]);
    let v = Case::pain_medicine("on", "iv")
        .set("comorbidities", "bipolar")
        .json();
    assert_eq!(strs(&v["flags"]), ["psychiatric_assessment"]);
    let v = Case::pain_medicine("on", "iv").json();
    assert_eq!(v["flags"], json!([]));
}

// ---------------------------------------------------------------------------
// The JSON shape
// ---------------------------------------------------------------------------

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn set<'a>(k: &[&'a str]) -> BTreeSet<&'a str> {
    k.iter().copied().collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/pathways/ketamine-chronic-pain.ron"
);

#[test]
fn json_has_exactly_the_keys_of_the_output_contract() {
    let full = Case::pain_medicine("on", "iv")
        .set("comorbidities", "depression")
        .set("screening", "liver")
        .set("coverage", "workers_comp,private")
        .json();
    let emergency = Case::new(&[("safety", "crisis")]).json();
    let referral = Case::pain("on", "cancer").json();
    for v in [&full, &emergency, &referral] {
        assert_eq!(
            keys(v),
            set(&[
                "pathway",
                "outcome",
                "route",
                "also",
                "referral_to",
                "facility",
                "coverage",
                "flags",
                "evidence",
                "trace"
            ])
        );
        assert_eq!(keys(&v["pathway"]), set(&["id", "version", "sha256"]));
        for t in v["trace"].as_array().unwrap() {
            assert_eq!(keys(t), set(&["question", "answers"]));
        }
        assert!(v["also"].is_array() && v["flags"].is_array() && v["coverage"].is_array());
    }
    assert_eq!(
        keys(&full["facility"]),
        set(&["province", "regulator", "requirement", "iv"])
    );
    for c in full["coverage"].as_array().unwrap() {
        assert_eq!(keys(c), set(&["answer", "program", "note"]));
    }
    assert_eq!(
        keys(&full["evidence"]),
        set(&["indication", "strength", "sources"])
    );
    assert_eq!(keys(&referral["evidence"]), keys(&full["evidence"]));
    assert_eq!(full["pathway"]["id"], "ketamine-chronic-pain");
    assert!(!full["pathway"]["version"].as_str().unwrap().is_empty());
    let route = |v: &Value| v["route"].as_str().unwrap().to_string();
    for v in [&full, &emergency, &referral] {
        assert!(
            [
                "pain_medicine",
                "kap_coordinated_care",
                "referral",
                "emergency"
            ]
            .contains(&route(v).as_str())
        );
    }
}

#[test]
fn pathway_sha256_is_of_the_bundled_file_bytes() {
    let bytes = std::fs::read(BUNDLED).unwrap();
    let v = Case::new(&[("safety", "crisis")]).json();
    assert_eq!(v["pathway"]["sha256"], sha256_hex(&bytes));
}

#[test]
fn pathway_sha256_is_of_the_file_given_with_pathway() {
    let bytes = std::fs::read(BUNDLED).unwrap();
    let dir = tempfile::tempdir().unwrap();

    let same = dir.path().join("same.ron");
    std::fs::write(&same, &bytes).unwrap();
    let mut changed_bytes = bytes.clone();
    changed_bytes.extend_from_slice(b"\n// a local copy\n");
    let changed = dir.path().join("changed.ron");
    std::fs::write(&changed, &changed_bytes).unwrap();

    for (file, content) in [(&same, &bytes), (&changed, &changed_bytes)] {
        let out = Case::pain_medicine("on", "iv")
            .cmd()
            .arg("--pathway")
            .arg(file)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["pathway"]["sha256"], sha256_hex(content), "{file:?}");
        assert_eq!(v["outcome"], "pain-medicine");
    }
}

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

#[test]
fn unknown_question_lists_the_valid_ones_and_a_near_miss() {
    let err = Case::new(&[("safety", "none"), ("provnce", "on")]).bad();
    assert!(err.contains("provnce"), "{err}");
    assert!(err.contains("did you mean `province`"), "{err}");
    for q in [
        "safety",
        "province",
        "age",
        "concern",
        "indication",
        "amputation",
        "prior_treatment",
        "comorbidities",
        "screening",
        "coverage",
        "administration",
    ] {
        assert!(err.contains(q), "{q} missing from: {err}");
    }
    // Nothing close: no suggestion, but still the list.
    let err = Case::new(&[("zzzz", "on")]).bad();
    assert!(!err.contains("did you mean"), "{err}");
    assert!(err.contains("safety, province"), "{err}");
}

#[test]
fn unknown_option_lists_the_valid_ones_and_a_near_miss() {
    let all_provinces = PROVINCES.join(", ");
    for (typo, suggestion) in [("ontario", "on"), ("onn", "on"), ("qcc", "qc")] {
        let err = Case::new(&[("safety", "none"), ("province", typo)]).bad();
        assert!(err.contains(&format!("`{typo}`")), "{err}");
        assert!(err.contains("`province`"), "{err}");
        assert!(
            err.contains(&format!("did you mean `{suggestion}`")),
            "{typo}: {err}"
        );
        assert!(err.contains(&all_provinces), "{err}");
    }
    let err = Case::pain("on", "crp").bad();
    assert!(err.contains("did you mean `crps`"), "{err}");
    assert!(
        err.contains("crps, neuropathic, phantom_limb, sci, fibromyalgia, cancer, other"),
        "{err}"
    );
    // An unknown option of a multi-choice answer is named even among valid ones.
    let err = Case::pain("on", "crps")
        .set("screening", "liver,hart")
        .bad();
    assert!(err.contains("`hart`"), "{err}");
    assert!(err.contains("did you mean `heart`"), "{err}");
}

#[test]
fn a_missing_answer_on_the_path_is_named_with_its_options() {
    let err = Case::new(&[("safety", "none"), ("province", "on")]).bad();
    assert!(err.contains("`age`"), "{err}");
    assert!(err.contains("adult, minor"), "{err}");

    let err = Case::new(&[]).bad();
    assert!(err.contains("`safety`"), "{err}");
    assert!(err.contains("crisis, medical_emergency, none"), "{err}");

    // A branch question: amputation is asked for phantom limb pain.
    let err = Case::pain("on", "phantom_limb").bad();
    assert!(err.contains("`amputation`"), "{err}");
    assert!(err.contains("planned, established"), "{err}");

    let err = Case::pain("on", "sci").bad();
    assert!(err.contains("`prior_treatment`"), "{err}");
    assert!(err.contains("yes, no, unsure"), "{err}");

    // Only the pain-medicine route asks how it is given.
    let err = Case::pain("on", "crps").bad();
    assert!(err.contains("`administration`"), "{err}");
    assert!(err.contains("iv, non_iv, unsure"), "{err}");
}

#[test]
fn two_options_for_a_single_choice_question_are_refused() {
    let err = Case::new(&[("safety", "none,crisis")]).bad();
    assert!(err.contains("`safety` takes one answer"), "{err}");
    assert!(err.contains("none, crisis"), "{err}");
    let err = Case::pain_medicine("on", "iv,non_iv").bad();
    assert!(err.contains("`administration` takes one answer"), "{err}");
    let err = Case::pain("on,qc", "crps").bad();
    assert!(err.contains("`province` takes one answer"), "{err}");
}

#[test]
fn none_cannot_be_combined_with_other_options() {
    for q in ["comorbidities", "screening", "coverage"] {
        let other = match q {
            "comorbidities" => "depression",
            "screening" => "liver",
            _ => "private",
        };
        let err = Case::pain_medicine("on", "iv")
            .set(q, &format!("{other},none"))
            .bad();
        assert!(err.contains(&format!("`{q}`")), "{err}");
        assert!(err.contains("`none` cannot be combined"), "{err}");
        assert!(err.contains(other), "{err}");
    }
}

#[test]
fn a_malformed_answer_is_refused_with_the_expected_form() {
    for arg in ["foo", "=on", ""] {
        let out = carepath()
            .args(["route", "--answer", arg])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{arg:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("QUESTION=OPTION"), "{arg:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // `safety=` has the form but no option.
    let err = Case::new(&[("safety", "")]).bad();
    assert!(err.contains("`safety` needs at least one answer"), "{err}");
    assert!(err.contains("crisis, medical_emergency, none"), "{err}");
}

#[test]
fn a_question_answered_twice_is_refused() {
    let mut case = Case::new(&[("safety", "none"), ("province", "on")]);
    case.0.push(("province".into(), "qc".into()));
    let err = case.bad();
    assert!(err.contains("`province` is answered twice"), "{err}");
    // Even with the same answer twice.
    let mut case = Case::new(&[("safety", "crisis")]);
    case.0.push(("safety".into(), "crisis".into()));
    let err = case.bad();
    assert!(err.contains("`safety` is answered twice"), "{err}");
}

#[test]
fn answers_the_path_never_asks_are_reported_as_ignored() {
    let case = Case::new(&[
        ("safety", "none"),
        ("province", "on"),
        ("age", "minor"),
        ("indication", "crps"),
        ("administration", "iv"),
    ]);
    let out = case.cmd().args(["--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ignored `indication=crps`"), "{err}");
    assert!(err.contains("ignored `administration=iv`"), "{err}");
    assert!(!err.contains("ignored `province"), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"], "referral-minor");
    assert_eq!(trace_questions(&v), ["safety", "province", "age"]);

    // A branch the path does not take: prior_treatment for CRPS.
    let out = Case::pain_medicine("on", "iv")
        .set("prior_treatment", "no")
        .set("amputation", "planned")
        .cmd()
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ignored `prior_treatment=no`"), "{err}");
    assert!(err.contains("ignored `amputation=planned`"), "{err}");

    // Nothing is reported when every answer is on the path.
    Case::pain_medicine("on", "iv")
        .cmd()
        .assert()
        .success()
        .stderr(predicates::str::is_empty());
}

/// Spec: answers to questions the path never asks are ignored. They must then not change the
/// result either (flags, coverage, evidence, `also`).
#[test]

fn ignored_answers_do_not_change_the_result() {
    let extra = [
        ("province", "on"),
        ("indication", "crps"),
        ("comorbidities", "depression"),
        ("screening", "liver,psychosis"),
        ("coverage", "none"),
        ("administration", "iv"),
    ];
    let minor = Case::new(&[("safety", "none"), ("province", "on"), ("age", "minor")]);
    let kap = mental_health("none", "none");
    for base in [Case::new(&[("safety", "crisis")]), minor, kap] {
        let mut with_extra = base.clone();
        for (q, a) in extra {
            if !with_extra.0.iter().any(|(k, _)| k == q) {
                with_extra = with_extra.set(q, a);
            }
        }
        assert_eq!(
            base.json(),
            with_extra.json(),
            "ignored answers changed the result of {:?}",
            base.0
        );
    }
}

// ---------------------------------------------------------------------------
// Text output
// ---------------------------------------------------------------------------

fn every_outcome() -> Vec<Case> {
    vec![
        Case::new(&[("safety", "crisis")]),
        Case::new(&[("safety", "medical_emergency")]),
        Case::new(&[("safety", "none"), ("province", "mb"), ("age", "minor")]),
        mental_health("depression", "none"),
        Case::pain("on", "cancer"),
        Case::pain("on", "phantom_limb").set("amputation", "planned"),
        Case::pain("on", "fibromyalgia"),
        Case::pain("on", "other"),
        Case::pain("on", "neuropathic").set("prior_treatment", "no"),
        Case::pain_medicine("on", "iv"),
    ]
}

#[test]
fn text_is_the_default_and_starts_with_the_route_in_plain_words() {
    let out = Case::pain_medicine("mb", "iv").cmd().output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "default is text"
    );
    let first = text.lines().next().unwrap();
    assert!(first.contains("pain-medicine physician"), "{first}");
    assert!(first.contains("Manitoba"), "{first}");

    for p in PROVINCES {
        let text = Case::pain_medicine(p, "non_iv").text("patient");
        let first = text.lines().next().unwrap();
        let name = match p {
            "ab" => "Alberta",
            "bc" => "British Columbia",
            "mb" => "Manitoba",
            "nb" => "New Brunswick",
            "nl" => "Newfoundland and Labrador",
            "ns" => "Nova Scotia",
            "nt" => "Northwest Territories",
            "nu" => "Nunavut",
            "on" => "Ontario",
            "pe" => "Prince Edward Island",
            "qc" => "Québec",
            "sk" => "Saskatchewan",
            _ => "Yukon",
        };
        assert!(first.contains(name), "{p}: {first}");
    }

    for (case, words) in every_outcome().iter().zip([
        "9-8-8",
        "911",
        "family doctor",
        "psychotherapy",
        "palliative care",
        "surgical",
        "family doctor",
        "family doctor",
        "family doctor",
        "pain-medicine physician",
    ]) {
        let text = case.text("patient");
        let first = text.lines().next().unwrap();
        assert!(first.contains(words), "{:?}: {first}", case.0);
        // Plain words: no option or route ids such as `pain_medicine` or `family_physician`.
        assert!(!first.contains('_'), "{first}");
    }
}

#[test]
fn staff_see_the_guideline_parameters_and_patients_never_see_a_dose() {
    let staff = Case::pain_medicine("on", "iv").text("staff");
    assert!(staff.contains("mg/kg"), "{staff}");
    assert!(staff.contains("0.35 mg/kg"), "{staff}");
    for case in every_outcome() {
        let patient = case.text("patient");
        assert!(!patient.contains("mg/kg"), "{:?}: {patient}", case.0);
        assert!(!patient.contains(" mg "), "{:?}: {patient}", case.0);
        assert!(!patient.contains("staff only"), "{patient}");
    }
    // Staff mode is the default.
    let out = Case::pain_medicine("on", "iv").cmd().output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("mg/kg"));
}

#[test]
fn every_text_result_says_a_clinician_decides() {
    for case in every_outcome() {
        for mode in ["staff", "patient"] {
            let text = case.text(mode).to_lowercase();
            assert!(
                text.contains("clinician decides"),
                "{:?} {mode}: {text}",
                case.0
            );
        }
    }
}

#[test]
fn pain_medicine_text_lists_the_standing_safety_points() {
    let text = Case::pain_medicine("on", "iv").text("patient");
    assert!(text.contains("several hours"), "{text}");
    assert!(text.contains("dissociation"), "{text}");
    assert!(text.contains("physician decides"), "{text}");
}

// ---------------------------------------------------------------------------
// A broken pathway file
// ---------------------------------------------------------------------------

fn route_with_pathway(file: &Path) -> std::process::Output {
    carepath()
        .arg("--pathway")
        .arg(file)
        .args(["route", "--answer", "safety=crisis", "--format", "json"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn a_broken_pathway_file_is_a_located_error_with_exit_1() {
    let text = std::fs::read_to_string(BUNDLED).unwrap();
    let dir = tempfile::tempdir().unwrap();

    // Cut off in the middle.
    let cut = dir.path().join("cut.ron");
    let end = text.char_indices().nth(3000).unwrap().0;
    std::fs::write(&cut, &text[..end]).unwrap();
    // A misspelt field on line 32 or so.
    let typo = dir.path().join("typo.ron");
    std::fs::write(&typo, text.replacen("id: \"safety\"", "idd: \"safety\"", 1)).unwrap();
    let typo_line = text
        .lines()
        .position(|l| l.contains("id: \"safety\""))
        .unwrap()
        + 1;
    // Not UTF-8.
    let binary = dir.path().join("binary.ron");
    std::fs::write(&binary, b"Pathway(\n  id: \"\xff\xfe\"").unwrap();

    for (file, located) in [
        (&cut, "cut.ron:".to_string()),
        (&typo, format!("typo.ron:{typo_line}:")),
        (&binary, "binary.ron:2:".to_string()),
    ] {
        let out = route_with_pathway(file);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{file:?}: {err}");
        assert!(out.stdout.is_empty(), "{file:?}");
        assert!(
            err.contains(&located),
            "{file:?}: expected {located:?} in {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let err = String::from_utf8_lossy(&route_with_pathway(&typo).stderr).into_owned();
    assert!(err.contains("unknown field `idd`"), "{err}");
    assert!(err.contains("`id`"), "{err}");

    let missing = dir.path().join("missing.ron");
    let out = route_with_pathway(&missing);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.ron"));

    let out = route_with_pathway(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("directory"));
}

/// `safety=crisis,crisis` is one option given twice: it is either refused or listed once, never
/// repeated in the trace.
#[test]

fn a_repeated_option_is_listed_once() {
    for case in [
        Case::new(&[("safety", "crisis,crisis")]),
        Case::pain_medicine("on", "iv").set("screening", "liver,heart,liver"),
    ] {
        let out = case.cmd().args(["--format", "json"]).output().unwrap();
        if out.status.code() == Some(2) {
            continue;
        }
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        for step in v["trace"].as_array().unwrap() {
            let answers = strs(&step["answers"]);
            let distinct: BTreeSet<&String> = answers.iter().collect();
            assert_eq!(distinct.len(), answers.len(), "{step}");
        }
    }
}

/// Issue 12: `route`'s text names each answer by its question's short name and the option's
/// label in the reader's language, in staff mode too; the ids stay in the JSON.
#[test]
fn the_text_names_the_answers_by_their_labels_and_the_json_keeps_the_ids() {
    let case = Case::pain_medicine("on", "iv");
    for mode in ["staff", "patient"] {
        let text = case.text(mode);
        let answers = text
            .lines()
            .find(|l| l.trim_start().starts_with("Answers: "))
            .unwrap_or_else(|| panic!("no answers line:\n{text}"));
        assert!(
            answers.contains("Province or territory: Ontario → Age: 18 or older"),
            "{mode}: {answers}"
        );
        assert!(
            answers.contains("Pain condition: Complex regional pain syndrome (CRPS)"),
            "{mode}: {answers}"
        );
        assert!(!answers.contains("indication=crps"), "{mode}: {answers}");
    }
    let out = case
        .cmd()
        .args(["--mode", "staff", "--lang", "fr"])
        .output()
        .unwrap();
    let french = String::from_utf8(out.stdout).unwrap();
    assert!(
        french.contains("Type de douleur\u{a0}: Syndrome douloureux régional complexe (SDRC)"),
        "{french}"
    );
    let json = case.json();
    assert_eq!(json["trace"][4]["question"], "indication", "{json}");
    assert_eq!(json["trace"][4]["answers"][0], "crps", "{json}");
}
