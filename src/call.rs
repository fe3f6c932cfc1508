//! One call from its first question to its result: whose it is, its answers, note and times,
//! and its lifecycle (in progress, then finished). Every front end presents a [`Call`]; none
//! keeps its own copy of these, and none writes its own save or resume ([`keeper`] does).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::export::{Summary, SummaryOf, build_summary};
use crate::filter::{Folded, fold, fold_bilingual};
use crate::outcome::Outcome;
use crate::pathway::{Audience, Lang, Loaded, Pathway, Question};
use crate::session::{AnswerError, AnswerMap, Session};

/// Where a call stands.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    /// Questions are being answered, or the result has not been left yet. A call saved in
    /// this state and no longer open anywhere was interrupted, and is offered for resume.
    #[default]
    InProgress,
    /// The result was shown and the person left it (quit, next call, or a saved summary).
    /// Never offered for resume.
    Finished,
}

/// A call as saved on disk (JSON): everything needed to resume it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SavedCall {
    /// Names the call's files. Files from before calls had ids read with none and are given
    /// one when they are first listed.
    #[serde(default)]
    pub call_id: String,
    #[serde(default)]
    pub status: CallStatus,
    pub pathway_id: String,
    pub pathway_version: String,
    pub pathway_sha256: String,
    /// Who the call is for; a staff call is never offered in patient mode, nor the reverse.
    pub mode: Audience,
    pub lang: Lang,
    /// Question id to the option ids chosen.
    pub answers: AnswerMap,
    /// RFC 3339, UTC, whole seconds.
    pub started_at: String,
    /// When the call last changed.
    pub updated_at: String,
    /// When the call was finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
    /// The staff note.
    #[serde(default)]
    pub note: String,
    /// Answers gone back over, offered again when their question comes up. Written only
    /// when there are some.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pending: AnswerMap,
}

impl SavedCall {
    /// Whether there is nothing in it worth keeping: no answer, pending answer or note.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.pending.is_empty() && self.note.trim().is_empty()
    }
}

/// A new call id: the start time, the process and a counter, so two calls never share one
/// (`20261203T074532Z-4121-1`). Only `[0-9A-Za-z-]`, so it is safe in a file name.
pub fn new_call_id(now: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let stamp: String = now.chars().filter(char::is_ascii_alphanumeric).collect();
    format!(
        "{stamp}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed) + 1
    )
}

/// One person's call through one pathway.
#[derive(Debug, Clone)]
pub struct Call<'p> {
    loaded: &'p Loaded,
    id: String,
    session: Session<'p>,
    audience: Audience,
    lang: Lang,
    started_at: String,
    ended_at: Option<String>,
    note: String,
    status: CallStatus,
    /// The result is on screen (or was printed) and no answer changed since.
    result_shown: bool,
}

/// A call taken up again, and what changed on the way.
#[derive(Debug)]
pub struct Resumed<'p> {
    pub call: Call<'p>,
    /// Answers that no longer apply, by question id in the pathway's order.
    pub dropped: Vec<String>,
    /// The call was saved with another version of the pathway (its version as saved); every
    /// answer was checked again against the one in use.
    pub saved_with: Option<String>,
}

impl<'p> Call<'p> {
    /// A new call, started at `now` (RFC 3339).
    pub fn new(loaded: &'p Loaded, audience: Audience, lang: Lang, now: &str) -> Self {
        Call {
            loaded,
            id: new_call_id(now),
            session: Session::new(&loaded.pathway),
            audience,
            lang,
            started_at: now.to_string(),
            ended_at: None,
            note: String::new(),
            status: CallStatus::InProgress,
            result_shown: false,
        }
    }

    /// Takes up a saved call. Answers to questions or options the pathway does not have, and
    /// answers that no longer apply, are dropped; the call is in progress again.
    pub fn resume(loaded: &'p Loaded, saved: SavedCall) -> Resumed<'p> {
        let p = &loaded.pathway;
        let valid = |answers: AnswerMap| -> AnswerMap {
            answers
                .into_iter()
                .filter(|(q, a)| crate::session::validate_answer(p, q, a).is_ok())
                .collect()
        };
        let mut unknown: Vec<String> = saved
            .answers
            .iter()
            .filter(|(q, a)| crate::session::validate_answer(p, q, a).is_err())
            .map(|(q, _)| q.clone())
            .collect();
        let (session, mut dropped) = Session::resume(p, valid(saved.answers), valid(saved.pending));
        unknown.retain(|q| p.question(q).is_some());
        dropped.extend(unknown);
        dropped.sort_by_cached_key(|q| p.nodes.iter().position(|n| n.id() == q));
        dropped.dedup();
        let changed = saved.pathway_version != p.version || saved.pathway_sha256 != loaded.sha256;
        let id = if saved.call_id.is_empty() {
            new_call_id(&saved.started_at)
        } else {
            saved.call_id
        };
        Resumed {
            call: Call {
                loaded,
                id,
                session,
                audience: saved.mode,
                lang: saved.lang,
                started_at: saved.started_at,
                ended_at: None,
                note: saved.note,
                status: CallStatus::InProgress,
                result_shown: false,
            },
            dropped,
            saved_with: changed.then_some(saved.pathway_version),
        }
    }

    /// The call as saved on disk, last changed at `now`.
    pub fn snapshot(&self, now: &str) -> SavedCall {
        SavedCall {
            call_id: self.id.clone(),
            status: self.status,
            pathway_id: self.loaded.pathway.id.clone(),
            pathway_version: self.loaded.pathway.version.clone(),
            pathway_sha256: self.loaded.sha256.clone(),
            mode: self.audience,
            lang: self.lang,
            answers: self.session.answers().clone(),
            started_at: self.started_at.clone(),
            updated_at: now.to_string(),
            ended_at: self.ended_at.clone(),
            note: self.note.clone(),
            pending: self.session.pending().clone(),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn loaded(&self) -> &'p Loaded {
        self.loaded
    }

    pub fn pathway(&self) -> &'p Pathway {
        &self.loaded.pathway
    }

    /// The answers, for reading; change them with [`Call::answer`] and [`Call::back`].
    pub fn session(&self) -> &Session<'p> {
        &self.session
    }

    pub fn audience(&self) -> Audience {
        self.audience
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    pub fn started_at(&self) -> &str {
        &self.started_at
    }

    pub fn note(&self) -> &str {
        &self.note
    }

    /// The staff note, to edit in place.
    pub fn note_mut(&mut self) -> &mut String {
        &mut self.note
    }

    /// Nothing given yet: no answer, pending answer or note.
    pub fn is_blank(&self) -> bool {
        self.session.answers().is_empty()
            && self.session.pending().is_empty()
            && self.note.trim().is_empty()
    }

    /// Replaces the staff note (a finished call stays finished: the note is part of its
    /// record).
    pub fn set_note(&mut self, note: String) {
        self.note = note;
    }

    pub fn status(&self) -> CallStatus {
        self.status
    }

    pub fn is_finished(&self) -> bool {
        self.status == CallStatus::Finished
    }

    /// Answers (or re-answers) a question; answers that no longer apply are dropped and their
    /// question ids returned. A changed answer makes a new result: the call is in progress
    /// again until that result is shown and left.
    pub fn answer(
        &mut self,
        question: &str,
        options: &[String],
    ) -> Result<Vec<String>, AnswerError> {
        let dropped = self.session.answer(question, options)?;
        self.reopen();
        Ok(dropped)
    }

    /// Goes back one question (see [`Session::back`]).
    pub fn back(&mut self) -> Option<(String, Vec<String>)> {
        let back = self.session.back()?;
        self.reopen();
        Some(back)
    }

    fn reopen(&mut self) {
        self.result_shown = false;
        self.status = CallStatus::InProgress;
        self.ended_at = None;
    }

    /// The outcome, once every question on the path is answered.
    pub fn outcome(&self) -> Option<Outcome<'p>> {
        self.session.outcome()
    }

    /// The result (or the emergency screen) is being shown to the person.
    pub fn show_result(&mut self) {
        if self.session.outcome().is_some() {
            self.result_shown = true;
        }
    }

    /// The person leaves the call (quits, or moves to the next one): a call whose result
    /// was shown is finished now; any other stays in progress (interrupted). Returns whether
    /// the call is finished.
    pub fn leave(&mut self, now: &str) -> bool {
        if self.result_shown && !self.is_finished() {
            self.finish(now);
        }
        self.is_finished()
    }

    /// Finishes the call at `now` (kept if already finished).
    pub fn finish(&mut self, now: &str) {
        if !self.is_finished() {
            self.status = CallStatus::Finished;
            self.ended_at = Some(now.to_string());
        }
    }

    /// The summary (the same record text is saved and copied), ended when the call finished
    /// or else at `now`, its times shown in the system's time zone (`TZ`, else
    /// `/etc/localtime`). `None` before the outcome.
    pub fn summary(&self, now: &str) -> Option<Summary> {
        let outcome = self.outcome()?;
        let mut summary = build_summary(&SummaryOf {
            loaded: self.loaded,
            outcome: &outcome,
            audience: self.audience,
            lang: self.lang,
            started_at: &self.started_at,
            ended_at: self.ended_at.as_deref().unwrap_or(now),
            zone: &jiff::tz::TimeZone::system(),
            note: &self.note,
        });
        crate::fhir::set_response_id(&mut summary.fhir, &self.id);
        Some(summary)
    }

    /// Crisis help in the call's language, with the region's health line once it is known.
    pub fn crisis_help(&self) -> CrisisHelp {
        crisis_help(&self.loaded.pathway, self.lang, self.session.answers())
    }

    /// "Answers that no longer apply were removed: …" for these question ids, or `None`.
    pub fn dropped_message(&self, dropped: &[String]) -> Option<String> {
        dropped_message(&self.loaded.pathway, dropped, self.lang)
    }
}

/// Crisis help as lines: the pathway's lines, then the region's health line (or what to do
/// until the region is known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrisisHelp {
    pub title: String,
    pub lines: Vec<String>,
    /// The region's health line, shown in bold where a screen can.
    pub health_line: Option<String>,
}

impl CrisisHelp {
    /// Every line in order, health line last.
    pub fn all_lines(&self) -> impl Iterator<Item = &String> {
        self.lines.iter().chain(&self.health_line)
    }
}

/// Crisis help for `answers` (which may name the region) in `lang`.
pub fn crisis_help(p: &Pathway, lang: Lang, answers: &AnswerMap) -> CrisisHelp {
    let mut lines: Vec<String> = p
        .crisis
        .lines
        .iter()
        .map(|l| l.get(lang).to_string())
        .collect();
    let region = answers
        .get(&p.regions.question)
        .and_then(|a| a.first())
        .and_then(|r| p.region(r));
    let health_line = region.map(|r| {
        let name = p.crisis.region_line.get(lang);
        crate::strings::calls::region_line(name, r.name.get(lang), r.health_line.get(lang), lang)
    });
    if region.is_none() && !p.crisis.before_region.get(lang).is_empty() {
        lines.push(p.crisis.before_region.get(lang).to_string());
    }
    CrisisHelp {
        title: p.crisis.title.get(lang).to_string(),
        lines,
        health_line,
    }
}

/// "Answers that no longer apply were removed: …" naming the questions, or `None` when
/// there are none.
pub fn dropped_message(p: &Pathway, dropped: &[String], lang: Lang) -> Option<String> {
    if dropped.is_empty() {
        return None;
    }
    let names: Vec<&str> = dropped
        .iter()
        .map(|d| p.question(d).map_or(d.as_str(), |q| q.name().get(lang)))
        .collect();
    Some(crate::strings::calls::answers_removed(&names, lang))
}

/// The options of `q` folded for filtering in `lang`: id, label, aliases, and the other
/// names they may be typed by (the other language, aliases, program names). Shared by every
/// filter.
pub fn folded_options(p: &Pathway, q: &Question, lang: Lang) -> Vec<Folded> {
    let others: Vec<String> = q
        .options
        .iter()
        .map(|o| p.other_names(q, o, lang))
        .collect();
    let mut folded = fold_bilingual(
        q.options
            .iter()
            .zip(&others)
            .map(|(o, other)| (o.id.as_str(), o.label.get(lang), other.as_str())),
    );
    for (f, o) in folded.iter_mut().zip(&q.options) {
        f.aliases = o.aliases.all(lang).map(|a| fold(a.trim())).collect();
    }
    folded
}

/// Exit status when input ended before the call was finished (its answers are saved unless
/// saving is off), for every front end. A finished call, or quitting, ends with 0.
pub const EXIT_INPUT_ENDED: u8 = 3;

/// What identifies an interrupted call when it is offered: how many answers still apply,
/// and the labels of the first of them from the region question on (province, concern…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallGlance {
    pub answers: usize,
    pub first_answers: Vec<String>,
}

/// How many of the first answers a [`CallGlance`] names.
const GLANCE_ANSWERS: usize = 3;

/// A glance at a saved call, in `lang`, against the pathway in use.
pub fn glance(loaded: &Loaded, saved: &SavedCall, lang: Lang) -> CallGlance {
    let resumed = Call::resume(loaded, saved.clone());
    let session = resumed.call.session();
    let history = session.history();
    let p = &loaded.pathway;
    let from = history
        .iter()
        .position(|q| q.id == p.regions.question)
        .unwrap_or(0);
    CallGlance {
        answers: session.answers().len(),
        first_answers: history[from..]
            .iter()
            .take(GLANCE_ANSWERS)
            .map(|q| q.labels(session.answer_of(&q.id).unwrap_or_default(), lang))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Filter;
    use crate::pathway::load::PathwaySource;

    /// The option ids the wizard's filter lists for `typed` at `question`, best first.
    fn filtered(question: &str, typed: &str, lang: Lang) -> Vec<String> {
        let loaded = PathwaySource::Bundled.load().unwrap();
        let q = loaded.pathway.question(question).unwrap();
        let folded = folded_options(&loaded.pathway, q, lang);
        Filter::default()
            .matches(typed, &folded)
            .into_iter()
            .map(|m| q.options[m.index].id.clone())
            .collect()
    }

    #[test]
    fn every_filter_finds_an_option_by_its_aliases_in_either_language_first() {
        for (question, typed, lang, id) in [
            ("age", "yes", Lang::En, "adult"),
            ("age", "adulte", Lang::Fr, "adult"),
            ("age", "oui", Lang::En, "adult"),
            ("age", "no", Lang::En, "minor"),
            ("safety", "aucun", Lang::Fr, "none"),
            ("comorbidities", "aucun", Lang::Fr, "none"),
            ("administration", "unknown", Lang::En, "unsure"),
        ] {
            let found = filtered(question, typed, lang);
            assert_eq!(
                found.first().map(String::as_str),
                Some(id),
                "{question}: {typed:?} in {lang:?} found {found:?}"
            );
        }
    }
}
