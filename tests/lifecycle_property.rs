//! A property of the call's lifecycle: random runs split across the wizard (keys, with the
//! effects done as the terminal loop does them), the line mode (lines), a killed process
//! (dropped without quitting) and restarts, all on one state folder, keep every confirmed
//! answer, the note and the pending answers; a finished call never comes back; a call held
//! by a live process is never offered to, nor written by, another.

use std::collections::HashSet;
use std::io::Cursor;
use std::path::Path;
use std::sync::LazyLock;
use std::time::{Duration, SystemTime};

use carepath::call::{CallStatus, SavedCall};
use carepath::keeper::CallOptions;
use carepath::keeper::{Keeper, Saving};
use carepath::pathway::load::{Loaded, PathwaySource};
use carepath::pathway::{Audience, Choice, Lang};
use carepath::plain::LineMode;
use carepath::store::Store;
use carepath::wizard::action::Action;
use carepath::wizard::terminal::perform;
use carepath::wizard::{Screen, StartOptions, Wizard};
use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

static LOADED: LazyLock<Loaded> = LazyLock::new(|| PathwaySource::Bundled.load().unwrap());

fn keeper(state: &Path) -> Keeper {
    Keeper::new(Ok(Store::at(state)), Duration::from_secs(12 * 3600))
}

fn calls(state: &Path) -> Vec<SavedCall> {
    std::fs::read_dir(state)
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| {
                    let n = p.file_name().unwrap().to_string_lossy();
                    n.starts_with("call-") && n.ends_with(".json")
                })
                .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

/// How a run ends.
#[derive(Debug, Clone, Copy)]
enum End {
    /// `q q` in the wizard, `quit` in the line mode.
    Quit,
    /// The process is killed: nothing more happens, locks go with it.
    Kill,
    /// The input ends (line mode) or the wizard is left running while the next run starts.
    StayOpen,
}

/// One run of carepath on the shared state folder.
#[derive(Debug, Clone)]
enum Run {
    Wizard {
        audience: Audience,
        resume: bool,
        steps: Vec<u8>,
        end: End,
    },
    Plain {
        audience: Audience,
        resume: bool,
        steps: Vec<u8>,
        end: End,
    },
}

fn run_strategy() -> impl Strategy<Value = Run> {
    let audience = prop_oneof![Just(Audience::Staff), Just(Audience::Patient)];
    let end = prop_oneof![Just(End::Quit), Just(End::Kill), Just(End::StayOpen)];
    let steps = prop::collection::vec(any::<u8>(), 0..24);
    (any::<bool>(), audience, any::<bool>(), steps, end).prop_map(
        |(wizard, audience, resume, steps, end)| match wizard {
            true => Run::Wizard {
                audience,
                resume,
                steps,
                end,
            },
            false => Run::Plain {
                audience,
                resume,
                steps,
                end,
            },
        },
    )
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses a key and does its effects as the terminal loop does.
fn press(w: &mut Wizard, keeper: &mut Keeper, code: KeyCode) {
    press_key(w, keeper, key(code));
}

fn press_key(w: &mut Wizard, keeper: &mut Keeper, key: KeyEvent) {
    let mut pending = w.handle_key(key);
    while let Some(effect) = pending.pop() {
        if let Some(follow) = perform(w, keeper, effect, &mut std::io::sink()) {
            pending.extend(w.update(follow));
        }
    }
}

/// What the tests knows of the calls so far.
#[derive(Default)]
struct Record {
    finished: HashSet<String>,
}

/// The call as a front end last held it must be on disk as it was (answers, pending, note,
/// status), unless it holds nothing.
fn assert_kept(state: &Path, expected: &SavedCall, how: &str) {
    if expected.is_empty() {
        return;
    }
    let on_disk = calls(state)
        .into_iter()
        .find(|c| c.call_id == expected.call_id);
    // A finished call's file may already be gone: finished calls are deleted at a listing.
    if expected.status == CallStatus::Finished && on_disk.is_none() {
        return;
    }
    let on_disk = on_disk.unwrap_or_else(|| panic!("{how}: call {} lost", expected.call_id));
    assert_eq!(on_disk.answers, expected.answers, "{how}: answers");
    assert_eq!(on_disk.pending, expected.pending, "{how}: pending answers");
    assert_eq!(on_disk.note, expected.note, "{how}: note");
    assert_eq!(on_disk.status, expected.status, "{how}: status");
}

/// The interrupted calls offered at a start: never a finished one, never one a live process
/// holds, never one of the other mode.
fn offered(
    k: &mut Keeper,
    audience: Audience,
    record: &Record,
    live: &HashSet<String>,
) -> carepath::keeper::Offers {
    let offers = k.offers(&LOADED, audience, SystemTime::now());
    for c in &offers.calls {
        assert!(
            !record.finished.contains(&c.call_id),
            "a finished call came back"
        );
        assert!(
            !live.contains(&c.call_id),
            "a live call was offered to another"
        );
        assert_eq!(c.mode, audience, "offered in the other mode");
    }
    offers
}

/// A wizard run: the offer, then keys chosen by `steps`.
fn wizard_run(
    state: &Path,
    audience: Audience,
    resume: bool,
    steps: &[u8],
    record: &mut Record,
    live: &HashSet<String>,
) -> (Wizard<'static>, Keeper) {
    let mut k = keeper(state);
    let mut w = Wizard::new(
        &LOADED,
        StartOptions {
            audience: Some(audience),
            lang: Lang::En,
            saving: Saving::On,
            now: carepath::store::now_rfc3339(),
            trainer: None,
            kiosk: false,
        },
    );
    let offers = offered(&mut k, audience, record, live);
    w.update(Action::CallsFound(Box::new(offers)));
    if w.screen() == Screen::Resume {
        press(
            &mut w,
            &mut k,
            if resume {
                KeyCode::Char('2')
            } else {
                KeyCode::Enter
            },
        );
    }
    for s in steps {
        let code = match (w.screen(), s % 10) {
            (Screen::Question, 0) => KeyCode::Esc,
            (Screen::Question, 1) => KeyCode::F(4),
            (Screen::Question, _) => {
                let q = w.question().unwrap();
                let n = (*s as usize / 10) % q.options.len().min(9) + 1;
                let digit = KeyCode::Char(char::from_digit(n as u32, 10).unwrap());
                if q.choice == Choice::Multi {
                    press(&mut w, &mut k, digit);
                    KeyCode::Enter
                } else {
                    digit
                }
            }
            (Screen::Review, 0) => KeyCode::Esc,
            (Screen::Review, _) => KeyCode::Enter,
            (Screen::Outcome, 0..=3) => KeyCode::Char('n'),
            (Screen::Outcome, 4..=5) => KeyCode::Char('N'),
            (Screen::Outcome, 6) => KeyCode::Char('s'),
            (Screen::Outcome, 7) => KeyCode::Char('r'),
            (Screen::Outcome, _) if w.editing_note() => KeyCode::Char('x'),
            (Screen::Outcome, _) => KeyCode::Char('y'),
            (Screen::Crisis, 0..=4) => KeyCode::Esc,
            (Screen::Crisis, _) => KeyCode::Char('N'),
            _ => KeyCode::Esc,
        };
        let before = w.call().id().to_string();
        press(&mut w, &mut k, code);
        if w.call().id() != before {
            // The next call (N): the one before is finished.
            record.finished.insert(before);
        }
        // A saved summary finishes the call; a changed answer opens it again.
        if w.call().is_finished() {
            record.finished.insert(w.call().id().to_string());
        } else {
            record.finished.remove(w.call().id());
        }
    }
    (w, k)
}

/// A line-mode run: the offer, then lines chosen by `steps`, then the end.
fn plain_run(
    state: &Path,
    audience: Audience,
    resume: bool,
    steps: &[u8],
    end: End,
    record: &Record,
    live: &HashSet<String>,
) -> (SavedCall, bool) {
    let mut k = keeper(state);
    let offered = offered(&mut k, audience, record, live);
    drop(k);
    let mut lines: Vec<String> = Vec::new();
    if !offered.calls.is_empty() {
        lines.push(if resume {
            "resume".into()
        } else {
            String::new()
        });
    }
    for s in steps {
        lines.push(match s % 8 {
            0 => "back".into(),
            1 => "crisis".into(),
            2 => "note seen today".into(),
            3 => String::new(),
            _ => ((*s as usize / 8) % 9 + 1).to_string(),
        });
    }
    if let End::Quit = end {
        lines.push("quit".into());
    }
    let input = Cursor::new(lines.join("\n").into_bytes());
    let opts = CallOptions {
        audience: Some(audience),
        ..CallOptions::default()
    };
    let mut out = Vec::new();
    let mut line_mode = LineMode::new(&LOADED, opts, keeper(state), input, &mut out);
    line_mode.run().expect("the line mode runs");
    let call = line_mode.call().snapshot("2026-12-03T00:00:00Z");
    (call, line_mode.call().is_finished())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn runs_across_front_ends_keep_every_answer_and_never_bring_back_a_finished_call(
        runs in prop::collection::vec(run_strategy(), 1..8)
    ) {
        let state = tempfile::tempdir().unwrap();
        let mut record = Record::default();
        // A wizard left open holds its call while the next runs happen.
        let mut open: Option<(Wizard<'static>, Keeper)> = None;
        for (i, run) in runs.iter().enumerate() {
            let live: HashSet<String> = open
                .iter()
                .filter(|(w, _)| !w.call().is_blank())
                .map(|(w, _)| w.call().id().to_string())
                .collect();
            let live_before: Vec<SavedCall> = calls(state.path())
                .into_iter()
                .filter(|c| live.contains(&c.call_id))
                .collect();
            match run {
                Run::Wizard { audience, resume, steps, end } => {
                    let (mut w, mut k) =
                        wizard_run(state.path(), *audience, *resume, steps, &mut record, &live);
                    match end {
                        End::Quit => {
                            // Ctrl-C quits from every screen, a note being typed included.
                            let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
                            press_key(&mut w, &mut k, ctrl_c);
                            assert!(w.quit());
                            if w.call().is_finished() {
                                record.finished.insert(w.call().id().to_string());
                            }
                            let expected = w.call().snapshot("");
                            assert_kept(state.path(), &expected, &format!("run {i} quit"));
                        }
                        End::Kill => {
                            let expected = w.call().snapshot("");
                            drop((w, k));
                            assert_kept(state.path(), &expected, &format!("run {i} killed"));
                        }
                        End::StayOpen => {
                            let expected = w.call().snapshot("");
                            assert_kept(state.path(), &expected, &format!("run {i} open"));
                            // The one open before is killed now.
                            open = Some((w, k));
                            continue;
                        }
                    }
                }
                Run::Plain { audience, resume, steps, end } => {
                    let (expected, finished) = plain_run(
                        state.path(), *audience, *resume, steps, *end, &record, &live,
                    );
                    if finished {
                        record.finished.insert(expected.call_id.clone());
                    } else {
                        record.finished.remove(&expected.call_id);
                    }
                    assert_kept(state.path(), &expected, &format!("run {i} line mode"));
                }
            }
            // Nothing another process did changed the live call's file.
            for before in live_before {
                let now = calls(state.path())
                    .into_iter()
                    .find(|c| c.call_id == before.call_id)
                    .expect("a live call's file is kept");
                assert_eq!(now, before, "run {i} wrote a call held by another process");
            }
        }
    }
}
