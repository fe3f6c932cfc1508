//! Renders `check` problems and load errors as source snippets with file:line:col.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use crate::pathway::LoadError;
use crate::pathway::validate::{Problem, Severity};

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

/// One problem in `name`, drawn with the lines around it.
pub fn render_problem(style: Style, name: &str, text: &str, problem: &Problem) -> String {
    let severity = match problem.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    };
    let mut diag = MietteDiagnostic::new(printable(&problem.message)).with_severity(severity);
    if let Some(help) = &problem.help {
        diag = diag.with_help(printable(help));
    }
    match problem.span {
        Some((offset, len)) => {
            let label = problem
                .node
                .as_ref()
                .map_or("here".to_string(), |n| format!("in `{n}`"));
            diag = diag.with_label(LabeledSpan::at((offset.min(text.len()), len), label));
            render(style, diag, Some((name, text)))
        }
        None => {
            diag.message = format!("{name}: {}", diag.message);
            render(style, diag, None)
        }
    }
}

/// A pathway file that could not be read or parsed.
pub fn render_load_error(style: Style, err: &LoadError) -> String {
    let (name, message) = match err {
        LoadError::Io { name, .. }
        | LoadError::TooLarge { name, .. }
        | LoadError::EndlessInput { name, .. }
        | LoadError::NotUtf8 { name, .. }
        | LoadError::Syntax { name, .. } => (name.as_str(), err.to_string()),
    };
    let mut diag = MietteDiagnostic::new(printable(&message));
    match err.location() {
        Some((text, offset)) => {
            let len = text[offset.min(text.len())..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            diag = diag.with_label(LabeledSpan::at((offset.min(text.len()), len), "here"));
            if let LoadError::Syntax {
                help: Some(help), ..
            } = err
            {
                diag = diag.with_help(*help);
            }
            render(style, diag, Some((name, text)))
        }
        None => render(style, diag, None),
    }
}

fn render(style: Style, diag: MietteDiagnostic, source: Option<(&str, &str)>) -> String {
    let report = match source {
        Some((name, text)) => miette::Report::new(diag)
            .with_source_code(NamedSource::new(printable(name), printable(text))),
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

/// `text` with control characters (other than newline and tab) shown as `?`, byte for byte,
/// so a file's bytes can never move the cursor or retitle the terminal.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c.is_control() && c != '\n' && c != '\t') || is_invisible_format(c) {
                // Same length in bytes, so spans stay right.
                match c.len_utf8() {
                    1 => '?',
                    2 => '¿',
                    _ => '\u{fffd}',
                }
            } else {
                c
            }
        })
        .collect()
}

/// Bidi controls and zero-width characters, which can make text read differently from what
/// it is.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
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
