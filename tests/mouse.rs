//! A mouse click on an option chooses it (ticks it in a multi-choice question): the click is
//! mapped to an option through the same layout the screen is drawn with.

use carepath::pathway::load::PathwaySource;
use carepath::pathway::{Audience, Loaded};
use carepath::wizard::action::Action;
use carepath::wizard::render::{Theme, option_at, render};
use carepath::wizard::{StartOptions, Wizard};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

fn staff(loaded: &Loaded) -> Wizard<'_> {
    Wizard::new(
        loaded,
        StartOptions {
            audience: Some(Audience::Staff),
            saving: carepath::keeper::Saving::Disabled,
            now: "2026-11-25T10:00:00Z".into(),
            ..StartOptions::default()
        },
    )
}

/// The screen row on which `text` is drawn.
fn row_of(w: &Wizard, text: &str) -> u16 {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(w, Theme::default(), f)).unwrap();
    let buffer = t.backend().buffer().clone();
    (0..24)
        .find(|&y| {
            let line: String = (0..80)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            line.contains(text)
        })
        .unwrap_or_else(|| panic!("{text} is not on the screen"))
}

#[test]
fn a_click_on_an_option_chooses_it() {
    let loaded = PathwaySource::Bundled.load().unwrap();
    let mut w = staff(&loaded);
    let area = Rect::new(0, 0, 80, 24);
    let y = row_of(&w, "3. Neither of these");
    let row = option_at(&w, area, 10, y).expect("the click lands on an option");
    w.update(Action::ClickOption(row));
    assert_eq!(
        w.call().session().answer_of("safety"),
        Some(&["none".to_string()][..])
    );

    // Province: a click on Québec.
    let y = row_of(&w, "11. Québec");
    let row = option_at(&w, area, 5, y).unwrap();
    w.update(Action::ClickOption(row));
    assert_eq!(
        w.call().session().answer_of("province"),
        Some(&["qc".to_string()][..])
    );

    // A click on the header, or outside the list, chooses nothing.
    assert_eq!(option_at(&w, area, 5, 0), None);
    assert_eq!(option_at(&w, area, 5, 23), None);
}

#[test]
fn a_click_ticks_an_option_of_a_multi_choice_question() {
    let loaded = PathwaySource::Bundled.load().unwrap();
    let mut w = staff(&loaded);
    for answer in ["3", "9", "1", "2"] {
        let n: usize = answer.parse().unwrap();
        w.update(Action::ChooseNumber(n));
    }
    assert_eq!(w.question().unwrap().id, "comorbidities");
    let area = Rect::new(0, 0, 80, 24);
    let y = row_of(&w, "2. PTSD");
    w.update(Action::ClickOption(option_at(&w, area, 8, y).unwrap()));
    assert_eq!(w.picked(), vec!["ptsd".to_string()]);
    assert_eq!(
        w.question().unwrap().id,
        "comorbidities",
        "a tick does not confirm"
    );
}
