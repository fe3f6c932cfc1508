//! Scale benchmarks on generated pathways of 1,000, 10,000 and 100,000 questions: parsing,
//! checking, both together, and routing the longest path (every question answered with its
//! first option, so no early outcome is taken), drawing a question at 120×40 (the progress line
//! walks the rest of the pathway), and one filter keystroke on a question with that many options.
//! `diff` and `explain` on those and on the shapes that once hung or crashed them.
//! Run with `cargo bench --bench scale`; peak memory is checked by the ignored test
//! `tests/hardening.rs::a_hundred_thousand_questions_load_in_two_seconds_and_500_mb`.

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::time::Duration;

use carepath::pathway::load::load_str;
use carepath::pathway::validate::validate;
use carepath::route::{collect_answers, route};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn configure(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
}

fn load_and_validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    configure(&mut group);
    for n in SIZES {
        let text = synthetic::generate(n);
        group.bench_with_input(BenchmarkId::new("parse", n), &text, |b, text| {
            b.iter(|| load_str("synthetic.ron", black_box(text)).map(|l| l.pathway.nodes.len()))
        });
        let loaded = load_str("synthetic.ron", &text).expect("generated pathway loads");
        group.bench_with_input(BenchmarkId::new("validate", n), &loaded, |b, loaded| {
            b.iter(|| validate(black_box(loaded)).errors())
        });
        group.bench_with_input(
            BenchmarkId::new("load and validate", n),
            &text,
            |b, text| {
                b.iter(|| {
                    let loaded = load_str("synthetic.ron", black_box(text)).expect("loads");
                    black_box(validate(&loaded).errors())
                })
            },
        );
    }
    group.finish();
}

fn route_longest_path(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    configure(&mut group);
    for n in SIZES {
        let loaded = load_str("synthetic.ron", &synthetic::generate(n)).expect("loads");
        let p = &loaded.pathway;
        let answers = synthetic::longest_path_answers(p);
        group.bench_with_input(
            BenchmarkId::new("route longest path", n),
            &answers,
            |b, a| {
                b.iter(|| {
                    let answers = collect_answers(p, black_box(a.clone())).expect("valid answers");
                    let routed = route(p, &answers).expect("routes");
                    assert_eq!(routed.outcome.node.id, "end");
                    black_box(routed.outcome.trace.len())
                })
            },
        );
    }
    group.finish();
}

fn wizard_at_scale(c: &mut Criterion) {
    use carepath::pathway::{Audience, Lang};
    use carepath::wizard::render::{Theme, render};
    use carepath::wizard::{StartOptions, Wizard};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    let mut group = c.benchmark_group("scale");
    configure(&mut group);
    let staff = || StartOptions {
        audience: Some(Audience::Staff),
        lang: Lang::En,
        saving: carepath::keeper::Saving::Disabled,
        now: "2026-11-25T10:00:00Z".into(),
        ..StartOptions::default()
    };
    let press = |w: &mut Wizard, code| w.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    for n in SIZES {
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
        let loaded = load_str("synthetic.ron", &synthetic::generate(n)).expect("loads");
        let w = Wizard::new(&loaded, staff());
        group.bench_with_input(BenchmarkId::new("draw first question", n), &w, |b, w| {
            b.iter(|| {
                terminal
                    .draw(|f| render(black_box(w), Theme::default(), f))
                    .map(|_| ())
                    .expect("draws")
            })
        });

        // q3 offers n options: one keystroke filters them all, then the redraw.
        let wide = load_str("wide.ron", &synthetic::generate_wide(5, n)).expect("loads");
        let mut w = Wizard::new(&wide, staff());
        for code in [
            KeyCode::Char('1'),
            KeyCode::Char(' '),
            KeyCode::Enter,
            KeyCode::Char('1'),
        ] {
            press(&mut w, code);
        }
        press(&mut w, KeyCode::Char('n'));
        let mut typed = false;
        group.bench_function(BenchmarkId::new("filter keystroke and draw", n), |b| {
            b.iter(|| {
                let code = if typed {
                    KeyCode::Backspace
                } else {
                    KeyCode::Char('u')
                };
                typed = !typed;
                press(&mut w, code);
                terminal
                    .draw(|f| render(&w, Theme::default(), f))
                    .map(|_| ())
                    .expect("draws")
            })
        });
    }
    group.finish();
}

/// `diff A A` and `explain` on the bundled pathway, on generated pathways of 1,000, 10,000
/// and 100,000 questions (the last for the library: such a file is over the 8 MiB limit),
/// and on the shapes that once hung or crashed them: a chain of 15,000 questions with only
/// `otherwise`, 100,000 identical branches in one question and a question of 100,000
/// options; and `diff` of the bundled pathway against itself with one regulator renamed.
fn authoring_at_scale(c: &mut Criterion) {
    use carepath::authoring::{diff::diff, explain::explain};
    use carepath::pathway::Lang;
    use carepath::pathway::load::PathwaySource;

    let mut group = c.benchmark_group("authoring");
    configure(&mut group);
    let bundled = PathwaySource::Bundled.load().expect("bundled pathway");
    let shapes = [
        ("bundled", bundled),
        (
            "1k",
            load_str("1k.ron", &synthetic::generate(1_000)).expect("loads"),
        ),
        (
            "10k",
            load_str("10k.ron", &synthetic::generate(10_000)).expect("loads"),
        ),
        (
            "100k",
            load_str("100k.ron", &synthetic::generate(100_000)).expect("loads"),
        ),
        (
            "chain 15k",
            load_str("chain.ron", &synthetic::generate_chain(15_000)).expect("loads"),
        ),
        (
            "branches 100k",
            load_str("branches.ron", &synthetic::generate_branches(100_000)).expect("loads"),
        ),
        (
            "options 100k",
            load_str("options.ron", &synthetic::generate_wide(10, 100_000)).expect("loads"),
        ),
    ];
    let edited = {
        let text = carepath::pathway::load::BUNDLED;
        let renamed = text.replacen(
            "regulator: Some(\"CPSO\")",
            "regulator: Some(\"CPSO-ON\")",
            1,
        );
        assert_ne!(text, renamed, "the bundled pathway names the CPSO");
        load_str("edited.ron", &renamed).expect("loads")
    };
    group.bench_function(
        BenchmarkId::new("diff A B", "bundled, a regulator renamed"),
        |b| b.iter(|| diff(black_box(&shapes[0].1), &edited, Lang::En).changed_paths),
    );
    for (name, loaded) in &shapes {
        group.bench_with_input(BenchmarkId::new("diff A A", name), loaded, |b, l| {
            b.iter(|| diff(black_box(l), l, Lang::En).paths)
        });
        let p = &loaded.pathway;
        let (question, option) = match *name {
            "bundled" => ("coverage", "crps"),
            "chain 15k" => ("q14999", "a"),
            _ => ("q5", "a"),
        };
        group.bench_with_input(BenchmarkId::new("explain question", name), p, |b, p| {
            b.iter(|| explain(black_box(p), question, Lang::En).map(|t| t.len()))
        });
        group.bench_with_input(BenchmarkId::new("explain option", name), p, |b, p| {
            b.iter(|| explain(black_box(p), option, Lang::En).map(|t| t.len()))
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    load_and_validate,
    route_longest_path,
    wizard_at_scale,
    authoring_at_scale
);
criterion_main!(benches);
