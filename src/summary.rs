//! The outcome as plain text: for `route --format text`, summaries and the line mode.

use std::fmt::Write;

use crate::outcome::Outcome;
use crate::pathway::{Audience, Lang, Pathway};
use crate::strings::strings;

/// The outcome in plain sections, as a person reads it. Staff see the clinical detail too.
pub fn outcome_text(p: &Pathway, o: &Outcome, audience: Audience, lang: Lang) -> String {
    let s = strings(lang);
    let n = o.node;
    let mut out = String::new();
    let mut w = |line: String| {
        out.push_str(&line);
        out.push('\n');
    };
    let mut headline = n.headline.get(lang).trim_end_matches('.').to_string();
    if let Some(f) = o.facility {
        let kind = f.region.facility_type.get(lang);
        if f.iv && !kind.is_empty() {
            let _ = write!(headline, " — {}{}{kind}", f.region.name.get(lang), s.colon);
        } else {
            let _ = write!(headline, " — {}", f.region.name.get(lang));
        }
    }
    w(format!("{}{}{headline}", s.route, s.colon));
    let staff = audience == Audience::Staff;
    if staff {
        w(format!("  [{} · {} {}]", n.route, s.rule, n.rule));
    }
    for a in &o.also {
        w(format!("{}{}{}", s.also, s.colon, a.text.get(lang)));
    }
    w(String::new());
    w(s.why.to_string());
    w(format!("  {}", n.why.get(lang)));
    let trace: Vec<String> = o
        .trace
        .iter()
        .map(|t| {
            if staff {
                return format!("{}={}", t.question, t.answers.join(","));
            }
            // Patients read each answer with the question it answers: "Age: 18 or older".
            let q = p.question(&t.question);
            let labels = t
                .answers
                .iter()
                .map(|a| {
                    q.and_then(|q| q.option(a))
                        .map_or(a.as_str(), |o| o.label.get(lang))
                })
                .collect::<Vec<_>>()
                .join(", ");
            let name = q.map_or(t.question.as_str(), |q| q.name().get(lang));
            format!("{name}{}{labels}", s.colon)
        })
        .collect();
    w(format!(
        "  {}{}{}",
        s.answers_given,
        s.colon,
        trace.join(" → ")
    ));
    if let Some(f) = o.facility {
        w(String::new());
        let regulator = f
            .region
            .regulator
            .clone()
            .unwrap_or_else(|| s.no_regulator.to_string());
        let kind = if f.iv {
            &p.regions.facility_label
        } else {
            &p.regions.lighter_label
        };
        let kind = match kind.get(lang) {
            "" => String::new(),
            k => format!(", {k}"),
        };
        w(format!(
            "{} — {} ({regulator}){kind}",
            s.facility,
            f.region.name.get(lang)
        ));
        w(format!("  {}", f.requirement.get(lang)));
    }
    if !n.next_steps.is_empty() {
        w(String::new());
        w(s.next_steps.to_string());
        for step in &n.next_steps {
            w(format!("  - {}", step.get(lang)));
        }
    }
    if !o.coverage.is_empty() {
        w(String::new());
        w(s.coverage.to_string());
        for (_, row) in &o.coverage {
            w(format!(
                "  - {}{}{}",
                row.program_name(lang),
                s.colon,
                row.note.get(lang)
            ));
            if audience == Audience::Staff && !row.staff_detail.get(lang).is_empty() {
                w(format!("    {}", row.staff_detail.get(lang)));
            }
        }
    }
    if !o.flags.is_empty() || !n.safety.is_empty() {
        w(String::new());
        w(s.safety.to_string());
        for f in &o.flags {
            w(format!("  - {}", f.text.get(lang)));
        }
        for t in &n.safety {
            w(format!("  - {}", t.get(lang)));
        }
    }
    if let Some(e) = o.evidence {
        w(String::new());
        let strength = match e.strength_label.get(lang) {
            "" => e.strength.as_str(),
            label => label,
        };
        w(format!(
            "{} ({}{}{strength})",
            s.evidence, s.strength, s.colon
        ));
        w(format!("  {}", e.summary.get(lang)));
    }
    if audience == Audience::Staff && !n.staff_detail.is_empty() {
        w(String::new());
        w(s.staff_detail.to_string());
        for t in &n.staff_detail {
            w(format!("  - {}", t.get(lang)));
        }
    }
    let sources = o.sources(p);
    if !sources.is_empty() {
        w(String::new());
        w(s.sources.to_string());
        for (i, src) in sources.iter().enumerate() {
            w(format!("  [{}] {}", i + 1, src.citation()));
        }
    }
    w(String::new());
    w(p.disclaimer.get(lang).to_string());
    out
}
