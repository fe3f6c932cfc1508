//! The one sanitizer: every text that did not come from the program itself (pathway text,
//! file names, scenario names and answers, command-line arguments, environment variables)
//! passes through here before it reaches a terminal.

use std::borrow::Cow;

/// Whether a string is shown on one line (a label, a name) or may hold paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// `text` with every character that could drive a terminal or hide text replaced by a
/// visible stand-in: ESC becomes `␛` (U+241B) and the other C0 controls U+2400 + their code,
/// DEL `␡`, C1 controls, bidi controls and zero-width or other invisible format characters
/// `<U+202E>`-style text. Tabs become spaces; so do line breaks when `lines` is
/// [`Lines::One`] (a CR LF pair counts as one line break).
pub fn visible(text: &str, lines: Lines) -> Cow<'_, str> {
    // Printable ASCII needs nothing: checked a byte at a time before any character is read.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) || !text.chars().any(needs_replacing) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' if lines == Lines::Many => out.push('\n'),
            '\n' | '\t' => out.push(' '),
            '\u{7f}' => out.push('\u{2421}'),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'));
            }
            c if is_hidden(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One line of outside text made safe to print: [`visible`] with [`Lines::One`]. For file
/// names, ids, answers and arguments in messages.
pub fn shown(text: &str) -> Cow<'_, str> {
    visible(text, Lines::One)
}

/// A path made safe to print on one line.
pub fn shown_path(path: &std::path::Path) -> String {
    shown(&path.display().to_string()).into_owned()
}

/// Whether [`visible`] changes `text` for any reason other than spacing (tabs and line
/// breaks): it held something a terminal would act on or that would not show.
pub fn has_hidden_characters(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => {}
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_hidden(c) => return true,
            _ => {}
        }
    }
    false
}

/// `text` with the characters [`visible`] replaces shown as `?` (or `¿`, `�`) of the same
/// length in bytes, line breaks and tabs kept: for source snippets, whose spans are byte
/// offsets into the text.
pub fn same_length(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && c != '\t' && is_hidden(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\t' => c,
                c if is_hidden(c) => match c.len_utf8() {
                    1 => '?',
                    2 => '¿',
                    _ => '\u{fffd}',
                },
                c => c,
            })
            .collect(),
    )
}

fn needs_replacing(c: char) -> bool {
    is_hidden(c)
}

/// Characters a terminal acts on (every control character, C0 and C1 and DEL, line breaks
/// included) and characters a reader cannot see that change how text around them reads:
/// bidi controls, zero-width characters, and the other invisible format characters (Unicode
/// category Cf), with the line and paragraph separators.
pub fn is_hidden(c: char) -> bool {
    if c.is_ascii() {
        // Most text is ASCII: only its controls are hidden.
        return c.is_ascii_control();
    }
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{600}'..='\u{605}'
                | '\u{61c}'
                | '\u{6dd}'
                | '\u{70f}'
                | '\u{890}'..='\u{891}'
                | '\u{8e2}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{110bd}'
                | '\u{110cd}'
                | '\u{13430}'..='\u{1343f}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0001}'
                | '\u{e0020}'..='\u{e007f}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_shows_controls_and_keeps_text() {
        let one = |s| visible(s, Lines::One).into_owned();
        assert_eq!(one("Oslo"), "Oslo");
        assert!(matches!(visible("Montréal", Lines::One), Cow::Borrowed(_)));
        assert_eq!(one("a\u{1b}]0;x\u{7}b"), "a␛]0;x␇b");
        assert_eq!(one("\u{0}\u{7f}\u{9b}"), "␀␡<U+009B>");
        assert_eq!(
            one("a\u{202e}b\u{200b}c\u{2066}"),
            "a<U+202E>b<U+200B>c<U+2066>"
        );
        assert_eq!(one("a\nb\tc\r\nd\re"), "a b c d␍e");
        assert_eq!(visible("a\nb\r\nc", Lines::Many), "a\nb\nc");
        assert!(!has_hidden_characters("a\nb\tc\r\nd"));
        assert!(has_hidden_characters("a\rb"));
        assert!(has_hidden_characters("\u{e0041}"));
    }

    #[test]
    fn same_length_keeps_offsets_and_uses_the_same_list() {
        let text = "a\u{1b}]0;title\u{7}b\nc\td\u{202e}e\u{ad}f\u{2060}g";
        let shown = same_length(text);
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown.find('g'), text.find('g'));
        assert!(
            !shown
                .chars()
                .any(|c| c != '\n' && c != '\t' && is_hidden(c))
        );
        // The soft hyphen and the word joiner were missing from the snippet's old list.
        assert!(!shown.contains('\u{ad}') && !shown.contains('\u{2060}'));
    }
}
