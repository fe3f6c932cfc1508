//! One patient call typed in the wizard as a person would, for the kiosk's tests and the
//! SSH benchmark: Ontario adult, CRPS, PTSD, heart screening, WSIB, IV (README's call (a)).

#![allow(dead_code)]

use std::sync::LazyLock;

use carepath::pathway::Pathway;
use carepath::pathway::load::PathwaySource;

use crate::harness::{ENTER, Pty};

pub static PATHWAY: LazyLock<Pathway> = LazyLock::new(|| {
    PathwaySource::Bundled
        .load()
        .expect("the bundled pathway loads")
        .pathway
});

/// A question's patient prompt, as the kiosk shows it.
pub fn patient_prompt(question: &str) -> String {
    PATHWAY
        .question(question)
        .unwrap_or_else(|| panic!("no question {question}"))
        .prompt
        .patient
        .en
        .clone()
}

/// The start of the route's headline, as the result shows it.
pub fn route_headline() -> String {
    let headline = &PATHWAY
        .outcome("pain-medicine")
        .expect("the pain-medicine outcome")
        .headline
        .en;
    headline.chars().take(40).collect()
}

/// The keys of the call, each with the question (or screen) it leads to.
pub fn steps() -> Vec<(&'static str, String)> {
    let review = carepath::strings::ui(carepath::pathway::Lang::En).review_title;
    vec![
        ("n", "province"),
        ("o", "age"),
        ("a", "concern"),
        ("b", "indication"),
        ("c", "comorbidities"),
        ("p", "screening"),
        ("h", "coverage"),
        ("w", "administration"),
    ]
    .into_iter()
    .map(|(k, q)| (k, patient_prompt(q)))
    .chain([("i", review.to_string()), ("", route_headline())])
    .collect()
}

/// Types the whole call from the first question (on screen) to its result.
#[track_caller]
pub fn take_call(pty: &mut Pty) {
    pty.wait_for(&patient_prompt("safety"));
    for (keys, next) in steps() {
        pty.send(keys);
        pty.step(ENTER, &next);
    }
}
