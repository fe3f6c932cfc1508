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

pub use crate::sanitize::{Lines, has_hidden_characters, visible};

/// Collects what [`make_printable`] changed.
struct Printable {
    cleaned: Vec<Cleaned>,
}

impl Printable {
    fn string(
        &mut self,
        s: &mut String,
        lines: Lines,
        node: Option<usize>,
        owner: &str,
        place: impl FnOnce() -> String,
    ) {
        if let Cow::Owned(shown) = visible(s, lines) {
            let original = std::mem::replace(s, shown);
            if has_hidden_characters(&original) {
                self.cleaned.push(Cleaned {
                    node,
                    owner: (!owner.is_empty()).then(|| visible(owner, Lines::One).into_owned()),
                    place: place(),
                    original,
                });
            }
        }
    }

    fn option(
        &mut self,
        s: &mut Option<String>,
        node: Option<usize>,
        owner: &str,
        place: impl FnOnce() -> String,
    ) {
        if let Some(s) = s {
            self.string(s, Lines::One, node, owner, place);
        }
    }

    /// `place` names the text ("its `headline`"); it is only called when something changed.
    fn text<P: std::fmt::Display>(
        &mut self,
        t: &mut Text,
        lines: Lines,
        node: Option<usize>,
        owner: &str,
        place: impl Fn() -> P,
    ) {
        self.string(&mut t.en, lines, node, owner, || {
            format!("{} (en)", place())
        });
        self.string(&mut t.fr, lines, node, owner, || {
            format!("{} (fr)", place())
        });
    }

    fn texts(
        &mut self,
        ts: &mut [Text],
        lines: Lines,
        node: Option<usize>,
        owner: &str,
        what: &str,
    ) {
        for (k, t) in ts.iter_mut().enumerate() {
            self.text(t, lines, node, owner, || format!("{what} {}", k + 1));
        }
    }
}

/// Replaces, in every string a person reads, the characters [`visible`] replaces, so a
/// pathway file can never send escape sequences to a terminal or hide words. Ids are left as
/// written: `check` refuses ids that are not plain lower-case words.
fn make_printable(p: &mut Pathway) -> Vec<Cleaned> {
    use super::Node;
    use Lines::{Many, One};
    let mut v = Printable {
        cleaned: Vec::new(),
    };
    v.string(&mut p.version, One, None, "", || {
        "the pathway `version`".into()
    });
    v.text(&mut p.title, One, None, "", || "the pathway `title`");
    v.text(&mut p.disclaimer, Many, None, "", || "the `disclaimer`");
    for (i, node) in p.nodes.iter_mut().enumerate() {
        let n = Some(i);
        match node {
            Node::Question(q) => {
                let id = q.id.as_str();
                v.text(&mut q.prompt.staff, One, n, id, || "its staff prompt");
                v.text(&mut q.prompt.patient, One, n, id, || "its patient prompt");
                v.text(&mut q.short, One, n, id, || "its `short` name");
                v.text(&mut q.help, Many, n, id, || "its help");
                for o in &mut q.options {
                    let option = &o.id;
                    let place =
                        |what| move || format!("the {what} of option `{}`", visible(option, One));
                    v.text(&mut o.label, One, n, id, place("label"));
                    v.text(&mut o.hint, One, n, id, place("hint"));
                    for (lang, words) in [("en", &mut o.aliases.en), ("fr", &mut o.aliases.fr)] {
                        for word in words {
                            v.string(word, One, n, id, || {
                                format!("an alias of option `{}` ({lang})", visible(option, One))
                            });
                        }
                    }
                }
            }
            Node::Outcome(o) => {
                let id = o.id.as_str();
                v.string(&mut o.rule, One, n, id, || "its `rule`".into());
                v.string(&mut o.route, One, n, id, || "its `route`".into());
                v.option(&mut o.referral_to, n, id, || "its `referral_to`".into());
                v.text(&mut o.why, Many, n, id, || "its `why`");
                v.text(&mut o.headline, One, n, id, || "its `headline`");
                v.texts(&mut o.next_steps, Many, n, id, "next step");
                v.texts(&mut o.safety, Many, n, id, "safety point");
                for (k, c) in o.safety_if.iter_mut().enumerate() {
                    v.text(&mut c.text, Many, n, id, || {
                        format!("conditional safety point {}", k + 1)
                    });
                }
                v.texts(&mut o.staff_detail, Many, n, id, "staff detail");
                for (k, c) in o.staff_detail_if.iter_mut().enumerate() {
                    v.text(&mut c.text, Many, n, id, || {
                        format!("conditional staff detail {}", k + 1)
                    });
                }
            }
        }
    }
    v.text(
        &mut p.crisis.title,
        One,
        None,
        "crisis",
        || "the crisis `title`",
    );
    v.texts(&mut p.crisis.lines, One, None, "crisis", "crisis line");
    v.text(
        &mut p.crisis.before_region,
        One,
        None,
        "crisis",
        || "the crisis `before_region`",
    );
    let regions = &mut p.regions;
    v.text(
        &mut regions.facility_label,
        One,
        None,
        "",
        || "the regions' `facility_label`",
    );
    v.text(
        &mut regions.lighter_label,
        One,
        None,
        "",
        || "the regions' `lighter_label`",
    );
    for r in &mut regions.rows {
        let id = r.id.as_str();
        v.text(&mut r.name, One, None, id, || "its `name`");
        v.option(&mut r.regulator, None, id, || "its `regulator`".into());
        v.text(
            &mut r.facility_type,
            One,
            None,
            id,
            || "its `facility_type`",
        );
        v.text(&mut r.facility, Many, None, id, || "its `facility`");
        v.text(&mut r.lighter, Many, None, id, || "its `lighter`");
        v.text(&mut r.health_line, One, None, id, || "its `health_line`");
    }
    for a in &mut p.alongside {
        // Routes are compared with the outcomes' routes, which are cleaned the same way.
        v.string(&mut a.route, One, None, "", || {
            "an `alongside` route".into()
        });
        for r in &mut a.except_routes {
            v.string(r, One, None, "", || {
                "an `alongside` `except_routes` entry".into()
            });
        }
        let route = a.route.clone();
        v.text(&mut a.text, Many, None, &route, || "its `text`");
    }
    for c in &mut p.coverage.rows {
        v.string(&mut c.program, One, None, "", || {
            "a coverage `program`".into()
        });
        let program = c.program.clone();
        v.text(
            &mut c.program_label,
            One,
            None,
            &program,
            || "its `program_label`",
        );
        v.text(&mut c.note, Many, None, &program, || "its `note`");
        v.text(
            &mut c.staff_detail,
            Many,
            None,
            &program,
            || "its `staff_detail`",
        );
        for r in &mut c.route_notes {
            // Compared with the outcomes' routes, which are cleaned the same way.
            v.string(&mut r.route, One, None, &program, || {
                "a `route_notes` route".into()
            });
            let route = r.route.clone();
            v.text(&mut r.note, Many, None, &program, || {
                format!("its `note` for the route `{route}`")
            });
            v.text(&mut r.staff_detail, Many, None, &program, || {
                format!("its `staff_detail` for the route `{route}`")
            });
        }
    }
    for f in &mut p.flags {
        let id = f.id.as_str();
        v.text(&mut f.text, Many, None, id, || "its `text`");
        v.text(&mut f.short, One, None, id, || "its `short`");
    }
    for e in &mut p.evidence.rows {
        let id = e.option.as_str();
        v.string(&mut e.strength, One, None, id, || "its `strength`".into());
        v.text(
            &mut e.strength_label,
            One,
            None,
            id,
            || "its `strength_label`",
        );
        v.text(&mut e.summary, Many, None, id, || "its `summary`");
    }
    for s in &mut p.sources {
        let id = s.id.as_str();
        v.string(&mut s.authors, One, None, id, || "its `authors`".into());
        v.string(&mut s.title, One, None, id, || "its `title`".into());
        v.option(&mut s.publication, None, id, || "its `publication`".into());
        v.text(&mut s.note, One, None, id, || "its `note`");
        v.option(&mut s.url, None, id, || "its `url`".into());
        v.string(&mut s.checked, One, None, id, || "its `checked`".into());
    }
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
            "expected text in double quotes here, such as `\"R9\"` or `\"ontario\"`".into()
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

/// The ketamine chronic-pain pathway compiled into the binary.
pub const BUNDLED: &str = include_str!("../../pathways/ketamine-chronic-pain.ron");

/// Name shown for the embedded pathway in messages.
pub const BUNDLED_NAME: &str = "pathways/ketamine-chronic-pain.ron";

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
        "setting_question",
        "lighter_options",
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
