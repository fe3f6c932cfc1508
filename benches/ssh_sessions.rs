//! Many patients at once over SSH (a benchmark to run by hand, not a timed test):
//! `cargo bench --bench ssh_sessions -- 50 200` starts a real sshd on 127.0.0.1 with the
//! kiosk as its ForceCommand (tests/common/sshd.rs), logs in N sessions at once with `ssh -tt`
//! in pseudo-terminals, and has each take README's patient call (a) to its result, all at
//! the same time. It reports the memory per session on the server side (the kiosk and its
//! sshd processes, proportional set size, so shared pages are counted once), and the median
//! and 95th percentile of the time from a key typed to the first change of that session's
//! screen, over every key of every call.

#[path = "../tests/common/pty.rs"]
mod harness;
#[path = "../tests/common/patient_call.rs"]
mod patient_call;
#[path = "../tests/common/sshd.rs"]
mod sshd;
#[path = "../tests/common/timeout.rs"]
mod timeout;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use harness::ENTER;
use patient_call::{patient_prompt, steps};

/// A login or a screen update slower than this counts the session as failed.
const WAIT: Duration = Duration::from_secs(180);

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_carepath"))
}

/// What one session measured.
#[derive(Default)]
struct Session {
    login: Duration,
    /// From each key sent to the first change of the screen.
    keys: Vec<Duration>,
    completed: bool,
    error: Option<String>,
}

fn main() {
    let counts: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let counts = if counts.is_empty() {
        vec![50, 200]
    } else {
        counts
    };
    let most = counts.iter().copied().max().unwrap_or(1);
    let sshd = match sshd::Sshd::start(bin(), "--idle 10m", most + 10) {
        Ok(s) => s,
        Err(reason) => {
            println!("skipped ssh_sessions: {reason}");
            return;
        }
    };
    println!(
        "ssh_sessions: sshd on 127.0.0.1:{}, {} cores",
        sshd.port,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for n in counts {
        run(&sshd, n);
    }
}

/// N sessions at once: log in, take the call, measure memory at the result, quit.
fn run(sshd: &sshd::Sshd, n: usize) {
    let tag = format!("bench{n}");
    let at_result = Arc::new(Barrier::new(n + 1));
    let measured = Arc::new(Barrier::new(n + 1));
    let results = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let mut threads = Vec::new();
    for _ in 0..n {
        let args = sshd.ssh_args(
            &["-tt", "-o", &format!("SetEnv=CAREPATH_TEST_TAG={tag}")],
            &[],
        );
        let (at_result, measured, results) = (
            Arc::clone(&at_result),
            Arc::clone(&measured),
            Arc::clone(&results),
        );
        threads.push(std::thread::spawn(move || {
            let session = one_session(&args, &at_result, &measured);
            results.lock().unwrap().push(session);
        }));
    }
    at_result.wait();
    let all_at_result = started.elapsed();
    let memory = server_memory(sshd);
    measured.wait();
    for t in threads {
        let _ = t.join();
    }
    let sessions = results.lock().unwrap();
    let completed = sessions.iter().filter(|s| s.completed).count();
    let mut keys: Vec<Duration> = sessions.iter().flat_map(|s| s.keys.clone()).collect();
    keys.sort();
    let mut logins: Vec<Duration> = sessions.iter().map(|s| s.login).collect();
    logins.sort();
    println!(
        "\n{n} concurrent sessions: {completed} completed the call ({:.1} s until all were at their result)",
        all_at_result.as_secs_f64()
    );
    for e in sessions.iter().filter_map(|s| s.error.as_deref()).take(3) {
        println!("  failed: {e}");
    }
    println!(
        "  login to first question: median {}, p95 {}",
        ms(pct(&logins, 50)),
        ms(pct(&logins, 95))
    );
    println!(
        "  key to screen update ({} keys): median {}, p95 {}, max {}",
        keys.len(),
        ms(pct(&keys, 50)),
        ms(pct(&keys, 95)),
        ms(keys.last().copied().unwrap_or_default())
    );
    if let Some(m) = memory {
        let per = |kib: u64| format!("{:.1} MiB", kib as f64 / 1024.0 / n.max(1) as f64);
        println!(
            "  memory per session (PSS, server side): {} in all = kiosk {} + sshd {} ({} kiosk and {} sshd processes); kiosk RSS median {:.1} MiB",
            per(m.kiosk_pss + m.sshd_pss),
            per(m.kiosk_pss),
            per(m.sshd_pss),
            m.kiosks,
            m.sshds,
            m.kiosk_rss_median as f64 / 1024.0
        );
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The `p`th percentile of sorted durations (nearest rank).
fn pct(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

/// One patient: log in, type the call key by key timing each screen update, wait at the
/// result until every session is there and memory is read, then quit.
fn one_session(args: &[String], at_result: &Barrier, measured: &Barrier) -> Session {
    let taken = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| take_call(args)));
    // Every session meets the others at the barriers, whatever happened to it.
    at_result.wait();
    measured.wait();
    match taken {
        Ok((s, mut pty)) => {
            pty.send("q");
            pty.send("q");
            let deadline = Instant::now() + Duration::from_secs(30);
            while pty.try_exit().is_none() && Instant::now() < deadline {
                pty.settle(Duration::from_millis(50), Duration::from_millis(200));
            }
            s
        }
        Err(_) => Session {
            error: Some("the session panicked".into()),
            ..Session::default()
        },
    }
}

/// Logs in and types the call, timing each key; returns the session at its result.
fn take_call(args: &[String]) -> (Session, harness::Pty) {
    let mut s = Session::default();
    let scratch = std::env::temp_dir();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let t0 = Instant::now();
    let mut pty = harness::spawn(&PathBuf::from("ssh"), &args, &scratch, 100, 30);
    let first = patient_prompt("safety");
    let ok = pty.wait_until(WAIT, |p| p.shows(&first));
    s.login = t0.elapsed();
    if ok {
        pty.settle(Duration::from_millis(100), Duration::from_secs(2));
        s.completed = true;
        'call: for (letters, next) in steps() {
            for key in letters.chars().map(String::from).chain([ENTER.to_string()]) {
                let before = pty.screen();
                let sent = Instant::now();
                pty.send(&key);
                if !pty.wait_for_change(&before, WAIT) {
                    s.error = Some(format!("no update after {key:?}\n{}", pty.dump()));
                    s.completed = false;
                    break 'call;
                }
                s.keys.push(sent.elapsed());
                // The rest of the frame, so the next key starts from a still screen.
                pty.settle(Duration::from_millis(30), Duration::from_secs(5));
            }
            if !pty.wait_until(WAIT, |p| p.shows(&next)) {
                s.error = Some(format!("never showed {next:?}\n{}", pty.dump()));
                s.completed = false;
                break;
            }
        }
    } else {
        s.error = Some(format!("no first question\n{}", pty.dump()));
    }
    (s, pty)
}

/// Memory of the server side of the sessions, in KiB.
struct Memory {
    kiosk_pss: u64,
    sshd_pss: u64,
    kiosks: usize,
    sshds: usize,
    kiosk_rss_median: u64,
}

/// Every process under the listening sshd (each session's sshd processes and its kiosk).
fn server_memory(sshd: &sshd::Sshd) -> Option<Memory> {
    let listener: u32 = std::fs::read_to_string(sshd.dir.join("sshd.pid"))
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let mut parent = std::collections::HashMap::new();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let ppid = stat
            .rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            parent.insert(pid, ppid);
        }
    }
    let under = |mut pid: u32| {
        while let Some(&p) = parent.get(&pid) {
            if p == listener {
                return true;
            }
            pid = p;
        }
        false
    };
    let mut m = Memory {
        kiosk_pss: 0,
        sshd_pss: 0,
        kiosks: 0,
        sshds: 0,
        kiosk_rss_median: 0,
    };
    let mut kiosk_rss = Vec::new();
    for &pid in parent.keys().filter(|&&p| under(p)) {
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let field = |name: &str| {
            rollup
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
        if exe == bin() {
            m.kiosk_pss += field("Pss:");
            m.kiosks += 1;
            kiosk_rss.push(field("Rss:"));
        } else {
            m.sshd_pss += field("Pss:");
            m.sshds += 1;
        }
    }
    kiosk_rss.sort();
    m.kiosk_rss_median = kiosk_rss.get(kiosk_rss.len() / 2).copied().unwrap_or(0);
    Some(m)
}
