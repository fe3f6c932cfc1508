//! The pathway as a diagram, in Mermaid (`flowchart TD`) or Graphviz DOT: one box per
//! question, one rounded box per outcome, one arrow per branch and per `otherwise`.

use std::collections::HashMap;
use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::{Edge, edges};
use crate::pathway::{Lang, Node, Pathway};

/// Which diagram language to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GraphFormat {
    /// Mermaid `flowchart TD`, as GitHub and most Markdown viewers draw it.
    #[default]
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
}

/// Node labels are wrapped at about this many characters a line.
const WRAP: usize = 32;
/// Edge labels (conditions) are wrapped at about this many characters a line.
const WRAP_EDGE: usize = 40;

/// The whole pathway as a diagram. Labels use `lang`, English where a translation is missing.
pub fn render(p: &Pathway, format: GraphFormat, lang: Lang) -> String {
    match format {
        GraphFormat::Mermaid => mermaid(p, lang),
        GraphFormat::Dot => dot(p, lang),
    }
}

/// The lines of a node's label: the id (with the rule for an outcome), then its name.
fn label_lines(node: &Node, lang: Lang) -> Vec<String> {
    match node {
        Node::Question(q) => {
            let mut lines = vec![q.id.clone()];
            lines.extend(wrap(q.name().get(lang), WRAP));
            lines
        }
        Node::Outcome(o) => {
            let mut lines = vec![format!("{} · {}", o.id, o.rule)];
            lines.extend(wrap(o.headline.get(lang), WRAP));
            lines
        }
    }
}

/// Splits `text` into lines of at most about `width` columns, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

// ---------------------------------------------------------------------------
// Mermaid
// ---------------------------------------------------------------------------

/// Mermaid node ids: `q_` or `o_` and the pathway id with every character other than a
/// letter, digit or `_` replaced by `_` (Mermaid reads `-` and words like `end` specially).
fn mermaid_ids(p: &Pathway) -> HashMap<&str, String> {
    let mut ids: HashMap<&str, String> = HashMap::new();
    let mut taken: Vec<String> = Vec::new();
    for node in &p.nodes {
        if ids.contains_key(node.id()) {
            continue;
        }
        let prefix = match node {
            Node::Question(_) => "q_",
            Node::Outcome(_) => "o_",
        };
        let base = format!("{prefix}{}", sanitize(node.id()));
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        taken.push(id.clone());
        ids.insert(node.id(), id);
    }
    ids
}

fn sanitize(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Text for inside a quoted Mermaid label: characters Mermaid or HTML would read are written
/// as entity codes (`#quot;`), and line breaks as `<br/>`.
pub fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn mermaid_label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| mermaid_escape(l))
        .collect::<Vec<_>>()
        .join("<br/>")
}

fn mermaid(p: &Pathway, lang: Lang) -> String {
    let ids = mermaid_ids(p);
    let id_of = |node: &str| {
        ids.get(node)
            .cloned()
            .unwrap_or_else(|| format!("missing_{}", sanitize(node)))
    };
    let mut out = String::from("flowchart TD\n");
    let _ = writeln!(
        out,
        "    %% {} ({} {})",
        one_line(p.title.get(lang)),
        one_line(&p.id),
        one_line(&p.version)
    );
    let mut outcomes = Vec::new();
    let mut crisis = Vec::new();
    for node in &p.nodes {
        let id = id_of(node.id());
        let label = mermaid_label(&label_lines(node, lang));
        match node {
            Node::Question(_) => {
                let _ = writeln!(out, "    {id}[\"{label}\"]");
            }
            Node::Outcome(o) => {
                let _ = writeln!(out, "    {id}([\"{label}\"])");
                if o.crisis {
                    crisis.push(id);
                } else {
                    outcomes.push(id);
                }
            }
        }
    }
    // Branches are solid arrows, `otherwise` dotted.
    for e in edges(p) {
        let arrow = if e.when.is_some() { "-->" } else { "-.->" };
        let _ = writeln!(
            out,
            "    {} {arrow}|\"{}\"| {}",
            id_of(&e.from.id),
            mermaid_label(&wrap(&e.label(), WRAP_EDGE)),
            id_of(e.to)
        );
    }
    out.push_str("    classDef start stroke-width:3px\n");
    out.push_str("    classDef outcome fill:#e8f3ea,stroke:#2e7d32\n");
    out.push_str("    classDef crisis fill:#fdeaea,stroke:#c62828\n");
    if p.node(&p.start).is_some() {
        let _ = writeln!(out, "    class {} start", id_of(&p.start));
    }
    if !outcomes.is_empty() {
        let _ = writeln!(out, "    class {} outcome", outcomes.join(","));
    }
    if !crisis.is_empty() {
        let _ = writeln!(out, "    class {} crisis", crisis.join(","));
    }
    out
}

/// Text on one line, for a `%%` comment.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------
// DOT
// ---------------------------------------------------------------------------

/// Text for inside a double-quoted DOT string: `\` and `"` escaped, control characters as
/// spaces (line breaks are added by the caller as `\n`).
pub fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn dot_label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| dot_escape(l))
        .collect::<Vec<_>>()
        .join("\\n")
}

fn dot(p: &Pathway, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph \"{}\" {{", dot_escape(&p.id));
    let _ = writeln!(
        out,
        "    graph [label=\"{} ({} {})\", labelloc=t, fontname=\"Helvetica\"];",
        dot_escape(&one_line(p.title.get(lang))),
        dot_escape(&p.id),
        dot_escape(&p.version)
    );
    out.push_str("    node [shape=box, fontname=\"Helvetica\"];\n");
    out.push_str("    edge [fontname=\"Helvetica\", fontsize=10];\n");
    for node in &p.nodes {
        let label = dot_label(&label_lines(node, lang));
        let style = match node {
            Node::Question(q) if q.id == p.start => ", penwidth=2",
            Node::Question(_) => "",
            Node::Outcome(o) if o.crisis => {
                ", style=\"rounded,filled\", fillcolor=\"#fdeaea\", color=\"#c62828\""
            }
            Node::Outcome(_) => {
                ", style=\"rounded,filled\", fillcolor=\"#e8f3ea\", color=\"#2e7d32\""
            }
        };
        let _ = writeln!(
            out,
            "    \"{}\" [label=\"{label}\"{style}];",
            dot_escape(node.id())
        );
    }
    for e in edges(p) {
        let _ = writeln!(out, "    {};", dot_edge(&e));
    }
    out.push_str("}\n");
    out
}

fn dot_edge(e: &Edge) -> String {
    let style = if e.when.is_none() {
        ", style=dashed"
    } else {
        ""
    };
    format!(
        "\"{}\" -> \"{}\" [label=\"{}\"{style}]",
        dot_escape(&e.from.id),
        dot_escape(e.to),
        dot_label(&wrap(&e.label(), WRAP_EDGE))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_each_format_reads() {
        assert_eq!(
            mermaid_escape(r#"a "b" <c> & #1 `d` |e|"#),
            "a #quot;b#quot; #lt;c#gt; #amp; #35;1 #96;d#96; #124;e#124;"
        );
        assert_eq!(dot_escape(r#"a "b" \n"#), r#"a \"b\" \\n"#);
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(
            wrap("one two three four", 9),
            vec!["one two", "three", "four"]
        );
        assert_eq!(wrap("  ", 9), Vec::<String>::new());
        assert_eq!(
            wrap("averyveryverylongword x", 4),
            vec!["averyveryverylongword", "x"]
        );
    }
}
