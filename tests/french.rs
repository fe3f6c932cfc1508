//! Every string in French: the program's own words, the bundled pathway, and `check`'s rule
//! that a pathway declaring French has French everywhere.

use assert_cmd::cargo::cargo_bin_cmd;
use carepath::pathway::Lang;
use carepath::pathway::load::PathwaySource;
use carepath::pathway::validate::validate;
use carepath::strings::{plain, strings, ui};

/// The `"…"` string literals of a struct's Debug text, in order.
fn debug_strings(debug: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = debug.chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            let mut s = String::new();
            let mut escaped = false;
            for c in chars.by_ref() {
                match (c, escaped) {
                    ('\\', false) => escaped = true,
                    ('"', false) => break,
                    _ => {
                        s.push(c);
                        escaped = false;
                    }
                }
            }
            out.push(s);
        }
    }
    out
}

fn assert_translated(name: &str, en: String, fr: String) {
    let (en, fr) = (debug_strings(&en), debug_strings(&fr));
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
