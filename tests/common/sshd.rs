//! A real OpenSSH server on 127.0.0.1 whose one account runs `carepath kiosk` as its
//! `ForceCommand`, for `tests/ssh_kiosk.rs` and `benches/ssh_sessions.rs`.
//!
//! Everything lives in a temporary directory: the host key, the user's key, the
//! `authorized_keys`, the `sshd_config`, the pid file, the log, and the empty home and state
//! directories that the kiosk is given with `SetEnv`. sshd runs in the foreground under a
//! small `sh` that kills it when this process's end of a pipe closes, so it never outlives
//! the tests. Where sshd is not installed, [`Sshd::start`] says why, and the caller skips.
//! Needs `tests/common/timeout.rs` as the crate's `timeout` module.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::timeout::scaled;

/// How long sshd may take to listen: 20 s, times `CAREPATH_TEST_TIMEOUT_SCALE`.
fn start_timeout() -> Duration {
    scaled(Duration::from_secs(20))
}

/// The kiosk's account, as the `sshd_config` block in README sets it up, on a free port.
pub struct Sshd {
    /// The server's files; removed with the server.
    pub dir: PathBuf,
    pub port: u16,
    /// The user logged in as (the current user: root in CI).
    pub user: String,
    /// The private key that logs in.
    pub key: PathBuf,
    /// Given to the kiosk as HOME, XDG_STATE_HOME and CAREPATH_STATE_DIR: stays empty.
    pub home: PathBuf,
    /// The `sh` holding sshd; its stdin is the pipe whose closing stops sshd.
    keeper: Child,
}

/// `PATH`'s `name`, or sshd's usual place.
fn find(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/local/sbin")])
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{cmd:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// A port free on 127.0.0.1 a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

impl Sshd {
    /// Starts sshd with the kiosk (`kiosk_args` after `kiosk`, such as `--idle 5m`) as the
    /// account's ForceCommand. `Err` with the reason when sshd or ssh is not installed (the
    /// caller skips); a server that is installed but does not start is a failure (panics
    /// with its log).
    pub fn start(bin: &Path, kiosk_args: &str, max_sessions: usize) -> Result<Sshd, String> {
        let sshd = find("sshd").ok_or("sshd is not installed (Debian: openssh-server)")?;
        for tool in ["ssh", "ssh-keygen"] {
            find(tool).ok_or(format!("{tool} is not installed (Debian: openssh-client)"))?;
        }
        // sshd's privilege separation directory, which a fresh install may not have made.
        let _ = std::fs::create_dir_all("/run/sshd");
        // Kept past this process's end: the shell holding sshd removes it after sshd.
        let dir = tempfile::tempdir()
            .map_err(|e| format!("no temporary directory: {e}"))?
            .keep();
        let d = dir.as_path();
        for key in ["host_key", "user_key"] {
            run(Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", key, "-f"])
                .arg(d.join(key)))?;
        }
        std::fs::copy(d.join("user_key.pub"), d.join("authorized_keys"))
            .map_err(|e| e.to_string())?;
        let home = d.join("home");
        std::fs::create_dir(&home).map_err(|e| e.to_string())?;
        let user = run(Command::new("id").arg("-un"))?;
        let mut last_log = String::new();
        // A port free a moment ago may be taken by the time sshd binds it: try a few.
        for _ in 0..3 {
            let port = free_port();
            let config = d.join("sshd_config");
            std::fs::write(
                &config,
                config_text(d, port, &user, bin, kiosk_args, &home, max_sessions),
            )
            .map_err(|e| e.to_string())?;
            run(Command::new(&sshd).arg("-t").arg("-f").arg(&config))?;
            let log = d.join("sshd.log");
            let _ = std::fs::remove_file(&log);
            let mut keeper = Command::new("sh")
                .arg("-c")
                .arg("dir=$1; shift; \"$0\" \"$@\" & pid=$!; read -r line; kill $pid; wait; [ \"$line\" = keep ] || rm -rf \"$dir\"")
                .arg(&sshd)
                .arg(d)
                .args(["-D", "-f"])
                .arg(&config)
                .arg("-E")
                .arg(&log)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot start sshd: {e}"))?;
            let deadline = Instant::now() + start_timeout();
            while Instant::now() < deadline {
                if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
                    // Ours when it greets as OpenSSH.
                    let _ = stream.set_read_timeout(Some(scaled(Duration::from_secs(5))));
                    let mut banner = [0u8; 64];
                    let n = stream.read(&mut banner).unwrap_or(0);
                    if banner[..n].starts_with(b"SSH-2.0-OpenSSH") {
                        return Ok(Sshd {
                            dir: dir.clone(),
                            port,
                            user,
                            key: d.join("user_key"),
                            home,
                            keeper,
                        });
                    }
                }
                if keeper.try_wait().ok().flatten().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            // Stopped, keeping the directory for the next try.
            let _ = keeper.stdin.take().map(|mut s| s.write_all(b"keep\n"));
            let _ = keeper.wait();
            last_log = std::fs::read_to_string(&log).unwrap_or_default();
        }
        panic!("sshd did not start on 127.0.0.1; its log:\n{last_log}");
    }

    /// `ssh` logging in to the kiosk's account, with no host key kept and nothing read from
    /// the user's own ssh configuration; `extra` goes before the destination (options) and
    /// `command` after it.
    pub fn ssh_args(&self, extra: &[&str], command: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = [
            "-F",
            "/dev/null",
            "-p",
            &self.port.to_string(),
            "-i",
            &self.key.to_string_lossy(),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "ConnectTimeout=20",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        args.extend(extra.iter().map(ToString::to_string));
        args.push(format!("{}@127.0.0.1", self.user));
        args.extend(command.iter().map(ToString::to_string));
        args
    }

    /// sshd's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("sshd.log")).unwrap_or_default()
    }

    /// Everything under the kiosk's home and state directories (should stay empty).
    pub fn written(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                found.push(entry.path());
                if entry.path().is_dir() {
                    walk(&entry.path(), found);
                }
            }
        }
        let mut found = Vec::new();
        walk(&self.home, &mut found);
        found
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        // The keeper kills sshd once its stdin has a line or closes.
        if let Some(mut stdin) = self.keeper.stdin.take() {
            let _ = stdin.write_all(b"\n");
        }
        let _ = self.keeper.wait();
    }
}

/// The test server's `sshd_config`: README's block for the kiosk account (the `Match`),
/// around what a test server needs (a port, keys and files of its own, logins as root).
fn config_text(
    d: &Path,
    port: u16,
    user: &str,
    bin: &Path,
    kiosk_args: &str,
    home: &Path,
    max_sessions: usize,
) -> String {
    let d = d.display();
    let home = home.display();
    let bin = bin.display();
    format!(
        "\
Port {port}
ListenAddress 127.0.0.1
HostKey {d}/host_key
PidFile {d}/sshd.pid
AuthorizedKeysFile {d}/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin yes
AllowUsers {user}
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitUserEnvironment no
# Test only: lets a test tell its own sessions' kiosks apart (README's block has no AcceptEnv).
AcceptEnv CAREPATH_TEST_TAG
LogLevel VERBOSE
MaxStartups {max_sessions}:30:{max_sessions}

Match User {user}
    ForceCommand {bin} kiosk {kiosk_args}
    PermitTTY yes
    DisableForwarding yes
    AllowTcpForwarding no
    AllowStreamLocalForwarding no
    AllowAgentForwarding no
    X11Forwarding no
    PermitTunnel no
    GatewayPorts no
    PermitOpen none
    PermitListen none
    PermitUserRC no
    ClientAliveInterval 30
    ClientAliveCountMax 3
    SetEnv HOME={home} XDG_STATE_HOME={home}/state CAREPATH_STATE_DIR={home}/carepath
"
    )
}
