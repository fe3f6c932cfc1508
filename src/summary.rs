//! The outcome in sections, and as plain text: for `route --format text`, summaries, the line
//! mode and the wizard.

use std::fmt::Write;

use crate::outcome::Outcome;
use crate::pathway::{Audience, Lang, Pathway};
use crate::strings::strings;

/// A result in sections, as every view shows it: the text summary, `route`, the line mode and
/// the wizard draw the same parts, each in its own way, and none reads structure back out of
/// text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sections {
    /// The first part's heading is the route's headline.
    pub parts: Vec<Part>,
}

/// One part of a result: a heading ("Why", "Coverage"…) and its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub heading: Option<String>,
    pub rows: Vec<Row>,
}

/// A row of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 0 for a row that stands out like a heading ("Also: …"), 1 for the part's text, 2 for
    /// what belongs to the row above.
    pub depth: u8,
    /// An item of a list.
    pub bullet: bool,
    pub text: String,
}

impl Row {
    fn at(depth: u8, text: String) -> Row {
        Row {
            depth,
            bullet: false,
            text,
        }
    }

    fn item(text: String) -> Row {
        Row {
            depth: 1,
            bullet: true,
            text,
        }
    }

    /// The row as a line of text: two spaces a level, then `- ` for an item.
    pub fn line(&self) -> String {
        let indent = "  ".repeat(self.depth as usize);
        let bullet = if self.bullet { "- " } else { "" };
        format!("{indent}{bullet}{}", self.text)
    }
}

impl Part {
    fn headed(heading: impl Into<String>) -> Part {
        Part {
            heading: Some(heading.into()),
            rows: Vec::new(),
        }
    }
}

impl Sections {
    /// The sections as plain text: a part a paragraph, separated by an empty line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            if let Some(h) = &part.heading {
                out.push_str(h);
                out.push('\n');
            }
            for row in &part.rows {
                out.push_str(&row.line());
                out.push('\n');
            }
        }
        out
    }
}

/// The outcome in plain sections, as a person reads it. Staff see the clinical detail too.
pub fn outcome_text(p: &Pathway, o: &Outcome, audience: Audience, lang: Lang) -> String {
    outcome_sections(p, o, audience, lang).to_text()
}

/// The outcome's [`Sections`]. Staff see the clinical detail too.
pub fn outcome_sections(p: &Pathway, o: &Outcome, audience: Audience, lang: Lang) -> Sections {
    let s = strings(lang);
    let n = o.node;
    let mut parts = Vec::new();
    let mut headline = n.headline.get(lang).trim_end_matches('.').to_string();
    // The region with what it requires: its facility type where the kind of requirement uses
    // it, else what the requirement is for. A region alone would say nothing.
    if let Some(f) = o.facility {
        let kind = f
            .facility_type(lang)
            .unwrap_or_else(|| f.kind.label.get(lang));
        if !kind.is_empty() {
            let _ = write!(headline, " — {}{}{kind}", f.region.name.get(lang), s.colon);
        }
    }
    let mut route = Part::headed(format!("{}{}{headline}", s.route, s.colon));
    let staff = audience == Audience::Staff;
    if staff {
        route
            .rows
            .push(Row::at(1, format!("[{} · {} {}]", n.route, s.rule, n.rule)));
    }
    for a in &o.also {
        route.rows.push(Row::at(
            0,
            format!("{}{}{}", s.also, s.colon, a.text.get(lang)),
        ));
    }
    parts.push(route);
    let mut why = Part::headed(s.why);
    why.rows.push(Row::at(1, n.why.get(lang).to_string()));
    let trace: Vec<String> = o
        .trace
        .iter()
        .map(|t| {
            // Each answer with the question it answers, in the reader's language: "Age: 18
            // or older" (the ids are in the JSON).
            let q = p.question(&t.question);
            let labels = q.map_or_else(|| t.answers.join(", "), |q| q.labels(&t.answers, lang));
            let name = q.map_or(t.question.as_str(), |q| q.name().get(lang));
            format!("{name}{}{labels}", s.colon)
        })
        .collect();
    why.rows.push(Row::at(
        1,
        format!("{}{}{}", s.answers_given, s.colon, trace.join(" → ")),
    ));
    parts.push(why);
    if let Some(f) = o.facility {
        let regulator = f
            .region
            .regulator
            .clone()
            .unwrap_or_else(|| s.no_regulator.to_string());
        let kind = match f.kind.label.get(lang) {
            "" => String::new(),
            k => format!(", {k}"),
        };
        let mut facility = Part::headed(format!(
            "{} — {} ({regulator}){kind}",
            s.facility,
            f.region.name.get(lang)
        ));
        facility
            .rows
            .push(Row::at(1, f.requirement.get(lang).to_string()));
        parts.push(facility);
    }
    if !n.next_steps.is_empty() {
        let mut next = Part::headed(s.next_steps);
        next.rows.extend(
            n.next_steps
                .iter()
                .map(|step| Row::item(step.get(lang).to_string())),
        );
        parts.push(next);
    }
    if !o.coverage.is_empty() {
        let mut coverage = Part::headed(s.coverage);
        for (_, row) in &o.coverage {
            coverage.rows.push(Row::item(format!(
                "{}{}{}",
                row.program_name(lang),
                s.colon,
                o.coverage_note(row).get(lang)
            )));
            // What the program says for a route offered alongside, e.g. mental-health care.
            for a in &o.also {
                if let Some(note) = row.route_note(&a.route) {
                    coverage.rows.push(Row::at(
                        2,
                        format!("{}{}{}", s.also, s.colon, note.note.get(lang)),
                    ));
                }
            }
            let detail = row.staff_detail_for(&n.route).get(lang);
            if staff && !detail.is_empty() {
                coverage.rows.push(Row::at(2, detail.to_string()));
            }
        }
        parts.push(coverage);
    }
    if !o.flags.is_empty() || !o.safety.is_empty() {
        let mut safety = Part::headed(s.safety);
        for f in o.flags_shown() {
            safety.rows.push(Row::item(f.text.get(lang).to_string()));
        }
        for t in &o.safety {
            safety.rows.push(Row::item(t.get(lang).to_string()));
        }
        parts.push(safety);
    }
    if let Some(e) = o.evidence {
        let strength = match e.strength_label.get(lang) {
            "" => e.strength.as_str(),
            label => label,
        };
        let mut evidence = Part::headed(format!(
            "{} ({}{}{strength})",
            s.evidence, s.strength, s.colon
        ));
        evidence
            .rows
            .push(Row::at(1, e.summary.get(lang).to_string()));
        parts.push(evidence);
    }
    if staff && !o.staff_detail.is_empty() {
        let mut detail = Part::headed(s.staff_detail);
        detail.rows.extend(
            o.staff_detail
                .iter()
                .map(|t| Row::item(t.get(lang).to_string())),
        );
        parts.push(detail);
    }
    let sources = o.sources(p);
    if !sources.is_empty() {
        let mut cited = Part::headed(s.sources);
        for (i, src) in sources.iter().enumerate() {
            cited
                .rows
                .push(Row::at(1, format!("[{}] {}", i + 1, src.citation(lang))));
        }
        parts.push(cited);
    }
    parts.push(Part::headed(p.disclaimer.get(lang)));
    Sections { parts }
}
