//! The parts of an outcome and how they differ, in words: each field's name, each value by
//! the pathway's labels, each change, in English and French.

use crate::outcome::projection::{Change, Edit, Field, Value};
use crate::pathway::{Lang, Pathway};
use crate::sanitize::shown;

/// A field's name for people.
pub fn field(field: Field, lang: Lang) -> &'static str {
    use Lang::{En, Fr};
    match (field, lang) {
        (Field::Outcome, En) => "Outcome",
        (Field::Outcome, Fr) => "Résultat",
        (Field::Route, En) => "Route",
        (Field::Route, Fr) => "Orientation",
        (Field::Also, En) => "Alongside",
        (Field::Also, Fr) => "En parallèle",
        (Field::ReferralTo, En) => "Referral to",
        (Field::ReferralTo, Fr) => "Orienter vers",
        (Field::Facility, En) => "Facility",
        (Field::Facility, Fr) => "Établissement",
        (Field::Regulator, En) => "Regulator",
        (Field::Regulator, Fr) => "Ordre professionnel",
        (Field::Requirement, En) => "Facility requirement",
        (Field::Requirement, Fr) => "Exigence pour l'établissement",
        (Field::Rules, En) => "Facility rules",
        (Field::Rules, Fr) => "Règles pour l'établissement",
        (Field::Coverage, En) => "Coverage",
        (Field::Coverage, Fr) => "Couverture",
        (Field::Flags, En) => "Safety points",
        (Field::Flags, Fr) => "Points de sécurité",
    }
}

/// What an absent value or an empty list of `field` is called: never an empty string.
fn nothing(field: Field, lang: Lang) -> &'static str {
    use Lang::{En, Fr};
    match (field, lang) {
        (Field::Regulator, _) => super::strings(lang).no_regulator,
        (Field::Facility | Field::Rules, En) => "no facility needed",
        (Field::Facility | Field::Rules, Fr) => "aucun établissement requis",
        (Field::Also, En) => "nothing alongside",
        (Field::Also, Fr) => "rien en parallèle",
        (Field::Coverage, En) => "no coverage program",
        (Field::Coverage, Fr) => "aucun programme de couverture",
        (Field::Flags, En) => "no safety point",
        (Field::Flags, Fr) => "aucun point de sécurité",
        (Field::ReferralTo, En) => "none",
        (Field::ReferralTo, Fr) => "personne",
        (Field::Outcome | Field::Route | Field::Requirement, En) => "none",
        (Field::Outcome, Fr) => "aucun",
        (Field::Route | Field::Requirement, Fr) => "aucune",
    }
}

fn headline(text: &str) -> &str {
    text.trim_end_matches('.')
}

/// One id of `field` by its label in the pathway: an outcome by its headline, a route
/// alongside by the headline of an outcome with that route (as the record summary names it),
/// a coverage program by its name for people, a safety flag by its short text, a kind of
/// requirement by its label. What has no
/// label in the pathway keeps its id or name, made safe to print (a scenario file may say
/// anything): the main route (the outcome's headline names it, as on the result screen,
/// where staff also see the id), a referral, a regulator.
pub fn item(p: &Pathway, field: Field, id: &str, lang: Lang) -> String {
    let label = match field {
        Field::Outcome => p
            .outcomes()
            .find(|o| o.id == id)
            .map(|o| headline(o.headline.get(lang))),
        Field::Also => p
            .outcomes()
            .find(|o| o.route == id)
            .map(|o| headline(o.headline.get(lang))),
        Field::Coverage => p
            .coverage
            .rows
            .iter()
            .find(|r| r.program == id)
            .map(|r| r.program_name(lang)),
        Field::Flags => p
            .flags
            .iter()
            .find(|f| f.id == id)
            .map(|f| match f.short.get(lang) {
                "" => f.text.get(lang),
                short => short,
            }),
        Field::Rules => p
            .regions
            .kind(id)
            .map(|k| k.label.get(lang))
            .filter(|label| !label.is_empty()),
        Field::Route
        | Field::ReferralTo
        | Field::Facility
        | Field::Regulator
        | Field::Requirement => None,
    };
    label.map_or_else(|| shown(id).into_owned(), str::to_string)
}

/// A field's whole value for people: labels from the pathway, and words for an absent value
/// or an empty list.
pub fn value(p: &Pathway, field: Field, value: &Value, lang: Lang) -> String {
    match value {
        Value::Absent => nothing(field, lang).to_string(),
        Value::List(items) if items.is_empty() => nothing(field, lang).to_string(),
        Value::List(items) => items
            .iter()
            .map(|id| item(p, field, id, lang))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Id(id) => item(p, field, id, lang),
    }
}

/// Whether a facility is needed, for [`Edit::Facility`].
fn facility(appears: bool, lang: Lang) -> &'static str {
    match (appears, lang) {
        (true, Lang::En) => "needed",
        (true, Lang::Fr) => "requis",
        (false, Lang::En) => "not needed",
        (false, Lang::Fr) => "non requis",
    }
}

/// One edit, said by what it leaves: the new value, `+ item` or `− item`.
pub fn edit(p: &Pathway, field: Field, edit: &Edit<Value>, lang: Lang) -> String {
    match edit {
        Edit::Value { new, .. } => value(p, field, new, lang),
        Edit::Added(id) => format!("+ {}", item(p, field, id, lang)),
        Edit::Removed(id) => format!("− {}", item(p, field, id, lang)),
        Edit::Facility { appears } => facility(*appears, lang).to_string(),
    }
}

/// Changes, one phrase per field with its edits: `Coverage: − Arts grant, + Youth fund`.
pub fn changes(p: &Pathway, changes: &[Change<Value>], lang: Lang) -> Vec<String> {
    let colon = super::strings(lang).colon;
    let mut out = Vec::new();
    let mut rest = changes;
    while let Some(first) = rest.first() {
        let same = rest.iter().take_while(|c| c.field == first.field).count();
        let edits: Vec<String> = rest[..same]
            .iter()
            .map(|c| edit(p, c.field, &c.edit, lang))
            .collect();
        out.push(format!(
            "{}{colon}{}",
            field(first.field, lang),
            edits.join(", ")
        ));
        rest = &rest[same..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pathway::load::PathwaySource;

    #[test]
    fn an_empty_list_or_absent_value_is_said_in_words_in_both_languages() {
        let loaded = PathwaySource::Bundled.load().unwrap();
        let p = &loaded.pathway;
        let none = Value::List(Vec::new());
        assert_eq!(
            value(p, Field::Coverage, &none, Lang::En),
            "no coverage program"
        );
        assert_eq!(
            value(p, Field::Coverage, &none, Lang::Fr),
            "aucun programme de couverture"
        );
        for field in [
            Field::Outcome,
            Field::Route,
            Field::Also,
            Field::ReferralTo,
            Field::Facility,
            Field::Regulator,
            Field::Requirement,
            Field::Rules,
            Field::Coverage,
            Field::Flags,
        ] {
            for lang in [Lang::En, Lang::Fr] {
                assert!(!value(p, field, &Value::Absent, lang).is_empty());
                assert!(!value(p, field, &none, lang).is_empty());
            }
        }
    }

    #[test]
    fn an_id_the_pathway_does_not_know_is_shown_safely() {
        let loaded = PathwaySource::Bundled.load().unwrap();
        let p = &loaded.pathway;
        assert_eq!(
            item(p, Field::Coverage, "no such\u{1b}[2J", Lang::En),
            shown("no such\u{1b}[2J")
        );
    }
}
