//! Every string in French: the program's own words, the bundled pathway, and `check`'s rule
//! that a pathway declaring French has French everywhere.

#[path = "common/placeholders.rs"]
mod placeholders;

use assert_cmd::cargo::cargo_bin_cmd;
use carepath::pathway::Lang;
use carepath::pathway::load::PathwaySource;
use carepath::pathway::validate::validate;
use carepath::strings::summary::summary;
use carepath::strings::{line_mode, plain, strings, train, ui, wizard};

/// The `"…"` string literals of a struct's Debug text, in order, each with the field it
/// belongs to and its place in that field (a list or tuple field holds several).
fn debug_strings(debug: &str) -> Vec<(String, usize, String)> {
    let mut out: Vec<(String, usize, String)> = Vec::new();
    let (mut field, mut word) = (String::new(), String::new());
    let mut chars = debug.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some('u') => {
                                let hex: String =
                                    chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                                let code = u32::from_str_radix(&hex, 16).expect("\\u{…}");
                                s.push(char::from_u32(code).expect("a char"));
                            }
                            Some(c) => s.push(c),
                            None => {}
                        },
                        c => s.push(c),
                    }
                }
                let place = match out.last() {
                    Some((f, n, _)) if *f == field => n + 1,
                    _ => 0,
                };
                out.push((field.clone(), place, s));
            }
            ':' if !word.is_empty() => field = std::mem::take(&mut word),
            c if c.is_alphanumeric() || c == '_' => word.push(c),
            _ => word.clear(),
        }
    }
    out
}

fn assert_translated(name: &str, en: String, fr: String) {
    let strings = |debug: &str| -> Vec<String> {
        debug_strings(debug)
            .into_iter()
            .map(|(_, _, s)| s)
            .collect()
    };
    let (en, fr) = (strings(&en), strings(&fr));
    assert_eq!(en.len(), fr.len(), "{name}: different number of strings");
    for (e, f) in en.iter().zip(&fr) {
        assert!(!f.trim().is_empty(), "{name}: empty French for {e:?}");
    }
    let same: Vec<&String> = en
        .iter()
        .zip(&fr)
        .filter(|(e, f)| e == f && e.chars().any(char::is_alphabetic) && e.len() > 12)
        .map(|(e, _)| e)
        .collect();
    assert!(same.is_empty(), "{name}: left in English: {same:?}");
}

#[test]
fn every_program_string_has_french() {
    assert_translated(
        "outcome words",
        format!("{:?}", strings(Lang::En)),
        format!("{:?}", strings(Lang::Fr)),
    );
    assert_translated(
        "wizard words",
        format!("{:?}", ui(Lang::En)),
        format!("{:?}", ui(Lang::Fr)),
    );
    assert_translated(
        "line-mode words",
        format!("{:?}", plain(Lang::En)),
        format!("{:?}", plain(Lang::Fr)),
    );
    assert_translated(
        "summary words",
        format!("{:?}", summary(Lang::En)),
        format!("{:?}", summary(Lang::Fr)),
    );
    let texts = |lang| -> Vec<String> { sentences(lang).into_iter().map(|(_, t)| t).collect() };
    assert_translated(
        "sentences with values",
        format!("{:?}", texts(Lang::En)),
        format!("{:?}", texts(Lang::Fr)),
    );
}

/// Every sentence of the strings module that carries values, with plain values, by name.
fn sentences(lang: Lang) -> Vec<(&'static str, String)> {
    let cells = |width, height| wizard::Cells { width, height };
    vec![
        ("question_of", wizard::question_of(3, 9, lang)),
        (
            "too_small",
            wizard::too_small(cells(60, 16), cells(50, 12), lang),
        ),
        ("needs_terminal", wizard::needs_terminal(lang)),
        (
            "terminal_not_set_up",
            wizard::terminal_not_set_up("raison", lang),
        ),
        ("terminal_stopped", wizard::terminal_stopped("raison", lang)),
        ("score", train::score(1, 2, lang)),
        ("step_of", train::step_of(2, 9, lang)),
        (
            "scenario_not_written",
            train::scenario_not_written("/tmp", "raison", lang),
        ),
        ("scenario_names_taken", train::scenario_names_taken(lang)),
        ("question", line_mode::question(3, 9, "Province", lang)),
        ("you_chose", line_mode::you_chose("Ontario", lang)),
        ("no_match", line_mode::no_match("zzz", lang)),
        ("did_you_mean", line_mode::did_you_mean("Ontario", lang)),
        (
            "not_chosen",
            line_mode::not_chosen("Ontario", "Province", lang),
        ),
        (
            "not_chosen_instead",
            line_mode::not_chosen_instead("Ontario", "on", lang),
        ),
        (
            "not_chosen_alone",
            line_mode::not_chosen_alone("Ontario", lang),
        ),
        ("which_one", line_mode::which_one("nou", lang)),
        ("earlier_answer", line_mode::earlier_answer("Ontario", lang)),
        ("not_understood", line_mode::not_understood("zzz", lang)),
        ("note_kept", line_mode::note_kept("rappel", lang)),
        ("saving_off", line_mode::saving_off("raison", lang)),
        ("output_closed", line_mode::output_closed(lang)),
    ]
}

/// No fixed word is a template to fill in (`Question {n} of about {m}`): a sentence that
/// carries values is a function of the strings module, and its values are in place.
#[test]
fn no_program_string_is_a_template() {
    for lang in [Lang::En, Lang::Fr] {
        for debug in [
            format!("{:?}", strings(lang)),
            format!("{:?}", ui(lang)),
            format!("{:?}", plain(lang)),
            format!("{:?}", summary(lang)),
        ] {
            for (field, _, text) in debug_strings(&debug) {
                placeholders::assert_no_placeholder(&format!("{lang:?} {field}"), &text);
            }
        }
        for (name, text) in sentences(lang) {
            placeholders::assert_no_placeholder(&format!("{lang:?} {name}"), &text);
        }
    }
}

/// Where a French string breaks Quebec's typographic rule (as the OQLF gives it): `:` follows
/// a no-break space, `«` is followed by one and `»` follows one, so a wrap never leaves a line
/// starting with the mark; `;`, `?` and `!` follow the word directly, with no space. Key
/// names (`?` for help, `!` for crisis) are not punctuation: in the key fields they may stand
/// alone between ordinary spaces.
fn punctuation_faults(field: &str, place: usize, text: &str) -> Vec<String> {
    let is_nbsp = |c: Option<char>| matches!(c, Some('\u{a0}' | '\u{202f}'));
    let is_space = |c: Option<char>| c.is_some_and(char::is_whitespace);
    let key_field = field.starts_with("keys_")
        || field.starts_with("key_")
        || field.ends_with("_words")
        || matches!(field, "crisis_key" | "help_close")
        || (field == "help_keys" && place.is_multiple_of(2));
    let chars: Vec<char> = text.chars().collect();
    let mut faults = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|i| chars[i]);
        let after = chars.get(i + 1).copied();
        let ok = match c {
            '?' | '!' if key_field => {
                matches!(before, None | Some(' ' | '/')) && matches!(after, None | Some(' '))
            }
            ':' => is_nbsp(before),
            ';' | '?' | '!' => !is_space(before),
            '«' => is_nbsp(after),
            '»' => is_nbsp(before),
            _ => true,
        };
        if !ok {
            faults.push(format!("{field}: {c:?} at {i} in {text:?}"));
        }
    }
    faults
}

#[test]
fn french_program_strings_keep_their_punctuation_on_the_line_with_a_no_break_space() {
    let mut faults = Vec::new();
    for debug in [
        format!("{:?}", strings(Lang::Fr)),
        format!("{:?}", ui(Lang::Fr)),
        format!("{:?}", plain(Lang::Fr)),
        format!("{:?}", summary(Lang::Fr)),
    ] {
        for (field, place, text) in debug_strings(&debug) {
            faults.extend(punctuation_faults(&field, place, &text));
        }
    }
    for (name, text) in sentences(Lang::Fr) {
        faults.extend(punctuation_faults(name, 0, &text));
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
    // The rule's own examples, so that it cannot pass by checking nothing.
    assert_eq!(
        punctuation_faults("who", 0, "Qui utilise carepath ?").len(),
        1
    );
    assert!(punctuation_faults("who", 0, "Qui utilise carepath?").is_empty());
    assert_eq!(punctuation_faults("who", 0, "« a » : b ; c !").len(), 5);
    assert!(punctuation_faults("who", 0, "«\u{a0}a\u{a0}»\u{a0}: b; c!").is_empty());
    assert!(punctuation_faults("keys_start", 0, "Entrée · ? touches").is_empty());
    assert_eq!(
        punctuation_faults("help_close", 0, "Échap ou? ferme").len(),
        1
    );
    assert_eq!(punctuation_faults("help_keys", 1, "aide : 911").len(), 1);
}

/// Every `fr: "…"` text of a pathway file, escapes decoded.
fn french_texts(ron: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (start, _) in ron.match_indices("fr: \"") {
        let mut text = String::new();
        let mut chars = ron[start + 5..].chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => {
                    let rest: String = chars.clone().take(8).collect();
                    if let Some(hex) = rest.strip_prefix("u{").and_then(|r| r.split('}').next()) {
                        text.extend(u32::from_str_radix(hex, 16).ok().and_then(char::from_u32));
                        for _ in 0..hex.len() + 3 {
                            chars.next();
                        }
                    } else {
                        text.extend(chars.next());
                    }
                }
                c => text.push(c),
            }
        }
        out.push(text);
    }
    out
}

#[test]
fn the_bundled_pathways_french_follows_the_same_typography() {
    let loaded = PathwaySource::Bundled.load().expect("bundled pathway");
    let texts = french_texts(&loaded.text);
    assert!(texts.len() > 100, "{}", texts.len());
    let faults: Vec<String> = texts
        .iter()
        .flat_map(|t| punctuation_faults("pathway", 0, t))
        .collect();
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn the_bundled_pathway_declares_french_and_has_it_everywhere() {
    let loaded = PathwaySource::Bundled.load().expect("bundled pathway");
    assert!(loaded.pathway.languages.iter().any(|l| l == "fr"));
    assert_eq!(validate(&loaded).errors(), 0);
    let text = &loaded.text;
    for term in [
        "syndrome douloureux régional complexe (SDRC)",
        "douleur neuropathique réfractaire",
        "fibromyalgie",
        "douleur du membre fantôme",
        "TSPT",
        "dépression résistante au traitement",
        "Info-Santé 811",
        "9-8-8",
    ] {
        assert!(
            text.to_lowercase().contains(&term.to_lowercase()),
            "missing French term {term:?}"
        );
    }
}

#[test]
fn check_fails_on_a_text_without_french_when_the_pathway_declares_french() {
    let base = std::fs::read_to_string("tests/fixtures/valid/fixture-base.ron").unwrap();
    let declared = base.replacen(
        "    start: \"province\",",
        "    languages: [\"en\", \"fr\"],\n    start: \"province\",",
        1,
    );
    assert_ne!(base, declared);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("declares-french.ron");
    std::fs::write(&path, declared).unwrap();
    let out = cargo_bin_cmd!("carepath")
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has no French text"), "{err}");
    assert!(err.contains("declares-french.ron:"), "{err}");
    assert!(err.contains("`province`"), "{err}");
}

#[test]
fn what_a_source_is_is_said_in_french_and_check_requires_it() {
    let loaded = PathwaySource::Bundled.load().expect("bundled pathway");
    let p = &loaded.pathway;
    let web = p
        .sources
        .iter()
        .find(|s| s.note.en == "Web page")
        .expect("a web page among the sources");
    assert!(web.citation(Lang::En).contains(". Web page."));
    assert!(
        web.citation(Lang::Fr)
            .contains(". Page Web (titre en anglais).")
    );
    // Titles and journal names stay as published; the note says the title is in English.
    let cohen = p.source("cohen-2018").unwrap();
    for lang in [Lang::En, Lang::Fr] {
        assert!(cohen.citation(lang).contains(&cohen.title));
        assert!(
            cohen
                .citation(lang)
                .contains("Regional Anesthesia and Pain Medicine")
        );
    }
    assert!(cohen.citation(Lang::Fr).contains("(titre en anglais)"));

    let text = loaded.text.replacen(
        r#"note: (en: "Web page", fr: "Page Web (titre en anglais)"),"#,
        r#"note: (en: "Web page"),"#,
        1,
    );
    assert_ne!(text, loaded.text);
    let broken = carepath::pathway::load::load_str("fr-missing.ron", &text).unwrap();
    let report = validate(&broken);
    assert!(
        report
            .problems
            .iter()
            .any(|pr| pr.message.contains("its `note` has no French text")),
        "{:?}",
        report.problems
    );
}
