//! Type-to-filter over option lists: fuzzy, accent-insensitive, exact ids first.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One option that matches the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Position of the option in the question's list.
    pub index: usize,
    /// Character positions in the label that matched, for highlighting.
    pub label_chars: Vec<usize>,
}

/// Folds text for matching: lower case, accents removed, one char out per char in, so that
/// positions in the folded text are positions in the original.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    let base = c
        .to_string()
        .nfd()
        .find(|d| !is_combining_mark(*d))
        .unwrap_or(c);
    base.to_lowercase().next().unwrap_or(base)
}

/// Whether `word` is one whole word of `text` (both folded): "sdrc" is a word of
/// "syndrome douloureux regional complexe (sdrc)", "reg" is not.
pub fn has_word(text: &str, word: &str) -> bool {
    !word.is_empty()
        && text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == word)
}

/// Reusable matcher (building one per keystroke would waste its allocations).
pub struct Filter {
    matcher: SkimMatcherV2,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }
}

/// An option's id and label, folded once per question rather than once per keystroke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub id: String,
    pub label: String,
    /// The label in the other language, also matched (bilingual staff type either).
    pub other: String,
    /// The option's aliases (`yes`, `adulte`), each matched whole like an id.
    pub aliases: Vec<String>,
}

/// Folds `(id, label)` pairs for [`Filter::matches`].
pub fn fold_options<'a>(options: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<Folded> {
    options
        .map(|(id, label)| Folded {
            id: fold(id),
            label: fold(label),
            other: String::new(),
            aliases: Vec::new(),
        })
        .collect()
}

/// Folds `(id, label, label in the other language)` for [`Filter::matches`].
pub fn fold_bilingual<'a>(
    options: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
) -> Vec<Folded> {
    options
        .map(|(id, label, other)| Folded {
            id: fold(id),
            label: fold(label),
            other: if other == label {
                String::new()
            } else {
                fold(other)
            },
            aliases: Vec::new(),
        })
        .collect()
}

/// Matched letters are worked out for this many of the best matches: more never fit on a
/// screen, and skipping the rest keeps a keystroke on a long list fast.
const HIGHLIGHTED_MATCHES: usize = 200;

impl Filter {
    /// The options matching `query`, best first: an exact id or alias, then a whole word of a
    /// label (an acronym in a label ranks like an id), then an id, label or other
    /// name that starts with it (so one letter is enough where it starts only one option: `w`
    /// for Workers' compensation), then by score, then in list order. An empty query matches
    /// everything in list order.
    pub fn matches(&self, query: &str, options: &[Folded]) -> Vec<Match> {
        let query = fold(query.trim());
        if query.is_empty() {
            return (0..options.len())
                .map(|index| Match {
                    index,
                    label_chars: Vec::new(),
                })
                .collect();
        }
        // (exact id, whole word, starts with, score, position)
        let mut scored: Vec<(bool, bool, bool, i64, usize)> = options
            .iter()
            .enumerate()
            .filter_map(|(index, o)| {
                let exact = o.id == query || o.aliases.contains(&query);
                let prefix = o.id.starts_with(&query)
                    || o.label.starts_with(&query)
                    || o.other.split(" · ").any(|name| name.starts_with(&query));
                let word = query.chars().count() >= 2
                    && (has_word(&o.label, &query) || has_word(&o.other, &query));
                let by_label = self.matcher.fuzzy_match(&o.label, &query);
                let by_id = self.matcher.fuzzy_match(&o.id, &query);
                let by_other = match o.other.is_empty() {
                    true => None,
                    false => self.matcher.fuzzy_match(&o.other, &query),
                };
                let by_id = by_id.max(by_other);
                if !exact && by_label.is_none() && by_id.is_none() {
                    return None;
                }
                let score = by_label.unwrap_or(0).max(by_id.unwrap_or(0));
                Some((exact, word, prefix, score, index))
            })
            .collect();
        scored.sort_by(|a, b| {
            (b.0, b.1, b.2, b.3)
                .cmp(&(a.0, a.1, a.2, a.3))
                .then(a.4.cmp(&b.4))
        });
        scored
            .into_iter()
            .enumerate()
            .map(|(rank, (_, _, _, _, index))| Match {
                index,
                label_chars: if rank < HIGHLIGHTED_MATCHES {
                    self.matcher
                        .fuzzy_indices(&options[index].label, &query)
                        .map(|(_, chars)| chars)
                        .unwrap_or_default()
                } else {
                    Vec::new()
                },
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROVINCES: &[(&str, &str)] = &[
        ("on", "Ontonagon"),
        ("mt", "Montréal"),
        ("pe", "Île-du-Prince-Édouard"),
        ("nl", "Newfoundland and Labrador"),
        ("nt", "Northwest Territories"),
    ];

    fn ids(query: &str) -> Vec<&'static str> {
        Filter::default()
            .matches(query, &fold_options(PROVINCES.iter().copied()))
            .into_iter()
            .map(|m| PROVINCES[m.index].0)
            .collect()
    }

    #[test]
    fn folding_keeps_one_char_per_char() {
        assert_eq!(fold("Île-du-Prince-Édouard"), "ile-du-prince-edouard");
        assert_eq!(fold("Montréal").chars().count(), "Montréal".chars().count());
    }

    #[test]
    fn accents_do_not_matter() {
        assert_eq!(ids("montreal")[0], "mt");
        assert_eq!(ids("ile")[0], "pe");
        assert_eq!(ids("MONTRÉ")[0], "mt");
    }

    #[test]
    fn a_name_that_starts_with_the_query_ranks_before_a_fuzzy_match() {
        // "n" is in most names; only Northwest Territories and Newfoundland start with it.
        assert_eq!(&ids("n")[..2], ["nl", "nt"]);
        assert_eq!(ids("m")[0], "mt");
        assert_eq!(ids("i")[0], "pe", "Île by its folded label");
    }

    #[test]
    fn an_exact_id_ranks_first() {
        assert_eq!(ids("on")[0], "on");
        assert_eq!(ids("nt")[0], "nt");
    }

    #[test]
    fn a_whole_word_of_a_label_ranks_before_a_better_scored_fuzzy_match() {
        let options = fold_options(
            [
                ("model", "Uvula model"),
                ("lamp", "Lampe à ultraviolets (UV)"),
            ]
            .into_iter(),
        );
        // "Uvula model" scores higher for "uv" by letters alone.
        let m = Filter::default().matches("UV", &options);
        assert_eq!(m[0].index, 1);
        assert!(has_word("ile-du-prince-edouard", "prince"));
        assert!(!has_word("ile-du-prince-edouard", "princ"));
        assert!(!has_word("ontonagon", ""));
    }

    #[test]
    fn matched_letters_are_reported_in_the_label() {
        let m = Filter::default().matches("ont", &fold_options(PROVINCES.iter().copied()));
        assert_eq!(m[0].index, 0);
        assert_eq!(m[0].label_chars, vec![0, 1, 2]);
    }

    #[test]
    fn empty_query_keeps_order_and_nonsense_matches_nothing() {
        assert_eq!(ids(""), vec!["on", "mt", "pe", "nl", "nt"]);
        assert!(ids("zzzz").is_empty());
    }
}
