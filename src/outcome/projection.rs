//! An outcome's comparable parts and how two of them differ: one typed form for scenario
//! expectations, the trainer's comparison and walkthrough, and `diff`.

use serde::{Deserialize, Serialize};

use crate::outcome::Outcome;

/// A part of a result that can differ between two outcomes, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Outcome,
    Route,
    Also,
    ReferralTo,
    /// A facility requirement appears or disappears.
    Facility,
    Regulator,
    /// The facility requirement's text (compared by `diff`; a scenario does not state it).
    Requirement,
    /// Which kind of requirement applies (the region table's kinds, by id).
    Rules,
    Coverage,
    Flags,
}

impl Field {
    /// The field's name in `diff`'s report.
    pub fn name(self) -> &'static str {
        match self {
            Field::Outcome => "outcome",
            Field::Route => "route",
            Field::Also => "also",
            Field::ReferralTo => "referral_to",
            Field::Facility => "facility",
            Field::Regulator => "facility.regulator",
            Field::Requirement => "facility.requirement",
            Field::Rules => "facility.rules",
            Field::Coverage => "coverage",
            Field::Flags => "flags",
        }
    }

    /// The field's key in a scenario file's `expect`; for the parts a scenario does not
    /// state, its [`name`](Field::name).
    pub fn scenario_key(self) -> &'static str {
        match self {
            Field::Regulator => "regulator",
            Field::Rules => "rules",
            other => other.name(),
        }
    }
}

/// One field's whole value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    /// Nothing there: no referral, no regulator named, no facility needed.
    Absent,
    /// An id or a name: an outcome, a route, a referral, a regulator, a kind of requirement.
    Id(String),
    /// A list's items in order: routes alongside, coverage programs, safety flag ids.
    List(Vec<String>),
}

impl Value {
    fn of(id: &Option<String>) -> Value {
        id.clone().map_or(Value::Absent, Value::Id)
    }

    /// The value as a scenario file writes it for `field` (`Some("Clerk")`, `["Arts grant"]`), for
    /// the `scenarios` command, whose readers fix such files.
    pub fn as_written(&self, field: Field) -> String {
        fn ron<T: Serialize>(v: &T) -> String {
            ron::to_string(v).unwrap_or_default()
        }
        match (self, field) {
            (Value::Id(id), Field::Route) => ron(id),
            (Value::Id(id), _) => ron(&Some(id)),
            (Value::List(items), _) => ron(items),
            (Value::Absent, _) => ron(&None::<()>),
        }
    }
}

/// What a difference does to one field: `V` is how a whole value is held (typed here, text
/// in `diff`, which compares the requirement's words too).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edit<V> {
    /// The value is replaced (for a list, only its order changed).
    Value { old: V, new: V },
    /// An item leaves the list.
    Removed(String),
    /// An item joins the list.
    Added(String),
    /// The outcome now needs a facility (`true`) or no longer does (`false`).
    Facility { appears: bool },
}

/// One field's part of a difference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change<V> {
    pub field: Field,
    pub edit: Edit<V>,
}

/// A field of a scenario whose actual value is not the expected one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub field: Field,
    pub expected: Value,
    pub actual: Value,
}

/// The comparable parts of an outcome. A scenario file's `expect` is one, written with the
/// keys of [`Field::scenario_key`].
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename = "Expectation", deny_unknown_fields)]
pub struct Projection {
    /// The outcome node id, e.g. `special-event`. A scenario may leave it out: it is then not
    /// compared.
    #[serde(default)]
    pub outcome: Option<String>,
    pub route: String,
    /// The routes offered alongside, in the pathway's order.
    #[serde(default)]
    pub also: Vec<String>,
    #[serde(default)]
    pub referral_to: Option<String>,
    /// The regulator of the facility, where one is needed and its region names one.
    #[serde(default)]
    pub regulator: Option<String>,
    /// The id of the kind of requirement that applies; `None` when the outcome needs no
    /// facility.
    #[serde(default)]
    pub rules: Option<String>,
    /// Coverage program names, in the order the pathway lists the answers.
    #[serde(default)]
    pub coverage: Vec<String>,
    /// Safety flag ids, in the order of the pathway's flag table.
    #[serde(default)]
    pub flags: Vec<String>,
}

impl Projection {
    /// The projection of an outcome.
    pub fn of(o: &Outcome) -> Projection {
        Projection {
            outcome: Some(o.node.id.clone()),
            route: o.node.route.clone(),
            also: o.also.iter().map(|a| a.route.clone()).collect(),
            referral_to: o.node.referral_to.clone(),
            regulator: o.facility.and_then(|f| f.region.regulator.clone()),
            rules: o.facility.map(|f| f.kind.id.clone()),
            coverage: o.coverage.iter().map(|(_, r)| r.program.clone()).collect(),
            flags: o.flags.iter().map(|f| f.id.clone()).collect(),
        }
    }

    /// The fields a projection holds, with their values, in report order.
    pub fn values(&self) -> [(Field, Value); 8] {
        [
            (Field::Outcome, Value::of(&self.outcome)),
            (Field::Route, Value::Id(self.route.clone())),
            (Field::Also, Value::List(self.also.clone())),
            (Field::ReferralTo, Value::of(&self.referral_to)),
            (Field::Regulator, Value::of(&self.regulator)),
            (Field::Rules, Value::of(&self.rules)),
            (Field::Coverage, Value::List(self.coverage.clone())),
            (Field::Flags, Value::List(self.flags.clone())),
        ]
    }

    /// The fields where `actual` is not what `self` expects, each with both whole values. An
    /// expected `outcome` of `None` is not compared.
    pub fn differences(&self, actual: &Projection) -> Vec<Mismatch> {
        self.values()
            .into_iter()
            .zip(actual.values())
            .filter(|((field, _), _)| *field != Field::Outcome || self.outcome.is_some())
            .filter(|((_, e), (_, a))| e != a)
            .map(|((field, expected), (_, actual))| Mismatch {
                field,
                expected,
                actual,
            })
            .collect()
    }

    /// From `self` to `other`, field by field in report order: a value replaced, the items a
    /// list gains and loses (as `diff` reports them), a facility that appears or disappears.
    /// A facility that appears comes with its regulator and rules; one that disappears says
    /// all.
    pub fn changes(&self, other: &Projection) -> Vec<Change<Value>> {
        fn value(out: &mut Vec<Change<Value>>, field: Field, old: Value, new: Value) {
            if old != new {
                out.push(Change {
                    field,
                    edit: Edit::Value { old, new },
                });
            }
        }
        fn list(out: &mut Vec<Change<Value>>, field: Field, old: &[String], new: &[String]) {
            let (removed, added) = (missing_from(old, new), missing_from(new, old));
            if removed.is_empty() && added.is_empty() && old != new {
                let (old, new) = (Value::List(old.to_vec()), Value::List(new.to_vec()));
                value(out, field, old, new);
            }
            let edits = removed
                .into_iter()
                .map(Edit::Removed)
                .chain(added.into_iter().map(Edit::Added));
            out.extend(edits.map(|edit| Change { field, edit }));
        }
        let mut out = Vec::new();
        let (a, b) = (self, other);
        value(
            &mut out,
            Field::Outcome,
            Value::of(&a.outcome),
            Value::of(&b.outcome),
        );
        value(
            &mut out,
            Field::Route,
            Value::Id(a.route.clone()),
            Value::Id(b.route.clone()),
        );
        list(&mut out, Field::Also, &a.also, &b.also);
        value(
            &mut out,
            Field::ReferralTo,
            Value::of(&a.referral_to),
            Value::of(&b.referral_to),
        );
        let appears = match (&a.rules, &b.rules) {
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            _ => None,
        };
        if let Some(appears) = appears {
            out.push(Change {
                field: Field::Facility,
                edit: Edit::Facility { appears },
            });
        }
        if appears != Some(false) {
            value(
                &mut out,
                Field::Regulator,
                Value::of(&a.regulator),
                Value::of(&b.regulator),
            );
            value(
                &mut out,
                Field::Rules,
                Value::of(&a.rules),
                Value::of(&b.rules),
            );
        }
        list(&mut out, Field::Coverage, &a.coverage, &b.coverage);
        list(&mut out, Field::Flags, &a.flags, &b.flags);
        out
    }
}

/// The items of `a` that `b` lacks, counting repeats.
pub(crate) fn missing_from(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest: Vec<&String> = b.iter().collect();
    a.iter()
        .filter(|x| match rest.iter().position(|y| y == x) {
            Some(i) => {
                rest.remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn projection() -> Projection {
        Projection {
            outcome: Some("special-event".into()),
            route: "permit".into(),
            regulator: Some("Clerk".into()),
            rules: Some("road".into()),
            coverage: items(&["Arts grant"]),
            flags: items(&["noise", "fire"]),
            ..Projection::default()
        }
    }

    #[test]
    fn a_list_changes_by_its_items_and_a_facility_that_goes_says_all() {
        let old = projection();
        let new = Projection {
            regulator: None,
            rules: None,
            coverage: Vec::new(),
            flags: items(&["fire", "food"]),
            ..projection()
        };
        let change = |field, edit| Change { field, edit };
        assert_eq!(
            old.changes(&new),
            vec![
                change(Field::Facility, Edit::Facility { appears: false }),
                change(Field::Coverage, Edit::Removed("Arts grant".into())),
                change(Field::Flags, Edit::Removed("noise".into())),
                change(Field::Flags, Edit::Added("food".into())),
            ]
        );
        // The way back: the facility appears with its regulator and rules.
        assert_eq!(
            new.changes(&old)[..3],
            [
                change(Field::Facility, Edit::Facility { appears: true }),
                change(
                    Field::Regulator,
                    Edit::Value {
                        old: Value::Absent,
                        new: Value::Id("Clerk".into())
                    }
                ),
                change(
                    Field::Rules,
                    Edit::Value {
                        old: Value::Absent,
                        new: Value::Id("road".into())
                    }
                ),
            ]
        );
        assert!(old.changes(&old).is_empty());
    }

    #[test]
    fn differences_name_the_fields_a_scenario_states_and_skip_an_open_outcome() {
        let expected = Projection {
            outcome: None,
            ..projection()
        };
        let actual = Projection {
            outcome: Some("referral".into()),
            coverage: Vec::new(),
            ..projection()
        };
        assert_eq!(
            expected.differences(&actual),
            vec![Mismatch {
                field: Field::Coverage,
                expected: Value::List(items(&["Arts grant"])),
                actual: Value::List(Vec::new()),
            }]
        );
    }

    #[test]
    fn values_are_written_as_a_scenario_file_writes_them() {
        let id = || Value::Id("Clerk".into());
        assert_eq!(id().as_written(Field::Regulator), r#"Some("Clerk")"#);
        assert_eq!(id().as_written(Field::Route), r#""Clerk""#);
        assert_eq!(Value::Absent.as_written(Field::Rules), "None");
        assert_eq!(
            Value::List(items(&["Youth fund"])).as_written(Field::Coverage),
            r#"["Youth fund"]"#
        );
    }

    #[test]
    fn the_kind_of_requirement_reads_and_writes_as_rules() {
        let text = r#"(route: "permit", rules: Some("road"))"#;
        let p: Projection = ron::from_str(text).unwrap();
        assert_eq!(p.rules.as_deref(), Some("road"));
        assert!(
            ron::to_string(&p)
                .unwrap()
                .contains(r#"rules:Some("road")"#)
        );
    }
}
