//! Finding where an id is written in a pathway file, for messages with line and column.
//!
//! serde forgets positions once a file is parsed, so a light scan of the RON text records every
//! string literal with its byte span and the field name written just before it (`id: "x"`).
//! Literals borrow from the text unless they hold escapes, and field names are interned, so a
//! pathway of 100,000 questions costs tens of megabytes here, not hundreds.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

/// No field name before a literal.
const NO_KEY: u32 = u32::MAX;

/// A string literal in the pathway text.
#[derive(Debug, Clone)]
struct Literal<'t> {
    /// The value, escapes decoded.
    value: Cow<'t, str>,
    start: usize,
    end: usize,
    /// The field name directly before the literal (`id` in `id: "x"`), as an index into
    /// `names`, or [`NO_KEY`].
    key: u32,
}

/// Byte spans of ids and references in one pathway file.
#[derive(Debug, Clone, Default)]
pub struct Locator<'t> {
    literals: Vec<Literal<'t>>,
    /// Every distinct field name written in the text.
    names: Vec<&'t str>,
    /// Per name: the first offset at which it is written at each bracket depth.
    firsts: Vec<Vec<(usize, usize)>>,
    /// The shallowest depth any field name is written at: the pathway's own fields.
    top: usize,
    /// Byte offset of each node's `id` literal, in node order.
    node_starts: Vec<usize>,
    /// Where the tables after the nodes begin.
    tables: Option<usize>,
    /// (hash of the value, index into `literals`), sorted: built on the first lookup by value.
    by_value: OnceCell<Vec<(u64, u32)>>,
    len: usize,
}

/// A byte range in the pathway text.
pub type Span = (usize, usize);

impl<'t> Locator<'t> {
    /// Scans `text`; `node_ids` are the ids of the pathway's nodes in file order.
    pub fn new(text: &'t str, node_ids: &[&str]) -> Self {
        let scanned = scan(text);
        let top = scanned
            .firsts
            .iter()
            .flat_map(|f| f.iter().map(|(d, _)| *d))
            .min()
            .unwrap_or(0);
        let mut loc = Locator {
            literals: scanned.literals,
            names: scanned.names,
            firsts: scanned.firsts,
            top,
            node_starts: Vec::with_capacity(node_ids.len()),
            tables: None,
            by_value: OnceCell::new(),
            len: text.len(),
        };
        let id_key = loc.name_index("id");
        let mut from = loc.key("nodes").unwrap_or(0);
        let mut i = 0;
        for id in node_ids {
            match loc.literals[i..]
                .iter()
                .position(|l| l.start >= from && l.key == id_key && l.value == *id)
            {
                Some(p) => {
                    i += p;
                    from = loc.literals[i].start;
                    loc.node_starts.push(from);
                    i += 1;
                }
                None => loc.node_starts.push(from),
            }
        }
        loc.tables = loc.find_tables();
        loc
    }

    fn name_index(&self, name: &str) -> u32 {
        self.names
            .iter()
            .position(|n| *n == name)
            .map_or(NO_KEY, |i| i as u32)
    }

    /// The offset of the `name:` field of the pathway itself (the shallowest one), else the
    /// first at any depth.
    pub fn key(&self, name: &str) -> Option<usize> {
        let firsts = self.firsts.get(self.name_index(name) as usize)?;
        firsts
            .iter()
            .find(|(d, _)| *d == self.top)
            .or_else(|| firsts.iter().min_by_key(|(_, o)| *o))
            .map(|(_, o)| *o)
    }

    /// The span of node `index`'s id literal.
    pub fn node(&self, index: usize) -> Option<Span> {
        let start = *self.node_starts.get(index)?;
        self.literal_in(start, start + 1, |_| true)
    }

    /// The byte range a node's text covers (to the next node's id).
    pub fn node_range(&self, index: usize) -> (usize, usize) {
        let start = self.node_starts.get(index).copied().unwrap_or(0);
        let end = self
            .node_starts
            .get(index + 1)
            .copied()
            .unwrap_or_else(|| self.tables.unwrap_or(self.len));
        (start, end.max(start))
    }

    /// The span of a literal `value` inside node `index`, optionally after `key:`.
    pub fn in_node(&self, index: usize, value: &str, key: Option<&str>) -> Option<Span> {
        let (start, end) = self.node_range(index);
        let key = key.map(|k| self.name_index(k));
        // Through the index by value: a node may hold 100,000 literals, each looked up.
        self.with_value(value, start)
            .take_while(|l| l.start < end)
            .find(|l| key.is_none_or(|k| l.key == k))
            .map(|l| (l.start, l.end - l.start))
            .or_else(|| self.node(index))
    }

    /// The span of a literal `value` somewhere after the field `section:` (a table).
    pub fn in_section(&self, section: &str, value: &str, key: Option<&str>) -> Option<Span> {
        let start = self.key(section)?;
        let key = key.map(|k| self.name_index(k));
        self.with_value(value, start)
            .find(|l| key.is_none_or(|k| l.key == k))
            .map(|l| (l.start, l.end - l.start))
            .or(Some((start, section.len())))
    }

    /// The span of the first literal `value` written after `key:` past byte `offset` (a field
    /// of the table row that starts there).
    pub fn after(&self, offset: usize, value: &str, key: &str) -> Option<Span> {
        let key = self.name_index(key);
        self.with_value(value, offset)
            .find(|l| l.key == key)
            .map(|l| (l.start, l.end - l.start))
    }

    /// The span of the `nth` (from 0) string literal anywhere in the text whose value, escapes
    /// decoded, is `value`.
    pub fn literal(&self, value: &str, nth: usize) -> Option<Span> {
        self.with_value(value, 0)
            .nth(nth)
            .map(|l| (l.start, l.end - l.start))
    }

    /// The span of the field name `section` itself.
    pub fn section(&self, section: &str) -> Option<Span> {
        self.key(section).map(|o| (o, section.len()))
    }

    /// The first table after the nodes: the end of the last node.
    fn find_tables(&self) -> Option<usize> {
        let nodes = self.key("nodes")?;
        let last = self.node_starts.last().copied();
        [
            "crisis",
            "regions",
            "alongside",
            "coverage",
            "flags",
            "evidence",
            "sources",
        ]
        .iter()
        .filter_map(|name| {
            let firsts = self.firsts.get(self.name_index(name) as usize)?;
            firsts.iter().find(|(d, _)| *d == self.top).map(|(_, o)| *o)
        })
        .filter(|o| *o > nodes && last.is_none_or(|last| *o > last))
        .min()
    }

    /// The literals whose value is `value` from byte `from` on, in text order.
    fn with_value<'s>(
        &'s self,
        value: &'s str,
        from: usize,
    ) -> impl Iterator<Item = &'s Literal<'t>> + 's {
        let index = self.by_value.get_or_init(|| {
            let mut index: Vec<(u64, u32)> = self
                .literals
                .iter()
                .enumerate()
                .map(|(i, l)| (hash(&l.value), i as u32))
                .collect();
            index.sort_unstable();
            index
        });
        let h = hash(value);
        // Within one hash the entries are in text order.
        let first = index.partition_point(|(x, i)| {
            *x < h || (*x == h && self.literals[*i as usize].start < from)
        });
        index[first..]
            .iter()
            .take_while(move |(x, _)| *x == h)
            .map(|(_, i)| &self.literals[*i as usize])
            .filter(move |l| l.value == value)
    }

    fn literal_in(
        &self,
        start: usize,
        end: usize,
        pred: impl Fn(&Literal) -> bool,
    ) -> Option<Span> {
        let first = self.literals.partition_point(|l| l.start < start);
        self.literals[first..]
            .iter()
            .take_while(|l| l.start < end)
            .find(|l| pred(l))
            .map(|l| (l.start, l.end - l.start))
    }
}

fn hash(value: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(value)
}

/// What [`scan`] finds.
struct Scanned<'t> {
    literals: Vec<Literal<'t>>,
    names: Vec<&'t str>,
    firsts: Vec<Vec<(usize, usize)>>,
}

/// Collects string literals and field names, skipping comments. Tolerates any input.
fn scan(text: &str) -> Scanned<'_> {
    let bytes = text.as_bytes();
    let mut out = Scanned {
        literals: Vec::new(),
        names: Vec::new(),
        firsts: Vec::new(),
    };
    let mut interned: HashMap<&str, u32> = HashMap::new();
    let mut depth = 0usize;
    // The last field name (as an index into `names`) and where it ends.
    let mut last_key: Option<(u32, usize)> = None;
    let key_before = |last_key: &mut Option<(u32, usize)>, start: usize| {
        last_key
            .take()
            .filter(|(_, end)| {
                text.get(*end..start)
                    .is_some_and(|between| between.trim().trim_start_matches(':').trim().is_empty())
            })
            .map_or(NO_KEY, |(k, _)| k)
    };
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let mut depth = 1;
                i += 2;
                while i < bytes.len() && depth > 0 {
                    if bytes[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                let start = i;
                let (value, end) = string_literal(text, i + 1);
                i = end;
                out.literals.push(Literal {
                    value,
                    start,
                    end: i,
                    key: key_before(&mut last_key, start),
                });
            }
            b'r' if raw_string_hashes(bytes, i).is_some() => {
                let start = i;
                let hashes = raw_string_hashes(bytes, i).unwrap_or(0);
                let body = i + 2 + hashes;
                let closing = format!("\"{}", "#".repeat(hashes));
                let (value, end) = match text[body..].find(&closing) {
                    Some(k) => (&text[body..body + k], body + k + closing.len()),
                    None => (&text[body..], bytes.len()),
                };
                i = end;
                out.literals.push(Literal {
                    value: Cow::Borrowed(value),
                    start,
                    end: i,
                    key: key_before(&mut last_key, start),
                });
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let mut j = i;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if bytes.get(j) == Some(&b':') {
                    let name = &text[start..i];
                    let k = *interned.entry(name).or_insert_with(|| {
                        out.names.push(name);
                        out.firsts.push(Vec::new());
                        (out.names.len() - 1) as u32
                    });
                    let firsts = &mut out.firsts[k as usize];
                    if !firsts.iter().any(|(d, _)| *d == depth) {
                        firsts.push((depth, start));
                    }
                    last_key = Some((k, i));
                } else {
                    last_key = None;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The number of `#` of a raw string `r#"..."#` starting at `i`, if one starts there.
fn raw_string_hashes(bytes: &[u8], i: usize) -> Option<usize> {
    if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
        return None;
    }
    let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
    (bytes.get(i + 1 + hashes) == Some(&b'"')).then_some(hashes)
}

/// Decodes a string literal whose text starts at `from` (after the opening quote) as RON
/// does: `\n`, `\t`, `\r`, `\0`, `\\`, `\"`, `\'`, `\xHH`, `\u{H…}`, and a backslash before a
/// line break, which skips the break and the spaces after it. Returns the value and the
/// offset after the closing quote (or the end of the text).
fn string_literal(text: &str, from: usize) -> (Cow<'_, str>, usize) {
    let bytes = text.as_bytes();
    // Without escapes the value is the text between the quotes.
    let plain_end = bytes[from.min(bytes.len())..]
        .iter()
        .position(|b| *b == b'"' || *b == b'\\')
        .map(|k| from + k);
    match plain_end {
        Some(k) if bytes[k] == b'"' => {
            return (Cow::Borrowed(text.get(from..k).unwrap_or("")), k + 1);
        }
        None => return (Cow::Borrowed(text.get(from..).unwrap_or("")), bytes.len()),
        _ => {}
    }
    let mut value: Vec<u8> = Vec::new();
    let mut i = from;
    while i < bytes.len() && bytes[i] != b'"' {
        if bytes[i] != b'\\' {
            let len = utf8_len(bytes[i]).min(bytes.len() - i);
            value.extend_from_slice(&bytes[i..i + len]);
            i += len;
            continue;
        }
        i += 1;
        let Some(&c) = bytes.get(i) else { break };
        i += 1;
        match c {
            b'n' => value.push(b'\n'),
            b'r' => value.push(b'\r'),
            b't' => value.push(b'\t'),
            b'0' => value.push(0),
            b'x' => {
                let hex = text
                    .get(i..i + 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        value.push(b);
                        i += 2;
                    }
                    None => value.push(b'x'),
                }
            }
            b'u' if bytes.get(i) == Some(&b'{') => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take(7)
                    .position(|b| *b == b'}')
                    .and_then(|n| text.get(i + 1..i + 1 + n).map(|h| (n, h)));
                match digits
                    .and_then(|(n, h)| Some((n, char::from_u32(u32::from_str_radix(h, 16).ok()?)?)))
                {
                    Some((n, ch)) => {
                        let mut buf = [0; 4];
                        value.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        i += n + 2;
                    }
                    None => value.push(b'u'),
                }
            }
            b'\n' | b'\r' => {
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
            _ => {
                // `\\`, `\"`, `\'` and anything ron would refuse: the character itself.
                i -= 1;
                let len = utf8_len(bytes[i]).min(bytes.len() - i);
                value.extend_from_slice(&bytes[i..i + len]);
                i += len;
            }
        }
    }
    let value = String::from_utf8(value)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (Cow::Owned(value), (i + 1).min(bytes.len()))
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Where in a pathway's structure a byte offset falls, for errors the parser reports before
/// there is a pathway to look ids up in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enclosing {
    /// Inside a `Question(...)` or `Outcome(...)`; the id when it is written before `offset`.
    Node {
        kind: &'static str,
        id: Option<String>,
    },
    /// Inside a field of the pathway itself outside the nodes, such as `regions` or `sources`.
    Section(String),
}

impl std::fmt::Display for Enclosing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Enclosing::Node { kind, id: Some(id) } => write!(f, "in {kind} `{id}`"),
            Enclosing::Node { kind, id: None } => write!(f, "in a {kind} whose `id` comes later"),
            Enclosing::Section(name) => write!(f, "in `{name}`"),
        }
    }
}

/// The node (or the pathway's own field) that `offset` falls in, by a scan of the text up to
/// it that tracks brackets, the name written before each opening bracket and the `id` of each
/// node. Works on text the parser rejected; used only to word an error, so it is not fast.
pub fn enclosing(text: &str, offset: usize) -> Option<Enclosing> {
    struct Frame {
        opener: Option<String>,
        id: Option<String>,
    }
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut last_word: Option<(String, usize)> = None;
    let mut i = 0;
    while i < end {
        let b = bytes[i];
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !bytes[i..].starts_with(b"*/") {
                    i += 1;
                }
                i += 2;
            }
            b'"' => {
                let (value, after) = string_literal(text, i + 1);
                let is_id = last_word.as_ref().is_some_and(|(w, at)| {
                    w == "id"
                        && text[*at..i]
                            .trim()
                            .trim_start_matches(':')
                            .trim()
                            .is_empty()
                });
                if is_id && let Some(frame) = stack.last_mut() {
                    frame.id.get_or_insert_with(|| value.into_owned());
                }
                last_word = None;
                i = after;
            }
            b'r' if raw_string_hashes(bytes, i).is_some() => {
                let hashes = raw_string_hashes(bytes, i).unwrap_or(0);
                let closing = format!("\"{}", "#".repeat(hashes));
                let body = i + 2 + hashes;
                i = text[body.min(text.len())..]
                    .find(&closing)
                    .map_or(bytes.len(), |k| body + k + closing.len());
                last_word = None;
            }
            b'(' | b'[' | b'{' => {
                let opener = last_word
                    .take()
                    .filter(|(_, at)| text[*at..i].trim().trim_end_matches(':').trim().is_empty())
                    .map(|(w, _)| w);
                stack.push(Frame { opener, id: None });
                i += 1;
            }
            b')' | b']' | b'}' => {
                stack.pop();
                last_word = None;
                i += 1;
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                last_word = Some((text[start..i].to_string(), i));
            }
            _ => i += 1,
        }
    }
    let node = stack.iter().rev().find_map(|f| {
        let kind = match f.opener.as_deref()? {
            "Question" => "question",
            "Outcome" => "outcome",
            _ => return None,
        };
        Some(Enclosing::Node {
            kind,
            id: f.id.clone(),
        })
    });
    // The pathway's own fields are the names opening the frames just inside `Pathway(`.
    node.or_else(|| {
        let inside = stack
            .iter()
            .position(|f| f.opener.as_deref() == Some("Pathway"))?;
        let section = stack.get(inside + 1)?.opener.clone()?;
        Some(Enclosing::Section(section))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_node_ids_and_references_in_their_node() {
        let text = r#"Pathway(id: "p", nodes: [
    Question(id: "a", otherwise: Some("b")), // "b" comment
    Question(id: "b", next: [Branch(when: Is("a", "x"), goto: "c")]),
], sources: [(id: "b")])"#;
        let loc = Locator::new(text, &["a", "b"]);
        let (a, _) = loc.node(0).unwrap();
        assert_eq!(&text[a..a + 3], "\"a\"");
        let (b, _) = loc.node(1).unwrap();
        assert!(text[..b].ends_with("Question(id: "));
        let (c, len) = loc.in_node(1, "c", Some("goto")).unwrap();
        assert_eq!(&text[c..c + len], "\"c\"");
        let (s, _) = loc.in_section("sources", "b", Some("id")).unwrap();
        assert!(text[..s].ends_with("sources: [(id: "));
    }

    #[test]
    fn literals_are_matched_with_their_escapes_decoded() {
        let text = "Pathway(id: \"p\", nodes: [Question(id: \"a\\u{1b}b\", label: \"x\\\"y\\n\"), \
                    Question(id: r#\"raw\"q\"#, hint: \"\\x41\\u{202e}\")], sources: [])";
        let loc = Locator::new(text, &["a\u{1b}b", "raw\"q"]);
        let (a, len) = loc.node(0).unwrap();
        assert_eq!(&text[a..a + len], "\"a\\u{1b}b\"");
        let (r, len) = loc.node(1).unwrap();
        assert_eq!(&text[r..r + len], "r#\"raw\"q\"#");
        let (x, len) = loc.in_node(0, "x\"y\n", Some("label")).unwrap();
        assert_eq!(&text[x..x + len], "\"x\\\"y\\n\"");
        assert_eq!(
            loc.literal("A\u{202e}", 0).map(|(o, _)| &text[o..o + 4]),
            Some("\"\\x4")
        );
        assert_eq!(loc.literal("A\u{202e}", 1), None);
    }

    #[test]
    fn the_nth_literal_and_sections_are_found_by_value() {
        let text = r#"Pathway(id: "p", nodes: [Question(id: "q", label: "same")],
            regions: (rows: [(id: "same"), (id: "other", name: "same")]))"#;
        let loc = Locator::new(text, &["q"]);
        let spans: Vec<usize> = (0..4)
            .filter_map(|n| loc.literal("same", n))
            .map(|s| s.0)
            .collect();
        assert_eq!(spans.len(), 3);
        assert!(spans.windows(2).all(|w| w[0] < w[1]));
        let (o, _) = loc.in_section("regions", "same", Some("name")).unwrap();
        assert_eq!(o, spans[2]);
        let (o, _) = loc.in_section("regions", "same", None).unwrap();
        assert_eq!(o, spans[1]);
        // The last node ends where the tables begin, not at a field of its own.
        assert_eq!(loc.node_range(0).1, loc.key("regions").unwrap());
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in [
            "\"",
            "id: \"é",
            "/* unclosed",
            "a:\"\\",
            "\u{0}\u{ff}",
            "r#\"",
            "r\"",
            "r##",
            "\"\\u{",
            "\"\\u{110000}\"",
            "\"\\xé\"",
            "\"\\x4",
            "\"\\\n",
            "\"\\é\"",
            "x: r#\"a\"#",
        ] {
            let loc = Locator::new(text, &["a"]);
            let _ = (
                loc.node(0),
                loc.in_section("x", "a", None),
                loc.literal("a", 0),
            );
        }
    }

    #[test]
    fn enclosing_names_the_node_or_section_of_an_offset() {
        let text = r#"Pathway(
    id: "p",
    nodes: [
        Question(
            id: "province", // a comment with ( and "
            options: [(id: "on", label: (en: "Oslo (ON)"))],
            promt: (),
        ),
        Outcome(id: "done", rule: "R1"),
    ],
    regions: (rows: [(id: "on")]),
)"#;
        let at = |needle: &str| enclosing(text, text.find(needle).unwrap());
        let node = |kind, id: &str| {
            Some(Enclosing::Node {
                kind,
                id: Some(id.to_string()),
            })
        };
        assert_eq!(at("promt"), node("question", "province"));
        assert_eq!(at("label"), node("question", "province"));
        assert_eq!(at("rule"), node("outcome", "done"));
        assert_eq!(at("rows"), Some(Enclosing::Section("regions".into())));
        assert_eq!(at("id: \"p\""), None);
        assert_eq!(
            node("question", "province").unwrap().to_string(),
            "in question `province`"
        );
    }
}
