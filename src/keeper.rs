//! Keeps calls on disk for every front end: finds the interrupted calls to offer, claims one
//! to resume, saves the call after each change (one writer per call, by a lock), retries a
//! failed save at the next change, and writes the call's one summary record.

use std::time::{Duration, SystemTime};

use crate::call::{Call, CallStatus, SavedCall};
use crate::export::Summary;
use crate::pathway::{Audience, Lang, Loaded};
use crate::store::{CallLock, Store, StoreError, SummaryFiles};

/// How long an interrupted call is offered for resume, unless set otherwise.
pub const DEFAULT_RESUME_WITHIN: Duration = Duration::from_secs(12 * 3600);

/// Whether calls are being written to disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Saving {
    #[default]
    On,
    /// `--no-save`: nothing is written.
    Disabled,
    /// There is nowhere to save (no state directory): nothing is written, and why.
    Unavailable(String),
    /// The last save failed, with the reason; the next change tries again.
    Failing(String),
}

/// What saving a call did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    Saved,
    /// Saved after failing before: say that saving works again.
    Recovered,
    /// Nothing to write (saving is off, or the call holds nothing yet).
    Skipped,
    /// The save failed, with the reason (said when it first fails or the reason changes).
    Failed(String),
    /// The save failed again for the same reason (already said).
    StillFailing,
}

/// The interrupted calls that may be resumed, and what else the listing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offers {
    /// Newest first.
    pub calls: Vec<SavedCall>,
    /// Calls of this pathway and mode open in another carepath process, not offered.
    pub busy: usize,
    /// Interrupted calls older than the resume age, deleted.
    pub expired: usize,
    /// Files that could not be used, each said in a sentence naming the file.
    pub problems: Vec<String>,
    /// When the listing was made, and the resume age it applied.
    pub listed_at: SystemTime,
    pub resume_within: Duration,
}

impl Default for Offers {
    fn default() -> Self {
        Offers {
            calls: Vec::new(),
            busy: 0,
            expired: 0,
            problems: Vec::new(),
            listed_at: SystemTime::UNIX_EPOCH,
            resume_within: DEFAULT_RESUME_WITHIN,
        }
    }
}

/// The one keeper of calls on disk for a process.
#[derive(Debug)]
pub struct Keeper {
    store: Option<Store>,
    saving: Saving,
    resume_within: Duration,
    /// The lock of the call this process holds.
    held: Option<CallLock>,
}

impl Keeper {
    /// Calls kept in `store`; `None` with the reason when there is nowhere to keep them.
    pub fn new(store: Result<Store, StoreError>, resume_within: Duration) -> Keeper {
        let (store, saving) = match store {
            Ok(s) => (Some(s), Saving::On),
            Err(e) => (None, Saving::Unavailable(e.to_string())),
        };
        Keeper {
            store,
            saving,
            resume_within,
            held: None,
        }
    }

    /// A keeper that writes nothing (`--no-save`, the trainer).
    pub fn disabled() -> Keeper {
        Keeper {
            store: None,
            saving: Saving::Disabled,
            resume_within: DEFAULT_RESUME_WITHIN,
            held: None,
        }
    }

    /// Calls kept where carepath keeps them ([`Store::default_location`]), or nowhere with
    /// `no_save`.
    pub fn open(no_save: bool, resume_within: Duration) -> Keeper {
        if no_save {
            return Keeper::disabled();
        }
        Keeper::new(Store::default_location(), resume_within)
    }

    pub fn saving(&self) -> &Saving {
        &self.saving
    }

    /// Whether what is recorded reaches the disk (or will be retried).
    pub fn is_saving(&self) -> bool {
        matches!(self.saving, Saving::On | Saving::Failing(_))
    }

    pub fn resume_within(&self) -> Duration {
        self.resume_within
    }

    /// The interrupted calls of this pathway and mode, not held by another process and
    /// changed within the resume age, newest first. Finished calls, and interrupted ones
    /// older than the resume age, are deleted on the way. Calls of other pathways or of the
    /// other mode are left alone.
    pub fn offers(&mut self, loaded: &Loaded, audience: Audience, now: SystemTime) -> Offers {
        let mut offers = Offers {
            listed_at: now,
            resume_within: self.resume_within,
            ..Offers::default()
        };
        let Some(store) = &self.store else {
            return offers;
        };
        let ids = match store.call_ids() {
            Ok((ids, problems)) => {
                offers
                    .problems
                    .extend(problems.iter().map(ToString::to_string));
                ids
            }
            Err(e) => {
                offers.problems.push(e.to_string());
                return offers;
            }
        };
        let held = self.held.as_ref().map(|l| l.id().to_string());
        for id in ids {
            if held.as_deref() == Some(id.as_str()) {
                continue;
            }
            let lock = match store.lock_call(&id) {
                Ok(Some(lock)) => lock,
                Ok(None) => {
                    offers.busy += 1;
                    continue;
                }
                Err(e) => {
                    offers.problems.push(e.to_string());
                    continue;
                }
            };
            let saved = match store.read_call(&lock) {
                Ok(Some(saved)) => saved,
                Ok(None) => {
                    // A lock left by a call that never saved anything.
                    let _ = store.delete_call(lock);
                    continue;
                }
                Err(e) => {
                    offers.problems.push(e.to_string());
                    continue;
                }
            };
            if saved.pathway_id != loaded.pathway.id {
                continue;
            }
            if saved.status == CallStatus::Finished {
                let _ = store.delete_call(lock);
                continue;
            }
            if idle_for(&saved, now) > self.resume_within {
                match store.delete_call(lock) {
                    Ok(()) => offers.expired += 1,
                    Err(e) => offers.problems.push(e.to_string()),
                }
                continue;
            }
            if saved.mode == audience {
                offers.calls.push(saved);
            }
        }
        offers.calls.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
        offers
    }

    /// Takes up a call offered for resume: this process holds it from now on. Says why in a
    /// sentence when another process holds it or it is gone.
    pub fn claim(&mut self, call_id: &str, lang: Lang) -> Result<SavedCall, String> {
        use crate::strings::calls::{cannot_resume, gone, held_elsewhere};
        let Some(store) = &self.store else {
            return Err(cannot_resume(&gone(lang), lang));
        };
        let lock = match store.lock_call(call_id) {
            Ok(Some(lock)) => lock,
            Ok(None) => return Err(cannot_resume(&held_elsewhere(lang), lang)),
            Err(e) => return Err(cannot_resume(&e.to_string(), lang)),
        };
        match store.read_call(&lock) {
            Ok(Some(saved)) if saved.status == CallStatus::InProgress => {
                self.held = Some(lock);
                Ok(saved)
            }
            Ok(_) => Err(cannot_resume(&gone(lang), lang)),
            Err(e) => Err(cannot_resume(&e.to_string(), lang)),
        }
    }

    /// Saves the call. The first save of a call takes its lock (and lets go of the call held
    /// before, which is then left as it was saved). A call with nothing in it is not written.
    pub fn record(&mut self, saved: &SavedCall) -> Recorded {
        let Some(store) = &self.store else {
            return Recorded::Skipped;
        };
        if self.held.as_ref().is_some_and(|l| l.id() != saved.call_id) {
            self.held = None;
        }
        if self.held.is_none() && saved.is_empty() {
            return Recorded::Skipped;
        }
        let result = (|| {
            if self.held.is_none() {
                match store.lock_call(&saved.call_id)? {
                    Some(lock) => self.held = Some(lock),
                    None => {
                        return Err(StoreError::Unsafe {
                            path: store.call_path(&saved.call_id),
                            reason: "another carepath process holds this call".into(),
                        });
                    }
                }
            }
            let lock = self.held.as_ref().expect("held above");
            store.save_call(lock, saved)
        })();
        match (result, &self.saving) {
            (Ok(()), Saving::Failing(_)) => {
                self.saving = Saving::On;
                Recorded::Recovered
            }
            (Ok(()), _) => Recorded::Saved,
            (Err(e), Saving::Failing(before)) if *before == e.to_string() => Recorded::StillFailing,
            (Err(e), _) => {
                let reason = e.to_string();
                self.saving = Saving::Failing(reason.clone());
                Recorded::Failed(reason)
            }
        }
    }

    /// Writes the call's summary record (again over its own files when saved before).
    pub fn write_summary(
        &self,
        summary: &Summary,
        call_id: &str,
        lang: Lang,
    ) -> Result<SummaryFiles, String> {
        match &self.store {
            Some(store) => store
                .write_summary(summary, call_id)
                .map_err(|e| e.to_string()),
            None => Err(match &self.saving {
                Saving::Unavailable(reason) => reason.clone(),
                _ => crate::strings::ui(lang).summary_not_saved.to_string(),
            }),
        }
    }

    /// What became of `call` as the person leaves it (after it was recorded).
    pub fn left<'a>(&'a self, call: &Call) -> crate::strings::calls::Left<'a> {
        use crate::strings::calls::Left;
        match &self.saving {
            _ if call.is_finished() => Left::Finished,
            _ if call.is_blank() => Left::NothingGiven,
            Saving::On => Left::Saved,
            Saving::Disabled => Left::NotSaved(None),
            Saving::Unavailable(reason) | Saving::Failing(reason) => Left::NotSaved(Some(reason)),
        }
    }

    /// Lets go of the call held, leaving it as last saved.
    pub fn release(&mut self) {
        self.held = None;
    }
}

/// How long since the call last changed (zero for a time in the future or unreadable).
fn idle_for(saved: &SavedCall, now: SystemTime) -> Duration {
    humantime::parse_rfc3339(&saved.updated_at)
        .ok()
        .and_then(|t| now.duration_since(t).ok())
        .unwrap_or_default()
}

/// How long a saved call has been idle at `now`, in seconds.
pub fn idle_seconds(saved: &SavedCall, now: SystemTime) -> u64 {
    idle_for(saved, now).as_secs()
}

/// How a front end was asked to take calls, the same for the wizard and the line mode.
#[derive(Debug, Clone)]
pub struct CallOptions {
    /// Given with `--mode` (or by the command), or asked for on the first screen.
    pub audience: Option<Audience>,
    pub lang: Lang,
    pub no_save: bool,
    /// Interrupted calls idle longer than this are not offered (and are deleted).
    pub resume_within: Duration,
    /// The patient kiosk (`carepath kiosk`), ending the session after this long without a
    /// key: no suspend, no way back to the choice of mode, and a hang-up leaves at once.
    pub kiosk: Option<Duration>,
}

impl Default for CallOptions {
    fn default() -> Self {
        CallOptions {
            audience: None,
            lang: Lang::En,
            no_save: false,
            resume_within: DEFAULT_RESUME_WITHIN,
            kiosk: None,
        }
    }
}

/// How an interrupted call is offered for resume, in `lang`: when it started, its first
/// answers, how many it has and how long ago it last changed (as of `listed_at`).
pub fn offer_text(loaded: &Loaded, saved: &SavedCall, listed_at: SystemTime, lang: Lang) -> String {
    let glance = crate::call::glance(loaded, saved, lang);
    let idle = idle_seconds(saved, listed_at);
    crate::strings::calls::offer(
        &crate::strings::calls::readable_time(&saved.started_at),
        &crate::strings::calls::idle(idle, lang),
        &glance.first_answers,
        glance.answers,
        lang,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::Call;
    use crate::pathway::Lang;
    use crate::pathway::load::PathwaySource;
    use std::sync::LazyLock;

    static LOADED: LazyLock<Loaded> = LazyLock::new(|| PathwaySource::Bundled.load().unwrap());

    fn at(dir: &std::path::Path) -> Keeper {
        Keeper::new(Ok(Store::at(dir)), DEFAULT_RESUME_WITHIN)
    }

    /// A call of `audience` with two answers, last changed at `when`.
    fn call(audience: Audience, when: &str) -> SavedCall {
        let mut c = Call::new(&LOADED, audience, Lang::En, when);
        c.answer("safety", &["none".into()]).unwrap();
        c.answer("province", &["on".into()]).unwrap();
        c.snapshot(when)
    }

    fn time(t: &str) -> SystemTime {
        humantime::parse_rfc3339(t).unwrap()
    }

    const T0: &str = "2026-12-03T08:00:00Z";

    #[test]
    fn only_interrupted_calls_of_the_same_mode_are_offered() {
        let tmp = tempfile::tempdir().unwrap();
        let staff = call(Audience::Staff, T0);
        let patient = call(Audience::Patient, T0);
        let mut finished = call(Audience::Staff, T0);
        finished.status = CallStatus::Finished;
        for c in [&staff, &patient, &finished] {
            let mut writer = at(tmp.path());
            assert_eq!(writer.record(c), Recorded::Saved);
        }
        let now = time("2026-12-03T09:00:00Z");
        let offers = at(tmp.path()).offers(&LOADED, Audience::Staff, now);
        assert_eq!(offers.calls, vec![staff.clone()]);
        let offers = at(tmp.path()).offers(&LOADED, Audience::Patient, now);
        assert_eq!(offers.calls, vec![patient.clone()]);
        // The finished call's file went at the first listing.
        assert!(!Store::at(tmp.path()).call_path(&finished.call_id).exists());
        assert!(Store::at(tmp.path()).call_path(&staff.call_id).exists());
    }

    #[test]
    fn calls_idle_past_the_resume_age_are_deleted_and_counted() {
        let tmp = tempfile::tempdir().unwrap();
        let old = call(Audience::Staff, "2026-12-02T19:00:00Z");
        let fresh = call(Audience::Staff, "2026-12-03T07:30:00Z");
        for c in [&old, &fresh] {
            at(tmp.path()).record(c);
        }
        let now = time("2026-12-03T08:00:00Z"); // 13 h and 30 min later
        let mut long = Keeper::new(Ok(Store::at(tmp.path())), Duration::from_secs(86_400));
        assert_eq!(long.offers(&LOADED, Audience::Staff, now).calls.len(), 2);
        let offers = at(tmp.path()).offers(&LOADED, Audience::Staff, now);
        assert_eq!(offers.calls, vec![fresh]);
        assert_eq!(offers.expired, 1);
        assert!(!Store::at(tmp.path()).call_path(&old.call_id).exists());
    }

    #[test]
    fn a_call_held_by_another_keeper_is_neither_offered_nor_claimed() {
        let tmp = tempfile::tempdir().unwrap();
        let live = call(Audience::Staff, T0);
        let mut first = at(tmp.path());
        assert_eq!(first.record(&live), Recorded::Saved);
        let mut second = at(tmp.path());
        let offers = second.offers(&LOADED, Audience::Staff, time(T0));
        assert!(offers.calls.is_empty());
        assert_eq!(offers.busy, 1);
        let refused = second.claim(&live.call_id, Lang::En).unwrap_err();
        assert!(
            refused.contains("open in another carepath window"),
            "{refused}"
        );
        // Its own call is another file: the two never write one file.
        let other = call(Audience::Staff, T0);
        assert_ne!(other.call_id, live.call_id);
        assert_eq!(second.record(&other), Recorded::Saved);
        // Once the first lets go, the call can be resumed.
        first.release();
        let mut third = at(tmp.path());
        let offers = third.offers(&LOADED, Audience::Staff, time(T0));
        assert_eq!(
            offers.calls,
            vec![live.clone()],
            "the second still holds its own"
        );
        assert_eq!(third.claim(&live.call_id, Lang::En).unwrap(), live);
    }

    #[test]
    fn a_failed_save_is_retried_and_its_recovery_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("state");
        std::fs::write(&dir, "in the way").unwrap();
        let mut keeper = at(&dir);
        let c = call(Audience::Staff, T0);
        assert!(matches!(keeper.record(&c), Recorded::Failed(_)));
        assert!(matches!(keeper.saving(), Saving::Failing(_)));
        assert_eq!(keeper.record(&c), Recorded::StillFailing);
        std::fs::remove_file(&dir).unwrap();
        assert_eq!(keeper.record(&c), Recorded::Recovered);
        assert_eq!(keeper.saving(), &Saving::On);
        assert_eq!(keeper.record(&c), Recorded::Saved);
    }

    #[test]
    fn nothing_is_written_for_a_blank_call_or_without_saving() {
        let tmp = tempfile::tempdir().unwrap();
        let blank = Call::new(&LOADED, Audience::Staff, Lang::En, T0).snapshot(T0);
        assert_eq!(at(tmp.path()).record(&blank), Recorded::Skipped);
        assert_eq!(
            Keeper::disabled().record(&call(Audience::Staff, T0)),
            Recorded::Skipped
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    }
}
