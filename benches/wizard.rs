//! Wizard benchmarks: drawing the question and the outcome screen at 120×40, and one
//! keystroke of filtering on a question with 10,000 options (update and redraw).

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use carepath::pathway::load::{BUNDLED, BUNDLED_NAME, load_str};
use carepath::pathway::{Audience, Lang};
use carepath::wizard::render::{Theme, render};
use carepath::wizard::{StartOptions, Wizard};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(w: &mut Wizard, code: KeyCode) {
    w.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn staff() -> StartOptions {
    StartOptions {
        audience: Some(Audience::Staff),
        lang: Lang::En,
        saving: carepath::keeper::Saving::Disabled,
        now: "2026-11-25T10:00:00Z".into(),
        trainer: None,
        kiosk: false,
    }
}

fn screens(c: &mut Criterion) {
    let loaded = load_str(BUNDLED_NAME, BUNDLED).expect("bundled pathway loads");
    let theme = Theme {
        color: true,
        ..Theme::default()
    };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");

    let mut w = Wizard::new(&loaded, staff());
    for key in [KeyCode::Char('3'), KeyCode::Char('9'), KeyCode::Char('1')] {
        press(&mut w, key);
    }
    c.bench_function("render question screen 120x40", |b| {
        b.iter(|| {
            terminal
                .draw(|f| render(black_box(&w), theme, f))
                .map(|_| ())
        })
    });

    // safety, province (Ontario), adult, pain, CRPS, depression, liver, WSIB, IV.
    let keys = "39111".chars().map(KeyCode::Char).chain([
        KeyCode::Char(' '),
        KeyCode::Enter,
        KeyCode::Char(' '),
        KeyCode::Enter,
        KeyCode::Char(' '),
        KeyCode::Enter,
        KeyCode::Char('1'),
        KeyCode::Enter,
    ]);
    let mut w = Wizard::new(&loaded, staff());
    for key in keys {
        press(&mut w, key);
    }
    assert!(
        w.outcome().is_some(),
        "the scripted call reaches the outcome"
    );
    c.bench_function("render outcome screen 120x40", |b| {
        b.iter(|| {
            terminal
                .draw(|f| render(black_box(&w), theme, f))
                .map(|_| ())
        })
    });
}

fn filtering(c: &mut Criterion) {
    let text = synthetic::generate_wide(5, 10_000);
    let loaded = load_str("wide.ron", &text).expect("generated pathway loads");
    let mut w = Wizard::new(&loaded, staff());
    // Answer q0..q2 to reach q3, the question with 10,000 options.
    for key in [
        KeyCode::Char('1'),
        KeyCode::Char(' '),
        KeyCode::Enter,
        KeyCode::Char('1'),
    ] {
        press(&mut w, key);
    }
    assert_eq!(w.question().map(|q| q.options.len()), Some(10_000));
    let theme = Theme {
        color: true,
        ..Theme::default()
    };
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    press(&mut w, KeyCode::Char('n'));
    press(&mut w, KeyCode::Char('u'));
    c.bench_function(
        "filter 10,000 options, one keystroke (update + draw)",
        |b| {
            // Alternately type a letter and delete it: every keystroke filters the whole list.
            let mut typed = false;
            b.iter(|| {
                let key = if typed {
                    KeyCode::Backspace
                } else {
                    KeyCode::Char('n')
                };
                typed = !typed;
                press(&mut w, key);
                terminal.draw(|f| render(&w, theme, f)).expect("draws");
            })
        },
    );
}

criterion_group!(benches, screens, filtering);
criterion_main!(benches);
