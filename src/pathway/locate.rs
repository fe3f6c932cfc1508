//! Finding where an id is written in a pathway file, for messages with line and column.
//!
//! serde forgets positions once a file is parsed, so a light scan of the RON text records every
//! string literal with its byte span and the field name written just before it (`id: "x"`).

/// A string literal in the pathway text.
#[derive(Debug, Clone)]
struct Literal {
    value: String,
    start: usize,
    end: usize,
    /// The field name directly before the literal (`id` in `id: "x"`), if any.
    key: Option<String>,
}

/// Byte spans of ids and references in one pathway file.
#[derive(Debug, Clone, Default)]
pub struct Locator {
    literals: Vec<Literal>,
    /// Field names with their byte offset and bracket depth (`nodes:`, `regions:`, ...).
    keys: Vec<(String, usize, usize)>,
    /// Byte offset of each node's `id` literal, in node order.
    node_starts: Vec<usize>,
    len: usize,
}

/// A byte range in the pathway text.
pub type Span = (usize, usize);

impl Locator {
    /// Scans `text`; `node_ids` are the ids of the pathway's nodes in file order.
    pub fn new(text: &str, node_ids: &[&str]) -> Self {
        let (literals, keys) = scan(text);
        let mut loc = Locator {
            literals,
            keys,
            node_starts: Vec::with_capacity(node_ids.len()),
            len: text.len(),
        };
        let mut from = loc.key("nodes").unwrap_or(0);
        let mut i = 0;
        for id in node_ids {
            match loc.literals[i..]
                .iter()
                .position(|l| l.start >= from && l.key.as_deref() == Some("id") && l.value == *id)
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
        loc
    }

    /// The offset of the `name:` field of the pathway itself (the shallowest one), else the
    /// first at any depth.
    pub fn key(&self, name: &str) -> Option<usize> {
        let top = self.keys.iter().map(|(_, _, d)| *d).min()?;
        self.keys
            .iter()
            .find(|(k, _, d)| k == name && *d == top)
            .or_else(|| self.keys.iter().find(|(k, _, _)| k == name))
            .map(|(_, o, _)| *o)
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
            .unwrap_or_else(|| self.table_start().unwrap_or(self.len));
        (start, end.max(start))
    }

    /// The span of a literal `value` inside node `index`, optionally after `key:`.
    pub fn in_node(&self, index: usize, value: &str, key: Option<&str>) -> Option<Span> {
        let (start, end) = self.node_range(index);
        self.literal_in(start, end, |l| {
            l.value == value && key.is_none_or(|k| l.key.as_deref() == Some(k))
        })
        .or_else(|| self.node(index))
    }

    /// The span of a literal `value` somewhere after the field `section:` (a table).
    pub fn in_section(&self, section: &str, value: &str, key: Option<&str>) -> Option<Span> {
        let start = self.key(section)?;
        self.literal_in(start, self.len, |l| {
            l.value == value && key.is_none_or(|k| l.key.as_deref() == Some(k))
        })
        .or(Some((start, section.len())))
    }

    /// The span of the field name `section` itself.
    pub fn section(&self, section: &str) -> Option<Span> {
        self.key(section).map(|o| (o, section.len()))
    }

    fn table_start(&self) -> Option<usize> {
        let nodes = self.key("nodes")?;
        self.keys
            .iter()
            .filter(|(k, o, _)| {
                *o > nodes
                    && matches!(
                        k.as_str(),
                        "crisis"
                            | "regions"
                            | "alongside"
                            | "coverage"
                            | "flags"
                            | "evidence"
                            | "sources"
                    )
            })
            .map(|(_, o, _)| *o)
            .filter(|o| self.node_starts.last().is_none_or(|last| o > last))
            .min()
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

/// Collects string literals and field names, skipping comments. Tolerates any input.
fn scan(text: &str) -> (Vec<Literal>, Vec<(String, usize, usize)>) {
    let bytes = text.as_bytes();
    let mut literals = Vec::new();
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut last_key: Option<(String, usize)> = None;
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
                let mut value = String::new();
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' && i + 1 < bytes.len() {
                        i += 1;
                    }
                    let ch_len = utf8_len(bytes[i]);
                    value.push_str(text.get(i..i + ch_len).unwrap_or(""));
                    i += ch_len;
                }
                i = (i + 1).min(bytes.len());
                let key = last_key
                    .take()
                    .filter(|(_, end)| {
                        text[*end..start]
                            .trim()
                            .trim_start_matches(':')
                            .trim()
                            .is_empty()
                    })
                    .map(|(k, _)| k);
                literals.push(Literal {
                    value,
                    start,
                    end: i,
                    key,
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
                    let name = text[start..i].to_string();
                    keys.push((name.clone(), start, depth));
                    last_key = Some((name, i));
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
    (literals, keys)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
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
    fn never_panics_on_broken_text() {
        for text in ["\"", "id: \"é", "/* unclosed", "a:\"\\", "\u{0}\u{ff}"] {
            let _ = Locator::new(text, &["a"]);
        }
    }
}
