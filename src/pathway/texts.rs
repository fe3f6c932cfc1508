//! Every text of a pathway that people read, with where it is and who reads it: one walk,
//! used by loading (which cleans each string) and by `check` (missing translations) and the
//! tests that hold wording rules, so no field can be forgotten by one of them.

use super::{Pathway, Text};
use crate::sanitize::Lines;

/// Who reads a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// Patients and staff alike.
    Everyone,
    /// Intake staff only (staff prompts, clinical detail).
    Staff,
    /// Patients only (patient prompts).
    Patient,
}

/// Whether a text must be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    Always,
    /// Optional, but once written in one language it must be written in every one.
    WhenGiven,
}

/// One text of the pathway.
#[derive(Debug, Clone, Copy)]
pub struct PathwayText<'p> {
    /// The node it belongs to, as an index into `nodes`.
    pub node: Option<usize>,
    /// The node or table row it belongs to (a question, `crisis`, a program).
    pub owner: Option<&'p str>,
    pub reader: Reader,
    pub required: Required,
    pub text: &'p Text,
    place: Place<'p>,
}

/// Which text of its owner, in words; built only when a message needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Place<'p> {
    Fixed(&'static str),
    Nth(&'static str, usize),
    OfOption(&'static str, &'p str),
    OnRoute(&'static str, &'p str),
    /// An alias of an option, in a language.
    Alias(&'p str, &'static str),
    /// A region's requirement of one kind.
    OfKind(&'p str),
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Place::Fixed(s) => f.write_str(s),
            Place::Nth(s, k) => write!(f, "{s} {}", k + 1),
            Place::OfOption(s, o) => write!(f, "the {s} of option `{o}`"),
            Place::OnRoute(s, r) => write!(f, "its {s} for the route `{r}`"),
            Place::Alias(o, lang) => write!(f, "an alias of option `{o}` ({lang})"),
            Place::OfKind(k) => write!(f, "its requirement `{k}`"),
        }
    }
}

impl PathwayText<'_> {
    /// Which text it is, e.g. "the label of option `on`" or "next step 2".
    pub fn place(&self) -> String {
        self.place.to_string()
    }

    /// Whether patients can read it.
    pub fn patient_facing(&self) -> bool {
        self.reader != Reader::Staff
    }
}

/// The node (an index into `nodes`) and the node or row a text belongs to.
pub(crate) type At<'p> = (Option<usize>, Option<&'p str>);

/// Calls, for every string of a pathway that people read, in file order:
/// `$v.text(at, place, text, reader, required, lines)` for each [`Text`], and
/// `$v.string(at, place, string, lines)` / `$v.optional(…)` for each plain string shown as
/// written (version, routes, program names, citations). Written once for shared and for
/// mutable borrows (`walk_texts!(p, v)` or `walk_texts!(p, v, mut)`), as syn writes `visit`
/// and `visit_mut`, so the cleaning at load and the checks of `check` walk the same fields.
macro_rules! walk_texts {
    ($p:expr, $v:expr $(, $m:tt)?) => {{
        #[allow(unused_imports)]
        use $crate::pathway::texts::Place::{Alias, Fixed, Nth, OfKind, OfOption, OnRoute};
        use $crate::pathway::texts::Reader::{Everyone, Patient, Staff};
        use $crate::pathway::texts::Required::{Always, WhenGiven};
        use $crate::pathway::Node;
        use $crate::sanitize::Lines::{Many, One};
        let p = & $($m)? *$p;
        let v = $v;
        let top = (None, None);
        v.string(top, Fixed("the pathway `version`"), & $($m)? p.version, One);
        v.text(top, Fixed("the pathway `title`"), & $($m)? p.title, Everyone, Always, One);
        v.text(top, Fixed("the `disclaimer`"), & $($m)? p.disclaimer, Everyone, Always, Many);
        for (i, node) in (& $($m)? p.nodes).into_iter().enumerate() {
            match node {
                Node::Question(q) => {
                    let at = (Some(i), Some(q.id.as_str()));
                    let prompt = & $($m)? q.prompt;
                    v.text(at, Fixed("its staff prompt"), & $($m)? prompt.staff, Staff, Always, One);
                    v.text(at, Fixed("its patient prompt"), & $($m)? prompt.patient, Patient, Always, One);
                    v.text(at, Fixed("its `short` name"), & $($m)? q.short, Everyone, WhenGiven, One);
                    v.text(at, Fixed("its help"), & $($m)? q.help, Everyone, WhenGiven, Many);
                    for o in & $($m)? q.options {
                        let id = o.id.as_str();
                        v.text(at, OfOption("label", id), & $($m)? o.label, Everyone, Always, One);
                        v.text(at, OfOption("hint", id), & $($m)? o.hint, Everyone, WhenGiven, One);
                        let aliases = & $($m)? o.aliases;
                        for (lang, words) in [("en", & $($m)? aliases.en), ("fr", & $($m)? aliases.fr)] {
                            for word in words {
                                v.string(at, Alias(id, lang), word, One);
                            }
                        }
                    }
                }
                Node::Outcome(o) => {
                    let at = (Some(i), Some(o.id.as_str()));
                    v.string(at, Fixed("its `rule`"), & $($m)? o.rule, One);
                    v.string(at, Fixed("its `route`"), & $($m)? o.route, One);
                    v.optional(at, Fixed("its `referral_to`"), & $($m)? o.referral_to, One);
                    v.text(at, Fixed("its `headline`"), & $($m)? o.headline, Everyone, Always, One);
                    v.text(at, Fixed("its `why`"), & $($m)? o.why, Everyone, Always, Many);
                    for (k, t) in (& $($m)? o.next_steps).into_iter().enumerate() {
                        v.text(at, Nth("next step", k), t, Everyone, Always, Many);
                    }
                    for (k, t) in (& $($m)? o.safety).into_iter().enumerate() {
                        v.text(at, Nth("safety point", k), t, Everyone, Always, Many);
                    }
                    for (k, c) in (& $($m)? o.safety_if).into_iter().enumerate() {
                        let place = Nth("conditional safety point", k);
                        v.text(at, place, & $($m)? c.text, Everyone, Always, Many);
                    }
                    for (k, t) in (& $($m)? o.staff_detail).into_iter().enumerate() {
                        v.text(at, Nth("staff detail", k), t, Staff, Always, Many);
                    }
                    for (k, c) in (& $($m)? o.staff_detail_if).into_iter().enumerate() {
                        let place = Nth("conditional staff detail", k);
                        v.text(at, place, & $($m)? c.text, Staff, Always, Many);
                    }
                }
            }
        }
        let crisis = & $($m)? p.crisis;
        let at = (None, Some("crisis"));
        v.text(at, Fixed("the crisis `title`"), & $($m)? crisis.title, Everyone, Always, One);
        v.text(at, Fixed("the crisis `before_region`"), & $($m)? crisis.before_region, Everyone, WhenGiven, One);
        v.text(at, Fixed("the crisis `region_line`"), & $($m)? crisis.region_line, Everyone, WhenGiven, One);
        for (k, t) in (& $($m)? crisis.lines).into_iter().enumerate() {
            v.text(at, Nth("crisis line", k), t, Everyone, Always, One);
        }
        let regions = & $($m)? p.regions;
        for kind in & $($m)? regions.requirements {
            let at = (None, Some(kind.id.as_str()));
            v.text(at, Fixed("its `label`"), & $($m)? kind.label, Everyone, WhenGiven, One);
        }
        for row in & $($m)? regions.rows {
            let at = (None, Some(row.id.as_str()));
            v.text(at, Fixed("its `name`"), & $($m)? row.name, Everyone, Always, One);
            v.optional(at, Fixed("its `regulator`"), & $($m)? row.regulator, One);
            v.text(at, Fixed("its `facility_type`"), & $($m)? row.facility_type, Everyone, WhenGiven, One);
            for (kind, t) in & $($m)? row.requirements {
                v.text(at, OfKind(kind), t, Everyone, Always, Many);
            }
            v.text(at, Fixed("its `health_line`"), & $($m)? row.health_line, Everyone, Always, One);
        }
        for a in & $($m)? p.alongside {
            // Routes are compared with the outcomes' routes, which are cleaned the same way.
            v.string(top, Fixed("an `alongside` route"), & $($m)? a.route, One);
            for r in & $($m)? a.except_routes {
                v.string(top, Fixed("an `alongside` `except_routes` entry"), r, One);
            }
            let at = (None, Some(a.route.as_str()));
            v.text(at, Fixed("its `text`"), & $($m)? a.text, Everyone, Always, Many);
        }
        for row in & $($m)? p.coverage.rows {
            v.string(top, Fixed("a coverage `program`"), & $($m)? row.program, One);
            let at = (None, Some(row.program.as_str()));
            v.text(at, Fixed("its `program_label`"), & $($m)? row.program_label, Everyone, WhenGiven, One);
            v.text(at, Fixed("its `note`"), & $($m)? row.note, Everyone, Always, Many);
            v.text(at, Fixed("its `staff_detail`"), & $($m)? row.staff_detail, Staff, WhenGiven, Many);
            for n in & $($m)? row.route_notes {
                // Compared with the outcomes' routes, which are cleaned the same way.
                v.string(at, Fixed("a `route_notes` route"), & $($m)? n.route, One);
                let route = n.route.as_str();
                v.text(at, OnRoute("`note`", route), & $($m)? n.note, Everyone, Always, Many);
                v.text(at, OnRoute("`staff_detail`", route), & $($m)? n.staff_detail, Staff, WhenGiven, Many);
            }
        }
        for f in & $($m)? p.flags {
            let at = (None, Some(f.id.as_str()));
            v.text(at, Fixed("its `text`"), & $($m)? f.text, Everyone, Always, Many);
            v.text(at, Fixed("its `short`"), & $($m)? f.short, Everyone, WhenGiven, One);
        }
        for e in & $($m)? p.evidence.rows {
            let at = (None, Some(e.option.as_str()));
            v.string(at, Fixed("its `strength`"), & $($m)? e.strength, One);
            v.text(at, Fixed("its `strength_label`"), & $($m)? e.strength_label, Everyone, WhenGiven, One);
            v.text(at, Fixed("its `summary`"), & $($m)? e.summary, Everyone, Always, Many);
        }
        for s in & $($m)? p.sources {
            let at = (None, Some(s.id.as_str()));
            v.string(at, Fixed("its `authors`"), & $($m)? s.authors, One);
            v.string(at, Fixed("its `title`"), & $($m)? s.title, One);
            v.optional(at, Fixed("its `publication`"), & $($m)? s.publication, One);
            v.text(at, Fixed("its `note`"), & $($m)? s.note, Everyone, WhenGiven, One);
            v.optional(at, Fixed("its `url`"), & $($m)? s.url, One);
            v.string(at, Fixed("its `checked`"), & $($m)? s.checked, One);
        }
    }};
}
pub(crate) use walk_texts;

/// Collects the texts, in file order (plain strings are not texts: they are not translated).
struct Collector<'p> {
    out: Vec<PathwayText<'p>>,
}

impl<'p> Collector<'p> {
    fn text(
        &mut self,
        (node, owner): At<'p>,
        place: Place<'p>,
        text: &'p Text,
        reader: Reader,
        required: Required,
        _: Lines,
    ) {
        self.out.push(PathwayText {
            node,
            owner,
            reader,
            required,
            text,
            place,
        });
    }

    fn string(&mut self, _: At<'p>, _: Place<'p>, _: &'p str, _: Lines) {}

    fn optional(&mut self, _: At<'p>, _: Place<'p>, _: &'p Option<String>, _: Lines) {}
}

impl Pathway {
    /// Every text people read, in file order, with who reads it.
    pub fn texts(&self) -> Vec<PathwayText<'_>> {
        let mut c = Collector { out: Vec::new() };
        walk_texts!(self, &mut c);
        c.out
    }
}
