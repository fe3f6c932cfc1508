//! Whole calls as (question, option) answers, shared by the wizard and hardening tests.
#![allow(dead_code)]

/// Ontario, CRPS, IV, WSIB, both concerns: ends at pain medicine.
pub const PAIN_MEDICINE: [(&str, &str); 9] = [
    ("safety", "none"),
    ("province", "on"),
    ("age", "adult"),
    ("concern", "both"),
    ("indication", "crps"),
    ("comorbidities", "depression,ptsd"),
    ("screening", "liver"),
    ("coverage", "workers_comp"),
    ("administration", "iv"),
];

/// Ontario, nerve pain, usual medicines tried: asks `prior_treatment`.
pub const NEUROPATHIC: [(&str, &str); 10] = [
    ("safety", "none"),
    ("province", "on"),
    ("age", "adult"),
    ("concern", "pain"),
    ("indication", "neuropathic"),
    ("prior_treatment", "yes"),
    ("comorbidities", "none"),
    ("screening", "none"),
    ("coverage", "private"),
    ("administration", "non_iv"),
];

/// The lines a staff member types in the line mode for an Ontario CRPS call (PTSD and
/// depression, heart screening, WSIB, IV), up to the result: by number where a number is
/// quickest, by word elsewhere.
pub const ONTARIO_CRPS_TYPED: &[&str] = &[
    "3",
    "ont",
    "adult",
    "1",
    "crps",
    "depression, ptsd",
    "heart",
    "workers",
    "iv",
    "",
];
