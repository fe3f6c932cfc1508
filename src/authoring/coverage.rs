//! Scenario coverage: which options, rules and outcomes of a pathway no scenario exercises.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::outcome::Outcome;
use crate::pathway::Pathway;

/// What a set of scenarios has exercised so far.
#[derive(Debug, Clone, Default)]
pub struct Exercised {
    /// `(question, option)` pairs chosen on some scenario's path.
    options: BTreeSet<(String, String)>,
    rules: BTreeSet<String>,
    outcomes: BTreeSet<String>,
    scenarios: usize,
}

impl Exercised {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records what one routed scenario reached. Only answers on its path count: an answer
    /// to a question the path never asks exercises nothing.
    pub fn record(&mut self, outcome: &Outcome) {
        self.scenarios += 1;
        for step in &outcome.trace {
            for a in &step.answers {
                self.options.insert((step.question.clone(), a.clone()));
            }
        }
        self.rules.insert(outcome.node.rule.clone());
        self.outcomes.insert(outcome.node.id.clone());
    }

    /// What the pathway has that nothing recorded exercises.
    pub fn report(&self, p: &Pathway) -> CoverageReport {
        let options: Vec<(String, String)> = p
            .questions()
            .flat_map(|q| q.options.iter().map(|o| (q.id.clone(), o.id.clone())))
            .collect();
        let mut rules: Vec<String> = Vec::new();
        for o in p.outcomes() {
            if !rules.contains(&o.rule) {
                rules.push(o.rule.clone());
            }
        }
        let outcomes: Vec<String> = p.outcomes().map(|o| o.id.clone()).collect();
        CoverageReport {
            scenarios: self.scenarios,
            total_options: options.len(),
            total_rules: rules.len(),
            total_outcomes: outcomes.len(),
            missing_options: options
                .into_iter()
                .filter(|o| !self.options.contains(o))
                .collect(),
            missing_rules: rules
                .into_iter()
                .filter(|r| !self.rules.contains(r))
                .collect(),
            missing_outcomes: outcomes
                .into_iter()
                .filter(|o| !self.outcomes.contains(o))
                .collect(),
        }
    }
}

/// What no scenario exercises, in the pathway's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageReport {
    /// Scenarios that could be routed (and so were counted).
    pub scenarios: usize,
    pub total_options: usize,
    pub total_rules: usize,
    pub total_outcomes: usize,
    /// `(question, option)` pairs.
    pub missing_options: Vec<(String, String)>,
    pub missing_rules: Vec<String>,
    pub missing_outcomes: Vec<String>,
}

impl CoverageReport {
    /// Every option, rule and outcome is exercised.
    pub fn is_full(&self) -> bool {
        self.missing_options.is_empty()
            && self.missing_rules.is_empty()
            && self.missing_outcomes.is_empty()
    }

    /// What is missing, counted: `3 options (safety=crisis, …), 1 rule (R2) and 1 outcome
    /// (referral-minor)`; rules and outcomes are named, options only up to five.
    pub fn missing_summary(&self) -> String {
        let options: Vec<String> = self
            .missing_options
            .iter()
            .map(|(q, o)| format!("{q}={o}"))
            .collect();
        let mut parts: Vec<String> = Vec::new();
        for (items, word, shown) in [
            (&options, "option", 5),
            (&self.missing_rules, "rule", usize::MAX),
            (&self.missing_outcomes, "outcome", usize::MAX),
        ] {
            if items.is_empty() {
                continue;
            }
            let s = if items.len() == 1 { "" } else { "s" };
            let mut names = items
                .iter()
                .take(shown)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if items.len() > shown {
                names.push_str(", …");
            }
            parts.push(format!("{} {word}{s} ({names})", items.len()));
        }
        match parts.as_slice() {
            [] => "nothing".into(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }

    /// The report as text: a count line, then one line per thing not exercised.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let frac = |total: usize, missing: usize| format!("{} of {total}", total - missing);
        let _ = writeln!(
            out,
            "coverage: {} scenarios exercise {} options, {} rules, {} outcomes",
            self.scenarios,
            frac(self.total_options, self.missing_options.len()),
            frac(self.total_rules, self.missing_rules.len()),
            frac(self.total_outcomes, self.missing_outcomes.len()),
        );
        if self.is_full() {
            return out;
        }
        out.push_str("not exercised by any scenario:\n");
        for (q, o) in &self.missing_options {
            let _ = writeln!(out, "  option   {q}={o}");
        }
        for r in &self.missing_rules {
            let _ = writeln!(out, "  rule     {r}");
        }
        for o in &self.missing_outcomes {
            let _ = writeln!(out, "  outcome  {o}");
        }
        out
    }
}
