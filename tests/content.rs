//! The clinical corrections of pathway 1.3.0 (issue 10, items 1–17 and the words), held
//! through the real binary in English and French: what a route prints, not how the file is
//! written. Scenario files pin the routes; these tests pin the words those routes show.

use assert_cmd::cargo::cargo_bin_cmd;
use carepath::pathway::load::PathwaySource;
use carepath::pathway::texts::PathwayText;
use serde_json::Value;

/// A set of answers, as `question=option[,option]`.
#[derive(Debug, Clone)]
struct Call(Vec<(&'static str, String)>);

impl Call {
    /// An adult whose main concern is `concern`, with nothing else to report, paying
    /// themself. Pain routes add the indication and the branch questions with [`Call::set`].
    fn adult(province: &str, concern: &str) -> Call {
        Call(vec![
            ("safety", "none".into()),
            ("province", province.into()),
            ("age", "adult".into()),
            ("concern", concern.into()),
            ("comorbidities", "none".into()),
            ("screening", "none".into()),
            ("coverage", "none".into()),
        ])
    }

    /// CRPS, the simplest way to a pain-medicine physician, given `how`.
    fn pain_medicine(province: &str, how: &str) -> Call {
        Call::adult(province, "pain")
            .set("indication", "crps")
            .set("administration", how)
    }

    fn set(mut self, q: &'static str, a: &str) -> Call {
        match self.0.iter_mut().find(|(k, _)| *k == q) {
            Some(pair) => pair.1 = a.to_string(),
            None => self.0.push((q, a.to_string())),
        }
        self
    }

    fn run(&self, lang: &str, mode: &str, json: bool) -> String {
        let mut cmd = cargo_bin_cmd!("carepath");
        cmd.env("NO_COLOR", "1")
            .args(["--lang", lang, "--mode", mode, "route"]);
        if json {
            cmd.args(["--format", "json"]);
        }
        for (q, a) in &self.0 {
            cmd.args(["-a", &format!("{q}={a}")]);
        }
        let out = cmd.output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            out.status.success(),
            "{self:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }

    /// The text result, as `mode` reads it in `lang`.
    fn text(&self, lang: &str, mode: &str) -> String {
        self.run(lang, mode, false)
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.run("en", "staff", true)).unwrap()
    }
}

/// The lines of one section of a text result (from its title to the next blank line).
fn section<'t>(text: &'t str, title: &str) -> Vec<&'t str> {
    text.lines()
        .skip_while(|l| *l != title)
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

/// `carepath ARGS` in `lang`; stdout.
fn carepath(lang: &str, args: &[&str]) -> String {
    let out = cargo_bin_cmd!("carepath")
        .env("NO_COLOR", "1")
        .args(["--lang", lang])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

// ---- Wrong ------------------------------------------------------------------------------

/// Item 1: The VAC Chronic Pain Centre of Excellence does research; it coordinates no one's care.
#[test]
fn item_01_the_vac_centre_of_excellence_is_not_said_to_coordinate_care() {
    let call = Call::pain_medicine("on", "iv").set("coverage", "veteran");
    for mode in ["patient", "staff"] {
        let en = call.text("en", mode);
        assert!(!en.contains("helps coordinate care"), "{en}");
        let fr = call.text("fr", mode);
        assert!(!fr.contains("aide à coordonner les soins"), "{fr}");
    }
    let staff = call.text("en", "staff");
    assert!(
        staff.contains("does research and knowledge exchange"),
        "{staff}"
    );
    assert!(
        staff.contains("it does not coordinate anyone's care"),
        "{staff}"
    );
    let fr = call.text("fr", "staff");
    assert!(fr.contains("il ne coordonne les soins de personne"), "{fr}");
}

/// Item 2: A veteran with a WSIB claim and private insurance who chose mental health (R3) reads
/// what each program says about treatment-resistant depression, not about chronic pain; and
/// on a pain route the same notes follow the mental-health care offered alongside.
#[test]
fn item_02_coverage_notes_on_the_mental_health_route_speak_of_depression() {
    let call = Call::adult("on", "mental_health")
        .set("comorbidities", "depression")
        .set("coverage", "workers_comp,veteran,private");
    let en = call.text("en", "patient");
    let coverage = section(&en, "Coverage");
    assert_eq!(coverage.len(), 3, "{en}");
    for line in &coverage {
        assert!(line.contains("depression"), "{line}");
        assert!(
            !line.contains("For a service-related chronic pain"),
            "{line}"
        );
    }
    assert!(coverage[0].starts_with("  - WSIB: "), "{en}");
    assert!(!coverage[0].contains("CRPS"), "{en}");
    assert!(
        coverage[1].contains(
            "does not cover psychotherapy given to someone in a drug-induced psychedelic state"
        ),
        "{en}"
    );
    let fr = call.text("fr", "patient");
    let coverage = section(&fr, "Couverture");
    assert_eq!(coverage.len(), 3, "{fr}");
    for line in &coverage {
        assert!(line.contains("dépression"), "{line}");
    }
    assert!(coverage[0].starts_with("  - CSPAAT\u{a0}: "), "{fr}");
    // The JSON carries the note of the route.
    let json = call.json();
    let note = json["coverage"][1]["note"].as_str().unwrap();
    assert!(
        note.contains("treatment-resistant major depression"),
        "{note}"
    );

    // Pain first, depression alongside: the pain note, then the note for the care alongside.
    let alongside = Call::pain_medicine("on", "iv")
        .set("comorbidities", "depression")
        .set("coverage", "veteran");
    let en = alongside.text("en", "patient");
    let coverage = section(&en, "Coverage");
    assert!(coverage[0].contains("chronic pain"), "{en}");
    assert!(coverage[1].starts_with("    Alongside: "), "{en}");
    assert!(coverage[1].contains("depression"), "{en}");
    let fr = alongside.text("fr", "patient");
    let coverage = section(&fr, "Couverture");
    assert!(coverage[1].contains("dépression"), "{fr}");
}

/// Item 3: A medical emergency is told to call 911, with no 9-8-8 in the headline; a crisis is
/// told 9-8-8 first.
#[test]
fn item_03_each_emergency_answer_has_its_own_headline() {
    let medical = Call(vec![("safety", "medical_emergency".into())]);
    let crisis = Call(vec![("safety", "crisis".into())]);
    for mode in ["patient", "staff"] {
        let en = medical.text("en", mode);
        let first = en.lines().next().unwrap();
        assert_eq!(first, "Route: Call 911 now", "{en}");
        let fr = medical.text("fr", mode);
        let first = fr.lines().next().unwrap();
        assert_eq!(
            first, "Orientation\u{a0}: Composez le 911 maintenant",
            "{fr}"
        );
        assert!(!first.contains("9-8-8"));

        let en = crisis.text("en", mode);
        assert!(
            en.lines()
                .next()
                .unwrap()
                .starts_with("Route: Call or text 9-8-8 now")
        );
        let fr = crisis.text("fr", mode);
        assert!(
            fr.lines()
                .next()
                .unwrap()
                .starts_with("Orientation\u{a0}: Appelez ou textez le 9-8-8 maintenant")
        );
    }
    assert_eq!(medical.json()["outcome"], "medical-emergency");
    assert_eq!(medical.json()["route"], "emergency");
    assert_eq!(crisis.json()["outcome"], "emergency");
}

/// Item 4: WorkSafeNB generally does not recommend ketamine, describes no pain use, and is cited.
#[test]
fn item_04_worksafenb_is_stated_as_its_page_does_and_cited() {
    let call = Call::pain_medicine("nb", "iv").set("coverage", "workers_comp");
    let en = call.text("en", "patient");
    let coverage = section(&en, "Coverage").join("\n");
    assert!(
        coverage.contains("generally does not recommend ketamine"),
        "{en}"
    );
    assert!(coverage.contains("at least two antidepressants"), "{en}");
    assert!(coverage.contains("It describes no use for pain"), "{en}");
    assert!(!coverage.contains("is pre-approved"), "{en}");
    assert!(
        en.contains("https://www.worksafenb.ca/health-care/treatment-and-recovery/ketamine/"),
        "{en}"
    );
    let fr = call.text("fr", "patient");
    assert!(
        fr.contains("Travail sécuritaire NB ne recommande généralement pas la kétamine"),
        "{fr}"
    );
}

/// Item 5: Nerve pain: the guideline's finding, and the article's figure cited to the article.
#[test]
fn item_05_neuropathic_evidence_says_what_the_guideline_found() {
    let call = Call::adult("on", "pain")
        .set("indication", "neuropathic")
        .set("prior_treatment", "yes")
        .set("administration", "iv");
    let en = call.text("en", "patient");
    let evidence = section(&en, "Evidence (strength: weaker)").join(" ");
    assert!(
        evidence.contains("weak or no evidence of immediate benefit for mixed nerve pain"),
        "{en}"
    );
    assert!(
        evidence
            .contains("the source article describes smaller relief lasting days to a few weeks"),
        "{en}"
    );
    let sources = call.json()["evidence"]["sources"].to_string();
    assert!(
        sources.contains("Ketamine Therapy for Chronic Pain"),
        "{sources}"
    );
    let fr = call.text("fr", "patient");
    assert!(
        fr.contains("faibles ou nulles quant à un bienfait immédiat"),
        "{fr}"
    );
}

/// Item 6: "At least three medicines" is WSIB's coverage criterion, said only in its note; the
/// prompts ask about the usual medicines, and the patient's has no "first-/second-line".
#[test]
fn item_06_at_least_three_medicines_is_wsibs_criterion_only() {
    let r8 = Call::adult("on", "pain")
        .set("indication", "neuropathic")
        .set("prior_treatment", "no");
    for mode in ["patient", "staff"] {
        let en = r8.text("en", mode);
        assert!(!en.contains("at least three"), "{en}");
        let fr = r8.text("fr", mode);
        assert!(!fr.contains("au moins trois"), "{fr}");
    }
    let wsib = Call::pain_medicine("on", "iv").set("coverage", "workers_comp");
    assert!(
        wsib.text("en", "staff")
            .contains("failure of at least three")
    );
    assert!(wsib.text("fr", "staff").contains("échec d'au moins trois"));

    let loaded = PathwaySource::Bundled.load().unwrap();
    let q = loaded.pathway.question("prior_treatment").unwrap();
    assert!(q.prompt.staff.en.contains("first- and second-line"));
    for t in [&q.prompt.patient.en, &q.prompt.patient.fr] {
        assert!(!t.contains("three") && !t.contains("trois"), "{t}");
        assert!(!t.contains("line") && !t.contains("intention"), "{t}");
    }
}

/// Item 7: Heart rate is « fréquence cardiaque ».
#[test]
fn item_07_heart_rate_is_frequence_cardiaque() {
    let call = Call::pain_medicine("qc", "iv").set("screening", "heart");
    let fr = call.text("fr", "patient");
    assert!(fr.contains("fréquence cardiaque"), "{fr}");
    assert!(!fr.contains("rythme cardiaque"), "{fr}");
}

/// Item 8: Schwartzman 2009 is cited with its DOI.
#[test]
fn item_08_schwartzman_2009_has_its_doi() {
    for lang in ["en", "fr"] {
        let text = Call::pain_medicine("on", "iv").text(lang, "patient");
        let line = text
            .lines()
            .find(|l| l.contains("Schwartzman RJ"))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(
            line.contains("https://doi.org/10.1016/j.pain.2009.08.015"),
            "{line}"
        );
    }
}

// ---- Unsupported or misleading ----------------------------------------------------------

/// Item 9: Nunavut is never promised 811; the NWT line has its toll-free fallback.
#[test]
fn item_09_health_lines_of_nunavut_and_the_nwt() {
    let nu = carepath("en", &["explain", "nu"]);
    let line = nu.lines().find(|l| l.contains("health line")).unwrap();
    assert!(!line.contains("811"), "{line}");
    assert!(line.contains("community health centre"), "{line}");
    let nu = carepath("fr", &["explain", "nu"]);
    assert!(!nu.contains("811"), "{nu}");
    assert!(nu.contains("centre de santé communautaire"), "{nu}");
    for lang in ["en", "fr"] {
        let nt = carepath(lang, &["explain", "nt"]);
        assert!(nt.contains("1-844-259-1793"), "{nt}");
    }
}

/// Item 10: Saskatchewan: any community route other than IV needs an NHTF or an exemption.
#[test]
fn item_10_saskatchewan_non_iv_covers_every_community_route() {
    let call = Call::pain_medicine("sk", "non_iv");
    let en = call.text("en", "patient");
    let facility = section(
        &en,
        "Facility — Saskatchewan (CPSS), oral, intranasal, sublingual or intramuscular ketamine",
    )
    .join(" ");
    for w in [
        "muscle",
        "under the skin",
        "by mouth",
        "under the tongue",
        "nasal spray",
        "exemption",
    ] {
        assert!(facility.contains(w), "{w}: {en}");
    }
    assert!(!facility.contains("For other ways"), "{en}");
    let fr = call.text("fr", "patient");
    for w in [
        "par la bouche",
        "sous la langue",
        "vaporisateur nasal",
        "exemption",
    ] {
        assert!(fr.contains(w), "{w}: {fr}");
    }
}

/// Item 11: The psychiatric-assessment point says which half the guideline supports (psychosis)
/// and that bipolar disorder is the navigator's own precaution.
#[test]
fn item_11_the_psychiatric_assessment_says_where_each_half_comes_from() {
    let call = Call::pain_medicine("bc", "iv").set("comorbidities", "bipolar");
    let en = call.text("en", "patient");
    let safety = section(&en, "Safety").join(" ");
    assert!(
        safety.contains("psychosis or mania is a reason ketamine is usually avoided"),
        "{en}"
    );
    assert!(safety.contains("with bipolar disorder, this navigator asks for the assessment as a precaution of its own"), "{en}");
    let fr = call.text("fr", "patient");
    assert!(
        fr.contains("en cas de trouble bipolaire, cet outil demande l'évaluation par précaution"),
        "{fr}"
    );
}

/// Item 12: VAC's own statement names infusion, nasal spray and compounded cream: not "oral".
#[test]
fn item_12_vac_forms_are_those_of_vacs_statement() {
    let call = Call::pain_medicine("ab", "iv").set("coverage", "veteran");
    for (lang, mode, title) in [
        ("en", "patient", "Coverage"),
        ("en", "staff", "Coverage"),
        ("fr", "patient", "Couverture"),
    ] {
        let text = call.text(lang, mode);
        let vac = section(&text, title).join(" ");
        assert!(!vac.contains("oral"), "{vac}");
        assert!(vac.contains("nasal"), "{vac}");
    }
}

/// Item 13: Fibromyalgia: only what the article supports (about 45% with no response).
#[test]
fn item_13_fibromyalgia_figures_are_the_articles() {
    let call = Call::adult("on", "pain").set("indication", "fibromyalgia");
    let en = call.text("en", "staff");
    assert!(!en.contains("a little over half"), "{en}");
    assert!(en.contains("no response in about 45% of patients"), "{en}");
    let fr = call.text("fr", "staff");
    assert!(!fr.contains("un peu plus de la moitié"), "{fr}");
    assert!(fr.contains("environ 45\u{a0}%"), "{fr}");
}

/// Item 14: Alongside: "may be an option", after an assessment, never "can help".
#[test]
fn item_14_kap_alongside_may_be_an_option_after_an_assessment() {
    let call = Call::pain_medicine("on", "iv").set("comorbidities", "bipolar");
    let en = call.text("en", "patient");
    let also = en.lines().find(|l| l.starts_with("Alongside: ")).unwrap();
    assert!(also.contains("may be an option"), "{also}");
    assert!(also.contains("after an assessment"), "{also}");
    assert!(!also.contains("can help"), "{also}");
    let fr = call.text("fr", "patient");
    let also = fr
        .lines()
        .find(|l| l.starts_with("En parallèle"))
        .unwrap_or_else(|| panic!("{fr}"));
    assert!(also.contains("pourrait être une option"), "{also}");
    assert!(!also.contains("peut vous aider"), "{also}");
}

/// Item 15: A psychosis answer gives one safety line about the assessment; both ids stay in JSON.
#[test]
fn item_15_psychosis_is_said_once() {
    let call = Call::pain_medicine("on", "iv").set("screening", "psychosis");
    let json = call.json();
    assert_eq!(
        json["flags"],
        serde_json::json!(["psychosis", "psychiatric_assessment"])
    );
    for (lang, title, words) in [
        ("en", "Safety", "psychiatric assessment"),
        ("fr", "Sécurité", "évaluation psychiatrique"),
    ] {
        for mode in ["patient", "staff"] {
            let text = call.text(lang, mode);
            let safety = section(&text, title);
            let saying: Vec<_> = safety
                .iter()
                .filter(|l| l.to_lowercase().contains(words))
                .collect();
            assert_eq!(saying.len(), 1, "{text}");
        }
    }
}

/// Item 16: No infusion is given by another route: its result does not describe infusions.
#[test]
fn item_16_non_iv_results_do_not_talk_of_infusions() {
    let non_iv = Call::pain_medicine("on", "non_iv");
    let en = non_iv.text("en", "patient");
    assert!(!en.contains("infusions for pain are longer"), "{en}");
    let iv = Call::pain_medicine("on", "iv").text("en", "patient");
    assert!(
        section(&iv, "Safety")
            .iter()
            .any(|l| l.contains("infusions for pain are longer")),
        "{iv}"
    );
    let unsure = Call::pain_medicine("on", "unsure").text("en", "patient");
    assert!(unsure.contains("infusions for pain are longer"), "{unsure}");
    let quebec = Call::pain_medicine("qc", "non_iv").set("screening", "heart");
    let fr = quebec.text("fr", "patient");
    assert!(!fr.contains("perfusion"), "{fr}");
    // Staff too: the clinical detail of a non-IV result gives no infusion figures or lengths
    // (the dosing and the length of infusions are shown where one may be given).
    let staff_fr = quebec.text("fr", "staff");
    let detail = section(&staff_fr, "Détails réservés au personnel");
    assert!(!detail.is_empty(), "{staff_fr}");
    assert!(
        detail.iter().all(|l| !l.contains("perfusion")),
        "{staff_fr}"
    );
    let staff_en = non_iv.text("en", "staff");
    let detail = section(&staff_en, "Detail for staff only");
    assert!(
        detail
            .iter()
            .all(|l| !l.to_lowercase().contains("infusion")),
        "{staff_en}"
    );
    let staff_iv = Call::pain_medicine("on", "iv").text("en", "staff");
    let detail = section(&staff_iv, "Detail for staff only");
    assert!(
        detail.iter().any(|l| l.contains("0.35 mg/kg")),
        "{staff_iv}"
    );
    assert!(
        detail.iter().any(|l| l.contains("IV infusions for pain")),
        "{staff_iv}"
    );
}

/// Item 17: The territories say that the destination province's facility rules then apply, and
/// every region and coverage row names a source (`check` holds the rest).
#[test]
fn item_17_out_of_territory_care_follows_the_destination_provinces_rules() {
    for p in ["yt", "nt", "nu"] {
        for how in ["iv", "non_iv"] {
            let call = Call::pain_medicine(p, how);
            let en = call.text("en", "patient");
            assert!(
                en.contains("The facility rules of the province where you are treated then apply."),
                "{p} {how}: {en}"
            );
            let fr = call.text("fr", "patient");
            assert!(
                fr.contains("de la province où vous êtes traité ou traitée s'appliquent alors"),
                "{p} {how}: {fr}"
            );
        }
    }
    let yt = Call::pain_medicine("yt", "iv").text("en", "patient");
    assert!(
        yt.contains("https://hss.yukon.ca/medicaltravel.php"),
        "{yt}"
    );
    let nu = Call::pain_medicine("nu", "iv").text("en", "patient");
    assert!(
        nu.contains("https://doi.org/10.1080/22423982.2022.2073069"),
        "{nu}"
    );
    let loaded = PathwaySource::Bundled.load().unwrap();
    let p = &loaded.pathway;
    assert!(p.regions.rows.iter().all(|r| !r.sources.is_empty()));
    assert!(p.coverage.rows.iter().all(|r| !r.sources.is_empty()));
}

// ---- Words ------------------------------------------------------------------------------

/// Program acronyms and their full names: an acronym may only appear in a text that also
/// spells it out.
const ACRONYMS: &[(&str, &[&str])] = &[
    (
        "NHSF",
        &[
            "Non-Hospital Surgical Facility",
            "établissement chirurgical non hospitalier",
        ],
    ),
    (
        "OHPIP",
        &[
            "Out-of-Hospital Premises Inspection Program",
            "Programme d'inspection des établissements hors hôpital",
        ],
    ),
    (
        "NHMSFAP",
        &[
            "Non-Hospital Medical and Surgical Facilities Accreditation Program",
            "Programme d'agrément des établissements médicaux et chirurgicaux non hospitaliers",
        ],
    ),
    (
        "NHTF",
        &[
            "Non-Hospital Treatment Facility",
            "établissement de traitement non hospitalier",
        ],
    ),
];

/// Words for staff only: doses, treatment-line jargon, off-label talk.
const STAFF_WORDS: &[&str] = &[
    "mg/kg",
    " mg ",
    "bolus",
    "first-line",
    "second-line",
    "first- or second-line",
    "first- and second-line",
    "off-label",
    "refractory",
    "première intention",
    "deuxième intention",
    "hors indication",
    "réfractaire",
];

/// The staff-only words and bare acronyms in one text, in either language.
fn staff_words(t: &PathwayText) -> Vec<String> {
    let mut found = Vec::new();
    for text in [&t.text.en, &t.text.fr] {
        let lower = text.to_lowercase();
        found.extend(
            STAFF_WORDS
                .iter()
                .filter(|w| lower.contains(&w.to_lowercase()))
                .map(|w| format!("{w:?} in {text:?}")),
        );
        for (acronym, full) in ACRONYMS {
            let bare = text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == *acronym);
            if bare && !full.iter().any(|f| lower.contains(&f.to_lowercase())) {
                found.push(format!("{acronym} without its full name in {text:?}"));
            }
        }
    }
    found
}

/// Every text a patient can read (the list `check` walks) is free of staff words.
#[test]
fn words_patient_facing_texts_hold_no_staff_words() {
    let loaded = PathwaySource::Bundled.load().unwrap();
    let texts = loaded.pathway.texts();
    assert!(texts.len() > 300, "{} texts", texts.len());
    let mut faults = Vec::new();
    for t in texts.iter().filter(|t| t.patient_facing()) {
        for f in staff_words(t) {
            faults.push(format!(
                "{} {}: {f}",
                t.owner.unwrap_or("pathway"),
                t.place()
            ));
        }
    }
    assert!(
        faults.is_empty(),
        "staff words where patients read:\n{}",
        faults.join("\n")
    );
    // The test sees staff texts too, and they may keep those words.
    assert!(
        texts
            .iter()
            .filter(|t| !t.patient_facing())
            .any(|t| !staff_words(t).is_empty()),
        "no staff text holds a staff word: is the list walked at all?"
    );
}

/// The texts staff and patients both read speak about the person, not to one of them.
#[test]
fn words_shared_texts_do_not_speak_to_the_caller_as_if_a_patient() {
    let loaded = PathwaySource::Bundled.load().unwrap();
    let p = &loaded.pathway;
    let prior = p.question("prior_treatment").unwrap();
    assert!(!prior.help.en.contains("Your doctor"), "{}", prior.help.en);
    for a in &p.alongside {
        assert!(
            !a.text.en.starts_with("You also mentioned"),
            "{}",
            a.text.en
        );
        assert!(
            !a.text.fr.starts_with("Vous avez aussi mentionné"),
            "{}",
            a.text.fr
        );
    }
}

/// The KAP result says how to find a coordinated-care program.
#[test]
fn words_the_kap_result_says_how_to_find_a_program() {
    let call = Call::adult("on", "mental_health").set("comorbidities", "depression");
    let en = call.text("en", "patient");
    assert!(
        en.contains("ask your family doctor or psychiatrist, or see the find-care page"),
        "{en}"
    );
    assert!(
        en.contains("https://psychedelic.healthcare/find-care"),
        "{en}"
    );
    let fr = call.text("fr", "patient");
    assert!(fr.contains("page de recherche de soins"), "{fr}");
}

/// French follows the spec's conventions: full doublets, boards by their French names,
/// no calques, and English titles said to be English.
#[test]
fn words_french_follows_the_conventions() {
    let loaded = PathwaySource::Bundled.load().unwrap();
    let p = &loaded.pathway;
    let mut faults = Vec::new();
    for t in p.texts() {
        let fr = &t.text.fr;
        for wrong in [
            "un ou une clinicienne",
            "spécialiste qualifiée",
            "infirmière ou infirmier praticien",
            "WSIB",
            "tout ce qui s'applique",
            "abus",
            "médecin en médecine de la douleur",
            "rythme cardiaque",
        ] {
            if fr.contains(wrong) {
                faults.push(format!("{wrong:?} in {fr:?}"));
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
    // Every source of this pathway is published in English.
    for s in &p.sources {
        assert!(
            s.note.fr.contains("titre en anglais"),
            "{}: {:?}",
            s.id,
            s.note.fr
        );
    }
    let labels: Vec<&str> = p
        .coverage
        .rows
        .iter()
        .map(|r| r.program_name(carepath::pathway::Lang::Fr))
        .collect();
    for want in [
        "CSPAAT",
        "Commission des accidents du travail du Manitoba",
        "CNESST",
        "Travail sécuritaire NB",
        "WorkSafeBC (nom officiel en anglais)",
    ] {
        assert!(labels.contains(&want), "{want} not in {labels:?}");
    }
}

/// The pathway file stands on its own: it names no path outside the project.
#[test]
fn words_the_pathway_file_names_no_path_outside_the_project() {
    let text = carepath::pathway::load::BUNDLED;
    assert!(
        !text.contains("/work/"),
        "the pathway names a path outside the project"
    );
    assert!(
        !text.contains("../shared"),
        "the pathway names a path outside the project"
    );
}
