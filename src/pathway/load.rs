//! Reading a pathway file: size limit, UTF-8, RON syntax and field names, with positions.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::Pathway;

/// Pathway files larger than this are refused before parsing.
pub const MAX_PATHWAY_BYTES: u64 = 8 * 1024 * 1024;

/// A parsed pathway with the text it came from, for locating problems.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub pathway: Pathway,
    /// Where it came from, as shown in messages (`<bundled>` for the embedded one).
    pub name: String,
    pub text: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
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

/// Reads and parses a pathway file.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    let io = |e: std::io::Error| LoadError::Io {
        name: name.clone(),
        reason: describe_io(&e),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(LoadError::Io {
            name,
            reason: "it is a directory, not a pathway file".into(),
        });
    }
    if meta.len() > MAX_PATHWAY_BYTES {
        return Err(LoadError::TooLarge {
            name,
            size: meta.len(),
            limit: MAX_PATHWAY_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
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
    // A byte-order mark (as some editors save UTF-8) is not part of the pathway.
    let mut loaded = load_str(name, text.strip_prefix('\u{feff}').unwrap_or(text))?;
    loaded.sha256 = sha256_hex(bytes);
    Ok(loaded)
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
            pathway.reindex();
            Ok(Loaded {
                pathway,
                name: name.into(),
                text: text.into(),
                sha256: sha256_hex(text.as_bytes()),
            })
        }
        Err(e) => {
            let (line, col) = (e.span.start.line.max(1), e.span.start.col.max(1));
            let offset = offset_of(text, line, col);
            Err(LoadError::Syntax {
                name: name.into(),
                text: text.into(),
                message: explain_ron_error(&e.code),
                line,
                col,
                offset,
            })
        }
    }
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

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
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
            let place = outer
                .as_deref()
                .map(|o| format!(" in `{o}`"))
                .unwrap_or_default();
            let hint = did_you_mean(found, expected.iter().copied())
                .map(|s| format!(" Did you mean `{s}`?"))
                .unwrap_or_default();
            format!(
                "unknown field `{found}`{place}; the fields allowed here are {}.{hint}",
                list(expected.iter().copied())
            )
        }
        E::MissingStructField { field, outer } => {
            let place = outer
                .as_deref()
                .map(|o| format!(" in `{o}`"))
                .unwrap_or_default();
            format!("the field `{field}` is missing{place}")
        }
        E::DuplicateStructField { field, outer } => {
            let place = outer
                .as_deref()
                .map(|o| format!(" in `{o}`"))
                .unwrap_or_default();
            format!("the field `{field}` is written twice{place}")
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let place = outer
                .as_deref()
                .map(|o| format!(" for `{o}`"))
                .unwrap_or_default();
            let hint = did_you_mean(found, expected.iter().copied())
                .map(|s| format!(" Did you mean `{s}`?"))
                .unwrap_or_default();
            format!(
                "unknown kind `{found}`{place}; expected one of {}.{hint}",
                list(expected.iter().copied())
            )
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
            PathwaySource::Bundled => load_bytes(BUNDLED_NAME, BUNDLED.as_bytes()),
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

    #[test]
    fn did_you_mean_finds_typos_only() {
        let c = ["province", "indication", "safety"];
        assert_eq!(did_you_mean("provnce", c.iter().copied()), Some("province"));
        assert_eq!(did_you_mean("zzz", c.iter().copied()), None);
    }
}
