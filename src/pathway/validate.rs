//! The checks behind `carepath check`: references, reachability, cycles, tables, texts, and
//! a proof by enumeration that every combination of answers ends in exactly one outcome.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::condition::{Answers, Condition, Unanswered};
use super::load::{Lines, Loaded, did_you_mean, visible};
use super::locate::{Locator, Span};
use super::paths::{PathWalk, enumerate};
use super::texts::Required;
use super::{Choice, FACILITY_KEYS, Node, Pathway, Question};

/// How bad a problem is: errors fail `check`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding of `check`, located in the pathway text where possible.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    /// The node or table row the problem is in.
    pub node: Option<String>,
    pub message: String,
    pub span: Option<Span>,
    pub help: Option<String>,
}

/// What `check` found in one pathway.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The problems found, at most [`MAX_PROBLEMS_KEPT`]; errors first, then by position.
    pub problems: Vec<Problem>,
    /// Errors and warnings found past [`MAX_PROBLEMS_KEPT`]: counted, not kept.
    pub unlisted: Unlisted,
    /// Set when the enumeration of answer paths ran to the end.
    pub paths: Option<PathStats>,
}

/// Counts from the enumeration of answer paths.
#[derive(Debug, Clone, Default)]
pub struct PathStats {
    /// Distinct sequences of answers that matter to some condition.
    pub distinct: usize,
    /// How many of those paths end at each outcome.
    pub per_outcome: BTreeMap<String, usize>,
}

/// Problems counted but not kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unlisted {
    pub errors: usize,
    pub warnings: usize,
}

/// The most problems a report keeps: a file with millions of faults (a list of two million
/// unknown ids) costs memory for these only, and the rest are counted.
pub const MAX_PROBLEMS_KEPT: usize = 10_000;

impl Report {
    pub fn errors(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count()
            + self.unlisted.errors
    }
    pub fn warnings(&self) -> usize {
        self.problems.len() + self.unlisted.errors + self.unlisted.warnings - self.errors()
    }
}

/// Enumeration stops after visiting this many nodes, to bound the time `check` takes.
pub const MAX_ENUMERATION_STEPS: usize = 5_000_000;

/// How often sources must be checked again, and today's month to compare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    pub today: YearMonth,
    /// A source last checked more than this many months ago gets a warning.
    pub months: u32,
}

/// The review limit when none is given: a year.
pub const DEFAULT_REVIEW_MONTHS: u32 = 12;

impl Review {
    /// Today's month (from the system clock, UTC) with the limit `months`.
    pub fn now(months: u32) -> Review {
        Review {
            today: YearMonth::today(),
            months,
        }
    }
}

/// A calendar month, as sources record when they were last checked (`2026-11`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl YearMonth {
    /// Reads `YYYY-MM`.
    pub fn parse(s: &str) -> Option<YearMonth> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let month: u32 = m.parse().ok()?;
        (1..=12).contains(&month).then_some(YearMonth {
            year: y.parse().ok()?,
            month,
        })
    }

    /// The current month in UTC, from the system clock.
    pub fn today() -> YearMonth {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        YearMonth::from_days((secs / 86_400) as i64)
    }

    /// The month of a day counted from 1970-01-01 (the civil-from-days algorithm of Howard
    /// Hinnant's date library).
    pub fn from_days(days: i64) -> YearMonth {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        YearMonth { year, month }
    }

    /// Whole months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: YearMonth) -> i64 {
        i64::from(later.year - self.year) * 12 + i64::from(later.month) - i64::from(self.month)
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Runs every check on a parsed pathway, with sources due for review after a year.
pub fn validate(loaded: &Loaded) -> Report {
    validate_with(loaded, Review::now(DEFAULT_REVIEW_MONTHS))
}

/// Runs every check on a parsed pathway, with the review limit and month of `review`.
pub fn validate_with(loaded: &Loaded, review: Review) -> Report {
    let p = &loaded.pathway;
    let ids: Vec<&str> = p.nodes.iter().map(Node::id).collect();
    let loc = Locator::new(&loaded.text, &ids);
    let mut v = Validator {
        p,
        loc: &loc,
        problems: Vec::new(),
        unlisted: Unlisted::default(),
        linked: HashSet::new(),
        review,
    };
    let structural_ok = v.check_nodes();
    v.check_tables();
    v.check_texts();
    v.check_ids();
    v.check_cleaned(loaded);
    let mut paths = None;
    if structural_ok {
        paths = v.enumerate_paths();
    }
    let mut problems = v.problems;
    problems.sort_by_key(|pr| (pr.severity, pr.span.map_or(usize::MAX, |s| s.0)));
    Report {
        problems,
        unlisted: v.unlisted,
        paths,
    }
}

struct Validator<'a> {
    p: &'a Pathway,
    loc: &'a Locator<'a>,
    problems: Vec<Problem>,
    unlisted: Unlisted,
    /// Nodes some branch or `otherwise` leads to, from the start.
    linked: HashSet<&'a str>,
    review: Review,
}

impl<'a> Validator<'a> {
    /// Records a problem. Ids in it are as written in the file, so anything a terminal would
    /// act on is shown visibly here, whoever prints the problem.
    fn push(
        &mut self,
        severity: Severity,
        node: Option<&str>,
        span: Option<Span>,
        message: String,
        help: Option<String>,
    ) {
        if self.problems.len() >= MAX_PROBLEMS_KEPT {
            match severity {
                Severity::Error => self.unlisted.errors += 1,
                Severity::Warning => self.unlisted.warnings += 1,
            }
            return;
        }
        let shown = |s: &str| visible(s, Lines::One).into_owned();
        self.problems.push(Problem {
            severity,
            node: node.map(shown),
            message: shown(&message),
            span,
            help: help.as_deref().map(shown),
        });
    }

    fn error(
        &mut self,
        node: Option<&str>,
        span: Option<Span>,
        message: String,
        help: Option<String>,
    ) {
        self.push(Severity::Error, node, span, message, help);
    }

    fn warning(&mut self, node: Option<&str>, span: Option<Span>, message: String) {
        self.push(Severity::Warning, node, span, message, None);
    }

    fn node_ids(&self) -> impl Iterator<Item = &'a str> {
        self.p.nodes.iter().map(Node::id)
    }

    fn suggest_node(&self, missing: &str) -> Option<String> {
        did_you_mean(missing, self.node_ids()).map(|s| format!("did you mean `{s}`?"))
    }

    /// Ids, references between nodes, options, reachability and cycles. Returns whether the
    /// graph is sound enough to enumerate.
    fn check_nodes(&mut self) -> bool {
        let p = self.p;
        let mut ok = true;
        if p.nodes.is_empty() {
            let span = self.loc.section("nodes");
            self.error(None, span, "the pathway has no nodes".into(), None);
            return false;
        }
        let mut seen = HashSet::new();
        for (i, node) in p.nodes.iter().enumerate() {
            if !seen.insert(node.id()) {
                ok = false;
                let span = self.loc.node(i);
                self.error(
                    Some(node.id()),
                    span,
                    format!(
                        "node `{}`: the id `{}` is used by an earlier node too",
                        node.id(),
                        node.id()
                    ),
                    Some("every question and outcome needs its own id".into()),
                );
            }
        }
        match p.node(&p.start) {
            Some(Node::Question(_)) => {}
            Some(Node::Outcome(_)) => {
                let span = self.loc.in_section("start", &p.start, Some("start"));
                self.error(
                    Some(&p.start),
                    span,
                    format!(
                        "`start` names the outcome `{}`; it must name the first question",
                        p.start
                    ),
                    None,
                );
            }
            None => {
                ok = false;
                let span = self.loc.in_section("start", &p.start, Some("start"));
                let help = self.suggest_node(&p.start);
                self.error(
                    Some(&p.start),
                    span,
                    format!("`start` names `{}`, but no node has that id", p.start),
                    help,
                );
            }
        }
        for (i, node) in p.nodes.iter().enumerate() {
            match node {
                Node::Question(q) => ok &= self.check_question(i, q),
                Node::Outcome(o) => {
                    if o.sources.is_empty() {
                        let span = self.loc.node(i);
                        self.unsourced(&o.id, span, "outcome");
                    }
                    for s in &o.sources {
                        self.check_source_ref(Some(&o.id), Some(i), s);
                    }
                    for c in o.safety_if.iter().chain(&o.staff_detail_if) {
                        self.check_condition(Some(&o.id), Some(i), None, &c.when);
                    }
                }
            }
        }
        if !ok {
            return false;
        }
        self.check_reachability();
        self.check_cycles()
    }

    fn check_question(&mut self, i: usize, q: &Question) -> bool {
        let mut ok = true;
        let id = q.id.as_str();
        if q.options.is_empty() {
            ok = false;
            let span = self.loc.node(i);
            self.error(
                Some(id),
                span,
                format!("question `{id}` has no options"),
                Some("add at least two options a person can choose".into()),
            );
        }
        let mut seen = HashSet::new();
        for opt in &q.options {
            if !seen.insert(opt.id.as_str()) {
                let span = self.loc.in_node(i, &opt.id, Some("id"));
                self.error(
                    Some(id),
                    span,
                    format!("question `{id}`: the option id `{}` is used twice", opt.id),
                    None,
                );
            }
        }
        self.check_aliases(i, q);
        if let Some(ex) = &q.exclusive {
            let span = self.loc.in_node(i, ex, None);
            if q.choice == Choice::Single {
                self.error(
                    Some(id),
                    span,
                    format!(
                        "question `{id}` is single-choice, so it cannot have an exclusive option"
                    ),
                    Some("write `choice: Multi` or remove `exclusive`".into()),
                );
            } else if q.option(ex).is_none() {
                self.error(
                    Some(id),
                    span,
                    format!(
                        "question `{id}`: the exclusive option `{ex}` is not one of its options"
                    ),
                    None,
                );
            }
        }
        if q.next.is_empty() && q.otherwise.is_none() {
            ok = false;
            let span = self.loc.node(i);
            self.error(
                Some(id),
                span,
                format!("question `{id}` leads nowhere: it has no branches and no `otherwise`"),
                Some("add `otherwise: Some(\"next-node-id\")`".into()),
            );
        }
        for target in q.targets() {
            if self.p.node(target).is_none() {
                ok = false;
                let span = self.loc.in_node(i, target, None);
                let help = self.suggest_node(target);
                self.error(
                    Some(id),
                    span,
                    format!("question `{id}` leads to `{target}`, but no node has that id"),
                    help,
                );
            }
        }
        for b in &q.next {
            ok &= self.check_condition(Some(id), Some(i), None, &b.when);
        }
        ok
    }

    /// Aliases: no blank word, written in every declared language once written in one, and
    /// none that another option of the question is also typed as (its id, its label in
    /// either language, or one of its aliases), or a typed word would mean two answers.
    fn check_aliases(&mut self, i: usize, q: &Question) {
        use crate::filter::fold;
        let id = q.id.as_str();
        let languages: Vec<(&str, super::Lang)> =
            [("en", super::Lang::En), ("fr", super::Lang::Fr)]
                .into_iter()
                .filter(|(code, _)| *code == "en" || self.p.languages.iter().any(|l| l == code))
                .collect();
        // Folded word to the option it stands for (ids and labels first).
        let mut taken: HashMap<String, &str> = HashMap::new();
        for o in &q.options {
            for word in [&o.id, &o.label.en, &o.label.fr] {
                if !word.trim().is_empty() {
                    taken.entry(fold(word.trim())).or_insert(&o.id);
                }
            }
        }
        for o in &q.options {
            if o.aliases.is_empty() {
                continue;
            }
            for (code, lang) in &languages {
                if o.aliases.get(*lang).is_empty() {
                    let span = self.loc.in_node(i, &o.id, Some("id"));
                    self.error(
                        Some(id),
                        span,
                        format!(
                            "question `{id}`: option `{}` has aliases but none in `{code}`",
                            o.id
                        ),
                        Some(format!(
                            "write the `{code}` list of `aliases`: the words people type in \
                             that language"
                        )),
                    );
                }
            }
            let option_at = self.loc.in_node(i, &o.id, Some("id"));
            for word in o.aliases.en.iter().chain(&o.aliases.fr) {
                // The word as written after the option's id (its aliases), else the option.
                let span = (0..)
                    .map_while(|n| self.loc.literal(word, n))
                    .find(|at| option_at.is_none_or(|o| at.0 > o.0))
                    .or(option_at);
                let folded = fold(word.trim());
                if folded.is_empty() {
                    self.error(
                        Some(id),
                        span,
                        format!("question `{id}`: option `{}` has an empty alias", o.id),
                        Some("remove it".into()),
                    );
                    continue;
                }
                match taken.get(&folded) {
                    Some(other) if *other != o.id => {
                        let message = format!(
                            "question `{id}`: the alias `{word}` of option `{}` is also how \
                             option `{other}` is typed",
                            o.id
                        );
                        self.error(
                            Some(id),
                            span,
                            message,
                            Some("an alias must name one option of its question".into()),
                        );
                    }
                    Some(_) => {}
                    None => {
                        taken.insert(folded, &o.id);
                    }
                }
            }
        }
    }

    /// Every question and option a condition names must exist.
    fn check_condition(
        &mut self,
        owner: Option<&str>,
        node: Option<usize>,
        section: Option<&str>,
        c: &Condition,
    ) -> bool {
        let mut ok = true;
        for (qid, opt) in c.references() {
            let locate = |v: &Self, value: &str| match (node, section) {
                (Some(i), _) => v.loc.in_node(i, value, None),
                (None, Some(s)) => v.loc.in_section(s, value, None),
                _ => None,
            };
            let Some(q) = self.p.question(qid) else {
                ok = false;
                let span = locate(self, qid);
                let help = did_you_mean(qid, self.p.questions().map(|q| q.id.as_str()))
                    .map(|s| format!("did you mean `{s}`?"));
                self.error(
                    owner,
                    span,
                    format!(
                        "{}a condition reads the question `{qid}`, which does not exist",
                        owner_prefix(owner)
                    ),
                    help,
                );
                continue;
            };
            if let Some(opt) = opt
                && q.option(opt).is_none()
            {
                ok = false;
                let span = locate(self, opt);
                self.error(
                    owner,
                    span,
                    format!(
                        "{}a condition tests option `{opt}` of `{qid}`, which has no such option",
                        owner_prefix(owner)
                    ),
                    Some(option_help(q, opt)),
                );
            }
        }
        ok
    }

    fn check_source_ref(&mut self, owner: Option<&str>, node: Option<usize>, source: &str) {
        if self.p.source(source).is_some() {
            return;
        }
        let span = match node {
            Some(i) => self.loc.in_node(i, source, None),
            None => self.loc.in_section("sources", source, None),
        };
        let help = did_you_mean(source, self.p.sources.iter().map(|s| s.id.as_str()))
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("add it to the `sources` table".into()));
        self.error(
            owner,
            span,
            format!(
                "{}cites the source `{source}`, which is not in the `sources` table",
                owner_prefix(owner)
            ),
            help,
        );
    }

    /// An outcome or table row that cites nothing.
    fn unsourced(&mut self, owner: &str, span: Option<Span>, what: &str) {
        self.error(
            Some(owner),
            span,
            format!("{what} `{owner}` names no source: every claim the pathway makes needs one"),
            Some(
                "add `sources: [\"...\"]` with the ids of the works it rests on (see the \
                 `sources` table)"
                    .into(),
            ),
        );
    }

    fn check_reachability(&mut self) {
        let p = self.p;
        let mut reached = HashSet::new();
        let mut stack = vec![p.start.as_str()];
        while let Some(id) = stack.pop() {
            if !reached.insert(id) {
                continue;
            }
            if let Some(Node::Question(q)) = p.node(id) {
                stack.extend(q.targets());
            }
        }
        for (i, node) in p.nodes.iter().enumerate() {
            if !reached.contains(node.id()) {
                // Reported here; the enumeration's warning would only repeat it.
                let span = self.loc.node(i);
                self.error(
                    Some(node.id()),
                    span,
                    format!(
                        "node `{}` is unreachable: no branch or `otherwise` leads to it",
                        node.id()
                    ),
                    Some("link it from an earlier question, or delete it".into()),
                );
            }
        }
        self.linked = reached;
    }

    /// Depth-first search for a loop; reports the first cycle found from each node.
    fn check_cycles(&mut self) -> bool {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let p = self.p;
        let index: HashMap<&str, usize> = p
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id(), i))
            .collect();
        // Each node's targets once: collected per step, a question of 100,000 branches cost
        // 100,000 × 100,000.
        let targets: Vec<Vec<usize>> = p
            .nodes
            .iter()
            .map(|n| match n {
                Node::Question(q) => q.targets().map(|t| index[t]).collect(),
                Node::Outcome(_) => Vec::new(),
            })
            .collect();
        let mut mark = vec![Mark::New; p.nodes.len()];
        let mut ok = true;
        for root in 0..p.nodes.len() {
            if mark[root] != Mark::New {
                continue;
            }
            // Iterative DFS: (node, next target to visit).
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            mark[root] = Mark::Open;
            while let Some(&mut (n, ref mut k)) = stack.last_mut() {
                let Some(&t) = targets[n].get(*k) else {
                    mark[n] = Mark::Done;
                    stack.pop();
                    continue;
                };
                *k += 1;
                match mark[t] {
                    Mark::New => {
                        mark[t] = Mark::Open;
                        stack.push((t, 0));
                    }
                    Mark::Open => {
                        ok = false;
                        let from = stack.iter().position(|(s, _)| *s == t).unwrap_or(0);
                        let mut cycle: Vec<&str> = stack[from..]
                            .iter()
                            .map(|(s, _)| p.nodes[*s].id())
                            .collect();
                        cycle.push(p.nodes[t].id());
                        let last = stack.len() - 1;
                        let span = self.loc.in_node(stack[last].0, p.nodes[t].id(), None);
                        let at = p.nodes[stack[last].0].id();
                        self.error(
                            Some(at),
                            span,
                            format!("the pathway loops: {}", cycle.join(" → ")),
                            Some(
                                "a pathway must move forward; point this branch at a later node"
                                    .into(),
                            ),
                        );
                    }
                    Mark::Done => {}
                }
            }
        }
        ok
    }

    fn check_tables(&mut self) {
        let p = self.p;
        // Regions.
        let rq = p.regions.question.as_str();
        let region_q = self.table_question("regions", rq);
        let mut seen = HashSet::new();
        for r in &p.regions.rows {
            if !seen.insert(r.id.as_str()) {
                let span = self.loc.in_section("regions", &r.id, Some("id"));
                self.error(
                    Some(&r.id),
                    span,
                    format!("region `{}` is listed twice in `regions`", r.id),
                    None,
                );
            }
            if let Some(q) = region_q
                && q.option(&r.id).is_none()
            {
                let span = self.loc.in_section("regions", &r.id, Some("id"));
                self.error(
                    Some(&r.id),
                    span,
                    format!("region `{}` is not an option of the question `{rq}`", r.id),
                    Some(option_help(q, &r.id)),
                );
            }
            if r.sources.is_empty() {
                let span = self.loc.in_section("regions", &r.id, Some("id"));
                self.unsourced(&r.id, span, "region");
            }
            for s in &r.sources {
                self.check_source_ref(Some(&r.id), None, s);
            }
        }
        if let Some(q) = region_q {
            for opt in &q.options {
                if p.region(&opt.id).is_none() {
                    let span = self.loc.section("regions");
                    self.error(
                        Some(&opt.id),
                        span,
                        format!(
                            "`{}` ({}) is missing from the `regions` table",
                            opt.id, opt.label.en
                        ),
                        Some(format!(
                            "add a row `(id: \"{}\", ...)` with its facility and health line",
                            opt.id
                        )),
                    );
                }
            }
        }
        self.check_requirement_kinds();

        let routes: BTreeSet<&str> = p.outcomes().map(|o| o.route.as_str()).collect();
        // Coverage: every (answer, region) pair exactly once.
        let cq_id = p.coverage.question.as_str();
        if let Some(cq) = self.table_question("coverage", cq_id) {
            let regions: Vec<&str> = region_q
                .map(|q| q.options.iter().map(|o| o.id.as_str()).collect())
                .unwrap_or_default();
            let mut covered: HashMap<(&str, &str), usize> = HashMap::new();
            for row in &p.coverage.rows {
                // Found only when needed: a search by value indexes the whole text once.
                let span = |v: &Self| v.loc.in_section("coverage", &row.answer, Some("answer"));
                if cq.option(&row.answer).is_none() {
                    let span = span(self);
                    self.error(
                        Some(&row.program),
                        span,
                        format!(
                            "coverage row `{}` is for `{}`, which is not an option of `{cq_id}`",
                            row.program, row.answer
                        ),
                        Some(option_help(cq, &row.answer)),
                    );
                    continue;
                }
                for r in &row.regions {
                    if !regions.contains(&r.as_str()) {
                        let span = self.loc.in_section("coverage", r, None);
                        self.error(
                            Some(&row.program),
                            span,
                            format!("coverage row `{}` names the region `{r}`, which is not an option of `{rq}`", row.program),
                            None,
                        );
                    }
                }
                let applies: Vec<&str> = if row.regions.is_empty() {
                    regions.clone()
                } else {
                    row.regions.iter().map(String::as_str).collect()
                };
                for r in applies {
                    let n = covered.entry((row.answer.as_str(), r)).or_default();
                    *n += 1;
                    if *n == 2 {
                        let span = span(self);
                        self.error(
                            Some(&row.program),
                            span,
                            format!("coverage for `{}` in `{r}` is given by more than one row (`{}` is the second)", row.answer, row.program),
                            Some("each answer and region needs exactly one row".into()),
                        );
                    }
                }
                if row.sources.is_empty() {
                    let span = self
                        .loc
                        .in_section("coverage", &row.program, Some("program"));
                    self.unsourced(&row.program, span, "coverage row");
                }
                for s in &row.sources {
                    self.check_source_ref(Some(&row.program), None, s);
                }
                for n in &row.route_notes {
                    if !routes.contains(n.route.as_str()) {
                        let span = self.loc.in_section("coverage", &n.route, Some("route"));
                        self.error(
                            Some(&row.program),
                            span,
                            format!(
                                "coverage row `{}` has a note for the route `{}`, which no outcome has",
                                row.program, n.route
                            ),
                            Some(format!(
                                "routes in this pathway: {}",
                                routes.iter().copied().collect::<Vec<_>>().join(", ")
                            )),
                        );
                    }
                }
            }
            for opt in &cq.options {
                for r in &regions {
                    if !covered.contains_key(&(opt.id.as_str(), r)) {
                        let span = self.loc.section("coverage");
                        self.error(
                            Some(&opt.id),
                            span,
                            format!("the `coverage` table has no row for `{}` in `{r}`", opt.id),
                            Some(
                                "add a row, or add the region to an existing row's `regions`"
                                    .into(),
                            ),
                        );
                    }
                }
            }
        }

        // Evidence: one row per option.
        let eq_id = p.evidence.question.as_str();
        if let Some(eq) = self.table_question("evidence", eq_id) {
            let mut seen = HashSet::new();
            for row in &p.evidence.rows {
                let span = |v: &Self| v.loc.in_section("evidence", &row.option, Some("option"));
                if eq.option(&row.option).is_none() {
                    let span = span(self);
                    self.error(
                        Some(&row.option),
                        span,
                        format!(
                            "evidence row `{}` is not an option of `{eq_id}`",
                            row.option
                        ),
                        Some(option_help(eq, &row.option)),
                    );
                } else if !seen.insert(row.option.as_str()) {
                    let span = span(self);
                    self.error(
                        Some(&row.option),
                        span,
                        format!("evidence for `{}` is given twice", row.option),
                        None,
                    );
                }
                if row.sources.is_empty() {
                    let span = span(self);
                    self.unsourced(&row.option, span, "evidence row");
                }
                for s in &row.sources {
                    self.check_source_ref(Some(&row.option), None, s);
                }
            }
            for opt in &eq.options {
                if !seen.contains(opt.id.as_str()) && eq.option(&opt.id).is_some() {
                    let span = self.loc.section("evidence");
                    self.error(
                        Some(&opt.id),
                        span,
                        format!("the `evidence` table has no row for `{}`", opt.id),
                        None,
                    );
                }
            }
        }

        // Flags, alongside, crisis.
        let mut seen = HashSet::new();
        for f in &p.flags {
            if !seen.insert(f.id.as_str()) {
                let span = self.loc.in_section("flags", &f.id, Some("id"));
                self.error(
                    Some(&f.id),
                    span,
                    format!("flag `{}` is listed twice", f.id),
                    None,
                );
            }
            self.check_condition(Some(&f.id), None, Some("flags"), &f.when);
            if f.sources.is_empty() {
                let span = self.loc.in_section("flags", &f.id, Some("id"));
                self.unsourced(&f.id, span, "flag");
            }
            for s in &f.sources {
                self.check_source_ref(Some(&f.id), None, s);
            }
            if let Some(other) = &f.said_by
                && (other == &f.id || !p.flags.iter().any(|g| &g.id == other))
            {
                let span = self.loc.in_section("flags", other, Some("said_by"));
                self.error(
                    Some(&f.id),
                    span,
                    format!(
                        "flag `{}`: `said_by` names `{other}`, which is not another flag",
                        f.id
                    ),
                    Some("name the flag whose text already says this one's".into()),
                );
            }
        }
        for a in &p.alongside {
            self.check_condition(Some(&a.route), None, Some("alongside"), &a.when);
            for r in std::iter::once(&a.route).chain(&a.except_routes) {
                if !routes.contains(r.as_str()) {
                    let span = self.loc.in_section("alongside", r, None);
                    self.error(
                        Some(&a.route),
                        span,
                        format!("`alongside` names the route `{r}`, which no outcome has"),
                        Some(format!(
                            "routes in this pathway: {}",
                            routes.iter().copied().collect::<Vec<_>>().join(", ")
                        )),
                    );
                }
            }
            for s in &a.sources {
                self.check_source_ref(Some(&a.route), None, s);
            }
        }
        for s in &p.crisis.sources {
            self.check_source_ref(Some("crisis"), None, s);
        }

        // Sources: unique ids, and when each was last checked.
        let mut seen = HashSet::new();
        for s in &p.sources {
            if !seen.insert(s.id.as_str()) {
                let span = self.loc.in_section("sources", &s.id, Some("id"));
                self.error(
                    Some(&s.id),
                    span,
                    format!("source `{}` is listed twice", s.id),
                    None,
                );
            }
            self.check_review(s);
        }
    }

    /// A source must say when it was last checked (`checked: "YYYY-MM"`): an error when it
    /// does not, or says a month to come; a warning once it is older than the review limit.
    fn check_review(&mut self, s: &super::Source) {
        let review = self.review;
        let written = &s.checked;
        if written.is_empty() {
            let span = self.loc.in_section("sources", &s.id, Some("id"));
            self.error(
                Some(&s.id),
                span,
                format!("source `{}` does not say when it was last checked", s.id),
                Some(format!(
                    "after checking that it still says what the pathway cites it for, write \
                     `checked: \"{}\"` (year and month)",
                    review.today
                )),
            );
            return;
        }
        let row = self.loc.in_section("sources", &s.id, Some("id"));
        let span = row
            .and_then(|(start, _)| self.loc.after(start, written, "checked"))
            .or(row);
        let Some(checked) = YearMonth::parse(written) else {
            self.error(
                Some(&s.id),
                span,
                format!(
                    "source `{}`: `checked: \"{written}\"` is not a year and month",
                    s.id
                ),
                Some(format!("write it as `YYYY-MM`, e.g. `{}`", review.today)),
            );
            return;
        };
        let age = checked.months_until(review.today);
        if age < 0 {
            self.error(
                Some(&s.id),
                span,
                format!(
                    "source `{}` says it was checked in {checked}, which is after this month ({})",
                    s.id, review.today
                ),
                Some("write the month it was really checked".into()),
            );
        } else if age > i64::from(review.months) {
            self.push(
                Severity::Warning,
                Some(&s.id),
                span,
                format!(
                    "source `{}` was last checked in {checked}, {age} months ago (the limit is {}): \
                     review it",
                    s.id, review.months
                ),
                Some(
                    "read the source again; update the texts that cite it if it changed, then \
                     set `checked` to this month"
                        .into(),
                ),
            );
        }
    }

    /// The question a table is keyed by, reporting it when missing.
    fn table_question(&mut self, section: &str, id: &str) -> Option<&'a Question> {
        let q = self.p.question(id);
        if q.is_none() {
            let span = self.loc.in_section(section, id, None);
            let help = did_you_mean(id, self.p.questions().map(|q| q.id.as_str()))
                .map(|s| format!("did you mean `{s}`?"));
            self.error(
                None,
                span,
                format!(
                    "the `{section}` table is keyed by the question `{id}`, which does not exist"
                ),
                help,
            );
        }
        q
    }

    fn check_texts(&mut self) {
        let p = self.p;
        let mut seen = HashSet::new();
        for lang in &p.languages {
            // Each unknown language once, however often it is listed.
            if lang != "en" && lang != "fr" && seen.insert(lang.as_str()) {
                let span = self.loc.in_section("languages", lang, None);
                self.error(
                    None,
                    span,
                    format!("unknown language `{lang}`: carepath knows `en` and `fr`"),
                    None,
                );
            }
        }
        let french = p.languages.iter().any(|l| l == "fr");
        let mut missing: Vec<(Option<usize>, Option<&str>, String, &'static str)> = Vec::new();
        for t in p.texts() {
            let given = !t.text.en.is_empty() || !t.text.fr.is_empty();
            if t.required == Required::WhenGiven && !given {
                continue;
            }
            if t.text.en.trim().is_empty() {
                missing.push((t.node, t.owner, t.place(), "English"));
            }
            if french && t.text.fr.trim().is_empty() {
                missing.push((t.node, t.owner, t.place(), "French"));
            }
        }
        for (node, owner, place, lang) in missing {
            let span = match (node, owner) {
                (Some(i), _) => self.loc.node(i),
                (None, Some(o)) => self
                    .loc
                    .in_section("crisis", o, None)
                    .filter(|_| o == "crisis")
                    .or_else(|| self.find_row(o)),
                _ => None,
            };
            let who = owner.map(|o| format!("`{o}`: ")).unwrap_or_default();
            self.error(
                owner,
                span,
                format!("{who}{place} has no {lang} text"),
                Some(format!(
                    "write the `{}` field",
                    if lang == "English" { "en" } else { "fr" }
                )),
            );
        }
    }

    /// Ids of nodes, options, regions, flags, sources and the pathway itself must be plain
    /// lower-case words: they are shown in staff mode, typed in `--answer`, and put in file
    /// names.
    /// The kinds of requirement: at least one, each id once and free for the route JSON, a
    /// condition on every kind but the last, and every region stating each kind once.
    fn check_requirement_kinds(&mut self) {
        let p = self.p;
        let kinds = &p.regions.requirements;
        if kinds.is_empty() {
            let span = self.loc.section("regions");
            self.error(
                None,
                span,
                "the `regions` table lists no `requirements`".into(),
                Some(
                    "add at least one kind, e.g. `requirements: [(id: \"standard\", label: (en: \"…\"))]`"
                        .into(),
                ),
            );
            return;
        }
        let mut seen = HashSet::new();
        for (k, kind) in kinds.iter().enumerate() {
            let (owner, span) = (
                Some(kind.id.as_str()),
                self.loc.in_section("regions", &kind.id, Some("id")),
            );
            // Whether the id is plain is checked with every other id (`check_ids`).
            if !seen.insert(kind.id.as_str()) {
                let message = format!("the requirement kind `{}` is listed twice", kind.id);
                self.error(owner, span, message, None);
            } else if FACILITY_KEYS.contains(&kind.id.as_str()) {
                let message = format!(
                    "the requirement kind `{}` takes a name the route JSON's `facility` object already uses",
                    kind.id
                );
                let help = format!("choose another id than {}", FACILITY_KEYS.join(", "));
                self.error(owner, span, message, Some(help));
            }
            if let Some(c) = &kind.when {
                self.check_condition(owner, None, Some("regions"), c);
            }
            match (&kind.when, k + 1 == kinds.len()) {
                (Some(_), true) => self.error(
                    owner,
                    span,
                    format!(
                        "the last requirement kind, `{}`, has a `when`: no kind applies when it does not hold",
                        kind.id
                    ),
                    Some("remove its `when`, or add a last kind without one that applies otherwise".into()),
                ),
                (None, false) => {
                    let later: Vec<&str> = kinds[k + 1..].iter().map(|k| k.id.as_str()).collect();
                    self.error(
                        owner,
                        span,
                        format!(
                            "the requirement kind `{}` has no `when`, so it always applies and {} never can",
                            kind.id,
                            later.join(", ")
                        ),
                        Some("give it a `when`, or move it to the end of `requirements`".into()),
                    );
                }
                _ => {}
            }
        }
        for r in &p.regions.rows {
            for kind in kinds {
                if r.requirement(&kind.id).is_none() {
                    let span = self.loc.in_section("regions", &r.id, Some("id"));
                    self.error(
                        Some(&r.id),
                        span,
                        format!("region `{}` states no requirement `{}`", r.id, kind.id),
                        Some(format!(
                            "add `\"{}\": (en: \"…\")` to its `requirements`",
                            kind.id
                        )),
                    );
                }
            }
            for id in r.requirements.keys() {
                if p.regions.kind(id).is_none() {
                    let span = self.loc.in_section("regions", id, None);
                    let ids = kinds.iter().map(|k| k.id.as_str());
                    let help = ids_help(id, ids, "the kinds of requirement");
                    self.error(
                        Some(&r.id),
                        span,
                        format!("region `{}` states a requirement `{id}`, which is not a kind of the table", r.id),
                        Some(help),
                    );
                }
            }
        }
    }

    fn check_ids(&mut self) {
        let p = self.p;
        // (what it is, its id, the node or row it belongs to, where it is written)
        let mut bad: Vec<(String, &'a str, Option<&'a str>, Option<Span>)> = Vec::new();
        if !is_plain_id(&p.id) {
            let span = self.loc.in_section("id", &p.id, Some("id"));
            bad.push(("the pathway".into(), &p.id, None, span));
        }
        for (i, node) in p.nodes.iter().enumerate() {
            let id = node.id();
            if !is_plain_id(id) {
                let what = match node {
                    Node::Question(_) => "the question",
                    Node::Outcome(_) => "the outcome",
                };
                bad.push((what.into(), id, Some(id), self.loc.node(i)));
            }
            if let Node::Question(q) = node {
                for o in q.options.iter().filter(|o| !is_plain_id(&o.id)) {
                    let span = self.loc.in_node(i, &o.id, Some("id"));
                    let what = format!("an option of `{id}`");
                    bad.push((what, &o.id, Some(id), span));
                }
            }
        }
        let rows: [(&str, &str, Vec<&'a str>); 4] = [
            (
                "regions",
                "the region",
                p.regions.rows.iter().map(|r| r.id.as_str()).collect(),
            ),
            (
                "regions",
                "the requirement kind",
                p.regions
                    .requirements
                    .iter()
                    .map(|k| k.id.as_str())
                    .collect(),
            ),
            (
                "flags",
                "the flag",
                p.flags.iter().map(|f| f.id.as_str()).collect(),
            ),
            (
                "sources",
                "the source",
                p.sources.iter().map(|s| s.id.as_str()).collect(),
            ),
        ];
        for (section, what, ids) in rows {
            for id in ids.into_iter().filter(|id| !is_plain_id(id)) {
                let span = self.loc.in_section(section, id, Some("id"));
                bad.push((what.into(), id, Some(id), span));
            }
        }
        for (what, id, owner, span) in bad {
            let message = if id.is_empty() {
                format!("{what} has an empty id")
            } else {
                format!("{what} has the id `{id}`, which is not a plain id")
            };
            self.error(
                owner.filter(|_| span.is_some()),
                span,
                message,
                Some(format!(
                    "ids are lower-case letters, digits, `-` and `_`, starting with a letter or \
                     digit (they are shown to staff, typed in answers and used in file names): \
                     did you mean `{}`? Change every reference to it too",
                    plain_id(id)
                )),
            );
        }
    }

    /// Warns about each string that held control, bidi or zero-width characters.
    fn check_cleaned(&mut self, loaded: &Loaded) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for c in &loaded.cleaned {
            let nth = seen.entry(c.original.as_str()).or_default();
            let span = self
                .loc
                .literal(&c.original, *nth)
                .or_else(|| c.node.and_then(|i| self.loc.node(i)));
            *nth += 1;
            let found = describe_hidden(&c.original);
            let who = c
                .owner
                .as_deref()
                .map(|o| format!("`{o}`: "))
                .unwrap_or_default();
            let message = format!(
                "{who}{} contains {found}, which could change the terminal or hide words; \
                 carepath shows them as visible symbols (such as ␛ for ESC)",
                c.place
            );
            // A warning that names no node needs no span; one that does must have one.
            let owner = c.owner.as_deref().filter(|_| span.is_some());
            self.push(
                Severity::Warning,
                owner,
                span,
                message,
                Some(
                    "remove them: pathway text needs no escape codes or invisible characters"
                        .into(),
                ),
            );
        }
    }

    /// The span of a table row named `id` (region, flag, evidence option or program).
    fn find_row(&self, id: &str) -> Option<Span> {
        ["regions", "flags", "evidence", "coverage", "alongside"]
            .iter()
            .filter_map(|s| {
                let start = self.loc.key(s)?;
                self.loc
                    .in_section(s, id, None)
                    .filter(|(o, _)| *o > start + s.len())
            })
            .next()
    }

    /// Walks every combination of the answers that conditions read. Reports paths that stop
    /// without an outcome and conditions that read an unanswered question.
    fn enumerate_paths(&mut self) -> Option<PathStats> {
        let p = self.p;
        let mut read: HashMap<&str, HashSet<&str>> = HashMap::new();
        for q in p.questions() {
            for b in &q.next {
                for (question, option) in b.when.references() {
                    read.entry(question).or_default().extend(option);
                }
            }
        }
        let mut walker = Walker {
            p,
            read,
            answers: Vec::new(),
            at: Some(&p.start),
            fork: None,
            steps: 0,
            stats: PathStats::default(),
            visited: HashSet::new(),
            dead_ends: BTreeMap::new(),
            unanswered: BTreeMap::new(),
            too_wide: BTreeMap::new(),
            exhausted: false,
        };
        enumerate(&mut walker);
        let Walker {
            stats,
            visited,
            dead_ends,
            unanswered,
            too_wide,
            exhausted,
            ..
        } = walker;
        for (node, named) in &too_wide {
            let i = p.nodes.iter().position(|n| n.id() == *node);
            let span = i.and_then(|i| self.loc.node(i));
            self.error(
                Some(node),
                span,
                format!("question `{node}`: branch conditions name {named} of its options, too many to try every combination of them (at most {MAX_NAMED_OPTIONS}), so carepath cannot prove that every answer leads to an outcome"),
                Some("split the question, or branch on fewer of its options".into()),
            );
        }
        for (node, example) in dead_ends {
            let i = p.nodes.iter().position(|n| n.id() == node);
            let span = i.and_then(|i| self.loc.node(i));
            self.error(
                Some(node),
                span,
                format!("a path can end without an outcome: at question `{node}` no branch holds and there is no `otherwise`, for example when {example}"),
                Some("add `otherwise`, or a branch for these answers".into()),
            );
        }
        for ((node, branch, question), example) in unanswered {
            let i = p.nodes.iter().position(|n| n.id() == node);
            let span = i.and_then(|i| self.loc.in_node(i, &question, None));
            self.error(
                Some(node),
                span,
                format!(
                    "question `{node}`, branch {}: the condition reads `{question}`, which is not answered on every path before it (not when {example})",
                    branch + 1
                ),
                Some("test a question asked on every path here, or put an earlier branch before this one".into()),
            );
        }
        if !too_wide.is_empty() {
            return None;
        }
        if exhausted {
            self.error(
                None,
                None,
                format!("too many answer combinations to prove every path ends in an outcome (stopped after {MAX_ENUMERATION_STEPS} steps)"),
                Some("split the pathway, or make fewer questions branch on multi-choice answers".into()),
            );
            return None;
        }
        for (i, node) in p.nodes.iter().enumerate() {
            if !visited.contains(node.id()) && self.linked.contains(node.id()) {
                let span = self.loc.node(i);
                self.warning(
                    Some(node.id()),
                    span,
                    format!(
                        "node `{}` is linked but no combination of answers reaches it",
                        node.id()
                    ),
                );
            }
        }
        Some(stats)
    }
}

/// Depth-first enumeration of answer paths.
struct Walker<'a> {
    p: &'a Pathway,
    /// Questions read by some branch condition, with the options the conditions name: only
    /// their answers are multiplied.
    read: HashMap<&'a str, HashSet<&'a str>>,
    /// Multi-choice questions whose conditions name too many options to try every
    /// combination of them.
    too_wide: BTreeMap<&'a str, usize>,
    answers: Vec<(String, Vec<String>)>,
    /// The next node to follow, when the path goes on.
    at: Option<&'a str>,
    /// The question of the fork the walk stands at.
    fork: Option<&'a Question>,
    steps: usize,
    stats: PathStats,
    visited: HashSet<&'a str>,
    dead_ends: BTreeMap<&'a str, String>,
    unanswered: BTreeMap<(&'a str, usize, String), String>,
    exhausted: bool,
}

impl Answers for Vec<(String, Vec<String>)> {
    fn chosen(&self, question: &str) -> Option<&[String]> {
        self.iter()
            .rev()
            .find(|(q, _)| q == question)
            .map(|(_, a)| a.as_slice())
    }
}

impl<'a> PathWalk for Walker<'a> {
    type Choice = Vec<String>;
    /// How many answers were given before the fork's question, and the question.
    type Mark = (usize, &'a Question);

    fn advance(&mut self) -> Option<Vec<Vec<String>>> {
        let id = self.at.take()?;
        let (q, choices) = self.follow(id)?;
        self.fork = Some(q);
        Some(choices)
    }

    fn mark(&self) -> Self::Mark {
        let q = self.fork.expect("a mark is taken at a fork");
        (self.answers.len(), q)
    }

    fn rewind(&mut self, &(depth, q): &Self::Mark) {
        self.answers.truncate(depth);
        self.fork = Some(q);
    }

    fn take(&mut self, choice: Vec<String>) {
        let Some(q) = self.fork.take() else {
            return;
        };
        self.answers.push((q.id.clone(), choice));
        self.at = self.next_of(q);
    }

    fn stopped(&self) -> bool {
        self.exhausted
    }
}

impl<'a> Walker<'a> {
    /// Follows the path from `id` while each question has one answer worth trying. Stops at
    /// an outcome or a dead end (`None`), or at a question worth trying several answers of.
    fn follow(&mut self, start: &'a str) -> Option<(&'a Question, Vec<Vec<String>>)> {
        let mut id = start;
        loop {
            self.steps += 1;
            if self.steps > MAX_ENUMERATION_STEPS {
                self.exhausted = true;
                return None;
            }
            self.visited.insert(id);
            let q = match self.p.node(id) {
                Some(Node::Question(q)) => q,
                Some(Node::Outcome(o)) => {
                    self.stats.distinct += 1;
                    *self.stats.per_outcome.entry(o.id.clone()).or_default() += 1;
                    return None;
                }
                None => return None,
            };
            let choices = match answer_sets(q, self.read.get(q.id.as_str())) {
                Ok(choices) => choices,
                Err(TooWide(named)) => {
                    self.too_wide.insert(q.id.as_str(), named);
                    return None;
                }
            };
            if choices.len() != 1 {
                return Some((q, choices));
            }
            self.answers
                .push((q.id.clone(), choices.into_iter().next().unwrap_or_default()));
            id = self.next_of(q)?;
        }
    }

    /// The node the answers so far lead to from `q`, recording problems on the way.
    fn next_of(&mut self, q: &'a Question) -> Option<&'a str> {
        for (k, b) in q.next.iter().enumerate() {
            match b.when.eval(&self.answers) {
                Ok(true) => return Some(&b.goto),
                Ok(false) => {}
                Err(Unanswered(x)) => {
                    let example = describe(&self.answers);
                    self.unanswered
                        .entry((q.id.as_str(), k, x))
                        .or_insert(example);
                    return None;
                }
            }
        }
        match &q.otherwise {
            Some(o) => Some(o),
            None => {
                let example = describe(&self.answers);
                self.dead_ends.entry(q.id.as_str()).or_insert(example);
                None
            }
        }
    }
}

/// The most options of one multi-choice question that branch conditions may name: every
/// combination of them is tried (2^16 = 65,536 answers for that question alone).
pub const MAX_NAMED_OPTIONS: usize = 16;

/// A multi-choice question whose conditions name more than [`MAX_NAMED_OPTIONS`] options;
/// holds how many they name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooWide(pub usize);

/// The answers to a multi-choice question that lead to every distinct result: the exclusive
/// option alone, then every non-empty combination of the options some condition names, each
/// also with one option no condition names (and that option alone), since conditions cannot
/// tell the options they do not name apart.
pub(crate) fn multi_answer_sets(
    options: &[String],
    exclusive: Option<&String>,
    named: impl Fn(&str) -> bool,
) -> Result<Vec<Vec<String>>, TooWide> {
    let free = options.iter().filter(|o| Some(*o) != exclusive);
    let (named, unnamed): (Vec<&String>, Vec<&String>) = free.partition(|o| named(o));
    if named.len() > MAX_NAMED_OPTIONS {
        return Err(TooWide(named.len()));
    }
    let mut sets: Vec<Vec<String>> = exclusive.iter().map(|e| vec![(*e).clone()]).collect();
    let other = unnamed.first();
    sets.extend(other.map(|o| vec![(*o).clone()]));
    for mask in 1u32..(1 << named.len()) {
        let chosen: Vec<String> = named
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, o)| (*o).clone())
            .collect();
        if let Some(o) = other {
            let mut with_other = chosen.clone();
            with_other.push((*o).clone());
            sets.push(chosen);
            sets.push(with_other);
        } else {
            sets.push(chosen);
        }
    }
    Ok(sets)
}

/// The answers worth trying for a question: one when no branch condition reads it; every
/// option of a single-choice question that one reads; for a multi-choice question, see
/// [`multi_answer_sets`].
fn answer_sets(q: &Question, named: Option<&HashSet<&str>>) -> Result<Vec<Vec<String>>, TooWide> {
    let ids: Vec<String> = q.options.iter().map(|o| o.id.clone()).collect();
    let Some(named) = named else {
        let first = q.exclusive.as_ref().or(ids.first());
        return Ok(vec![first.into_iter().cloned().collect()]);
    };
    match q.choice {
        Choice::Single => Ok(ids.into_iter().map(|o| vec![o]).collect()),
        Choice::Multi => multi_answer_sets(&ids, q.exclusive.as_ref(), |o| named.contains(o)),
    }
}

fn describe(answers: &[(String, Vec<String>)]) -> String {
    if answers.is_empty() {
        return "nothing has been answered yet".into();
    }
    answers
        .iter()
        .map(|(q, a)| format!("{q}={}", a.join(",")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `[a-z0-9][a-z0-9_-]*`.
pub fn is_plain_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// The plain id closest to `id`: lower case, accents dropped, other characters as `-`.
pub fn plain_id(id: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in id.nfd().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            out.push(c);
        } else if (c.is_ascii() || c.is_whitespace() || c.is_control())
            && !out.is_empty()
            && !out.ends_with('-')
        {
            out.push('-');
        }
        // Combining accents and other non-ASCII characters are dropped.
    }
    let out = out.trim_matches(|c| c == '-' || c == '_').to_string();
    if out.is_empty() { "id".into() } else { out }
}

/// "ESC (U+001B) and RIGHT-TO-LEFT OVERRIDE (U+202E)": the hidden characters of `text`.
fn describe_hidden(text: &str) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let hidden = match c {
            '\n' | '\t' => false,
            '\r' => chars.peek() != Some(&'\n'),
            c => visible(c.encode_utf8(&mut [0; 4]), Lines::One) != c.to_string(),
        };
        if !hidden {
            continue;
        }
        let code = format!("U+{:04X}", c as u32);
        let name = match c {
            '\u{1b}' => format!("ESC ({code})"),
            '\u{7}' => format!("BEL ({code})"),
            '\r' => format!("carriage return ({code})"),
            '\u{7f}' => format!("DEL ({code})"),
            '\u{9b}' => format!("CSI ({code})"),
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {
                format!("a zero-width character ({code})")
            }
            '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{61c}' => {
                format!("a bidi control ({code})")
            }
            c if c.is_control() => format!("a control character ({code})"),
            _ => format!("an invisible character ({code})"),
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    match names.len() {
        0 => "invisible characters".into(),
        1 => names.remove(0),
        n if n > 4 => format!("{} and {} more", names[..3].join(", "), n - 3),
        _ => {
            let last = names.pop().unwrap_or_default();
            format!("{} and {last}", names.join(", "))
        }
    }
}

fn owner_prefix(owner: Option<&str>) -> String {
    owner.map(|o| format!("`{o}`: ")).unwrap_or_default()
}

/// "valid options: a, b, c; did you mean b?"
fn option_help(q: &Question, wrong: &str) -> String {
    let ids = q.options.iter().map(|o| o.id.as_str());
    ids_help(wrong, ids, &format!("the options of `{}`", q.id))
}

/// "did you mean `x`? The options of `q` are: a, b" for a `wrong` id among `ids`, which
/// `what` names.
fn ids_help<'a>(wrong: &str, ids: impl Iterator<Item = &'a str> + Clone, what: &str) -> String {
    let valid = ids.clone().collect::<Vec<_>>().join(", ");
    match did_you_mean(wrong, ids) {
        Some(s) => format!("did you mean `{s}`? {} are: {valid}", capitalised(what)),
        None => format!("{what} are: {valid}"),
    }
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::YearMonth;

    fn ym(year: i32, month: u32) -> YearMonth {
        YearMonth { year, month }
    }

    #[test]
    fn days_since_1970_give_the_calendar_month() {
        for (days, want) in [
            (0, ym(1970, 1)),
            (-1, ym(1969, 12)),
            (11_322, ym(2000, 12)),
            (19_782, ym(2024, 2)),
            (19_783, ym(2024, 3)),
            (20_790, ym(2026, 12)),
        ] {
            assert_eq!(YearMonth::from_days(days), want, "day {days}");
        }
    }

    #[test]
    fn checked_months_are_read_and_compared() {
        assert_eq!(YearMonth::parse("2026-11"), Some(ym(2026, 11)));
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-11",
            "2026/11",
            "2026-11-01",
            "",
            "abcd-ef",
        ] {
            assert_eq!(YearMonth::parse(bad), None, "{bad:?}");
        }
        assert_eq!(ym(2026, 1).months_until(ym(2026, 12)), 11);
        assert_eq!(ym(2025, 12).months_until(ym(2027, 1)), 13);
        assert_eq!(ym(2027, 1).months_until(ym(2026, 12)), -1);
        assert_eq!(ym(2026, 3).to_string(), "2026-03");
    }
}
