//! The real `carepath` binary in a pseudo-terminal, its output fed into a vt100 screen.
//!
//! Shared by `tests/pty.rs` and `benches/startup.rs` (included with `#[path]`). Every wait
//! has a deadline and a failed wait panics with the screen as it was, so a test never hangs
//! and a failure shows what the person would have seen. A process still running when its
//! [`Pty`] is dropped is killed with SIGKILL before the pseudo-terminal is closed.
//!
//! Deadlines go through `tests/common/timeout.rs` (declared by the including crate as its
//! `timeout` module), so `CAREPATH_TEST_TIMEOUT_SCALE` lengthens them on a slow machine.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

use crate::timeout::scaled;

/// How long a wait for the screen or for the process lasts before the test fails: 10 s, times
/// `CAREPATH_TEST_TIMEOUT_SCALE`.
pub fn timeout() -> Duration {
    scaled(Duration::from_secs(10))
}

pub const ENTER: &str = "\r";
pub const ESC: &str = "\x1b";
pub const UP: &str = "\x1b[A";
pub const DOWN: &str = "\x1b[B";
pub const F4: &str = "\x1bOS";

/// Entering and leaving the alternate screen (DEC private mode 1049).
pub const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";
pub const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";

/// One run of the binary in a pseudo-terminal.
pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    /// `None` once [`Pty::hang_up`] closed the terminal.
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    output: Receiver<Vec<u8>>,
    /// The reader saw the end of the output (the process and every copy of its terminal
    /// are gone).
    closed: bool,
    parser: vt100::Parser,
    raw: Vec<u8>,
    exit: Option<ExitStatus>,
    pid: u32,
}

/// The binary, `cols`×`rows`, `TERM=xterm-256color`, sessions kept in `state_dir`.
pub fn spawn(bin: &Path, args: &[&str], state_dir: &Path, cols: u16, rows: u16) -> Pty {
    let pair = native_pty_system()
        .openpty(size(cols, rows))
        .expect("open a pseudo-terminal");
    let mut cmd = CommandBuilder::new(bin);
    cmd.args(args);
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("CAREPATH_STATE_DIR", state_dir);
    cmd.env_remove("NO_COLOR");
    let child = pair.slave.spawn_command(cmd).expect("spawn carepath");
    // Only the child keeps the terminal open, so reads end when it exits.
    drop(pair.slave);
    let pid = child.process_id().expect("the child has a pid");
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let writer = pair.master.take_writer().expect("pty writer");
    let (tx, output) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break, // EIO once the child's side is closed
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    Pty {
        child,
        master: Some(pair.master),
        writer: Some(writer),
        output,
        closed: false,
        parser: vt100::Parser::new(nonzero(rows), nonzero(cols), 0),
        raw: Vec::new(),
        exit: None,
        pid,
    }
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nonzero(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal size is not zero")
}

/// Whitespace runs (line breaks included) as one space, so wrapped text still matches.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Pty {
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Everything the process wrote so far, escape sequences included.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    pub fn parser(&self) -> &vt100::Parser {
        &self.parser
    }

    /// The screen shows `text`; line breaks and runs of spaces count as one space.
    pub fn shows(&self, text: &str) -> bool {
        normalize(&self.screen()).contains(&normalize(text))
    }

    /// Types `keys` (raw bytes: letters, `ENTER`, escape sequences).
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        if let Err(e) = writer
            .write_all(keys.as_bytes())
            .and_then(|()| writer.flush())
        {
            panic!("cannot type {keys:?}: {e}\n{}", self.dump());
        }
    }

    /// Feeds everything already read into the screen; notes when the output has ended.
    fn drain(&mut self) {
        loop {
            match self.output.try_recv() {
                Ok(chunk) => self.feed(&chunk),
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.closed = true;
                    return;
                }
            }
        }
    }

    fn feed(&mut self, chunk: &[u8]) {
        self.parser.process(chunk);
        self.raw.extend_from_slice(chunk);
    }

    /// Reads output until `done` holds or `timeout` passes; returns whether it held.
    pub fn wait_until(&mut self, timeout: Duration, mut done: impl FnMut(&Pty) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            self.drain();
            if done(self) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            if self.closed {
                // Nothing more will come; give the condition no more time.
                return false;
            }
            match self
                .output
                .recv_timeout(left.min(Duration::from_millis(100)))
            {
                Ok(chunk) => self.feed(&chunk),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => self.closed = true,
            }
        }
    }

    /// Reads output until the screen shows `text`; fails the test with the screen if it
    /// does not within [`timeout`].
    #[track_caller]
    pub fn wait_for(&mut self, text: &str) {
        let timeout = timeout();
        if !self.wait_until(timeout, |p| p.shows(text)) {
            panic!(
                "timed out after {timeout:?} waiting for the screen to show {text:?}\n{}",
                self.dump()
            );
        }
    }

    /// Types `keys`, then waits for `text`.
    #[track_caller]
    pub fn step(&mut self, keys: &str, text: &str) {
        self.send(keys);
        self.wait_for(text);
    }

    /// Waits for the screen to differ from `before`; false if it did not within `timeout`.
    pub fn wait_for_change(&mut self, before: &str, timeout: Duration) -> bool {
        self.wait_until(timeout, |p| p.screen() != before)
    }

    /// Reads output for `quiet` after the last byte, at most `timeout` in all: lets a frame
    /// finish drawing before the screen is compared.
    pub fn settle(&mut self, quiet: Duration, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !self.closed && Instant::now() < deadline {
            match self.output.recv_timeout(quiet) {
                Ok(chunk) => {
                    self.feed(&chunk);
                    self.drain();
                }
                Err(RecvTimeoutError::Timeout) => return,
                Err(RecvTimeoutError::Disconnected) => self.closed = true,
            }
        }
    }

    /// Changes the terminal's size (the process gets SIGWINCH) and the screen's.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.drain();
        self.master
            .as_ref()
            .expect("the terminal is open")
            .resize(size(cols, rows))
            .expect("resize the pseudo-terminal");
        self.parser
            .screen_mut()
            .set_size(nonzero(rows), nonzero(cols));
    }

    /// Closes the terminal, as closing the window does: the kernel hangs up the tty and
    /// sends SIGHUP. portable-pty's writer types Enter and Ctrl-D as it closes.
    pub fn hang_up(&mut self) {
        self.drain();
        drop(self.writer.take());
        drop(self.master.take());
    }

    /// Sends a signal by name (`TERM`, `HUP`, `KILL`) with kill(1).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid.to_string())
            .status()
            .expect("run kill");
        assert!(
            status.success(),
            "kill -{name} {} failed: {status}",
            self.pid
        );
    }

    /// The exit status if the process has ended.
    pub fn try_exit(&mut self) -> Option<ExitStatus> {
        if self.exit.is_none() {
            self.exit = self.child.try_wait().expect("wait for carepath");
        }
        self.exit.clone()
    }

    /// Waits up to `timeout` for the process to end, then for the rest of its output.
    /// Fails the test with the screen if it is still running.
    #[track_caller]
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        let status = loop {
            self.drain();
            if let Some(status) = self.try_exit() {
                break status;
            }
            if Instant::now() >= deadline {
                panic!(
                    "carepath (pid {}) still runs {timeout:?} later\n{}",
                    self.pid,
                    self.dump()
                );
            }
            if !self.closed {
                if let Ok(chunk) = self.output.recv_timeout(Duration::from_millis(20)) {
                    self.feed(&chunk);
                }
            } else {
                std::thread::sleep(Duration::from_millis(20));
            }
        };
        // The reader ends once the last copy of the terminal closes: right after the exit.
        let _ = self.wait_until(scaled(Duration::from_secs(2)), |p| p.closed);
        status
    }

    /// Whether the terminal is in canonical (cooked) mode, as the shell expects it; `None`
    /// if the settings cannot be read.
    pub fn canonical_mode(&self) -> Option<bool> {
        let termios = self.master.as_ref()?.get_termios()?;
        Some(format!("{:?}", termios.local_flags).contains("ICANON"))
    }

    /// The screen and the tail of the raw output, for failure messages.
    /// Everything a long screen shows, page by page (Space scrolls), as one normalized
    /// string. Waits for `wanted` on the first page (which also covers a first frame still
    /// being drawn), then scrolls until every text of `wanted` has been seen or the screen
    /// no longer moves.
    pub fn pages(&mut self, wanted: &[String]) -> String {
        let all_seen = |seen: &str| wanted.iter().all(|w| seen.contains(&normalize(w)));
        self.wait_until(scaled(Duration::from_secs(3)), |p| {
            all_seen(&normalize(&p.screen()))
        });
        let mut seen = normalize(&self.screen());
        for _ in 0..30 {
            if all_seen(&seen) {
                break;
            }
            let before = self.screen();
            self.send(" ");
            if !self.wait_for_change(&before, scaled(Duration::from_millis(1500))) {
                break; // the last page
            }
            self.settle(Duration::from_millis(50), Duration::from_secs(1));
            seen.push(' ');
            seen.push_str(&normalize(&self.screen()));
        }
        seen
    }

    /// What [`Pty::pages`] showed, once it showed every text of `wanted`; `what` names the
    /// screen in the failure, which lists what it lacks, what it showed and the screen.
    pub fn pages_showing(&mut self, wanted: &[String], what: &str) -> String {
        let seen = self.pages(wanted);
        let missing: Vec<&String> = wanted
            .iter()
            .filter(|w| !seen.contains(&normalize(w)))
            .collect();
        assert!(
            missing.is_empty(),
            "{what} lacks {missing:#?}\nit showed: {seen}\n{}",
            self.dump()
        );
        seen
    }

    pub fn dump(&self) -> String {
        let tail_from = self.raw.len().saturating_sub(300);
        format!(
            "---- screen ({}) ----\n{}\n---- last raw bytes ----\n{:?}\n----",
            if self.parser.screen().alternate_screen() {
                "alternate"
            } else {
                "main"
            },
            self.screen(),
            String::from_utf8_lossy(&self.raw[tail_from..]),
        )
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.try_exit().is_none() {
            // Before the terminal is closed: a process whose terminal hangs up may not exit.
            let _ = Command::new("kill")
                .args(["-KILL", &self.pid.to_string()])
                .status();
            let _ = self.child.wait();
        }
    }
}
