//! Renders `check` problems and load errors as source snippets with file:line:col.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use crate::pathway::LoadError;
use crate::pathway::validate::{Problem, Severity};
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
            diag.message = format!("{}: {}", shown(name), diag.message);
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
    let mut diag = MietteDiagnostic::new(shown(&message));
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
            .with_source_code(NamedSource::new(shown(name), printable(text))),
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
