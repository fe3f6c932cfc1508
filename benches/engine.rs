//! Engine benchmarks: load and validate the bundled pathway, route one case, and load and
//! validate generated pathways of 1,000 and 10,000 questions.

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use carepath::pathway::load::{BUNDLED, BUNDLED_NAME, load_str};
use carepath::pathway::validate::validate;
use carepath::route::{collect_answers, parse_answer, route};
use criterion::{Criterion, criterion_group, criterion_main};

const CASE: &[&str] = &[
    "safety=none",
    "province=on",
    "age=adult",
    "concern=both",
    "indication=crps",
    "comorbidities=depression,ptsd",
    "screening=liver,heart",
    "coverage=workers_comp,private",
    "administration=iv",
];

fn bundled(c: &mut Criterion) {
    c.bench_function("load and validate bundled pathway", |b| {
        b.iter(|| {
            let loaded = load_str(BUNDLED_NAME, black_box(BUNDLED)).expect("bundled pathway loads");
            black_box(validate(&loaded).errors())
        })
    });
    c.bench_function("parse bundled pathway (no checks)", |b| {
        b.iter(|| load_str(BUNDLED_NAME, black_box(BUNDLED)).map(|l| l.pathway.nodes.len()))
    });
    let loaded = load_str(BUNDLED_NAME, BUNDLED).expect("bundled pathway loads");
    c.bench_function("validate bundled pathway (checks only)", |b| {
        b.iter(|| validate(black_box(&loaded)).errors())
    });
    let p = &loaded.pathway;
    c.bench_function("route one case", |b| {
        b.iter(|| {
            let answers = CASE
                .iter()
                .map(|a| parse_answer(a))
                .collect::<Result<Vec<_>, _>>()
                .expect("valid");
            let answers = collect_answers(p, answers).expect("valid answers");
            let routed = route(p, black_box(&answers)).expect("routes");
            black_box(
                routed
                    .outcome
                    .to_json(p, &loaded.sha256, Default::default()),
            )
        })
    });
}

fn synthetic_pathways(c: &mut Criterion) {
    let mut group = c.benchmark_group("load and validate generated pathway");
    group.sample_size(10);
    for n in [1_000, 10_000] {
        let text = synthetic::generate(n);
        group.bench_function(format!("{n} questions"), |b| {
            b.iter(|| {
                let loaded =
                    load_str("synthetic.ron", black_box(&text)).expect("generated pathway loads");
                black_box(validate(&loaded).errors())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bundled, synthetic_pathways);
criterion_main!(benches);
