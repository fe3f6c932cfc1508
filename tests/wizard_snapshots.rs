//! Snapshots of every wizard screen on a `TestBackend` (80×24 and 120×40, staff and patient),
//! the styles that show the selection without colour, and renders at odd sizes that must not
//! panic.

#[path = "common/calls.rs"]
mod calls;
#[path = "common/placeholders.rs"]
mod placeholders;

use calls::{NEUROPATHIC, PAIN_MEDICINE};
use std::path::PathBuf;
use std::sync::LazyLock;

use carepath::call::SavedCall;
use carepath::keeper::Offers;
use carepath::pathway::load::{Loaded, PathwaySource};
use carepath::pathway::{Audience, Choice, Lang};
use carepath::store::SummaryFiles;
use carepath::wizard::action::{Action, SummarySaved};
use carepath::wizard::render::{Theme, render};
use carepath::wizard::{Overlay, Screen, StartOptions, Wizard};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Position;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

static LOADED: LazyLock<Loaded> = LazyLock::new(|| {
    PathwaySource::Bundled
        .load()
        .expect("the bundled pathway loads")
});

const NOW: &str = "2026-11-25T10:00:00Z";

/// Prince Edward Island, no diagnosis yet, private insurance: referral to a family physician.
const REFERRAL: [(&str, &str); 8] = [
    ("safety", "none"),
    ("province", "pe"),
    ("age", "adult"),
    ("concern", "pain"),
    ("indication", "other"),
    ("comorbidities", "none"),
    ("screening", "bladder"),
    ("coverage", "private"),
];

/// Where a real state directory puts the summary files: paths longer than a narrow screen.
fn summary_paths() -> (PathBuf, PathBuf) {
    let dir = "/home/intake-worker/.local/state/carepath/summaries";
    let stem = "ketamine-chronic-pain-20261125T100000Z";
    (
        PathBuf::from(format!("{dir}/{stem}.txt")),
        PathBuf::from(format!("{dir}/{stem}.json")),
    )
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn press(w: &mut Wizard, code: KeyCode) {
    w.handle_key(key(code));
}

fn type_text(w: &mut Wizard, text: &str) {
    for c in text.chars() {
        press(w, KeyCode::Char(c));
    }
}

fn wizard(audience: Option<Audience>, resumable: Option<SavedCall>) -> Wizard<'static> {
    wizard_in(Lang::En, audience, resumable)
}

fn wizard_in(
    lang: Lang,
    audience: Option<Audience>,
    resumable: Option<SavedCall>,
) -> Wizard<'static> {
    let audience = audience.or(resumable.as_ref().map(|s| s.mode));
    let mut w = Wizard::new(
        &LOADED,
        StartOptions {
            audience,
            lang,
            saving: carepath::keeper::Saving::Disabled,
            now: NOW.into(),
            trainer: None,
            kiosk: false,
        },
    );
    if let Some(saved) = resumable {
        // As the terminal loop hands over the interrupted calls it found.
        // Listed 25 minutes after the call last changed.
        let changed = humantime::parse_rfc3339(&saved.updated_at).unwrap();
        w.update(Action::CallsFound(Box::new(Offers {
            calls: vec![saved],
            listed_at: changed + std::time::Duration::from_secs(25 * 60),
            ..Offers::default()
        })));
    }
    w
}

/// Answers the question on screen with keys, as a person would: the option ids typed into
/// the filter, Space to tick in a multi-choice question, Enter to choose.
fn answer(w: &mut Wizard, question: &str, options: &str) {
    let q = w
        .question()
        .unwrap_or_else(|| panic!("expected `{question}`, but the screen is {:?}", w.screen()));
    assert_eq!(q.id, question, "question order");
    match q.choice {
        Choice::Single => {
            type_text(w, options);
            press(w, KeyCode::Enter);
        }
        Choice::Multi => {
            for o in options.split(',') {
                type_text(w, o);
                press(w, KeyCode::Char(' '));
                w.handle_key(ctrl('u'));
            }
            press(w, KeyCode::Enter);
        }
    }
}

fn answer_all(w: &mut Wizard, answers: &[(&str, &str)]) {
    for (q, a) in answers {
        answer(w, q, a);
    }
}

/// Every screen and state worth a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scene {
    Start,
    StartResume,
    QuestionFirst,
    QuestionSingle,
    QuestionMulti,
    FilterIle,
    FilterQuebec,
    FilterNoMatch,
    Crisis,
    CrisisOverlay,
    Review,
    ReviewRemoved,
    OutcomePainMedicine,
    OutcomeReferral,
    OutcomeNote,
    SummarySaved,
    Help,
    ConfirmQuit,
}

const SCENES: [Scene; 18] = [
    Scene::Start,
    Scene::StartResume,
    Scene::QuestionFirst,
    Scene::QuestionSingle,
    Scene::QuestionMulti,
    Scene::FilterIle,
    Scene::FilterQuebec,
    Scene::FilterNoMatch,
    Scene::Crisis,
    Scene::CrisisOverlay,
    Scene::Review,
    Scene::ReviewRemoved,
    Scene::OutcomePainMedicine,
    Scene::OutcomeReferral,
    Scene::OutcomeNote,
    Scene::SummarySaved,
    Scene::Help,
    Scene::ConfirmQuit,
];

impl Scene {
    fn name(self) -> &'static str {
        match self {
            Scene::Start => "start",
            Scene::StartResume => "start_resume",
            Scene::QuestionFirst => "question_first",
            Scene::QuestionSingle => "question_single",
            Scene::QuestionMulti => "question_multi",
            Scene::FilterIle => "filter_ile_fr",
            Scene::FilterQuebec => "filter_quebec",
            Scene::FilterNoMatch => "filter_no_match",
            Scene::Crisis => "crisis",
            Scene::CrisisOverlay => "crisis_overlay",
            Scene::Review => "review",
            Scene::ReviewRemoved => "review_removed",
            Scene::OutcomePainMedicine => "outcome_pain_medicine",
            Scene::OutcomeReferral => "outcome_referral",
            Scene::OutcomeNote => "outcome_note",
            Scene::SummarySaved => "summary_saved",
            Scene::Help => "help",
            Scene::ConfirmQuit => "confirm_quit",
        }
    }

    /// Builds the wizard in this scene by pressing keys from a fresh start.
    fn build(self, audience: Audience) -> Wizard<'static> {
        self.build_in(Lang::En, audience)
    }

    fn build_in(self, lang: Lang, audience: Audience) -> Wizard<'static> {
        let mut w = match self {
            Scene::Start => wizard_in(lang, None, None),
            Scene::StartResume => {
                let mut before = wizard_in(lang, Some(audience), None);
                answer_all(&mut before, &PAIN_MEDICINE[..4]);
                wizard_in(
                    lang,
                    None,
                    Some(before.call().snapshot("2026-11-24T16:30:00Z")),
                )
            }
            _ => wizard_in(lang, Some(audience), None),
        };
        match self {
            Scene::Start | Scene::StartResume | Scene::QuestionFirst => {}
            Scene::QuestionSingle => answer_all(&mut w, &PAIN_MEDICINE[..3]),
            Scene::QuestionMulti => {
                answer_all(&mut w, &PAIN_MEDICINE[..5]);
                // Tick depression (1) and PTSD (2), then move down to Anxiety.
                type_text(&mut w, "12");
                press(&mut w, KeyCode::Down);
            }
            Scene::FilterIle => {
                // "Île-du-Prince-Édouard" is the French label.
                if w.lang() == Lang::En {
                    press(&mut w, KeyCode::F(4));
                }
                answer_all(&mut w, &PAIN_MEDICINE[..1]);
                type_text(&mut w, "ile");
            }
            Scene::FilterQuebec => {
                answer_all(&mut w, &PAIN_MEDICINE[..1]);
                type_text(&mut w, "quebec");
            }
            Scene::FilterNoMatch => {
                answer_all(&mut w, &PAIN_MEDICINE[..1]);
                type_text(&mut w, "zzz");
            }
            Scene::Crisis => answer(&mut w, "safety", "crisis"),
            Scene::CrisisOverlay => {
                answer_all(&mut w, &PAIN_MEDICINE[..7]);
                press(&mut w, KeyCode::F(2));
            }
            Scene::Review => answer_all(&mut w, &PAIN_MEDICINE),
            Scene::ReviewRemoved => {
                // Mental health as the main concern: three answers no longer apply.
                answer_all(&mut w, &NEUROPATHIC);
                press(&mut w, KeyCode::Char('4'));
                answer(&mut w, "concern", "mental_health");
            }
            Scene::OutcomePainMedicine | Scene::OutcomeNote | Scene::SummarySaved => {
                answer_all(&mut w, &PAIN_MEDICINE);
                press(&mut w, KeyCode::Enter);
                if self == Scene::OutcomeNote {
                    if audience == Audience::Staff {
                        press(&mut w, KeyCode::Char('n'));
                        type_text(&mut w, "Called back, WSIB claim 12345");
                    }
                } else if self == Scene::SummarySaved {
                    // A note, the summary saved where a real state directory puts it, then
                    // `y`: three messages above the result, none of them hidden.
                    if audience == Audience::Staff {
                        press(&mut w, KeyCode::Char('n'));
                        type_text(&mut w, "Called back, WSIB claim 12345");
                        press(&mut w, KeyCode::Enter);
                    }
                    let (txt, json) = summary_paths();
                    w.update(Action::SummaryWritten(SummarySaved {
                        files: SummaryFiles {
                            fhir: json.with_extension("fhir.json"),
                            txt,
                            json,
                            replaced: false,
                        },
                        ended_at: NOW.into(),
                    }));
                    press(&mut w, KeyCode::Char('y'));
                }
            }
            Scene::OutcomeReferral => {
                answer_all(&mut w, &REFERRAL);
                press(&mut w, KeyCode::Enter);
            }
            Scene::Help => {
                answer_all(&mut w, &PAIN_MEDICINE[..3]);
                press(&mut w, KeyCode::Char('?'));
            }
            Scene::ConfirmQuit => {
                answer_all(&mut w, &PAIN_MEDICINE[..3]);
                press(&mut w, KeyCode::Char('q'));
            }
        }
        self.check(&w, audience);
        w
    }

    /// The scene is what its name says (so a snapshot never silently shows the wrong screen).
    fn check(self, w: &Wizard, audience: Audience) {
        let expected = match self {
            Scene::Start => Screen::Start,
            Scene::StartResume => Screen::Resume,
            Scene::Crisis => Screen::Crisis,
            Scene::Review | Scene::ReviewRemoved => Screen::Review,
            Scene::OutcomePainMedicine
            | Scene::OutcomeReferral
            | Scene::OutcomeNote
            | Scene::SummarySaved => Screen::Outcome,
            _ => Screen::Question,
        };
        assert_eq!(w.screen(), expected, "{self:?}");
        let overlay = match self {
            Scene::CrisisOverlay => Some(Overlay::Crisis),
            Scene::Help => Some(Overlay::Help),
            _ => None,
        };
        assert_eq!(w.overlay(), overlay, "{self:?}");
        match self {
            Scene::ReviewRemoved => assert!(w.notice().is_some(), "the removed notice shows"),
            Scene::OutcomePainMedicine => {
                assert_eq!(w.outcome().unwrap().node.id, "pain-medicine")
            }
            Scene::OutcomeReferral => {
                assert_eq!(w.outcome().unwrap().node.id, "referral-diagnosis")
            }
            Scene::OutcomeNote => assert_eq!(w.editing_note(), audience == Audience::Staff),
            Scene::ConfirmQuit => assert!(w.confirm_quit()),
            _ => {}
        }
    }
}

/// Draws without colour, as under `NO_COLOR`: whatever shows the selection must survive.
fn draw(w: &Wizard, width: u16, height: u16) -> Terminal<TestBackend> {
    draw_with(w, Theme::default(), width, height)
}

fn draw_with(w: &Wizard, theme: Theme, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| render(w, theme, f)).unwrap();
    terminal
}

fn audience_name(a: Audience) -> &'static str {
    match a {
        Audience::Staff => "staff",
        Audience::Patient => "patient",
    }
}

/// Snapshots a scene at 80×24 and 120×40, for staff and for patients. The start screens do
/// not depend on the mode, so they are taken once per size.
fn snapshot(scene: Scene) {
    let audiences: &[Audience] = match scene {
        Scene::Start | Scene::StartResume => &[Audience::Staff],
        _ => &[Audience::Staff, Audience::Patient],
    };
    for &audience in audiences {
        for (width, height) in [(80, 24), (120, 40)] {
            let w = scene.build(audience);
            let terminal = draw(&w, width, height);
            let name = match scene {
                Scene::Start | Scene::StartResume => {
                    format!("{}_{width}x{height}", scene.name())
                }
                _ => format!(
                    "{}_{width}x{height}_{}",
                    scene.name(),
                    audience_name(audience)
                ),
            };
            insta::assert_snapshot!(name.as_str(), terminal.backend());
        }
    }
}

#[test]
fn start() {
    snapshot(Scene::Start);
}

#[test]
fn start_resume() {
    snapshot(Scene::StartResume);
}

#[test]
fn question_first() {
    snapshot(Scene::QuestionFirst);
}

#[test]
fn question_single() {
    snapshot(Scene::QuestionSingle);
}

#[test]
fn question_multi() {
    snapshot(Scene::QuestionMulti);
}

#[test]
fn filter_ile() {
    snapshot(Scene::FilterIle);
}

#[test]
fn filter_quebec() {
    snapshot(Scene::FilterQuebec);
}

#[test]
fn filter_no_match() {
    snapshot(Scene::FilterNoMatch);
}

#[test]
fn crisis() {
    snapshot(Scene::Crisis);
}

#[test]
fn crisis_overlay() {
    snapshot(Scene::CrisisOverlay);
}

#[test]
fn review() {
    snapshot(Scene::Review);
}

#[test]
fn review_removed() {
    snapshot(Scene::ReviewRemoved);
}

#[test]
fn outcome_pain_medicine() {
    snapshot(Scene::OutcomePainMedicine);
}

#[test]
fn outcome_referral() {
    snapshot(Scene::OutcomeReferral);
}

#[test]
fn outcome_note() {
    snapshot(Scene::OutcomeNote);
}

#[test]
fn summary_saved() {
    snapshot(Scene::SummarySaved);
}

#[test]
fn help() {
    snapshot(Scene::Help);
}

#[test]
fn confirm_quit() {
    snapshot(Scene::ConfirmQuit);
}

#[test]
fn too_small() {
    for audience in [Audience::Staff, Audience::Patient] {
        let w = Scene::QuestionSingle.build(audience);
        let terminal = draw(&w, 50, 12);
        let name = format!("too_small_50x12_{}", audience_name(audience));
        insta::assert_snapshot!(name.as_str(), terminal.backend());
    }
}

/// The same wizard in French (the filter scene is French already).
#[test]
fn french() {
    for scene in [
        Scene::Start,
        Scene::QuestionSingle,
        Scene::QuestionMulti,
        Scene::Crisis,
        Scene::CrisisOverlay,
        Scene::ReviewRemoved,
        Scene::OutcomePainMedicine,
        Scene::Help,
        Scene::ConfirmQuit,
    ] {
        for audience in [Audience::Staff, Audience::Patient] {
            if scene == Scene::Start && audience == Audience::Patient {
                continue;
            }
            let w = scene.build_in(Lang::Fr, audience);
            assert_eq!(w.lang(), Lang::Fr);
            let terminal = draw(&w, 80, 24);
            let name = match scene {
                Scene::Start => format!("{}_80x24_fr", scene.name()),
                _ => format!("{}_80x24_{}_fr", scene.name(), audience_name(audience)),
            };
            insta::assert_snapshot!(name.as_str(), terminal.backend());
        }
    }
}

/// Every screen in both languages and both modes, at both sizes and too small to draw in:
/// no template placeholder such as `{n}` is left unfilled.
#[test]
fn no_screen_shows_a_template_placeholder() {
    for lang in [Lang::En, Lang::Fr] {
        for scene in SCENES {
            for audience in [Audience::Staff, Audience::Patient] {
                let w = scene.build_in(lang, audience);
                for (width, height) in [(80, 24), (120, 40), (50, 12)] {
                    let shown = draw(&w, width, height).backend().to_string();
                    let context = format!("{scene:?} {lang:?} {audience:?} {width}×{height}");
                    placeholders::assert_no_placeholder(&context, &shown);
                }
            }
        }
    }
}

#[test]
fn every_screen_renders_at_any_size_without_panicking() {
    for scene in SCENES {
        for audience in [Audience::Staff, Audience::Patient] {
            let w = scene.build(audience);
            for (width, height) in [
                (0, 0),
                (1, 1),
                (0, 24),
                (80, 0),
                (59, 15),
                (60, 16),
                (61, 17),
                (200, 60),
            ] {
                draw(&w, width, height);
            }
        }
    }
}

// ---- Styles: the selection shows without colour ---------------------------------------------

/// The text of row `y`.
fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

/// The rows showing the `▶` marker, with the column where it is.
fn marker_rows(buf: &Buffer) -> Vec<(u16, u16)> {
    let mut rows = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            if buf[(x, y)].symbol() == "▶" {
                rows.push((x, y));
            }
        }
    }
    rows
}

/// Checks the one highlighted row: a `▶`, REVERSED from the marker to the end of its text,
/// no other row REVERSED, and the real cursor on it.
fn assert_selection(terminal: &mut Terminal<TestBackend>, expected_text: &str) {
    let buf = terminal.backend().buffer().clone();
    let markers = marker_rows(&buf);
    assert_eq!(markers.len(), 1, "one ▶ marker on screen:\n{buf:?}");
    let (mx, my) = markers[0];
    let text = row_text(&buf, my);
    assert!(
        text.contains(expected_text),
        "the highlighted row is {text:?}, expected it to contain {expected_text:?}"
    );
    let end = text.trim_end().chars().count() as u16;
    for x in mx..end {
        assert!(
            buf[(x, my)].modifier.contains(Modifier::REVERSED),
            "cell ({x}, {my}) of the highlighted row is REVERSED: {text:?}"
        );
    }
    for y in (0..buf.area.height).filter(|&y| y != my) {
        for x in 0..buf.area.width {
            assert!(
                !buf[(x, y)].modifier.contains(Modifier::REVERSED),
                "only the highlighted row is REVERSED, but ({x}, {y}) is: {:?}",
                row_text(&buf, y)
            );
        }
    }
    assert_eq!(
        terminal.get_cursor_position().unwrap(),
        Position::new(mx, my),
        "the real cursor is on the highlighted row"
    );
    assert!(terminal.backend().cursor_visible(), "the cursor is shown");
}

#[test]
fn the_highlighted_option_is_reversed_with_a_marker_and_the_cursor() {
    for audience in [Audience::Staff, Audience::Patient] {
        // First question: the first option highlighted.
        let w = Scene::QuestionFirst.build(audience);
        assert_selection(&mut draw(&w, 80, 24), "1. Thoughts of suicide");

        // Move down twice.
        let mut w = Scene::QuestionFirst.build(audience);
        press(&mut w, KeyCode::Down);
        press(&mut w, KeyCode::Down);
        assert_selection(&mut draw(&w, 80, 24), "3. Neither of these");

        // A multi-choice question: the highlight is on Anxiety, the ticks are not reversed.
        let w = Scene::QuestionMulti.build(audience);
        let mut t = draw(&w, 80, 24);
        assert_selection(&mut t, "[ ] 3. Anxiety");
        let buf = t.backend().buffer();
        let all: String = (0..buf.area.height).map(|y| row_text(buf, y)).collect();
        assert!(all.contains("[x] 1. Depression") && all.contains("[x] 2. PTSD"));

        // Province 13 (Yukon) at the bottom of a short list: the list scrolls, the cursor
        // follows.
        let mut w = wizard(Some(audience), None);
        answer(&mut w, "safety", "none");
        for _ in 0..12 {
            press(&mut w, KeyCode::Down);
        }
        assert_selection(&mut draw(&w, 60, 16), "13. Yukon");
        assert_selection(&mut draw(&w, 120, 40), "13. Yukon");

        // Colour and high contrast keep the marker, REVERSED and the cursor.
        for theme in [
            Theme {
                color: true,
                ..Theme::default()
            },
            Theme {
                color: true,
                high_contrast: true,
            },
        ] {
            let w = Scene::QuestionMulti.build(audience);
            assert_selection(&mut draw_with(&w, theme, 80, 24), "[ ] 3. Anxiety");
        }

        // The start screen, the review and its last row.
        let mut w = wizard(None, None);
        assert_selection(&mut draw(&w, 80, 24), "1. Staff");
        press(&mut w, KeyCode::Down);
        assert_selection(&mut draw(&w, 80, 24), "2. Patient");
        let w = Scene::Review.build(audience);
        assert_selection(&mut draw(&w, 80, 24), "See the result");
        let mut w = Scene::Review.build(audience);
        press(&mut w, KeyCode::Up);
        assert_selection(&mut draw(&w, 80, 24), "9. ");
        press(&mut w, KeyCode::Up);
        assert_selection(&mut draw(&w, 120, 40), "8. ");
    }
}

/// The cells of row `y` that are BOLD and UNDERLINED, as text.
fn matched_letters(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .filter(|&x| {
            buf[(x, y)]
                .modifier
                .contains(Modifier::BOLD | Modifier::UNDERLINED)
        })
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect()
}

fn row_containing(buf: &Buffer, text: &str) -> u16 {
    (0..buf.area.height)
        .find(|&y| row_text(buf, y).contains(text))
        .unwrap_or_else(|| panic!("no row contains {text:?}"))
}

#[test]
fn matched_filter_letters_are_bold_and_underlined() {
    for audience in [Audience::Staff, Audience::Patient] {
        let mut w = wizard(Some(audience), None);
        answer(&mut w, "safety", "none");
        type_text(&mut w, "ont");
        let t = draw(&w, 80, 24);
        let buf = t.backend().buffer();
        let y = row_containing(buf, "Ontario");
        assert_eq!(matched_letters(buf, y), "Ont");
        // The highlighted row keeps REVERSED under the match style.
        let o = (0..buf.area.width)
            .find(|&x| buf[(x, y)].symbol() == "O")
            .unwrap();
        assert!(buf[(o, y)].modifier.contains(Modifier::REVERSED));

        // Accents: "quebec" matches every letter of "Québec", é included.
        let mut w = wizard(Some(audience), None);
        answer(&mut w, "safety", "none");
        type_text(&mut w, "quebec");
        let t = draw(&w, 80, 24);
        let buf = t.backend().buffer();
        let y = row_containing(buf, "Québec");
        assert_eq!(matched_letters(buf, y), "Québec");

        // …and "ile" the Î of "Île-du-Prince-Édouard".
        let mut w = wizard(Some(audience), None);
        press(&mut w, KeyCode::F(4));
        answer(&mut w, "safety", "none");
        type_text(&mut w, "ile");
        let t = draw(&w, 80, 24);
        let buf = t.backend().buffer();
        let y = row_containing(buf, "Île-du-Prince-Édouard");
        assert_eq!(matched_letters(buf, y), "Île");

        // No letter is marked when the filter is empty.
        let mut w = wizard(Some(audience), None);
        answer(&mut w, "safety", "none");
        let t = draw(&w, 80, 24);
        let buf = t.backend().buffer();
        for y in 0..buf.area.height {
            assert_eq!(matched_letters(buf, y), "", "row {y}");
        }
    }
}

#[test]
fn the_crisis_overlay_names_the_province_health_line() {
    for audience in [Audience::Staff, Audience::Patient] {
        let w = Scene::CrisisOverlay.build(audience);
        for (width, height) in [(80, 24), (120, 40)] {
            let t = draw(&w, width, height);
            let buf = t.backend().buffer();
            let all: String = (0..buf.area.height)
                .map(|y| row_text(buf, y) + "\n")
                .collect();
            assert!(all.contains("911"), "{all}");
            assert!(all.contains("Ontario"), "{all}");
            assert!(all.contains("Health811"), "{all}");
        }
    }
}

// ---- Known bugs: each test states the expected behaviour; un-ignore once fixed ------------

fn screen(w: &Wizard, width: u16, height: u16) -> String {
    draw(w, width, height).backend().to_string()
}

#[test]
fn the_review_shows_its_highlighted_result_row_at_the_minimum_size() {
    let w = Scene::Review.build(Audience::Staff);
    assert_selection(&mut draw(&w, 60, 16), "See the result");
}

#[test]
fn the_help_fits_at_the_minimum_size() {
    let w = Scene::Help.build(Audience::Staff);
    let shown = screen(&w, 60, 16);
    assert!(shown.contains("q q, Ctrl-C"), "{shown}");
    assert!(shown.contains("closes this help"), "{shown}");
}

#[test]
fn the_crisis_panel_drops_the_placeholder_once_the_province_is_known() {
    let w = Scene::CrisisOverlay.build(Audience::Patient);
    let shown = screen(&w, 120, 40);
    assert!(shown.contains("Health811"), "{shown}");
    assert!(!shown.contains("is shown here"), "{shown}");
}

#[test]
fn the_staff_crisis_screen_tells_staff_to_stop_the_intake() {
    let w = Scene::Crisis.build(Audience::Staff);
    let shown = screen(&w, 80, 24);
    assert!(shown.contains("Stop the intake"), "{shown}");
}

#[test]
fn the_quit_prompt_does_not_promise_saving_under_no_save() {
    let w = Scene::ConfirmQuit.build(Audience::Staff);
    let shown = screen(&w, 120, 40);
    assert!(shown.contains("Press q again"), "{shown}");
    assert!(!shown.contains("answers are saved"), "{shown}");
}

#[test]
fn the_removed_notice_names_the_dropped_questions_in_full_in_the_order_asked() {
    for lang in [Lang::En, Lang::Fr] {
        let w = Scene::ReviewRemoved.build_in(lang, Audience::Staff);
        let names: Vec<&str> = ["indication", "prior_treatment", "administration"]
            .iter()
            .map(|q| LOADED.pathway.question(q).unwrap().name().get(lang))
            .collect();
        let notice = carepath::strings::calls::answers_removed(&names, lang);
        assert_eq!(w.notice(), Some(notice.as_str()));
        let shown = screen_joined(&w, 80, 24);
        assert!(
            shown.contains(&without_spaces(&notice)),
            "{lang:?}: {notice:?} is cut\n{}",
            screen(&w, 80, 24)
        );
    }
}

#[test]
fn the_start_cursor_follows_wrapped_lines() {
    let mut w = Scene::Start.build_in(Lang::Fr, Audience::Staff);
    for expected in ["1. Personnel", "2. Patient"] {
        let mut t = draw(&w, 80, 24);
        let markers = marker_rows(t.backend().buffer());
        assert_eq!(markers.len(), 1);
        let (x, y) = markers[0];
        assert!(row_text(t.backend().buffer(), y).contains(expected));
        assert_eq!(t.get_cursor_position().unwrap(), Position::new(x, y));
        press(&mut w, KeyCode::Down);
    }
}

/// The screen with every space and line break taken out, so wrapped text reads as one line.
fn screen_joined(w: &Wizard, width: u16, height: u16) -> String {
    let t = draw(w, width, height);
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .flat_map(|y| row_text(buf, y).chars().collect::<Vec<_>>())
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_message_above_the_result_shows_in_full() {
    let (txt, _) = summary_paths();
    for audience in [Audience::Staff, Audience::Patient] {
        let w = Scene::SummarySaved.build(audience);
        for (width, height) in [(80, 24), (120, 40), (60, 16)] {
            let shown = screen_joined(&w, width, height);
            let mut expected = vec![
                "Summary saved".to_string(),
                // The folder once, and the name the three files share.
                txt.parent().unwrap().display().to_string(),
                txt.file_name().unwrap().to_string_lossy().into_owned(),
                ".json and .fhir.json (FHIR)".to_string(),
                w.ui().copied.to_string(),
                // The result still starts below the messages.
                "Route:".to_string(),
            ];
            if audience == Audience::Staff {
                expected.push("Staff note: Called back, WSIB claim 12345".into());
            }
            for e in expected {
                assert!(
                    shown.contains(&without_spaces(&e)),
                    "{audience:?} {width}×{height}: {e:?} is hidden\n{}",
                    screen(&w, width, height)
                );
            }
        }
    }
}

#[test]
fn a_note_typed_after_a_refused_save_stays_in_view_with_the_cursor_at_its_end() {
    let mut w = Scene::OutcomePainMedicine.build(Audience::Staff);
    // What `s` answers under --no-save: a message two rows long at 80 columns.
    w.update(Action::SummaryFailed(w.ui().summary_not_saved.into()));
    press(&mut w, KeyCode::Char('n'));
    type_text(&mut w, "Caller will phone back");
    let mut t = draw(&w, 80, 24);
    let shown = t.backend().to_string();
    assert!(shown.contains("press y to copy"), "{shown}");
    assert!(
        shown.contains("Staff note:"),
        "the editor box names it: {shown}"
    );
    // In the editor box: `│` then the text; the cursor right after it.
    let y = row_containing(t.backend().buffer(), "│Caller will phone back");
    let x = " │Caller will phone back".chars().count() as u16;
    assert_eq!(t.get_cursor_position().unwrap(), Position::new(x, y));
}

/// Issue 12, item 7: the note is a real text area: ← → move the cursor, Home and End, Ctrl-W
/// deletes a word and Ctrl-U to the start of the line, long notes wrap at words.
#[test]
fn the_note_editor_has_a_cursor_word_keys_and_wraps_at_words() {
    let mut w = Scene::OutcomePainMedicine.build(Audience::Staff);
    press(&mut w, KeyCode::Char('n'));
    type_text(&mut w, "Called back Tuesday");
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    w.handle_key(ctrl('w'));
    assert_eq!(w.call().note(), "Called back ");
    type_text(&mut w, "Monday");
    press(&mut w, KeyCode::Home);
    type_text(&mut w, "Pt ");
    assert_eq!(w.call().note(), "Pt Called back Monday");
    press(&mut w, KeyCode::End);
    for _ in 0.."Monday".len() {
        press(&mut w, KeyCode::Left);
    }
    type_text(&mut w, "on ");
    assert_eq!(w.call().note(), "Pt Called back on Monday");
    w.handle_key(ctrl('u'));
    assert_eq!(w.call().note(), "Monday");
    // A note longer than a row wraps between words, never inside one.
    press(&mut w, KeyCode::End);
    type_text(
        &mut w,
        " the caller prefers mornings and asked for the results to be sent by post",
    );
    let t = draw(&w, 60, 20);
    let shown = t.backend().to_string();
    assert!(
        !shown.contains("mornin\n") && !shown.contains("morni\n"),
        "{shown}"
    );
    for word in ["prefers", "mornings", "results"] {
        assert!(shown.contains(word), "{word} cut: {shown}");
    }
    press(&mut w, KeyCode::Enter);
    assert!(!w.editing_note());
    assert!(w.call().note().ends_with("sent by post"));
}

/// Every kind of footer, in a wizard on its screen: the scenes, the note being typed, and the
/// trainer's screens.
fn footer_states(lang: Lang, audience: Audience) -> Vec<(String, Wizard<'static>)> {
    let mut states: Vec<(String, Wizard<'static>)> = [
        Scene::Start,
        Scene::QuestionSingle,
        Scene::QuestionMulti,
        Scene::Crisis,
        Scene::Review,
        Scene::OutcomePainMedicine,
        Scene::OutcomeNote,
    ]
    .into_iter()
    .map(|scene| (format!("{scene:?}"), scene.build_in(lang, audience)))
    .collect();
    let cases = carepath::train::load_cases(None).expect("the bundled scenarios");
    let mut t = Wizard::new(
        &LOADED,
        StartOptions {
            lang,
            saving: carepath::keeper::Saving::Disabled,
            now: NOW.into(),
            trainer: Some(carepath::wizard::trainer::Trainer::new(
                cases,
                true,
                "/tmp".into(),
            )),
            ..StartOptions::default()
        },
    );
    // The walkthrough plays the expected answers: Enter until the comparison shows.
    let steps = [
        (Screen::TrainList, None),
        (Screen::TrainBrief, Some(KeyCode::Enter)),
        (Screen::Walkthrough, Some(KeyCode::Enter)),
        (Screen::TrainResult, Some(KeyCode::Enter)),
        (Screen::Outcome, Some(KeyCode::Char('o'))),
    ];
    for (screen, key) in steps {
        for _ in 0..30 {
            match key {
                Some(k) if t.screen() != screen => press(&mut t, k),
                _ => break,
            }
        }
        assert_eq!(t.screen(), screen, "the trainer reached {screen:?}");
        states.push((format!("trainer {screen:?}"), t.clone()));
    }
    states
}

#[test]
fn no_footer_is_cut_at_80_columns_and_each_keeps_help_and_quit() {
    for lang in [Lang::En, Lang::Fr] {
        let ui = carepath::strings::ui(lang);
        for audience in [Audience::Staff, Audience::Patient] {
            for (name, w) in footer_states(lang, audience) {
                let t = draw(&w, 80, 24);
                let buf = t.backend().buffer();
                let footer = row_text(buf, buf.area.height - 1);
                let context = format!("{lang:?} {audience:?} {name}: {footer:?}");
                assert!(!footer.contains('…'), "cut: {context}");
                assert!(footer.contains(ui.crisis_key), "no crisis key: {context}");
                if w.editing_note() {
                    assert!(footer.contains(ui.keys_note[0]), "{context}");
                } else {
                    assert!(footer.contains(ui.key_help), "no help: {context}");
                    assert!(footer.contains(ui.key_quit), "no quit: {context}");
                }
            }
        }
    }
}

#[test]
fn more_below_has_a_row_of_its_own() {
    for audience in [Audience::Staff, Audience::Patient] {
        let w = Scene::OutcomePainMedicine.build(audience);
        for (width, height) in [(80, 24), (120, 40), (60, 16)] {
            let t = draw(&w, width, height);
            let buf = t.backend().buffer();
            let y = row_containing(buf, w.ui().more_below);
            assert_eq!(
                row_text(buf, y).trim(),
                w.ui().more_below,
                "{audience:?} {width}×{height}\n{}",
                t.backend()
            );
        }
    }
}

#[test]
fn french_colons_hold_to_their_word_and_keys_keep_their_spaces() {
    let ui = carepath::strings::ui(Lang::Fr);
    let words = format!("{ui:?}");
    assert!(
        !words.contains(" :"),
        "a breakable space before a colon: {words}"
    );
    assert_eq!(carepath::strings::strings(Lang::Fr).colon, "\u{a0}: ");
    assert!(
        ui.help_close.starts_with("Échap ou ? "),
        "{}",
        ui.help_close
    );
    let help = Scene::Help.build_in(Lang::Fr, Audience::Staff);
    assert!(screen(&help, 80, 24).contains("Échap ou ? ferme"));
    // No French screen has a row that starts with a colon, however it wraps.
    for scene in SCENES {
        for audience in [Audience::Staff, Audience::Patient] {
            let w = scene.build_in(Lang::Fr, audience);
            for (width, height) in [(60, 16), (80, 24), (97, 30), (120, 40)] {
                let t = draw(&w, width, height);
                let buf = t.backend().buffer();
                for y in 0..buf.area.height {
                    let row = row_text(buf, y);
                    assert!(
                        !row.trim_start().starts_with(':'),
                        "{scene:?} {audience:?} {width}×{height} row {y}: {row:?}\n{}",
                        t.backend()
                    );
                }
            }
        }
    }
}

// ---- Wide characters: widths in terminal columns, not in chars ------------------------------

/// Row `y` as the terminal shows it: a wide character once, without the cell it covers.
fn shown_row(buf: &Buffer, y: u16) -> String {
    let mut row = String::new();
    let mut x = 0;
    while x < buf.area.width {
        let symbol = buf[(x, y)].symbol();
        row.push_str(symbol);
        x += (symbol.width() as u16).max(1);
    }
    row
}

/// The bundled pathway with some of its English text replaced, kept for the test's length.
fn bundled_with(replacements: &[(&str, &str)]) -> &'static Loaded {
    let mut text = carepath::pathway::load::BUNDLED.to_string();
    for (from, to) in replacements {
        assert!(text.contains(from), "the bundled pathway has no {from:?}");
        text = text.replace(from, to);
    }
    let loaded = carepath::pathway::load::load_str("wide.ron", &text).expect("still loads");
    Box::leak(Box::new(loaded))
}

/// A staff note whose second line is Japanese, without a space between its words, with an
/// emoji: its rows stay inside the frame at the line's two-space indent, and not one
/// character is lost or cut at the edge.
#[test]
fn a_wide_character_note_wraps_inside_the_frame_at_its_indent() {
    let second = "患者は朝の電話を希望しています🙂ご家族が同席し通訳は不要です。折り返しは午前十時以降\
                  にお願いしますとのこと。保険証の番号は確認済みで次回の予約は来週の火曜日です。";
    let note = format!("Caller prefers mornings.\n{second}");
    let mut w = Scene::OutcomePainMedicine.build(Audience::Staff);
    press(&mut w, KeyCode::Char('n'));
    w.update(Action::Paste(note.clone()));
    press(&mut w, KeyCode::Enter);
    assert_eq!(w.call().note(), note);
    for width in [60, 80, 97, 120] {
        let t = draw(&w, width, 30);
        let buf = t.backend().buffer();
        let first = row_containing(buf, "Staff note: Caller prefers mornings.");
        let mut shown = String::new();
        for y in first + 1..buf.area.height {
            if shown.chars().count() >= second.chars().count() {
                break;
            }
            // One column of margin, then the note's indent of two spaces, then text.
            let row = shown_row(buf, y);
            let text = row.strip_prefix("   ").unwrap_or_default();
            assert!(
                !text.is_empty() && !text.starts_with(' '),
                "{width} columns: row {y} is not at the indent: {row:?}\n{}",
                t.backend()
            );
            assert!(
                row.ends_with(' '),
                "{width} columns: no right margin: {row:?}"
            );
            shown.push_str(text.trim_end());
        }
        assert_eq!(shown, second, "{width} columns:\n{}", t.backend());
    }
}

/// A pathway title and an option label in Japanese: the header shortens the title with an
/// ellipsis and keeps the mode and language; the label's row is cut with an ellipsis inside
/// the frame, and its whole text shows below the list, as for a long English label.
#[test]
fn wide_character_text_is_shortened_with_an_ellipsis_inside_the_frame() {
    let title = "慢性疼痛のケタミン：適切なケアの見つけ方と地域ごとの相談窓口の案内";
    let label = "どちらにも当てはまりません。今すぐの危険も救急の症状もなく、落ち着いて話せます";
    let loaded = bundled_with(&[
        (
            "title: (en: \"Ketamine for chronic pain: finding the right care\"",
            &format!("title: (en: \"{title}\""),
        ),
        (
            "label: (en: \"Neither of these\"",
            &format!("label: (en: \"{label}\""),
        ),
    ]);
    let mut w = Wizard::new(
        loaded,
        StartOptions {
            audience: Some(Audience::Patient),
            lang: Lang::En,
            saving: carepath::keeper::Saving::Disabled,
            now: NOW.into(),
            trainer: None,
            kiosk: false,
        },
    );
    press(&mut w, KeyCode::Down);
    press(&mut w, KeyCode::Down);
    for width in [60, 80] {
        let t = draw(&w, width, 24);
        let buf = t.backend().buffer();
        let header = shown_row(buf, 0);
        assert!(
            header
                .trim_end()
                .ends_with("patient · en · Not saving (--no-save)"),
            "{width} columns: {header:?}"
        );
        assert!(header.contains("…"), "{width} columns: {header:?}");
        let row = (0..buf.area.height)
            .map(|y| shown_row(buf, y))
            .find(|row| row.contains("3. どちら"))
            .unwrap_or_else(|| panic!("{width} columns: no row 3\n{}", t.backend()));
        assert!(
            row.trim_end().ends_with('…') && row.ends_with(' '),
            "{width} columns: {row:?}"
        );
        let detail = format!("↳{}", without_spaces(label));
        assert!(
            screen_joined(&w, width, 24).contains(&detail),
            "{width} columns: the whole label is not below the list\n{}",
            t.backend()
        );
    }
}
