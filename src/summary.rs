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
    // The region with what it requires: its facility type for IV, the kind of ketamine the
    // lighter requirements are for otherwise. A region alone would say nothing.
    if let Some(f) = o.facility {
        let kind = if f.iv {
            f.region.facility_type.get(lang)
        } else {
            p.regions.lighter_label.get(lang)
        };
        if !kind.is_empty() {
            let _ = write!(headline, " — {}{}{kind}", f.region.name.get(lang), s.colon);
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
            // Each answer with the question it answers, in the reader's language: "Age: 18
            // or older" (the ids are in the JSON).
            let q = p.question(&t.question);
            let labels = q.map_or_else(|| t.answers.join(", "), |q| q.labels(&t.answers, lang));
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
                o.coverage_note(row).get(lang)
            ));
            // What the program says for a route offered alongside, e.g. mental-health care.
            for a in &o.also {
                if let Some(note) = row.route_note(&a.route) {
                    w(format!("    {}{}{}", s.also, s.colon, note.note.get(lang)));
                }
            }
            let detail = row.staff_detail_for(&n.route).get(lang);
            if audience == Audience::Staff && !detail.is_empty() {
                w(format!("    {detail}"));
            }
        }
    }
    if !o.flags.is_empty() || !o.safety.is_empty() {
        w(String::new());
        w(s.safety.to_string());
        for f in o.flags_shown() {
            w(format!("  - {}", f.text.get(lang)));
        }
        for t in &o.safety {
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
    if audience == Audience::Staff && !o.staff_detail.is_empty() {
        w(String::new());
        w(s.staff_detail.to_string());
        for t in &o.staff_detail {
            w(format!("  - {}", t.get(lang)));
        }
    }
    let sources = o.sources(p);
    if !sources.is_empty() {
        w(String::new());
        w(s.sources.to_string());
        for (i, src) in sources.iter().enumerate() {
            w(format!("  [{}] {}", i + 1, src.citation(lang)));
        }
    }
    w(String::new());
    w(p.disclaimer.get(lang).to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pathway::load::PathwaySource;
    use crate::route::{collect_answers, parse_answer, route};

    /// The first line of the result of a pain-medicine call in `province` given `how`.
    fn first_line(province: &str, how: &str) -> String {
        let loaded = PathwaySource::Bundled.load().unwrap();
        let answers = [
            "safety=none".to_string(),
            format!("province={province}"),
            "age=adult".into(),
            "concern=pain".into(),
            "indication=crps".into(),
            "comorbidities=none".into(),
            "screening=none".into(),
            "coverage=none".into(),
            format!("administration={how}"),
        ];
        let answers = collect_answers(
            &loaded.pathway,
            answers.iter().map(|a| parse_answer(a).unwrap()),
        )
        .unwrap();
        let routed = route(&loaded.pathway, &answers).unwrap();
        let text = outcome_text(
            &loaded.pathway,
            &routed.outcome,
            Audience::Patient,
            Lang::En,
        );
        text.lines().next().unwrap().to_string()
    }

    #[test]
    fn the_first_line_says_what_the_region_requires_for_the_chosen_route() {
        let loaded = PathwaySource::Bundled.load().unwrap();
        let regions = &loaded.pathway.regions;
        let ontario = loaded.pathway.region("on").unwrap();
        let iv = first_line("on", "iv");
        assert!(
            iv.ends_with(&format!("— Ontario: {}", ontario.facility_type.en)),
            "{iv}"
        );
        let other = first_line("on", "non_iv");
        assert!(
            other.ends_with(&format!("— Ontario: {}", regions.lighter_label.en)),
            "{other}"
        );
        for line in [iv, other, first_line("yt", "non_iv")] {
            assert!(
                !line.ends_with("— Ontario") && !line.ends_with("— Yukon"),
                "{line}"
            );
        }
    }
}
