//! Generated pathways of any size, for benchmarks and scale tests (included with `#[path]`:
//! a test fixture, not part of the library).

#![allow(dead_code)]

use std::fmt::Write;

/// RON text of a valid pathway with `questions` questions (at least 3).
///
/// `q0` names the region, `q1` is a multi-choice coverage question, `q2` keys the evidence
/// table. Every tenth question can end the pathway early at an outcome of its own; the others
/// lead straight on, so the number of distinct paths grows linearly with the size.
pub fn generate(questions: usize) -> String {
    generate_wide(questions, 3)
}

/// Like [`generate`], with `q3` offering `options` options (for filtering benchmarks).
pub fn generate_wide(questions: usize, options: usize) -> String {
    generate_shape(&Shape {
        questions,
        options,
        ..Shape::default()
    })
}

/// The shape of a generated pathway; see [`generate_shape`].
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// How many questions (at least 4).
    pub questions: usize,
    /// How many options `q3` offers.
    pub options: usize,
    /// Every `stop_every`-th question can end the pathway early (0: none can, so the pathway
    /// is one chain of questions that only have `otherwise`).
    pub stop_every: usize,
    /// How many identical branches `q4` has (all to the next question).
    pub repeated_branches: usize,
}

impl Default for Shape {
    fn default() -> Shape {
        Shape {
            questions: 10,
            options: 3,
            stop_every: 10,
            repeated_branches: 0,
        }
    }
}

/// A chain of `questions` questions, each leading to the next by `otherwise` alone.
pub fn generate_chain(questions: usize) -> String {
    generate_shape(&Shape {
        questions,
        stop_every: 0,
        ..Shape::default()
    })
}

/// A valid pathway whose `q4` has `branches` identical branches.
pub fn generate_branches(branches: usize) -> String {
    generate_shape(&Shape {
        repeated_branches: branches,
        ..Shape::default()
    })
}

/// RON text of a valid pathway of the given shape.
pub fn generate_shape(shape: &Shape) -> String {
    let n = shape
        .questions
        .max(if shape.repeated_branches > 0 { 6 } else { 4 });
    let wide = shape.options.max(1);
    let text = |s: &str| format!("(en: \"{s}\")");
    let mut out = String::with_capacity(n * 420);
    out.push_str("Pathway(\n  id: \"synthetic\",\n  version: \"1.0.0\",\n");
    let _ = writeln!(out, "  title: {},", text("Synthetic pathway"));
    let _ = writeln!(out, "  disclaimer: {},", text("Not medical advice."));
    out.push_str("  start: \"q0\",\n  nodes: [\n");
    let regions: Vec<String> = (0..13).map(|r| format!("r{r}")).collect();
    let mut outcomes = Vec::new();
    for i in 0..n {
        let next = if i + 1 < n {
            format!("q{}", i + 1)
        } else {
            "end".to_string()
        };
        let (choice, options): (&str, Vec<String>) = match i {
            0 => ("Single", regions.clone()),
            1 => ("Multi", (0..4).map(|c| format!("c{c}")).collect()),
            3 => ("Single", (0..wide).map(|k| format!("w{k}")).collect()),
            _ if shape.stop_every > 0 && i % shape.stop_every == 0 => {
                ("Single", vec!["go".into(), "stop".into()])
            }
            _ => ("Single", vec!["a".into(), "b".into(), "c".into()]),
        };
        let _ = write!(
            out,
            "    Question(\n      id: \"q{i}\",\n      choice: {choice},\n      prompt: (staff: {}, patient: {}),\n      options: [",
            text(&format!("Staff question {i}?")),
            text(&format!("Patient question {i}?")),
        );
        for (k, o) in options.iter().enumerate() {
            let label = match i {
                3 => format!("{} {k}", WORDS[k % WORDS.len()]),
                _ => format!("Option {o}"),
            };
            let _ = write!(out, "(id: \"{o}\", label: {}), ", text(&label));
        }
        out.push_str("],\n");
        if i >= 2 && shape.stop_every > 0 && i % shape.stop_every == 0 {
            let _ = writeln!(
                out,
                "      next: [Branch(when: Is(\"q{i}\", \"stop\"), goto: \"stop{i}\")],"
            );
            outcomes.push(format!("stop{i}"));
        } else if i == 4 && shape.repeated_branches > 0 {
            out.push_str("      next: [");
            for _ in 0..shape.repeated_branches {
                let _ = write!(out, "Branch(when: Is(\"q4\", \"a\"), goto: \"{next}\"),");
            }
            out.push_str("],\n");
        }
        let _ = writeln!(out, "      otherwise: Some(\"{next}\"),\n    ),");
    }
    outcomes.push("end".into());
    for o in &outcomes {
        let _ = writeln!(
            out,
            "    Outcome(id: \"{o}\", rule: \"R1\", why: {}, route: \"referral\", headline: {}, sources: [\"s1\"]),",
            text("Because."),
            text("See your doctor.")
        );
    }
    out.push_str("  ],\n");
    let _ = writeln!(
        out,
        "  crisis: (title: {}, lines: [{}]),",
        text("Help now"),
        text("Call 911")
    );
    out.push_str("  regions: (question: \"q0\", requirements: [(id: \"lighter\", when: Some(Is(\"q2\", \"b\"))), (id: \"full\")], rows: [\n");
    for r in &regions {
        let _ = writeln!(
            out,
            "    (id: \"{r}\", name: {}, regulator: Some(\"REG\"), requirements: {{\"full\": {}, \"lighter\": {}}}, health_line: {}, sources: [\"s1\"]),",
            text(r),
            text("Accredited facility."),
            text("Lighter rules."),
            text("811")
        );
    }
    out.push_str("  ]),\n  coverage: (question: \"q1\", rows: [\n");
    for c in 0..4 {
        let _ = writeln!(
            out,
            "    (answer: \"c{c}\", program: \"P{c}\", note: {}, sources: [\"s1\"]),",
            text("Ask the program.")
        );
    }
    out.push_str("  ]),\n  evidence: (question: \"q2\", rows: [\n");
    for o in ["a", "b", "c"] {
        let _ = writeln!(
            out,
            "    (option: \"{o}\", strength: \"weak\", summary: {}, sources: [\"s1\"]),",
            text("Small studies.")
        );
    }
    // Checked this month, so a generated pathway is never due for review.
    let checked = carepath::pathway::validate::YearMonth::today();
    let _ = writeln!(
        out,
        "  ]),\n  sources: [(id: \"s1\", authors: \"A\", title: \"T\", year: 2020, checked: \"{checked}\")],\n)"
    );
    out
}

/// A pathway with `n` problems: `q3` offers `n` options and the evidence table, keyed by
/// `q3`, has no row for any of them (and three rows for options it does not offer).
pub fn generate_missing_evidence(n: usize) -> String {
    generate_wide(10, n).replace("evidence: (question: \"q2\"", "evidence: (question: \"q3\"")
}

/// A pathway on one line whose first branch names `n` options that `q3` does not offer.
pub fn generate_one_line_bad_options(n: usize) -> String {
    let ids: Vec<String> = (0..n).map(|i| format!("\"x{i}\"")).collect();
    generate(20)
        .replacen(
            "Branch(when: Is(\"q10\", \"stop\")",
            &format!("Branch(when: AnyOf(\"q3\", [{}])", ids.join(",")),
            1,
        )
        .replace('\n', " ")
}

/// A pathway whose `languages` list has `n` items, all the same unknown language (`"a",` is
/// four bytes: two million fit under the 8 MiB limit).
pub fn generate_long_list(n: usize) -> String {
    let items = vec!["\"a\""; n].join(",");
    generate(10).replacen("  start:", &format!("  languages: [{items}],\n  start:"), 1)
}

/// Answers that take a generated pathway down its longest path: every question answered
/// with its first option (`go` where `stop` would end early), as `(question, options)`.
pub fn longest_path_answers(p: &carepath::pathway::Pathway) -> Vec<(String, Vec<String>)> {
    p.questions()
        .filter_map(|q| {
            let first = q.options.first()?;
            Some((q.id.clone(), vec![first.id.clone()]))
        })
        .collect()
}

/// Labels for the wide question, with accents, so filtering does real work.
const WORDS: &[&str] = &[
    "Québec",
    "Île-du-Prince-Édouard",
    "Ontario",
    "Nunavut",
    "Territoires du Nord-Ouest",
    "Colombie-Britannique",
    "Saskatchewan",
    "Manitoba",
];
