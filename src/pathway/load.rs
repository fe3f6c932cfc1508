//! Reading a pathway file: size limit, UTF-8, RON syntax and field names, with positions;
//! then every string a person reads is made safe to print (see [`visible`]).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Pathway, Text};

/// Pathway files larger than this are refused before parsing.
pub const MAX_PATHWAY_BYTES: u64 = crate::files::MAX_FILE_BYTES;

/// A parsed pathway with the text it came from, for locating problems.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub pathway: Pathway,
    /// Where it came from, as shown in messages (`<bundled>` for the embedded one).
    pub name: String,
    pub text: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Strings that held control, bidi or zero-width characters, now shown visibly.
    pub cleaned: Vec<Cleaned>,
}

/// A string of the pathway that held characters a terminal acts on (escape sequences, other
/// control characters) or that hide or reorder text (bidi controls, zero-width characters).
/// They were replaced by visible stand-ins after loading; `check` warns about each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The node it belongs to, as an index into `nodes`.
    pub node: Option<usize>,
    /// The node or table row it belongs to, e.g. `province` or `crisis`.
    pub owner: Option<String>,
    /// Which string, e.g. "the label of option `on` (fr)".
    pub place: String,
    /// The string as written in the file (RON escapes decoded).
    pub original: String,
}

/// Why a pathway file could not be read.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LoadError {
    #[error("{name}: cannot read the file: {reason}")]
    Io { name: String, reason: String },
    #[error(
        "{name}: the file is {size} bytes; pathway files are limited to {limit} bytes (8 MiB). \
         Is this the right file?"
    )]
    TooLarge { name: String, size: u64, limit: u64 },
    /// A pipe or device that gave more than the limit (its size is not known beforehand).
    #[error(
        "{name}: carepath stopped reading after {limit} bytes (8 MiB), the limit for pathway \
         files, and more was coming. Is this the right file?"
    )]
    EndlessInput { name: String, limit: u64 },
    #[error(
        "{name}:{line}:{col}: the file is not valid UTF-8 text (byte {offset}). \
         Save it as UTF-8; is it a pathway file?"
    )]
    NotUtf8 {
        name: String,
        text: String,
        offset: usize,
        line: usize,
        col: usize,
    },
    #[error("{name}:{line}:{col}: {message}")]
    Syntax {
        name: String,
        text: String,
        message: String,
        /// A sentence on how to fix it, when there is more to say than the message.
        help: Option<&'static str>,
        line: usize,
        col: usize,
        offset: usize,
    },
}

impl LoadError {
    /// The file text and byte offset of the problem, when known.
    pub fn location(&self) -> Option<(&str, usize)> {
        match self {
            LoadError::NotUtf8 { text, offset, .. } => Some((text, *offset)),
            LoadError::Syntax { text, offset, .. } => Some((text, *offset)),
            _ => None,
        }
    }
}

/// Reads and parses a pathway file (a regular file of at most 8 MiB, see
/// [`crate::files::read_limited`]).
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    use crate::files::ReadError;
    let name = path.display().to_string();
    let bytes = crate::files::read_limited(path).map_err(|e| match e {
        ReadError::TooLarge { size, limit } => LoadError::TooLarge {
            name: name.clone(),
            size,
            limit,
        },
        ReadError::Endless { limit } => LoadError::EndlessInput {
            name: name.clone(),
            limit,
        },
        ReadError::Io(reason) => LoadError::Io {
            name: name.clone(),
            reason,
        },
        ReadError::NotRegular(kind) => LoadError::Io {
            name: name.clone(),
            reason: format!("it is {kind}, not a pathway file (carepath reads only regular files)"),
        },
    })?;
    load_bytes(&name, &bytes)
}

/// Parses pathway bytes that came from `name`.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    if bytes.len() as u64 > MAX_PATHWAY_BYTES {
        return Err(LoadError::TooLarge {
            name: name.into(),
            size: bytes.len() as u64,
            limit: MAX_PATHWAY_BYTES,
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.valid_up_to();
            let valid = String::from_utf8_lossy(&bytes[..offset]).into_owned();
            let (line, col) = line_col(&valid, offset);
            let source = String::from_utf8_lossy(bytes).into_owned();
            // The lossy copy may shift offsets after the bad byte; the prefix is exact.
            let offset = valid.len().min(source.len());
            return Err(LoadError::NotUtf8 {
                name: name.into(),
                text: source,
                offset,
                line,
                col,
            });
        }
    };
    // A byte-order mark (as some editors save UTF-8) is not part of the pathway, but the
    // SHA-256 is the file's.
    match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            let mut loaded = load_str(name, rest)?;
            loaded.sha256 = sha256_hex(bytes);
            Ok(loaded)
        }
        None => load_str(name, text),
    }
}

/// Parses pathway text that came from `name`.
pub fn load_str(name: &str, text: &str) -> Result<Loaded, LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::Syntax {
            name: name.into(),
            text: text.into(),
            message: "the file is empty: a pathway file starts with `Pathway(` \
                      (see pathways/README.md)"
                .into(),
            help: None,
            line: 1,
            col: 1,
            offset: 0,
        });
    }
    // `Question(id: ...)` rather than `Question((id: ...))` for a node.
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES);
    match options.from_str::<Pathway>(text) {
        Ok(mut pathway) => {
            let cleaned = make_printable(&mut pathway);
            pathway.reindex();
            Ok(Loaded {
                pathway,
                name: name.into(),
                text: text.into(),
                sha256: sha256_hex(text.as_bytes()),
                cleaned,
            })
        }
        Err(e) => {
            let (line, col) = (e.span.start.line.max(1), e.span.start.col.max(1));
            let offset = offset_of(text, line, col);
            let mut message = explain_ron_error(&e.code);
            if let Some(place) = super::locate::enclosing(text, offset) {
                message = format!("{place}: {message}");
            }
            let help = matches!(e.code, ron::Error::NoSuchStructField { .. }).then_some(
                "unknown fields are errors, so a misspelt field is never silently ignored",
            );
            Err(LoadError::Syntax {
                name: name.into(),
                text: text.into(),
                message,
                help,
                line,
                col,
                offset,
            })
        }
    }
}

use super::texts::{At, Place, Reader, Required, walk_texts};
pub use crate::sanitize::{Lines, has_hidden_characters, visible};

/// Collects what [`make_printable`] changed.
struct Printable {
    cleaned: Vec<Cleaned>,
}

impl Printable {
    fn string(&mut self, (node, owner): At<'_>, place: Place<'_>, s: &mut String, lines: Lines) {
        self.clean(node, owner, s, lines, || place.to_string());
    }

    fn optional(&mut self, at: At<'_>, place: Place<'_>, s: &mut Option<String>, lines: Lines) {
        if let Some(s) = s {
            self.string(at, place, s, lines);
        }
    }

    fn text(
        &mut self,
        (node, owner): At<'_>,
        place: Place<'_>,
        t: &mut Text,
        _: Reader,
        _: Required,
        lines: Lines,
    ) {
        self.clean(node, owner, &mut t.en, lines, || format!("{place} (en)"));
        self.clean(node, owner, &mut t.fr, lines, || format!("{place} (fr)"));
    }

    /// Cleans `s`; `place` names it ("its `headline` (en)") and is only called when
    /// something changed.
    fn clean(
        &mut self,
        node: Option<usize>,
        owner: Option<&str>,
        s: &mut String,
        lines: Lines,
        place: impl FnOnce() -> String,
    ) {
        if let Cow::Owned(shown) = visible(s, lines) {
            let original = std::mem::replace(s, shown);
            if has_hidden_characters(&original) {
                self.cleaned.push(Cleaned {
                    node,
                    owner: owner.map(|o| visible(o, Lines::One).into_owned()),
                    place: visible(&place(), Lines::One).into_owned(),
                    original,
                });
            }
        }
    }
}

/// Replaces, in every string a person reads, the characters [`visible`] replaces, so a
/// pathway file can never send escape sequences to a terminal or hide words. Ids are left as
/// written: `check` refuses ids that are not plain lower-case words.
fn make_printable(p: &mut Pathway) -> Vec<Cleaned> {
    let mut v = Printable {
        cleaned: Vec::new(),
    };
    walk_texts!(p, &mut v, mut);
    v.cleaned
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The byte offset of a 1-based line and column (in characters), clamped to the text.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    let end_of_line = rest.find('\n').unwrap_or(rest.len());
    rest[..end_of_line]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(start + end_of_line, |(i, _)| start + i)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Which part of the file a message is about: `word` and the part's name in backticks
/// (" in `regions`"), or nothing when the parser did not say.
fn where_in(word: &str, outer: Option<&str>) -> String {
    outer.map(|o| format!("{word} `{o}`")).unwrap_or_default()
}

/// Turns ron's wording into a sentence for a clinical author.
fn explain_ron_error(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => "the file ends too early: a bracket or quote is not closed".into(),
        E::ExceededRecursionLimit => {
            "brackets are nested too deeply (more than 128 levels): the pathway format \
             needs only a few levels"
                .into()
        }
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let place = where_in(" in", outer.as_deref());
            let hint = did_you_mean(found, expected.iter().copied())
                .map(|s| format!(" Did you mean `{s}`?"))
                .unwrap_or_default();
            format!(
                "unknown field `{found}`{place}; the fields allowed here are {}.{hint}",
                list(expected.iter().copied())
            )
        }
        E::MissingStructField { field, outer } => {
            let place = where_in(" in", outer.as_deref());
            format!("the field `{field}` is missing{place}")
        }
        E::DuplicateStructField { field, outer } => {
            let place = where_in(" in", outer.as_deref());
            format!("the field `{field}` is written twice{place}")
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let place = where_in(" for", outer.as_deref());
            let hint = did_you_mean(found, expected.iter().copied())
                .map(|s| format!(" Did you mean `{s}`?"))
                .unwrap_or_default();
            format!(
                "unknown kind `{found}`{place}; expected one of {}.{hint}",
                list(expected.iter().copied())
            )
        }
        E::ExpectedComma => {
            "a comma is missing: items and fields are separated by commas, so the one before \
             this needs a `,` after it"
                .into()
        }
        E::ExpectedString | E::ExpectedStringEnd => {
            "expected text in double quotes here, such as `\"start\"` or `\"yes\"`".into()
        }
        E::ExpectedOption | E::ExpectedOptionEnd => {
            "this field is optional: write its value as `Some(...)`, such as \
             `Some(\"none\")`, or leave the field out"
                .into()
        }
        E::ExpectedArray | E::ExpectedArrayEnd => {
            "expected a list in square brackets here: `[...]`, its items separated by commas".into()
        }
        E::ExpectedStructLike | E::ExpectedStructLikeEnd | E::ExpectedNamedStructLike(_) => {
            "expected fields in round brackets here: `(name: value, ...)`".into()
        }
        E::ExpectedBoolean => "expected `true` or `false` here".into(),
        E::ExpectedMapColon => "a `:` is missing between a field's name and its value".into(),
        E::ExpectedIdentifier | E::InvalidIdentifier(_) | E::SuggestRawIdentifier(_) => {
            "expected a name here, such as `Multi` or `Question`, or a field name before `:`".into()
        }
        E::UnclosedBlockComment => "a `/*` comment is never closed with `*/`".into(),
        E::TrailingCharacters => {
            "there is more text after the end of the pathway: the file ends with the `)` that \
             closes `Pathway(`"
                .into()
        }
        other => format!("this is not valid pathway syntax: {other}"),
    }
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The pathway path given on the command line, or the bundled one.
#[derive(Debug, Clone)]
pub enum PathwaySource {
    Bundled,
    File(PathBuf),
}

// `BUNDLED` and `BUNDLED_NAME`: the one pathway in `pathways/`, found by build.rs, so the
// engine names no pathway.
include!(concat!(env!("OUT_DIR"), "/bundled_pathway.rs"));

impl PathwaySource {
    pub fn load(&self) -> Result<Loaded, LoadError> {
        match self {
            // Text already, within the limit and without a byte-order mark.
            PathwaySource::Bundled => load_str(BUNDLED_NAME, BUNDLED),
            PathwaySource::File(p) => load_file(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_and_offset_agree() {
        let text = "ab\ncdé\nf";
        for offset in [0, 1, 3, 5, 8] {
            let (l, c) = line_col(text, offset);
            assert_eq!(offset_of(text, l, c), offset, "offset {offset}");
        }
    }

    /// Every string literal of the bundled pathway with an escape sequence in it.
    fn poisoned(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find(['"', '/']) {
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            if rest.starts_with("//") {
                let end = rest.find('\n').unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            } else if rest.starts_with('"') {
                out.push_str("\"\\u{1b}[31m\u{202e}");
                let mut end = 1;
                while let Some(c) = rest[end..].chars().next() {
                    end += c.len_utf8();
                    match c {
                        '\\' => end += rest[end..].chars().next().map_or(0, char::len_utf8),
                        '"' => break,
                        _ => {}
                    }
                }
                out.push_str(&rest[1..end]);
                rest = &rest[end..];
            } else {
                out.push('/');
                rest = &rest[1..];
            }
        }
        out.push_str(rest);
        out
    }

    /// Fields whose strings are ids or references: they are checked, not cleaned.
    const ID_FIELDS: &[&str] = &[
        "id",
        "start",
        "exclusive",
        "goto",
        "otherwise",
        "question",
        "answer",
        "regions",
        "option",
        "sources",
        "languages",
        "said_by",
    ];

    /// Walks the pathway as JSON; returns the paths of strings that still hold controls.
    fn raw_strings(value: &serde_json::Value, path: &str, key: &str, out: &mut Vec<String>) {
        use serde_json::Value;
        match value {
            Value::String(s)
                if !ID_FIELDS.contains(&key)
                    && s.chars().any(|c| c == '\u{1b}' || c == '\u{202e}') =>
            {
                out.push(path.to_string());
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    raw_strings(v, &format!("{path}[{i}]"), key, out);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    // Conditions name questions and options only.
                    if k != "when" {
                        raw_strings(v, &format!("{path}.{k}"), k, out);
                    }
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_displayed_string_is_cleaned() {
        let text = poisoned(BUNDLED);
        assert!(text.matches("\\u{1b}").count() > 1_000);
        let loaded = load_str("poisoned.ron", &text).expect("still parses");
        let json = serde_json::to_value(&loaded.pathway).unwrap();
        let mut raw = Vec::new();
        raw_strings(&json, "pathway", "", &mut raw);
        assert!(
            raw.is_empty(),
            "not cleaned (add them to make_printable): {raw:#?}"
        );
        assert!(loaded.pathway.title.en.starts_with("␛[31m<U+202E>"));
        assert!(loaded.cleaned.len() > 500);
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let c = ["province", "indication", "safety"];
        assert_eq!(did_you_mean("provnce", c.iter().copied()), Some("province"));
        assert_eq!(did_you_mean("zzz", c.iter().copied()), None);
    }
}
