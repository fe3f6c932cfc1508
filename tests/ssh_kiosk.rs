//! End to end through OpenSSH: a real `sshd` on 127.0.0.1 whose account runs
//! `carepath kiosk` as its `ForceCommand` (README's `sshd_config` block), reached with the
//! real `ssh` client in a pseudo-terminal. A patient call reaches its result and nothing is
//! written; a command given to ssh, `-N`, and port forwarding give no shell and no tunnel; a
//! dropped connection ends the kiosk. One sshd serves the whole file.
//!
//! Where sshd is not installed (`.ci/run` installs Debian's openssh-server when it can), each
//! test says it was skipped, by name, and passes.

#[path = "common/pty.rs"]
mod harness;
#[path = "common/patient_call.rs"]
mod patient_call;
#[path = "common/sshd.rs"]
mod sshd;
#[path = "common/timeout.rs"]
mod timeout;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use harness::Pty;
use patient_call::{patient_prompt, take_call};
use sshd::Sshd;
use timeout::scaled;

/// Generous: a login on a loaded 2-core machine can take seconds. 60 s, times
/// `CAREPATH_TEST_TIMEOUT_SCALE`.
fn login_timeout() -> Duration {
    scaled(Duration::from_secs(60))
}

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_carepath"))
}

static SSHD: LazyLock<Result<Sshd, String>> =
    LazyLock::new(|| Sshd::start(bin(), "--idle 10m", 20));

/// The server, or `None` after saying that `test` was skipped and why.
fn server(test: &str) -> Option<&'static Sshd> {
    match &*SSHD {
        Ok(s) => Some(s),
        Err(reason) => {
            // Straight to stderr, past the test harness's capture, so the run shows it.
            let _ = writeln!(std::io::stderr(), "skipped {test}: {reason}");
            None
        }
    }
}

fn ssh_path() -> PathBuf {
    PathBuf::from("ssh")
}

/// `ssh -tt` to the kiosk in a 100×30 pseudo-terminal, its sessions tagged `tag`.
fn login(sshd: &Sshd, tag: &str, command: &[&str]) -> (tempfile::TempDir, Pty) {
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let set_env = format!("SetEnv=CAREPATH_TEST_TAG={tag}");
    let args = sshd.ssh_args(&["-tt", "-o", &set_env], command);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut pty = harness::spawn(&ssh_path(), &args, scratch.path(), 100, 30);
    let first = patient_prompt("safety");
    let timeout = login_timeout();
    if !pty.wait_until(timeout, |p| p.shows(&first)) {
        panic!(
            "no kiosk {timeout:?} after ssh -tt\n{}\n---- sshd log ----\n{}",
            pty.dump(),
            sshd.log()
        );
    }
    (scratch, pty)
}

/// The kiosk processes (this binary with `kiosk`) whose environment holds `tag`, each with
/// its environment.
fn kiosks(tag: &str) -> Vec<(u32, String)> {
    let marker = format!("CAREPATH_TEST_TAG={tag}");
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let mut args = cmdline.split(|b| *b == 0);
        let (Some(program), Some(first)) = (args.next(), args.next()) else {
            continue;
        };
        if program != bin().as_os_str().as_encoded_bytes() || first != b"kiosk" {
            continue;
        }
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        let environ = String::from_utf8_lossy(&environ).replace('\0', "\n");
        if environ.lines().any(|l| l == marker) {
            found.push((pid, environ));
        }
    }
    found
}

#[test]
fn a_patient_call_over_ssh_reaches_its_result_and_writes_nothing() {
    let Some(sshd) = server("a_patient_call_over_ssh_reaches_its_result_and_writes_nothing") else {
        return;
    };
    let (_scratch, mut pty) = login(sshd, "call", &[]);
    // The kiosk runs with the home and state directories this test watches.
    let running = kiosks("call");
    assert_eq!(running.len(), 1, "{running:?}");
    let home = sshd.home.display().to_string();
    for var in ["HOME", "XDG_STATE_HOME", "CAREPATH_STATE_DIR"] {
        assert!(
            running[0]
                .1
                .lines()
                .any(|l| l.starts_with(&format!("{var}={home}"))),
            "{var} is not under {home}: {}",
            running[0].1
        );
    }
    take_call(&mut pty);
    pty.step("s", "Not saving on this machine");
    pty.send("q");
    pty.send("q");
    let status = pty.wait_exit(login_timeout());
    assert!(status.success(), "{status:?}\n{}", pty.dump());
    assert_eq!(
        sshd.written(),
        Vec::<PathBuf>::new(),
        "the kiosk wrote files"
    );
}

#[test]
fn a_command_given_to_ssh_still_runs_only_the_kiosk() {
    let Some(sshd) = server("a_command_given_to_ssh_still_runs_only_the_kiosk") else {
        return;
    };
    // With a terminal: the wizard, not the command.
    let (_scratch, mut pty) = login(sshd, "command", &["sh", "-c", "'echo pwned; id'"]);
    pty.settle(Duration::from_millis(300), Duration::from_secs(2));
    assert!(!pty.shows("pwned") && !pty.shows("uid="), "{}", pty.dump());
    pty.send("q");
    pty.send("q");
    pty.wait_exit(login_timeout());
    assert!(
        !String::from_utf8_lossy(pty.raw()).contains("pwned"),
        "{}",
        pty.dump()
    );
    // Without one (ssh -T, input closed): the line mode, then the end of input.
    let out = Command::new(ssh_path())
        .args(sshd.ssh_args(&["-T"], &["sh", "-c", "'echo pwned; id'"]))
        .stdin(Stdio::null())
        .output()
        .expect("run ssh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("carepath ·"), "{stdout}\n{stderr}");
    assert!(stdout.contains("End of input."), "{stdout}\n{stderr}");
    // No answer given: nothing to finish, exit 0 (as `carepath --plain < /dev/null`).
    assert!(out.status.success(), "{stdout}\n{stderr}");
    for said in [&stdout, &stderr] {
        assert!(!said.contains("pwned") && !said.contains("uid="), "{said}");
    }
    // Nor a subsystem (sftp would give files).
    let sftp = Command::new(ssh_path())
        .args(sshd.ssh_args(&["-T", "-s"], &["sftp"]))
        .stdin(Stdio::null())
        .output()
        .expect("run ssh -s sftp");
    assert!(
        !String::from_utf8_lossy(&sftp.stdout).contains("pwned"),
        "{sftp:?}"
    );
    assert_eq!(sshd.written(), Vec::<PathBuf>::new());
}

/// Whether what listens on 127.0.0.1:`port` answers like an SSH server within a few
/// seconds (a forwarding to sshd's own port would).
fn greets_as_ssh(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(scaled(Duration::from_secs(5))));
    let mut banner = [0u8; 32];
    let n = stream.read(&mut banner).unwrap_or(0);
    banner[..n].starts_with(b"SSH-")
}

/// A port free on 127.0.0.1 a moment ago.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Waits until something listens on 127.0.0.1:`port`.
fn listens(port: u16, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// Kills a child when dropped.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn ssh_n_gives_no_shell_and_port_forwarding_is_refused() {
    let Some(sshd) = server("ssh_n_gives_no_shell_and_port_forwarding_is_refused") else {
        return;
    };
    // -N with -L: no command and no shell; the local end listens (the client opens it), but
    // a connection through it is refused by the server, never reaching sshd's own port.
    let local = free_port();
    let forward = format!("{local}:127.0.0.1:{}", sshd.port);
    let mut client = Killed(
        Command::new(ssh_path())
            .args(sshd.ssh_args(&["-N", "-L", &forward], &[]))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run ssh -N -L"),
    );
    assert!(
        listens(local, login_timeout()),
        "ssh -N -L never listened\n{}",
        sshd.log()
    );
    assert!(!greets_as_ssh(local), "the forwarding reached sshd's port");
    let deadline = Instant::now() + login_timeout();
    while !sshd.log().contains("refused local port forward") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        sshd.log().contains("refused local port forward"),
        "{}",
        sshd.log()
    );
    // -N gave no session: nothing was printed, and no kiosk or shell runs for it.
    let _ = client.0.kill();
    let out = client.0.wait_with_output_ref();
    assert!(out.is_empty(), "ssh -N printed {out:?}");

    // -R: the server refuses to listen for the client.
    let remote = free_port();
    let reverse = format!("{remote}:127.0.0.1:{}", sshd.port);
    let refused = Command::new(ssh_path())
        .args(sshd.ssh_args(
            &["-N", "-o", "ExitOnForwardFailure=yes", "-R", &reverse],
            &[],
        ))
        .stdin(Stdio::null())
        .output()
        .expect("run ssh -N -R");
    assert!(!refused.status.success(), "{refused:?}");
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("forwarding failed"),
        "{refused:?}"
    );
    assert!(!greets_as_ssh(remote), "something listens on the -R port");
}

/// Reads what a killed child wrote on stdout.
trait OutputRef {
    fn wait_with_output_ref(&mut self) -> String;
}

impl OutputRef for std::process::Child {
    fn wait_with_output_ref(&mut self) -> String {
        let _ = self.wait();
        let mut out = String::new();
        if let Some(mut stdout) = self.stdout.take() {
            let _ = stdout.read_to_string(&mut out);
        }
        out
    }
}

#[test]
fn a_dropped_connection_ends_the_kiosk() {
    let Some(sshd) = server("a_dropped_connection_ends_the_kiosk") else {
        return;
    };
    let (_scratch, mut pty) = login(sshd, "dropped", &[]);
    pty.send("n");
    let running = kiosks("dropped");
    assert_eq!(running.len(), 1, "{running:?}");
    // The client dies without a word: sshd sees the connection close and hangs up the
    // kiosk's terminal.
    pty.signal("KILL");
    let deadline = Instant::now() + scaled(Duration::from_secs(20));
    while !kiosks("dropped").is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        kiosks("dropped").is_empty(),
        "the kiosk still runs after its connection dropped\n{}",
        sshd.log()
    );
    assert_eq!(sshd.written(), Vec::<PathBuf>::new());
}
