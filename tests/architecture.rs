//! The modules' imports go one way: README's layers match `src/`, with no cycle; and the
//! engine knows no pathway: `src/` names none of the bundled pathway's clinical words.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules of `src/` (a file `foo.rs`, with its folder `foo/` if any), each
/// with the top-level modules its code outside `#[cfg(test)]` names through `crate::`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(std::slice::from_ref(&src)) {
        let relative = path.strip_prefix(&src).expect("under src/");
        let first = relative.components().next().expect("a component");
        let module = Path::new(first.as_os_str())
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file reads");
        let code = match text.find("#[cfg(test)]\nmod tests") {
            Some(at) => &text[..at],
            None => &text,
        };
        let named = graph.entry(module.clone()).or_default();
        for used in crate_paths(code) {
            if used != module {
                named.insert(used);
            }
        }
    }
    graph
}

/// The `.rs` files among `paths` and in the folders among them, at any depth.
fn rust_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut left = paths.to_vec();
    while let Some(path) = left.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("the folder reads") {
                left.push(entry.expect("an entry").path());
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The first segment of every `crate::…` path in `code`, including each branch of
/// `use crate::{a, b::c, …}`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            // The names at the group's first level, up to its closing brace.
            let mut depth = 1;
            let mut start_of_item = true;
            let mut name = String::new();
            for c in group.chars() {
                if depth == 1 && start_of_item && (c.is_alphanumeric() || c == '_') {
                    name.push(c);
                    continue;
                }
                if !name.is_empty() {
                    out.push(std::mem::take(&mut name));
                    start_of_item = false;
                }
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => start_of_item = true,
                    _ => {}
                }
            }
            if !name.is_empty() {
                out.push(name);
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
        rest = after;
    }
    out
}

/// README's layers, top to bottom: the names of each row of the block after the marker.
fn readme_layers() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md reads");
    let marker = "<!-- module layers: checked by tests/architecture.rs -->";
    let after = &readme[readme.find(marker).expect("README has the module layers")..];
    let block = after
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the layers are a text block");
    block
        .lines()
        .filter(|line| !line.starts_with(' ') && !line.trim().is_empty())
        .map(|line| {
            let names = line.split("  ").next().unwrap_or_default();
            names
                .split('·')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect()
        })
        .collect()
}

#[test]
fn crate_paths_are_read_from_groups_and_paths() {
    assert_eq!(
        crate_paths("use crate::{a::b, c, d::{e, f}};\nlet x = crate::g::h();"),
        vec!["a", "c", "d", "g"]
    );
}

#[test]
fn every_module_imports_only_from_its_row_or_below_as_readme_draws_them() {
    let graph = imports();
    let layers = readme_layers();
    let row: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, names)| names.iter().map(move |n| (n.as_str(), i)))
        .collect();
    let drawn: BTreeSet<&str> = row.keys().copied().collect();
    let present: BTreeSet<&str> = graph.keys().map(String::as_str).collect();
    assert_eq!(
        drawn, present,
        "README's layers and the modules of src/ differ"
    );
    assert_eq!(
        layers.iter().map(Vec::len).sum::<usize>(),
        drawn.len(),
        "a module is drawn twice"
    );
    let mut upward = Vec::new();
    for (module, named) in &graph {
        for used in named {
            match (row.get(module.as_str()), row.get(used.as_str())) {
                (Some(from), Some(to)) if to < from => {
                    upward.push(format!("{module} (row {from}) imports {used} (row {to})"))
                }
                (Some(_), None) => {
                    upward.push(format!("{module} names crate::{used}, not a module"))
                }
                _ => {}
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the layers:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_imports_have_no_cycle() {
    let graph = imports();
    // Kahn: take the modules nothing left imports from, until none remain or a cycle does.
    let mut left: BTreeMap<&str, BTreeSet<&str>> = graph
        .iter()
        .map(|(m, named)| {
            let named = named
                .iter()
                .map(String::as_str)
                .filter(|n| graph.contains_key(*n))
                .collect();
            (m.as_str(), named)
        })
        .collect();
    loop {
        let leaves: Vec<&str> = left
            .iter()
            .filter(|(_, named)| named.is_empty())
            .map(|(m, _)| *m)
            .collect();
        if leaves.is_empty() {
            break;
        }
        for leaf in &leaves {
            left.remove(leaf);
        }
        for named in left.values_mut() {
            for leaf in &leaves {
                named.remove(leaf);
            }
        }
    }
    assert!(left.is_empty(), "modules in an import cycle: {left:?}");
}

#[test]
fn nothing_below_the_front_ends_names_a_terminal_crate() {
    let layers = readme_layers();
    let front = layers
        .iter()
        .position(|row| row.iter().any(|m| m == "wizard"))
        .expect("the wizard is drawn");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for module in layers[front + 1..].iter().flatten() {
        let module_files = [src.join(format!("{module}.rs")), src.join(module)];
        for path in rust_files(&module_files) {
            let text = std::fs::read_to_string(&path).expect("a source file reads");
            for crate_name in ["ratatui", "crossterm", "ratatui_textarea"] {
                assert!(
                    !text.contains(&format!("{crate_name}::")),
                    "{} names {crate_name}",
                    path.display()
                );
            }
        }
    }
}

/// Words of the bundled pathway's subject: the engine must not need them (issue 11, item 7).
const CLINICAL_WORDS: &[&str] = &[
    "ketamine",
    "esketamine",
    "spravato",
    "iv",
    "intravenous",
    "infusion",
    "infusions",
    "crps",
    "neuropathic",
    "fibromyalgia",
    "phantom",
    "ptsd",
    "depression",
    "psychosis",
    "bipolar",
    "kap",
    "psychotherapy",
    "pain",
    "opioid",
    "ontario",
    "québec",
    "quebec",
    "alberta",
    "veteran",
    "veterans",
];

/// The words of `line`, lower case: runs of letters, digits and `_` (so `non_iv` is one word
/// and `pain-medicine` two).
fn words(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[test]
fn a_word_is_found_at_its_boundaries_only() {
    let found: Vec<String> = words("IV ketamine (non_iv), pain-medicine; Québec").collect();
    assert_eq!(
        found,
        ["iv", "ketamine", "non_iv", "pain", "medicine", "québec"]
    );
}

/// Every line of `src/`, code, comments and unit tests alike, is free of the bundled
/// pathway's clinical words, of its coverage programs and of its regulators: a pathway on
/// another subject is a new RON file, not a change of the engine.
#[test]
fn src_names_none_of_the_bundled_pathways_clinical_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bundled = carepath::pathway::load::PathwaySource::Bundled
        .load()
        .expect("the bundled pathway loads")
        .pathway;
    let mut banned: BTreeSet<String> = CLINICAL_WORDS.iter().map(|w| w.to_string()).collect();
    let names = bundled
        .coverage
        .rows
        .iter()
        .map(|r| r.program.as_str())
        .chain(
            bundled
                .regions
                .rows
                .iter()
                .filter_map(|r| r.regulator.as_deref()),
        );
    // A one-word name (`WSIB`, `WorkSafeBC`, `CPSO`) and the acronyms of a longer one (`WCB`
    // of "WCB Alberta"); the other words of a longer name are any subject's words.
    for name in names {
        let tokens: Vec<&str> = name.split_whitespace().collect();
        for token in &tokens {
            let acronym = token.len() > 2 && token.chars().all(|c| c.is_ascii_uppercase());
            if (tokens.len() == 1 && token.chars().any(char::is_uppercase)) || acronym {
                banned.extend(words(token));
            }
        }
    }
    assert!(
        banned.contains("wsib") && banned.contains("cpso"),
        "{banned:?}"
    );
    let mut found = Vec::new();
    for path in rust_files(&[root.join("src")]) {
        let text = std::fs::read_to_string(&path).expect("a source file reads");
        for (n, line) in text.lines().enumerate() {
            for word in words(line).filter(|w| banned.contains(w)) {
                let file = path.strip_prefix(root).unwrap_or(&path).display();
                found.push(format!("{file}:{}: `{word}` in {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "src/ names the bundled pathway's subject; put it in the pathway file:\n{}",
        found.join("\n")
    );
}

/// The lines of the item `head` (`pub struct Wizard<'p> {`) in `text`, up to its closing brace.
fn item<'t>(text: &'t str, head: &str) -> Vec<&'t str> {
    let start = text
        .find(head)
        .unwrap_or_else(|| panic!("`{head}` not found"));
    text[start..]
        .lines()
        .skip(1)
        .take_while(|line| *line != "}")
        .collect()
}

/// Issue 11, item 4: the wizard's state is not one bag of public fields where `highlight`
/// means four things. Its fields are private (the screens and the tests read accessors, only
/// `update` writes), and a list's highlight, a filter, a scroll, the note editor and the
/// trainer's comparison belong to the screen they are on.
#[test]
fn the_wizards_state_is_private_and_each_screen_owns_its_own() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/wizard.rs"))
        .expect("src/wizard.rs reads");
    let fields = item(&text, "pub struct Wizard<'p> {");
    let public: Vec<&&str> = fields
        .iter()
        .filter(|l| l.trim_start().starts_with("pub "))
        .collect();
    assert!(public.is_empty(), "public fields of Wizard: {public:#?}");
    let per_screen = [
        "highlight",
        "filter",
        "scroll",
        "picked",
        "note",
        "comparison",
        "offers",
    ];
    for field in per_screen {
        let declared = |lines: &[&str]| {
            lines
                .iter()
                .any(|l| l.trim_start().starts_with(&format!("{field}:")))
        };
        assert!(
            !declared(&fields),
            "`{field}` is a field of Wizard, not of a screen"
        );
        let view = item(&text, "enum View<'p> {");
        let asking = item(&text, "struct Asking {");
        assert!(
            declared(&view) || declared(&asking),
            "`{field}` belongs to no screen"
        );
    }
}
