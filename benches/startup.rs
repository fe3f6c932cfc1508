//! Startup time of the real binary: from spawning it in a 100×30 pseudo-terminal to the
//! first frame that shows the start screen (the pathway's title and the mode question), and
//! the same with a saved session to offer (the store is read before the first frame).
//!
//! Each iteration starts a fresh process; only spawn-to-frame is timed (`iter_custom`), not
//! the quitting afterwards. Run with `cargo bench --bench startup`.

#[path = "../tests/common/pty.rs"]
mod harness;
#[path = "../tests/common/timeout.rs"]
mod timeout;

use std::path::Path;
use std::time::{Duration, Instant};

use carepath::pathway::load::PathwaySource;
use criterion::{Criterion, criterion_group, criterion_main};

const COLS: u16 = 100;
const ROWS: u16 = 30;

/// Spawns the binary and returns how long it took to show every text in `wanted`; then
/// quits it (untimed).
fn time_to_first_frame(bin: &Path, state: &Path, wanted: &[&str]) -> Duration {
    let start = Instant::now();
    let mut pty = harness::spawn(bin, &[], state, COLS, ROWS);
    let shown = pty.wait_until(harness::timeout(), |p| wanted.iter().all(|w| p.shows(w)));
    let took = start.elapsed();
    assert!(
        shown,
        "the start screen never showed {wanted:?}\n{}",
        pty.dump()
    );
    pty.send("qq");
    let status = pty.wait_exit(harness::timeout());
    assert!(status.success(), "{status:?}\n{}", pty.dump());
    took
}

fn startup(c: &mut Criterion) {
    let bin = Path::new(env!("CARGO_BIN_EXE_carepath"));
    let title = PathwaySource::Bundled
        .load()
        .expect("the bundled pathway loads")
        .pathway
        .title
        .en;

    let mut group = c.benchmark_group("startup");
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(6));

    let fresh = tempfile::tempdir().expect("a temporary directory");
    let wanted = [title.as_str(), "Who is using carepath?"];
    group.bench_function("spawn_to_start_screen", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| time_to_first_frame(bin, fresh.path(), &wanted))
                .sum()
        })
    });

    // A saved session, made by the binary itself: three answers, then q q.
    let saved = tempfile::tempdir().expect("a temporary directory");
    {
        let mut pty = harness::spawn(bin, &["--mode", "staff"], saved.path(), COLS, ROWS);
        pty.wait_for("Question 1 of");
        pty.step("3", "Question 2 of");
        pty.step("9", "Question 3 of");
        pty.step("1", "Question 4 of");
        pty.send("qq");
        assert!(pty.wait_exit(harness::timeout()).success());
    }
    let wanted = [title.as_str(), "An unfinished session was saved"];
    group.bench_function("spawn_to_resume_offer", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| time_to_first_frame(bin, saved.path(), &wanted))
                .sum()
        })
    });
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
