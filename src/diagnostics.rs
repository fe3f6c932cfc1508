//! Renders `check` problems and load errors as source snippets with file:line:col.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};

use crate::pathway::LoadError;
use crate::pathway::validate::{Problem, Severity, Unlisted};
use crate::sanitize::shown;

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    pub fn for_stderr() -> Style {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: !no_color && std::io::stderr().is_terminal(),
        }
    }

    fn handler(self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_links(false)
    }
}

/// Problems drawn in full per file; the rest are counted (see [`not_shown`]).
pub const MAX_PROBLEMS_SHOWN: usize = 50;

/// Characters of a source line shown in a snippet; a longer line is cut around the problem.
pub const MAX_LINE_CHARS: usize = 160;

/// Characters of a message or help shown; longer ones (a list of 100,000 options) are cut.
pub const MAX_MESSAGE_CHARS: usize = 1_000;

/// A span covering more lines than this is drawn on its first line only.
const MAX_SPAN_LINES: usize = 12;

/// Lines of context drawn around a problem (as miette's default).
const CONTEXT_LINES: usize = 1;

/// One problem in `name`, drawn with the lines around it. To draw several problems of one
/// file, make a [`SourceFile`] once.
pub fn render_problem(style: Style, name: &str, text: &str, problem: &Problem) -> String {
    SourceFile::new(name, text).render_problem(style, problem)
}

/// The problems of one file that are drawn: the first [`MAX_PROBLEMS_SHOWN`] (errors come
/// first in a report).
pub fn shown_problems<'a>(
    problems: impl IntoIterator<Item = &'a Problem>,
) -> impl Iterator<Item = &'a Problem> {
    problems.into_iter().take(MAX_PROBLEMS_SHOWN)
}

/// "name: 7950 more errors and 3 more warnings not shown (…)": what [`shown_problems`]
/// left out of `problems`, with `unlisted` (problems counted but not kept), or `None` when
/// every problem was drawn.
pub fn not_shown<'a>(
    name: &str,
    problems: impl IntoIterator<Item = &'a Problem>,
    unlisted: Unlisted,
) -> Option<String> {
    let (mut errors, mut warnings) = (unlisted.errors, unlisted.warnings);
    for p in problems.into_iter().skip(MAX_PROBLEMS_SHOWN) {
        match p.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
    }
    let parts: Vec<String> = [(errors, "error"), (warnings, "warning")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} more {what}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "{}: {} not shown (the first {MAX_PROBLEMS_SHOWN} problems of a file are shown; fix \
             those and check again)",
            shown(name),
            parts.join(" and ")
        )
    })
}

/// The text of one file, made safe to print and indexed by line once, for drawing any
/// number of its problems: each is drawn from a few lines around it, long lines cut, so
/// the cost of a problem does not grow with the file.
pub struct SourceFile {
    name: String,
    /// The text, same length in bytes as the original (see [`printable`]).
    text: String,
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: &str, text: &str) -> SourceFile {
        let text = printable(text);
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: shown(name).into_owned(),
            text,
            line_starts,
        }
    }

    /// One problem of this file, drawn with the lines around it.
    pub fn render_problem(&self, style: Style, problem: &Problem) -> String {
        let severity = match problem.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let mut diag =
            MietteDiagnostic::new(cut(&printable(&problem.message))).with_severity(severity);
        if let Some(help) = &problem.help {
            diag = diag.with_help(cut(&printable(help)));
        }
        match problem.span {
            Some((offset, len)) => {
                let label = problem
                    .node
                    .as_ref()
                    .map_or("here".to_string(), |n| format!("in `{}`", cut(n)));
                self.render_at(style, diag, offset, len, label)
            }
            None => {
                diag.message = format!("{}: {}", self.name, diag.message);
                render(style, diag, None)
            }
        }
    }

    /// `diag` with a label on `len` bytes at `offset`.
    fn render_at(
        &self,
        style: Style,
        diag: MietteDiagnostic,
        offset: usize,
        len: usize,
        label: String,
    ) -> String {
        let excerpt = self.excerpt(offset, len);
        let diag = diag.with_label(LabeledSpan::at(excerpt.span, label));
        render(style, diag, Some(excerpt))
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte range of line `line`, without its line break.
    fn line_range(&self, line: usize) -> (usize, usize) {
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        (start, end.max(start))
    }

    /// The lines around `len` bytes at `offset`, long lines cut around the span.
    fn excerpt(&self, offset: usize, len: usize) -> Excerpt {
        let offset = floor_boundary(&self.text, offset.min(self.text.len()));
        let mut end = floor_boundary(&self.text, (offset + len).min(self.text.len()));
        let line = self.line_of(offset);
        let (line_start, line_end) = self.line_range(line);
        let mut last = self.line_of(end.saturating_sub(1).max(offset));
        let long = |l: usize| {
            let (s, e) = self.line_range(l);
            e - s > MAX_LINE_CHARS
        };
        if last - line > MAX_SPAN_LINES || (line..=last).any(long) {
            end = end.min(line_end);
            last = line;
        }
        let column = self.text[line_start..offset].chars().count();
        let first = line.saturating_sub(CONTEXT_LINES);
        let final_line = (last + CONTEXT_LINES).min(self.line_starts.len() - 1);
        let mut text = String::new();
        let mut span = (0, 0);
        for l in first..=final_line {
            let (s, e) = self.line_range(l);
            let (from, to) = if e - s <= MAX_LINE_CHARS * 4
                && self.text[s..e].chars().count() <= MAX_LINE_CHARS
            {
                (s, e)
            } else {
                // A window of the line: around the span on its line, else the line's start.
                let anchor = if l == line { offset } else { s };
                let from =
                    floor_boundary(&self.text, anchor.saturating_sub(MAX_LINE_CHARS / 3).max(s));
                let from = from.max(s);
                let to = self.text[from..e]
                    .char_indices()
                    .nth(MAX_LINE_CHARS)
                    .map_or(e, |(i, _)| from + i);
                (from, to)
            };
            if from > s {
                text.push('…');
            }
            let base = text.len();
            text.push_str(&self.text[from..to]);
            if l == line {
                let start = base + (offset.clamp(from, to) - from);
                let stop = if l == last {
                    base + (end.clamp(from, to) - from)
                } else {
                    // Ends on a later line, mapped below.
                    usize::MAX
                };
                span = (start, stop);
            }
            if l == last && l != line {
                span.1 = base + (end.clamp(from, to) - from);
            }
            if to < e {
                text.push('…');
            }
            if l < final_line {
                text.push('\n');
            }
        }
        let span = (span.0, span.1.max(span.0) - span.0);
        Excerpt {
            name: self.name.clone(),
            text,
            first_line: first,
            span,
            column,
        }
    }
}

/// A few lines of a file around one problem, with their real line numbers and the problem's
/// column counted in characters (as the message's `line:col` is).
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    /// The 0-based line number of the first line of `text` in the file.
    first_line: usize,
    /// The problem's span in `text`.
    span: (usize, usize),
    /// The 0-based column of the problem in its line of the file, in characters.
    column: usize,
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        // The position miette puts in `[file:line:col]` is that of the primary span read
        // without context: give it in characters of the whole line.
        let column = if context_lines_before == 0 && span.offset() == self.span.0 {
            self.column
        } else {
            inner.column()
        };
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

/// `text` cut to [`MAX_MESSAGE_CHARS`] characters, with `…` when it was longer.
fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A pathway file that could not be read or parsed.
pub fn render_load_error(style: Style, err: &LoadError) -> String {
    let message = err.to_string();
    let mut diag = MietteDiagnostic::new(cut(&shown(&message)));
    match err.location() {
        Some((text, offset)) => {
            let name = match err {
                LoadError::NotUtf8 { name, .. } | LoadError::Syntax { name, .. } => name.as_str(),
                _ => "",
            };
            let len = text[floor_boundary(text, offset.min(text.len()))..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            if let LoadError::Syntax {
                help: Some(help), ..
            } = err
            {
                diag = diag.with_help(*help);
            }
            SourceFile::new(name, text).render_at(style, diag, offset, len, "here".into())
        }
        None => render(style, diag, None),
    }
}

fn render(style: Style, diag: MietteDiagnostic, source: Option<Excerpt>) -> String {
    let report = match source {
        Some(excerpt) => miette::Report::new(diag).with_source_code(excerpt),
        None => miette::Report::new(diag),
    };
    let mut out = String::new();
    if style
        .handler()
        .render_report(&mut out, report.as_ref())
        .is_err()
    {
        out = format!("{report}\n");
    }
    out
}

/// `text` with control, bidi and invisible characters shown as `?` of the same length in
/// bytes (see [`crate::sanitize::same_length`]), so a file's bytes can never move the cursor
/// or retitle the terminal, and spans stay right.
pub fn printable(text: &str) -> String {
    crate::sanitize::same_length(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_removes_escapes_and_keeps_offsets_of_ascii() {
        let text = "a\u{1b}]0;title\u{7}b\nc\td\u{202e}e";
        let shown = printable(text);
        assert!(
            !shown
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
        );
        assert!(!shown.contains('\u{202e}'));
        assert_eq!(shown.find('b'), text.find('b'));
    }
}
