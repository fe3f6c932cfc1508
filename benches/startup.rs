//! Startup time of the real binary: from spawning it in a 100×30 pseudo-terminal to the
//! first frame that shows the start screen (the pathway's title and the mode question), and
//! the same with an interrupted call to offer (the store is read before the first frame).
//!
//! Also the start to the first question (`--mode staff`) on the generated shapes that once
//! hung or crashed a command, at their full size (each under the 8 MiB limit).
//!
//! Each iteration starts a fresh process; only spawn-to-frame is timed (`iter_custom`), not
//! the quitting afterwards. Run with `cargo bench --bench startup`.

#[path = "../tests/common/pty.rs"]
mod harness;
#[path = "../tests/common/synthetic.rs"]
mod synthetic;
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
fn time_to_first_frame(bin: &Path, args: &[&str], state: &Path, wanted: &[&str]) -> Duration {
    let start = Instant::now();
    let mut pty = harness::spawn(bin, args, state, COLS, ROWS);
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
                .map(|_| time_to_first_frame(bin, &[], fresh.path(), &wanted))
                .sum()
        })
    });

    // An interrupted call, made by the binary itself: three answers, then q q.
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
    // Interrupted calls are offered in the mode they were taken in, so the mode is given.
    let wanted = [title.as_str(), "interrupted call", "Start a new call"];
    group.bench_function("spawn_to_resume_offer", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| time_to_first_frame(bin, &["--mode", "staff"], saved.path(), &wanted))
                .sum()
        })
    });
    // The same measure for `dialog --menu` with the 13 provinces and territories, in the
    // same run, when dialog is installed (it is not needed for anything else).
    if let Some(dialog) = which("dialog") {
        let mut args: Vec<String> = ["--menu", "Province or territory?", "22", "60", "13"]
            .iter()
            .map(|a| a.to_string())
            .collect();
        for (i, name) in [
            "Alberta",
            "British Columbia",
            "Manitoba",
            "New Brunswick",
            "Newfoundland and Labrador",
            "Nova Scotia",
            "Ontario",
            "Prince Edward Island",
            "Quebec",
            "Saskatchewan",
            "Northwest Territories",
            "Nunavut",
            "Yukon",
        ]
        .iter()
        .enumerate()
        {
            args.push((i + 1).to_string());
            args.push(name.to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        group.bench_function("dialog_menu_13_items", |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| {
                        let start = Instant::now();
                        let mut pty = harness::spawn(&dialog, &args, fresh.path(), COLS, ROWS);
                        let shown = pty.wait_until(harness::timeout(), |p| p.shows("Yukon"));
                        let took = start.elapsed();
                        assert!(shown, "dialog showed no menu\n{}", pty.dump());
                        pty.send("\x1b");
                        let _ = pty.wait_exit(harness::timeout());
                        took
                    })
                    .sum()
            })
        });
    }
    group.finish();
}

/// The full path of `program` on `PATH`, if there is one.
fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// Start to the first question on the full-size shapes of `tests/fuzz.rs` that pass `check`.
fn startup_on_shapes(c: &mut Criterion) {
    let bin = Path::new(env!("CARGO_BIN_EXE_carepath"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let shapes = [
        ("chain 15k", synthetic::generate_chain(15_000)),
        ("branches 100k", synthetic::generate_branches(100_000)),
        ("options 100k", synthetic::generate_wide(10, 100_000)),
        ("generated 10k", synthetic::generate(10_000)),
    ];
    let mut group = c.benchmark_group("startup on shapes");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(6));
    for (name, text) in shapes {
        assert!(text.len() <= 8 * 1024 * 1024, "{name}: over the limit");
        let file = dir.path().join(format!("{}.ron", name.replace(' ', "-")));
        std::fs::write(&file, text).expect("write the shape");
        let file = file.to_str().expect("a UTF-8 path").to_string();
        let state = tempfile::tempdir().expect("a temporary directory");
        let args = ["--pathway", file.as_str(), "--mode", "staff", "--no-save"];
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| time_to_first_frame(bin, &args, state.path(), &["Question 1 of"]))
                    .sum()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, startup, startup_on_shapes);
criterion_main!(benches);
