//! Every text of a pathway that people read, with where it is and who reads it: one list
//! for `check` (missing translations) and for the tests that hold wording rules.

use super::{Node, Pathway, Text};

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
    /// The node or table row it belongs to (`province`, `crisis`, `WSIB`).
    pub owner: Option<&'p str>,
    pub reader: Reader,
    pub required: Required,
    pub text: &'p Text,
    place: Place<'p>,
}

/// Which text of its owner, in words; built only when a message needs it.
#[derive(Debug, Clone, Copy)]
enum Place<'p> {
    Fixed(&'static str),
    Nth(&'static str, usize),
    OfOption(&'static str, &'p str),
    OnRoute(&'static str, &'p str),
}

impl PathwayText<'_> {
    /// Which text it is, e.g. "the label of option `on`" or "next step 2".
    pub fn place(&self) -> String {
        match self.place {
            Place::Fixed(s) => s.to_string(),
            Place::Nth(s, k) => format!("{s} {}", k + 1),
            Place::OfOption(s, o) => format!("the {s} of option `{o}`"),
            Place::OnRoute(s, r) => format!("its {s} for the route `{r}`"),
        }
    }

    /// Whether patients can read it.
    pub fn patient_facing(&self) -> bool {
        self.reader != Reader::Staff
    }
}

/// Collects texts in file order.
struct Collector<'p> {
    out: Vec<PathwayText<'p>>,
}

impl<'p> Collector<'p> {
    fn add(
        &mut self,
        (node, owner): (Option<usize>, Option<&'p str>),
        place: Place<'p>,
        text: &'p Text,
        reader: Reader,
        required: Required,
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

    fn list(
        &mut self,
        at: (Option<usize>, Option<&'p str>),
        what: &'static str,
        ts: &'p [Text],
        reader: Reader,
    ) {
        for (k, t) in ts.iter().enumerate() {
            self.add(at, Place::Nth(what, k), t, reader, Required::Always);
        }
    }
}

impl Pathway {
    /// Every text people read, in file order, with who reads it.
    pub fn texts(&self) -> Vec<PathwayText<'_>> {
        use Place::{Fixed, OfOption, OnRoute};
        use Reader::{Everyone, Patient, Staff};
        use Required::{Always, WhenGiven};
        let mut c = Collector { out: Vec::new() };
        c.add(
            (None, None),
            Fixed("the pathway `title`"),
            &self.title,
            Everyone,
            Always,
        );
        c.add(
            (None, None),
            Fixed("the `disclaimer`"),
            &self.disclaimer,
            Everyone,
            Always,
        );
        for (i, node) in self.nodes.iter().enumerate() {
            match node {
                Node::Question(q) => {
                    let at = (Some(i), Some(q.id.as_str()));
                    c.add(
                        at,
                        Fixed("its staff prompt"),
                        &q.prompt.staff,
                        Staff,
                        Always,
                    );
                    c.add(
                        at,
                        Fixed("its patient prompt"),
                        &q.prompt.patient,
                        Patient,
                        Always,
                    );
                    c.add(at, Fixed("its `short` name"), &q.short, Everyone, WhenGiven);
                    c.add(at, Fixed("its help"), &q.help, Everyone, WhenGiven);
                    for o in &q.options {
                        c.add(at, OfOption("label", &o.id), &o.label, Everyone, Always);
                        c.add(at, OfOption("hint", &o.id), &o.hint, Everyone, WhenGiven);
                    }
                }
                Node::Outcome(o) => {
                    let at = (Some(i), Some(o.id.as_str()));
                    c.add(at, Fixed("its `headline`"), &o.headline, Everyone, Always);
                    c.add(at, Fixed("its `why`"), &o.why, Everyone, Always);
                    c.list(at, "next step", &o.next_steps, Everyone);
                    c.list(at, "safety point", &o.safety, Everyone);
                    for (k, s) in o.safety_if.iter().enumerate() {
                        c.add(
                            at,
                            Place::Nth("conditional safety point", k),
                            &s.text,
                            Everyone,
                            Always,
                        );
                    }
                    c.list(at, "staff detail", &o.staff_detail, Staff);
                    for (k, s) in o.staff_detail_if.iter().enumerate() {
                        c.add(
                            at,
                            Place::Nth("conditional staff detail", k),
                            &s.text,
                            Staff,
                            Always,
                        );
                    }
                }
            }
        }
        let crisis = (None, Some("crisis"));
        c.add(
            crisis,
            Fixed("the crisis `title`"),
            &self.crisis.title,
            Everyone,
            Always,
        );
        c.add(
            crisis,
            Fixed("the crisis `before_region`"),
            &self.crisis.before_region,
            Everyone,
            WhenGiven,
        );
        c.list(crisis, "crisis line", &self.crisis.lines, Everyone);
        let r = &self.regions;
        c.add(
            (None, None),
            Fixed("the regions' `facility_label`"),
            &r.facility_label,
            Everyone,
            WhenGiven,
        );
        c.add(
            (None, None),
            Fixed("the regions' `lighter_label`"),
            &r.lighter_label,
            Everyone,
            WhenGiven,
        );
        for row in &r.rows {
            let at = (None, Some(row.id.as_str()));
            c.add(at, Fixed("its `name`"), &row.name, Everyone, Always);
            c.add(
                at,
                Fixed("its `facility_type`"),
                &row.facility_type,
                Everyone,
                WhenGiven,
            );
            c.add(at, Fixed("its `facility`"), &row.facility, Everyone, Always);
            c.add(at, Fixed("its `lighter`"), &row.lighter, Everyone, Always);
            c.add(
                at,
                Fixed("its `health_line`"),
                &row.health_line,
                Everyone,
                Always,
            );
        }
        for a in &self.alongside {
            c.add(
                (None, Some(a.route.as_str())),
                Fixed("its `text`"),
                &a.text,
                Everyone,
                Always,
            );
        }
        for row in &self.coverage.rows {
            let at = (None, Some(row.program.as_str()));
            c.add(
                at,
                Fixed("its `program_label`"),
                &row.program_label,
                Everyone,
                WhenGiven,
            );
            c.add(at, Fixed("its `note`"), &row.note, Everyone, Always);
            c.add(
                at,
                Fixed("its `staff_detail`"),
                &row.staff_detail,
                Staff,
                WhenGiven,
            );
            for n in &row.route_notes {
                c.add(at, OnRoute("`note`", &n.route), &n.note, Everyone, Always);
                c.add(
                    at,
                    OnRoute("`staff_detail`", &n.route),
                    &n.staff_detail,
                    Staff,
                    WhenGiven,
                );
            }
        }
        for f in &self.flags {
            let at = (None, Some(f.id.as_str()));
            c.add(at, Fixed("its `text`"), &f.text, Everyone, Always);
            c.add(at, Fixed("its `short`"), &f.short, Everyone, WhenGiven);
        }
        for e in &self.evidence.rows {
            let at = (None, Some(e.option.as_str()));
            c.add(
                at,
                Fixed("its `strength_label`"),
                &e.strength_label,
                Everyone,
                WhenGiven,
            );
            c.add(at, Fixed("its `summary`"), &e.summary, Everyone, Always);
        }
        for s in &self.sources {
            c.add(
                (None, Some(s.id.as_str())),
                Fixed("its `note`"),
                &s.note,
                Everyone,
                WhenGiven,
            );
        }
        c.out
    }
}
