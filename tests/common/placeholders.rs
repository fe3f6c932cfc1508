//! Finds what a template left unfilled, such as `{n}` or `{answer}`, in text shown to people.

/// Every `{word}` in `text` (letters, digits and `_`, starting with a letter or `_`): the mark
/// of a template placeholder that nothing filled in.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (start, _) in text.match_indices('{') {
        let rest = &text[start + 1..];
        let Some(end) = rest.find('}') else { break };
        let word = &rest[..end];
        let named = word.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && word.chars().all(|c| c.is_alphanumeric() || c == '_');
        if named {
            found.push(format!("{{{word}}}"));
        }
    }
    found
}

/// Fails, showing `text`, when it holds a placeholder.
#[track_caller]
pub fn assert_no_placeholder(context: &str, text: &str) {
    let found = placeholders(text);
    assert!(found.is_empty(), "{context}: {found:?} left in:\n{text}");
}

#[test]
fn placeholders_are_found_and_other_braces_are_not() {
    assert_eq!(placeholders("Question {n} of {m_2}"), ["{n}", "{m_2}"]);
    assert!(placeholders("a {} b { spaced } c {1} d {").is_empty());
}
