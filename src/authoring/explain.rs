//! One id of a pathway explained: a question, an option, an outcome, a rule, or a region,
//! flag or source row, with what leads to it and what reads it.

use std::collections::HashMap;
use std::fmt::Write;

use super::reach::reach;
use super::{Edge, asked_before, count, describe_condition, edges, known_ids};
use crate::pathway::load::did_you_mean;
use crate::pathway::{Choice, Condition, Lang, Node, OutcomeNode, Pathway, Question, Text};

/// No node or table row has the id asked about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no question, option, outcome, rule, region, flag or source has the id `{id}`{}",
    suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default()
)]
pub struct UnknownId {
    pub id: String,
    pub suggestion: Option<String>,
}

/// Questions explained in full for one option id (an id such as `yes` may be offered by
/// thousands of questions, and each is followed through the whole pathway).
const MAX_OPTION_SECTIONS: usize = 10;

/// Everything the pathway says about `id`. An id used by several kinds of thing (a region and
/// an option, say, or an option of several questions) gets one section each. Rule ids are
/// matched without regard to case (`r9` finds `R9`).
pub fn explain(p: &Pathway, id: &str, lang: Lang) -> Result<String, UnknownId> {
    let mut sections: Vec<String> = Vec::new();
    match p.node(id) {
        Some(Node::Question(q)) => sections.push(question(p, q, lang)),
        Some(Node::Outcome(o)) => sections.push(outcome(p, o, lang)),
        None => {}
    }
    if p.region(id).is_some() {
        sections.push(region(p, id, lang));
    }
    if p.flags.iter().any(|f| f.id == id) {
        sections.push(flag(p, id, lang));
    }
    if p.source(id).is_some() {
        sections.push(source(p, id, lang));
    }
    let offering: Vec<&Question> = p.questions().filter(|q| q.option(id).is_some()).collect();
    for q in offering.iter().take(MAX_OPTION_SECTIONS) {
        sections.push(option(p, q, id, lang));
    }
    if offering.len() > MAX_OPTION_SECTIONS {
        let rest = &offering[MAX_OPTION_SECTIONS..];
        let named: Vec<&str> = rest.iter().take(10).map(|q| q.id.as_str()).collect();
        let more = if rest.len() > named.len() {
            ", …"
        } else {
            ""
        };
        sections.push(format!(
            "option `{id}` is also offered by {} more questions: {}{more} (`carepath explain \
             QUESTION` describes each)\n",
            rest.len(),
            named.join(", ")
        ));
    }
    let ruled: Vec<&OutcomeNode> = p
        .outcomes()
        .filter(|o| o.rule.eq_ignore_ascii_case(id))
        .collect();
    if !ruled.is_empty() && p.node(id).is_none() {
        sections.push(rule(p, &ruled, lang));
    }
    // Ids are lower case; `ABC` or `On` as typed from a label means the same id.
    let lower = id.to_lowercase();
    if sections.is_empty() && lower != id {
        return explain(p, &lower, lang);
    }
    if sections.is_empty() {
        return Err(UnknownId {
            id: id.to_string(),
            suggestion: did_you_mean(id, known_ids(p).into_iter()).map(str::to_string),
        });
    }
    Ok(sections.join("\n"))
}

/// Writes `  name:  value` with the values lined up.
fn field(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "  {:<16}{value}", format!("{name}:"));
}

fn heading(out: &mut String, name: &str) {
    let _ = writeln!(out, "  {name}:");
}

fn item(out: &mut String, text: &str) {
    let _ = writeln!(out, "    {text}");
}

fn text_or_dash(t: &Text, lang: Lang) -> &str {
    let s = t.get(lang);
    if s.trim().is_empty() { "—" } else { s }
}

/// `permit (outcome, R2)` or `indication (question)`.
fn describe_target(p: &Pathway, id: &str) -> String {
    match p.node(id) {
        Some(Node::Question(_)) => format!("{id} (question)"),
        Some(Node::Outcome(o)) => format!("{id} (outcome, {})", o.rule),
        None => format!("{id} (missing)"),
    }
}

/// Earlier branches listed under a later branch or an `otherwise`; the rest are counted.
const MAX_EARLIER_LISTED: usize = 20;

/// Questions without branches followed back from a node before the chain is summed up.
const MAX_CHAIN_FOLLOWED: usize = 20;

/// Edges that lead to `id`, at most this many described (the rest are counted).
const MAX_EDGES_DESCRIBED: usize = 100;

/// The edges that lead to `id`, each with what must hold to take it: `safety, branch 1: …`;
/// for a later branch or an `otherwise`, the earlier branches that must not hold; through a
/// question without branches, what leads to that question in turn.
fn reached_from(p: &Pathway, id: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if p.start == id {
        out.push("the start of the pathway".into());
    }
    let all = edges(p);
    // Every node's incoming edges, once.
    let mut into: HashMap<&str, Vec<&Edge>> = HashMap::new();
    for e in &all {
        into.entry(e.to).or_default().push(e);
    }
    let leading = into.get(id).map(Vec::as_slice).unwrap_or_default();
    for e in leading.iter().take(MAX_EDGES_DESCRIBED) {
        edge_conditions(p, &into, e, id, &mut out);
    }
    if leading.len() > MAX_EDGES_DESCRIBED {
        out.push(format!(
            "… and {} more branches ({} in all)",
            leading.len() - MAX_EDGES_DESCRIBED,
            leading.len()
        ));
    }
    if out.is_empty() {
        out.push("nothing: no branch leads here".into());
    }
    out
}

/// Writes the lines of [`reached_from`] for one edge into `id`. Through a question without
/// branches it follows what leads to that question in turn, in a loop (a chain of 15,000
/// such questions once overflowed the stack), for at most [`MAX_CHAIN_FOLLOWED`] questions.
fn edge_conditions<'p>(
    p: &'p Pathway,
    into: &HashMap<&str, Vec<&Edge<'p>>>,
    first: &Edge<'p>,
    id: &'p str,
    out: &mut Vec<String>,
) {
    let mut seen: Vec<&str> = vec![id];
    let mut e = first;
    let mut indent = String::new();
    loop {
        let q = e.from;
        let earlier = &q.next[..e.branch.unwrap_or(q.next.len())];
        match (e.when, earlier.is_empty()) {
            (Some(c), true) => {
                out.push(format!(
                    "{indent}{}, {}: {}",
                    q.id,
                    e.place(),
                    describe_condition(c)
                ));
                return;
            }
            (Some(c), false) => out.push(format!(
                "{indent}{}, {}: {}, when none of the branches before it holds{}:",
                q.id,
                e.place(),
                describe_condition(c),
                rules_of(p, earlier.iter().map(|b| b.goto.as_str())),
            )),
            (None, false) => out.push(format!(
                "{indent}{}, otherwise: when none of its branches holds{}:",
                q.id,
                rules_of(p, earlier.iter().map(|b| b.goto.as_str())),
            )),
            (None, true) => {
                let leading = into
                    .get(q.id.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let head = format!("{indent}{}, otherwise (it has no branches)", q.id);
                if p.start == q.id {
                    out.push(format!("{head}, at the start of the pathway"));
                } else if leading.len() == 1 && seen.len() > MAX_CHAIN_FOLLOWED {
                    out.push(format!(
                        "{head}; more questions without branches come before it \
                         (`carepath explain {}`)",
                        q.id
                    ));
                } else if leading.len() == 1 && !seen.contains(&q.id.as_str()) {
                    out.push(format!("{head}, after"));
                    seen.push(&q.id);
                    indent.push_str("  ");
                    e = leading[0];
                    continue;
                } else {
                    out.push(format!(
                        "{head}; `{}` is reached from {} places (`carepath explain {}`)",
                        q.id,
                        leading.len(),
                        q.id
                    ));
                }
                return;
            }
        }
        for (k, b) in earlier.iter().enumerate().take(MAX_EARLIER_LISTED) {
            out.push(format!(
                "{indent}  {}. {} → {}",
                k + 1,
                describe_condition(&b.when),
                describe_target(p, &b.goto)
            ));
        }
        if earlier.len() > MAX_EARLIER_LISTED {
            out.push(format!(
                "{indent}  … and {} more branches before it",
                earlier.len() - MAX_EARLIER_LISTED
            ));
        }
        return;
    }
}

/// ` (none of R3, R4 applies)` for the rules of the outcomes among `targets`; empty when none
/// is an outcome.
fn rules_of<'a>(p: &Pathway, targets: impl Iterator<Item = &'a str>) -> String {
    let rules: Vec<&str> = targets
        .filter_map(|t| p.outcome(t))
        .map(|o| o.rule.as_str())
        .collect();
    match rules.as_slice() {
        [] => String::new(),
        [one] => format!(" ({one} does not apply)"),
        _ => format!(" (none of {} applies)", rules.join(", ")),
    }
}

/// "regions table: requirement `k` when …" for each kind of requirement whose condition
/// `concerns` (reads a question, or names an option).
fn kinds_chosen_by(p: &Pathway, concerns: impl Fn(&Condition) -> bool) -> Vec<String> {
    p.regions
        .requirements
        .iter()
        .filter_map(|k| {
            let c = k.when.as_ref().filter(|c| concerns(c))?;
            Some(format!(
                "regions table: requirement `{}` when {}",
                k.id,
                describe_condition(c)
            ))
        })
        .collect()
}

fn reads(c: &Condition, q: &str) -> bool {
    c.questions().contains(&q)
}

fn question(p: &Pathway, q: &Question, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "question `{}`: {}", q.id, q.name().get(lang));
    let choice = match (q.choice, &q.exclusive) {
        (Choice::Single, _) => "one answer".to_string(),
        (Choice::Multi, Some(ex)) => format!("several answers (`{ex}` excludes the others)"),
        (Choice::Multi, None) => "several answers".to_string(),
    };
    let choice = if q.filterable {
        format!("{choice}, filtered by typing")
    } else {
        choice
    };
    field(&mut out, "choice", &choice);
    field(&mut out, "staff", text_or_dash(&q.prompt.staff, lang));
    field(&mut out, "patient", text_or_dash(&q.prompt.patient, lang));
    if !q.help.get(lang).trim().is_empty() {
        field(&mut out, "help", q.help.get(lang));
    }
    heading(&mut out, "options");
    let width = q.options.iter().map(|o| o.id.len()).max().unwrap_or(0);
    for o in &q.options {
        let hint = o.hint.get(lang);
        let label = if hint.trim().is_empty() {
            o.label.get(lang).to_string()
        } else {
            format!("{} ({hint})", o.label.get(lang))
        };
        item(&mut out, &format!("{:<width$}  {label}", o.id));
    }
    heading(&mut out, "branches, the first that holds is taken");
    for (k, b) in q.next.iter().enumerate() {
        item(
            &mut out,
            &format!(
                "{}. {} → {}",
                k + 1,
                describe_condition(&b.when),
                describe_target(p, &b.goto)
            ),
        );
    }
    match &q.otherwise {
        Some(o) => item(&mut out, &format!("otherwise → {}", describe_target(p, o))),
        None => item(&mut out, "otherwise: none"),
    }
    heading(&mut out, "reached from");
    for r in reached_from(p, &q.id) {
        item(&mut out, &r);
    }
    let mut read_by: Vec<String> = Vec::new();
    for e in edges(p) {
        if let Some(c) = e.when.filter(|c| reads(c, &q.id)) {
            read_by.push(format!(
                "{}, {}: {}",
                e.from.id,
                e.place(),
                describe_condition(c)
            ));
        }
    }
    if p.regions.question == q.id {
        read_by.push("regions table: the answer names the region".into());
    }
    read_by.extend(kinds_chosen_by(p, |c| reads(c, &q.id)));
    for a in p.alongside.iter().filter(|a| reads(&a.when, &q.id)) {
        read_by.push(format!(
            "alongside {}: {}",
            a.route,
            describe_condition(&a.when)
        ));
    }
    if p.coverage.question == q.id {
        read_by.push("coverage table: a program per answer and region".into());
    }
    for f in p.flags.iter().filter(|f| reads(&f.when, &q.id)) {
        read_by.push(format!("flag {}: {}", f.id, describe_condition(&f.when)));
    }
    if p.evidence.question == q.id {
        read_by.push("evidence table: the strength of evidence per answer".into());
    }
    heading(&mut out, "read by");
    if read_by.is_empty() {
        item(&mut out, "nothing: no condition or table reads this answer");
    }
    for r in read_by {
        item(&mut out, &r);
    }
    out
}

fn outcome(p: &Pathway, o: &OutcomeNode, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "outcome `{}`: rule {}", o.id, o.rule);
    field(&mut out, "route", &o.route);
    field(
        &mut out,
        "referral to",
        o.referral_to.as_deref().unwrap_or("—"),
    );
    field(&mut out, "headline", text_or_dash(&o.headline, lang));
    field(&mut out, "why", text_or_dash(&o.why, lang));
    if o.crisis {
        field(&mut out, "crisis", "yes: shows the crisis help first");
    }
    field(
        &mut out,
        "content",
        &format!(
            "{}, {}, {}",
            count(o.next_steps.len(), "next step"),
            count(o.safety.len() + o.safety_if.len(), "safety point"),
            count(
                o.staff_detail.len() + o.staff_detail_if.len(),
                "staff detail"
            )
        ),
    );
    heading(&mut out, "reached from");
    for r in reached_from(p, &o.id) {
        item(&mut out, &r);
    }
    let before = asked_before(p, &o.id);
    let asked = |q: &str| before.contains(q);
    let mut tables: Vec<String> = Vec::new();
    if o.facility && asked(&p.regions.question) {
        let kinds: Vec<String> = p
            .regions
            .requirements
            .iter()
            .map(|k| match &k.when {
                Some(c) => format!("`{}` when {}", k.id, describe_condition(c)),
                None => format!("`{}` otherwise", k.id),
            })
            .collect();
        tables.push(format!(
            "regions: the requirement of the region named by `{}`: {}",
            p.regions.question,
            kinds.join(", ")
        ));
    }
    for a in &p.alongside {
        if a.route != o.route
            && !a.except_routes.contains(&o.route)
            && a.when.questions().iter().any(|q| asked(q))
        {
            tables.push(format!(
                "alongside {}: when {}",
                a.route,
                describe_condition(&a.when)
            ));
        }
    }
    if asked(&p.coverage.question) && asked(&p.regions.question) {
        tables.push(format!(
            "coverage: a program per answer to `{}`, in the region",
            p.coverage.question
        ));
    }
    let flags: Vec<&str> = p
        .flags
        .iter()
        .filter(|f| f.when.questions().iter().any(|q| asked(q)))
        .map(|f| f.id.as_str())
        .collect();
    if !flags.is_empty() {
        tables.push(format!("flags: {}", flags.join(", ")));
    }
    if asked(&p.evidence.question) {
        tables.push(format!(
            "evidence: the strength of evidence for the answer to `{}`",
            p.evidence.question
        ));
    }
    heading(&mut out, "tables used");
    if tables.is_empty() {
        item(&mut out, "none");
    }
    for t in tables {
        item(&mut out, &t);
    }
    field(&mut out, "sources", &list_or_dash(&o.sources));
    out
}

/// An option of `q`: where choosing it leads, the outcomes it can end at, and every condition
/// and table that reads it.
fn option(p: &Pathway, q: &Question, id: &str, lang: Lang) -> String {
    let mut out = String::new();
    let Some(o) = q.option(id) else {
        return out;
    };
    let hint = o.hint.get(lang);
    let label = if hint.trim().is_empty() {
        o.label.get(lang).to_string()
    } else {
        format!("{} ({hint})", o.label.get(lang))
    };
    let _ = writeln!(out, "option `{id}` of question `{}`: {label}", q.id);
    if q.exclusive.as_deref() == Some(id) {
        field(&mut out, "choice", "excludes every other answer");
    }
    let r = reach(p, &q.id, id);
    heading(
        &mut out,
        "leads to, by the branches of its question it can take",
    );
    for (k, to) in &r.next {
        let way = match k {
            Some(k) => format!("{}. {}", k + 1, describe_condition(&q.next[*k].when)),
            None => "otherwise".to_string(),
        };
        item(&mut out, &format!("{way} → {}", describe_target(p, to)));
    }
    if r.next.is_empty() {
        item(&mut out, "nothing: no way on from here");
    }
    let ends: Vec<String> = r
        .outcomes
        .iter()
        .map(|o| match p.outcome(o) {
            Some(n) => format!("{o} ({})", n.rule),
            None => o.clone(),
        })
        .collect();
    let mut ends = if ends.is_empty() {
        "no outcome".to_string()
    } else {
        ends.join(", ")
    };
    if r.incomplete {
        ends.push_str(" (the search stopped at its limit: maybe more)");
    }
    field(&mut out, "can end at", &ends);
    let names = |c: &Condition| {
        c.references()
            .iter()
            .any(|(x, y)| *x == q.id && *y == Some(id))
    };
    let mut read_by: Vec<String> = Vec::new();
    for e in edges(p) {
        if let Some(c) = e.when.filter(|c| names(c)) {
            read_by.push(format!(
                "{}, {}: {} → {}",
                e.from.id,
                e.place(),
                describe_condition(c),
                describe_target(p, e.to)
            ));
        }
    }
    if p.regions.question == q.id && p.region(id).is_some() {
        read_by.push(format!(
            "regions table: row `{id}` (`carepath explain {id}`)"
        ));
    }
    read_by.extend(kinds_chosen_by(p, names));
    for a in p.alongside.iter().filter(|a| names(&a.when)) {
        read_by.push(format!(
            "alongside {}: when {}",
            a.route,
            describe_condition(&a.when)
        ));
    }
    if p.coverage.question == q.id {
        for c in p.coverage.rows.iter().filter(|c| c.answer == id) {
            let regions = if c.regions.is_empty() {
                "every region".to_string()
            } else {
                c.regions.join(", ")
            };
            read_by.push(format!("coverage table: {} ({regions})", c.program));
        }
    }
    for f in p.flags.iter().filter(|f| names(&f.when)) {
        read_by.push(format!(
            "flag {}: when {}",
            f.id,
            describe_condition(&f.when)
        ));
    }
    if p.evidence.question == q.id {
        for e in p.evidence.rows.iter().filter(|e| e.option == id) {
            read_by.push(format!("evidence table: strength {}", e.strength));
        }
    }
    heading(&mut out, "read by");
    if read_by.is_empty() {
        item(
            &mut out,
            "nothing else: no other condition or table names it",
        );
    }
    for r in read_by {
        item(&mut out, &r);
    }
    out
}

/// A rule id: the outcome or outcomes that carry it, each explained.
fn rule(p: &Pathway, outcomes: &[&OutcomeNode], lang: Lang) -> String {
    let ids: Vec<&str> = outcomes.iter().map(|o| o.id.as_str()).collect();
    let word = if ids.len() == 1 {
        "outcome"
    } else {
        "outcomes"
    };
    let mut out = format!(
        "rule `{}`: the rule of {word} {}\n",
        outcomes[0].rule,
        ids.join(", ")
    );
    for o in outcomes {
        out.push('\n');
        out.push_str(&outcome(p, o, lang));
    }
    out
}

fn list_or_dash(items: &[String]) -> String {
    if items.is_empty() {
        "—".into()
    } else {
        items.join(", ")
    }
}

fn region(p: &Pathway, id: &str, lang: Lang) -> String {
    let mut out = String::new();
    let Some(r) = p.region(id) else {
        return out;
    };
    let _ = writeln!(
        out,
        "region `{}`: {} (an answer to `{}`)",
        r.id,
        r.name.get(lang),
        p.regions.question
    );
    field(&mut out, "regulator", r.regulator.as_deref().unwrap_or("—"));
    if !r.facility_type.get(lang).trim().is_empty() {
        field(&mut out, "facility type", r.facility_type.get(lang));
    }
    let labelled = |t: &Text, label: &Text| {
        let label = label.get(lang);
        if label.trim().is_empty() {
            text_or_dash(t, lang).to_string()
        } else {
            format!("{} (for {label})", text_or_dash(t, lang))
        }
    };
    heading(&mut out, "requirements");
    for k in &p.regions.requirements {
        let requirement = r.requirement(&k.id).cloned().unwrap_or_default();
        item(
            &mut out,
            &format!("{}: {}", k.id, labelled(&requirement, &k.label)),
        );
    }
    field(&mut out, "health line", text_or_dash(&r.health_line, lang));
    heading(&mut out, "coverage");
    let answers: Vec<&str> = match p.question(&p.coverage.question) {
        Some(q) => q.options.iter().map(|o| o.id.as_str()).collect(),
        None => Vec::new(),
    };
    let width = answers.iter().map(|a| a.len()).max().unwrap_or(0);
    for a in answers {
        let program = p
            .coverage
            .rows
            .iter()
            .find(|row| row.answer == a && (row.regions.is_empty() || row.regions.contains(&r.id)))
            .map_or("— (no row)", |row| row.program.as_str());
        item(&mut out, &format!("{a:<width$}  {program}"));
    }
    field(&mut out, "sources", &list_or_dash(&r.sources));
    out
}

fn flag(p: &Pathway, id: &str, lang: Lang) -> String {
    let mut out = String::new();
    let Some(f) = p.flags.iter().find(|f| f.id == id) else {
        return out;
    };
    let _ = writeln!(out, "flag `{}`", f.id);
    field(&mut out, "when", &describe_condition(&f.when));
    field(&mut out, "text", text_or_dash(&f.text, lang));
    field(&mut out, "sources", &list_or_dash(&f.sources));
    let read = f.when.questions();
    let outcomes: Vec<&str> = p
        .outcomes()
        .filter(|o| {
            let before = asked_before(p, &o.id);
            read.iter().any(|q| before.contains(q))
        })
        .map(|o| o.id.as_str())
        .collect();
    field(
        &mut out,
        "can show with",
        &if outcomes.is_empty() {
            "no outcome: no path asks what it reads".to_string()
        } else {
            outcomes.join(", ")
        },
    );
    out
}

fn source(p: &Pathway, id: &str, lang: Lang) -> String {
    let mut out = String::new();
    let Some(s) = p.source(id) else {
        return out;
    };
    let _ = writeln!(out, "source `{}`", s.id);
    field(&mut out, "citation", &s.citation(lang));
    let cites = |list: &[String]| list.iter().any(|x| x == id);
    let mut by: Vec<String> = Vec::new();
    for o in p.outcomes().filter(|o| cites(&o.sources)) {
        by.push(format!("outcome {}", o.id));
    }
    if cites(&p.crisis.sources) {
        by.push("crisis help".into());
    }
    for r in p.regions.rows.iter().filter(|r| cites(&r.sources)) {
        by.push(format!("region {}", r.id));
    }
    for a in p.alongside.iter().filter(|a| cites(&a.sources)) {
        by.push(format!("alongside {}", a.route));
    }
    for c in p.coverage.rows.iter().filter(|c| cites(&c.sources)) {
        by.push(format!("coverage {} ({})", c.program, c.answer));
    }
    for f in p.flags.iter().filter(|f| cites(&f.sources)) {
        by.push(format!("flag {}", f.id));
    }
    for e in p.evidence.rows.iter().filter(|e| cites(&e.sources)) {
        by.push(format!("evidence {}", e.option));
    }
    heading(&mut out, "cited by");
    if by.is_empty() {
        item(&mut out, "nothing");
    }
    for b in by {
        item(&mut out, &b);
    }
    out
}
