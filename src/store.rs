//! Saving unfinished wizard sessions and finished summaries on disk, atomically and privately.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::call::SavedCall;
use crate::export::Summary;

/// Environment variable that overrides where sessions and summaries are kept.
pub const STATE_DIR_ENV: &str = "CAREPATH_STATE_DIR";

/// Saved session files larger than this are treated as corrupt rather than read.
pub const MAX_SESSION_BYTES: u64 = 4 * 1024 * 1024;

/// Longest pathway id kept in a file name, so names stay well under 255 bytes.
const MAX_ID_IN_FILE_NAME: usize = 100;

/// Why a session or summary could not be saved or read. Every message names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot find a directory to keep sessions in (no home directory?). \
         Set {STATE_DIR_ENV} to a directory you can write to"
    )]
    NoStateDir,
    #[error("{}: cannot {action}: {reason}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        reason: String,
    },
    /// A state directory or file that carepath will not use, and how to fix it.
    #[error("{}: {reason}", path.display())]
    Unsafe { path: PathBuf, reason: String },
    #[error(
        "{}: the saved session could not be read ({reason}). It was moved to {} \
         and a new session starts; nothing else was changed",
        path.display(),
        moved_to.display()
    )]
    Corrupt {
        path: PathBuf,
        moved_to: PathBuf,
        reason: String,
    },
}

/// The current time as RFC 3339 in UTC, whole seconds: `2026-05-06T14:03:00Z`.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// Where sessions (`session-<id>.json`) and summaries (`summaries/`) are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    dir: PathBuf,
    /// The directory is carepath's own (the platform state dir), so an existing one with
    /// looser permissions is made 0700; a `CAREPATH_STATE_DIR` someone chose is left as it is.
    own_dir: bool,
}

impl Store {
    /// `$CAREPATH_STATE_DIR` if set, else the platform state dir
    /// (`~/.local/state/carepath` on Linux), falling back to the local data dir.
    pub fn default_location() -> Result<Store, StoreError> {
        if let Some(dir) = std::env::var_os(STATE_DIR_ENV).filter(|d| !d.is_empty()) {
            return Ok(Store::at(dir));
        }
        let dirs =
            directories::ProjectDirs::from("", "", "carepath").ok_or(StoreError::NoStateDir)?;
        let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Ok(Store {
            dir: dir.to_path_buf(),
            own_dir: true,
        })
    }

    pub fn at(dir: impl Into<PathBuf>) -> Store {
        Store {
            dir: dir.into(),
            own_dir: false,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file a call is saved in: `call-<id>.json`.
    pub fn call_path(&self, call_id: &str) -> PathBuf {
        self.dir
            .join(format!("call-{}.json", file_name_part(call_id)))
    }

    /// The file whose lock says which process holds a call: `call-<id>.lock`.
    fn call_lock_path(&self, call_id: &str) -> PathBuf {
        self.dir
            .join(format!("call-{}.lock", file_name_part(call_id)))
    }

    /// Takes the call's lock (an exclusive lock on `call-<id>.lock`, created if missing,
    /// held until the [`CallLock`] is dropped or the process ends, even by `kill -9`).
    /// `Ok(None)` when another process holds it. Creates the directory (0700) if missing.
    pub fn lock_call(&self, call_id: &str) -> Result<Option<CallLock>, StoreError> {
        create_private_dir(&self.dir, self.own_dir)?;
        check_private_dir(&self.dir)?;
        let path = self.call_lock_path(call_id);
        let action = "lock the call";
        // A lock file deleted and made again between our open and our lock would be a second
        // lock for one call: lock, then check the name still leads to the file locked.
        for _ in 0..8 {
            match std::fs::symlink_metadata(&path) {
                Ok(meta) => refuse_link(&path, &meta)?,
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(&path, action, &e)),
            }
            let file = match open_private(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == ErrorKind::AlreadyExists => OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .map_err(|e| io_error(&path, action, &e))?,
                Err(e) => return Err(io_error(&path, action, &e)),
            };
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
                Err(std::fs::TryLockError::Error(e)) => return Err(io_error(&path, action, &e)),
            }
            let locked = file.metadata().map_err(|e| io_error(&path, action, &e))?;
            match std::fs::symlink_metadata(&path) {
                Ok(now) if same_file(&now, &locked) => {
                    return Ok(Some(CallLock {
                        _file: file,
                        id: call_id.to_string(),
                    }));
                }
                _ => continue,
            }
        }
        Err(StoreError::Io {
            path,
            action,
            reason: "the lock file kept changing; another program is using the directory".into(),
        })
    }

    /// The saved call, if its file exists. A corrupt, truncated or unreadable file is moved
    /// aside (renamed to `<name>.corrupt-<unix-seconds>`) and reported as
    /// [`StoreError::Corrupt`].
    ///
    /// A state directory that other users can write to, and a call file that is a symbolic
    /// link, are refused ([`StoreError::Unsafe`]); a link is never followed. Temporary files
    /// left by a save that was killed half-way are deleted.
    pub fn read_call(&self, lock: &CallLock) -> Result<Option<SavedCall>, StoreError> {
        if !check_private_dir(&self.dir)? {
            return Ok(None);
        }
        let path = self.call_path(&lock.id);
        remove_stale_temporaries(&path);
        let Some(bytes) = read_private(&path)? else {
            return Ok(None);
        };
        match parse_call(&bytes) {
            Ok(s) => Ok(Some(s)),
            Err(reason) => Err(self.corrupt(&path, reason)?),
        }
    }

    fn corrupt(&self, path: &Path, reason: String) -> Result<StoreError, StoreError> {
        let moved_to = move_aside(path)?;
        Ok(StoreError::Corrupt {
            path: path.to_path_buf(),
            moved_to,
            reason,
        })
    }

    /// Saves the call atomically: writes a temporary file in the same directory (mode 0600),
    /// syncs it, and renames it over `call-<id>.json`. Only the holder of the call's lock
    /// saves it, so two processes never write one file. Control characters are removed
    /// from the note.
    pub fn save_call(&self, lock: &CallLock, s: &SavedCall) -> Result<(), StoreError> {
        create_private_dir(&self.dir, self.own_dir)?;
        check_private_dir(&self.dir)?;
        let path = self.call_path(&lock.id);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) => refuse_link(&path, &meta)?,
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&path, "save the call", &e)),
        }
        let mut s = s.clone();
        s.call_id = lock.id.clone();
        s.note = crate::export::clean_note(&s.note);
        let mut json = serde_json::to_vec_pretty(&s).map_err(|e| StoreError::Io {
            path: path.clone(),
            action: "save the call",
            reason: e.to_string(),
        })?;
        json.push(b'\n');
        write_atomically(&path, &json)
    }

    /// Deletes a call's file, then its lock file; Ok if there is none.
    pub fn delete_call(&self, lock: CallLock) -> Result<(), StoreError> {
        let path = self.call_path(&lock.id);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&path, "delete the saved call", &e)),
        }
        let _ = std::fs::remove_file(self.call_lock_path(&lock.id));
        drop(lock);
        Ok(())
    }

    /// The ids of the calls saved in the directory, and the files that could not be read on
    /// the way. A session file from before calls had ids (`session-<pathway>.json`) is first
    /// turned into a call file.
    pub fn call_ids(&self) -> Result<(Vec<String>, Vec<StoreError>), StoreError> {
        let mut problems = Vec::new();
        if !check_private_dir(&self.dir)? {
            return Ok((Vec::new(), problems));
        }
        let action = "list the saved calls";
        let entries = std::fs::read_dir(&self.dir).map_err(|e| io_error(&self.dir, action, &e))?;
        let mut ids = Vec::new();
        let mut legacy = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| io_error(&self.dir, action, &e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if let Some(id) = name
                .strip_prefix("call-")
                .and_then(|n| n.strip_suffix(".json"))
            {
                ids.push(id.to_string());
            } else if name.starts_with("session-") && name.ends_with(".json") {
                legacy.push(entry.path());
            }
        }
        for path in legacy {
            match self.adopt_session_file(&path) {
                Ok(Some(id)) => ids.push(id),
                Ok(None) => {}
                Err(e) => problems.push(e),
            }
        }
        ids.sort();
        ids.dedup();
        Ok((ids, problems))
    }

    /// Turns a `session-<pathway>.json` of an earlier version into a call file.
    fn adopt_session_file(&self, path: &Path) -> Result<Option<String>, StoreError> {
        let Some(bytes) = read_private(path)? else {
            return Ok(None);
        };
        let saved = match parse_call(&bytes) {
            Ok(s) => s,
            Err(reason) => return Err(self.corrupt(path, reason)?),
        };
        let id = crate::call::new_call_id(&saved.started_at);
        let Some(lock) = self.lock_call(&id)? else {
            return Ok(None);
        };
        self.save_call(&lock, &saved)?;
        std::fs::remove_file(path)
            .map_err(|e| io_error(path, "remove the old session file", &e))?;
        Ok(Some(id))
    }

    /// The directory summaries are written to.
    pub fn summaries_dir(&self) -> PathBuf {
        self.dir.join("summaries")
    }

    /// Writes the call's summary as `summaries/<pathway_id>-<call_id>.txt` and `.json`, and
    /// the call as a FHIR R4 QuestionnaireResponse in `.fhir.json` (mode 0600, directory
    /// 0700), each atomically. Saving a call's summary again replaces
    /// its files, so a call has one record; [`SummaryFiles::replaced`] says so. A
    /// `summaries` that is a symbolic link is refused, never followed.
    pub fn write_summary(
        &self,
        summary: &Summary,
        call_id: &str,
    ) -> Result<SummaryFiles, StoreError> {
        let dir = self.summaries_dir();
        create_private_dir(&self.dir, self.own_dir)?;
        check_private_dir(&self.dir)?;
        refuse_linked_dir(&dir)?;
        create_private_dir(&dir, true)?;
        check_private_dir(&dir)?;
        let json = pretty_json(&dir, &summary.json)?;
        let fhir = pretty_json(&dir, &summary.fhir)?;
        let stem = format!(
            "{}-{}",
            file_name_part(&summary.json.pathway.id),
            file_name_part(call_id)
        );
        let txt = dir.join(format!("{stem}.txt"));
        let json_path = dir.join(format!("{stem}.json"));
        let fhir_path = dir.join(format!("{stem}.fhir.json"));
        for path in [&txt, &json_path, &fhir_path] {
            if let Ok(meta) = std::fs::symlink_metadata(path) {
                refuse_link(path, &meta)?;
            }
        }
        let replaced = json_path.exists() || txt.exists() || fhir_path.exists();
        write_atomically(&txt, summary.text.as_bytes())?;
        write_atomically(&json_path, &json)?;
        write_atomically(&fhir_path, &fhir)?;
        Ok(SummaryFiles {
            txt,
            json: json_path,
            fhir: fhir_path,
            replaced,
        })
    }
}

/// `value` as indented JSON with a final newline, for a file in `dir`.
fn pretty_json(dir: &Path, value: &impl serde::Serialize) -> Result<Vec<u8>, StoreError> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| StoreError::Io {
        path: dir.to_path_buf(),
        action: "write the summary",
        reason: e.to_string(),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The holder of a call: while it lives, no other carepath process saves or resumes that
/// call. Dropping it releases the lock.
#[derive(Debug)]
pub struct CallLock {
    _file: File,
    id: String,
}

impl CallLock {
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// Where a call's summary was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryFiles {
    pub txt: PathBuf,
    pub json: PathBuf,
    /// The call as a FHIR R4 QuestionnaireResponse.
    pub fhir: PathBuf,
    /// An earlier version of this call's summary was replaced.
    pub replaced: bool,
}

/// What [`Store::forget`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Forgotten {
    /// Saved sessions, with copies of unreadable ones moved aside and unfinished temporary
    /// files.
    pub sessions: usize,
    /// Summary files (a summary is a `.txt`, a `.json` and a `.fhir.json`).
    pub summaries: usize,
}

impl Store {
    /// Deletes every saved session in the directory (of any pathway), and with `summaries`
    /// every summary file too. Only carepath's own file names are touched; a symbolic link
    /// is deleted itself, never what it points to. Stops at the first file it cannot delete.
    pub fn forget(&self, summaries: bool) -> Result<Forgotten, StoreError> {
        // Lock files are deleted with their calls but not counted: they hold no answers.
        delete_matching(&self.dir, |n| {
            n.starts_with("call-") && n.ends_with(".lock")
        })?;
        let sessions = delete_matching(&self.dir, is_session_file)?;
        let mut done = Forgotten {
            sessions,
            summaries: 0,
        };
        if summaries {
            let dir = self.summaries_dir();
            refuse_linked_dir(&dir)?;
            done.summaries = delete_matching(&dir, |name| {
                !name.starts_with('.') && (name.ends_with(".txt") || name.ends_with(".json"))
            })?;
            // Only when now empty; anything else someone put there is left alone.
            let _ = std::fs::remove_dir(&dir);
        }
        if done != Forgotten::default() {
            sync_dir(&self.dir);
        }
        Ok(done)
    }
}

/// `call-<id>.json`, older `session-<id>.json` files, moved-aside copies `.corrupt-…`, and
/// unfinished `.….tmp` files.
fn is_session_file(name: &str) -> bool {
    ["call-", "session-"].iter().any(|prefix| {
        let saved = name.starts_with(prefix)
            && (name.ends_with(".json") || name.contains(".json.corrupt-"));
        let temporary = name
            .strip_prefix('.')
            .is_some_and(|n| n.starts_with(prefix))
            && name.ends_with(".tmp");
        saved || temporary
    })
}

/// Deletes the files (and links) of `dir` whose names match; a missing `dir` holds none.
fn delete_matching(dir: &Path, matches: impl Fn(&str) -> bool) -> Result<usize, StoreError> {
    let action = "delete saved files";
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io_error(dir, action, &e)),
    };
    let mut deleted = 0;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, action, &e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let path = entry.path();
        // `file_type` does not follow links: a link is a file to delete, not a directory.
        let kind = entry.file_type().map_err(|e| io_error(&path, action, &e))?;
        if kind.is_dir() || !matches(name) {
            continue;
        }
        match std::fs::remove_file(&path) {
            Ok(()) => deleted += 1,
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&path, action, &e)),
        }
    }
    Ok(deleted)
}

/// Checks that `dir`, if it exists, is a directory no other user can write to. Returns
/// whether it exists.
fn check_private_dir(dir: &Path) -> Result<bool, StoreError> {
    let meta = match std::fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io_error(dir, "use the state directory", &e)),
    };
    if !meta.is_dir() {
        return Err(not_a_directory(dir));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode();
        if mode & 0o022 != 0 {
            let who = if mode & 0o002 != 0 {
                "every user"
            } else {
                "its group"
            };
            return Err(StoreError::Unsafe {
                path: dir.to_path_buf(),
                reason: format!(
                    "the state directory can be written by {who} (mode {:o}), so someone else \
                     could replace saved answers. Make it private with `chmod 700 {}`, or set \
                     {STATE_DIR_ENV} to a private directory",
                    mode & 0o7777,
                    dir.display()
                ),
            });
        }
    }
    Ok(true)
}

fn not_a_directory(dir: &Path) -> StoreError {
    StoreError::Unsafe {
        path: dir.to_path_buf(),
        reason: format!(
            "this is where sessions are kept, but it is a file, not a directory. Move the \
             file, or set {STATE_DIR_ENV} to a directory"
        ),
    }
}

/// Refuses a symbolic link where a saved session should be.
fn refuse_link(path: &Path, meta: &std::fs::Metadata) -> Result<(), StoreError> {
    if meta.file_type().is_symlink() {
        return Err(StoreError::Unsafe {
            path: path.to_path_buf(),
            reason: "the saved session is a symbolic link, which carepath never follows. \
                     Delete the link (`carepath forget` does) and start again"
                .into(),
        });
    }
    Ok(())
}

/// Whether two metadata describe the same file (always true where that cannot be told).
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// Keeps `[A-Za-z0-9_-]` of a pathway id for use in a file name; other characters become `_`.
pub fn file_name_part(pathway_id: &str) -> String {
    let part: String = pathway_id
        .chars()
        .take(MAX_ID_IN_FILE_NAME)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if part.is_empty() { "_".into() } else { part }
}

/// Parses a saved call and checks the fields a front end relies on.
fn parse_call(bytes: &[u8]) -> Result<SavedCall, String> {
    if bytes.len() as u64 > MAX_SESSION_BYTES {
        return Err(format!(
            "the file is larger than {MAX_SESSION_BYTES} bytes; saved calls are a few kilobytes"
        ));
    }
    let s: SavedCall = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_eof() {
            format!("the file is cut short ({e})")
        } else {
            format!("not a saved call ({e})")
        }
    })?;
    for (field, time) in [("started_at", &s.started_at), ("updated_at", &s.updated_at)] {
        if humantime::parse_rfc3339(time).is_err() {
            return Err(format!(
                "{field} is `{time}`; expected a time such as 2026-12-03T07:45:00Z"
            ));
        }
    }
    Ok(s)
}

/// Reads a state file that must be a regular file of ours: `None` when it does not exist.
/// A symbolic link is refused and never followed; a file replaced while it is opened is not
/// read. A file carepath may not read is reported as unreadable, to be moved aside.
fn read_private(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    let action = "read the saved call";
    let before = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(path, action, &e)),
    };
    refuse_link(path, &before)?;
    if !before.is_file() {
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            action,
            reason: "it is not a regular file; move it out of the way".into(),
        });
    }
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => {
            let moved_to = move_aside(path)?;
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                moved_to,
                reason: "carepath may not read it (permission denied)".into(),
            });
        }
        Err(e) => return Err(io_error(path, action, &e)),
    };
    let meta = file.metadata().map_err(|e| io_error(path, action, &e))?;
    if !meta.is_file() || !same_file(&before, &meta) {
        return Err(StoreError::Unsafe {
            path: path.to_path_buf(),
            reason: "the file changed while it was being opened (replaced by a link?); \
                     nothing was read"
                .into(),
        });
    }
    let mut bytes = Vec::new();
    file.take(MAX_SESSION_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, action, &e))?;
    Ok(Some(bytes))
}

/// Refuses a directory of ours (such as `summaries`) that is a symbolic link: what is
/// written or deleted there would land in the link's target.
fn refuse_linked_dir(dir: &Path) -> Result<(), StoreError> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => Err(StoreError::Unsafe {
            path: dir.to_path_buf(),
            reason: "this is a symbolic link, which carepath never follows: nothing was \
                     written or deleted there. Replace it with a directory"
                .into(),
        }),
        _ => Ok(()),
    }
}

/// Renames an unreadable file to `<name>.corrupt-<unix-seconds>` (plus `-N` if taken).
fn move_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let secs = unix_seconds();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut moved_to = path.with_file_name(format!("{name}.corrupt-{secs}"));
    let mut n = 2;
    while moved_to.exists() {
        moved_to = path.with_file_name(format!("{name}.corrupt-{secs}-{n}"));
        n += 1;
    }
    std::fs::rename(path, &moved_to).map_err(|e| StoreError::Io {
        path: path.to_path_buf(),
        action: "move the unreadable saved session aside",
        reason: format!("{}; move or delete the file yourself", describe_io(&e)),
    })?;
    Ok(moved_to)
}

/// Writes `bytes` to a fresh temporary file beside `path`, syncs it and renames it over
/// `path`; the temporary file is removed on any failure.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let action = "save the session";
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut file = open_private(&tmp).map_err(|e| io_error(&tmp, action, &e))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| io_error(&tmp, action, &e))?;
        std::fs::rename(&tmp, path).map_err(|e| io_error(path, action, &e))
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    sync_dir(dir);
    Ok(())
}

/// Deletes `.<name>.<pid>-<n>.tmp` files of [`write_atomically`] beside `path` whose process
/// has ended (a save killed between writing and renaming). Best effort.
fn remove_stale_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix)?.strip_suffix(".tmp"))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && pid != std::process::id() && !process_alive(pid, &entry) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether the process that made a temporary file may still be writing it: on Linux, whether
/// it is running; elsewhere, whether the file is less than ten minutes old.
fn process_alive(pid: u32, entry: &std::fs::DirEntry) -> bool {
    if cfg!(target_os = "linux") {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 600)
}

/// Creates a new file readable and writable by its owner only.
fn open_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        // The umask can only take bits away; set the mode exactly.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        options.open(path)
    }
}

/// Creates `dir` and any missing parents with mode 0700. An existing directory is made 0700
/// when it is carepath's `own` (best effort), else left as it is (it may be shared, such as a
/// `CAREPATH_STATE_DIR` someone chose).
fn create_private_dir(dir: &Path, own: bool) -> Result<(), StoreError> {
    let action = "create the directory";
    if dir.is_dir() {
        #[cfg(unix)]
        if own {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(dir)
                && meta.permissions().mode() & 0o077 != 0
            {
                let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
            }
        }
        #[cfg(not(unix))]
        let _ = own;
        return Ok(());
    }
    if dir.exists() {
        return Err(not_a_directory(dir));
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir).map_err(|e| io_error(dir, action, &e))?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| io_error(dir, action, &e))
    }
    #[cfg(not(unix))]
    {
        builder.create(dir).map_err(|e| io_error(dir, action, &e))
    }
}

/// Makes a rename or a new file in `dir` durable. Best effort: some file systems refuse.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn io_error(path: &Path, action: &'static str, e: &std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        action,
        reason: describe_io(e),
    }
}

/// An I/O error in words that suggest what to do.
fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::PermissionDenied => format!(
            "permission denied; check who owns the directory, or set {STATE_DIR_ENV} \
             to a directory you can write to"
        ),
        ErrorKind::StorageFull => "the disk is full; free some space and try again".into(),
        ErrorKind::ReadOnlyFilesystem => {
            format!("the file system is read-only; set {STATE_DIR_ENV} to a writable directory")
        }
        ErrorKind::NotADirectory => "part of the path is a file, not a directory".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::call::CallStatus;
    use crate::export::{SummaryOf, build_summary};
    use crate::pathway::load::{Loaded, PathwaySource};
    use crate::pathway::{Audience, Lang};
    use crate::route::route;
    use crate::scenario::{BUNDLED, Scenario};

    const ID: &str = "20260506T140000Z-1-1";

    static LOADED: LazyLock<Loaded> = LazyLock::new(|| PathwaySource::Bundled.load().unwrap());

    /// A whole call on the bundled pathway: the first bundled scenario whose result has every
    /// part (a facility, a route alongside, coverage and a safety point).
    static WHOLE_CALL: LazyLock<Scenario> = LazyLock::new(|| {
        BUNDLED
            .iter()
            .map(|(name, text)| Scenario::parse(name, text).unwrap())
            .find(|s| {
                let e = &s.expect;
                e.rules.is_some()
                    && !e.also.is_empty()
                    && !e.coverage.is_empty()
                    && !e.flags.is_empty()
            })
            .expect("a bundled scenario whose result has every part")
    });

    fn call() -> SavedCall {
        let answers = WHOLE_CALL.answer_map(&LOADED.pathway).unwrap();
        SavedCall {
            call_id: ID.into(),
            status: CallStatus::InProgress,
            pathway_id: LOADED.pathway.id.clone(),
            pathway_version: "1.0.0".into(),
            pathway_sha256: "abc123".into(),
            mode: Audience::Staff,
            lang: Lang::En,
            answers,
            started_at: "2026-05-06T14:00:00Z".into(),
            updated_at: "2026-05-06T14:03:00Z".into(),
            ended_at: None,
            note: "Called back on Tuesday.\nPrefers mornings.".into(),
            pending: Default::default(),
        }
    }

    /// Saves as the holder of the call would.
    fn save(store: &Store, s: &SavedCall) -> Result<(), StoreError> {
        let lock = store.lock_call(&s.call_id)?.expect("not held elsewhere");
        store.save_call(&lock, s)
    }

    fn load(store: &Store, id: &str) -> Result<Option<SavedCall>, StoreError> {
        let lock = store.lock_call(id)?.expect("not held elsewhere");
        store.read_call(&lock)
    }

    fn file_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn save_then_load_gives_the_same_call() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path().join("state"));
        assert_eq!(load(&store, ID).unwrap(), None);
        let s = call();
        save(&store, &s).unwrap();
        assert_eq!(load(&store, ID).unwrap(), Some(s));
        assert_eq!(store.call_ids().unwrap().0, vec![ID.to_string()]);
    }

    #[test]
    fn a_locked_call_cannot_be_locked_again_until_released() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        let held = store.lock_call(ID).unwrap().expect("free");
        assert!(
            store.lock_call(ID).unwrap().is_none(),
            "two holders of one call"
        );
        assert!(store.lock_call("other").unwrap().is_some());
        drop(held);
        assert!(store.lock_call(ID).unwrap().is_some());
    }

    #[test]
    fn deleting_a_call_removes_its_file_and_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        save(&store, &call()).unwrap();
        let lock = store.lock_call(ID).unwrap().unwrap();
        store.delete_call(lock).unwrap();
        assert!(
            file_names(tmp.path()).is_empty(),
            "{:?}",
            file_names(tmp.path())
        );
    }

    #[test]
    fn a_session_file_of_an_earlier_version_becomes_a_call() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        let mut old = serde_json::to_value(call()).unwrap();
        let o = old.as_object_mut().unwrap();
        o.remove("call_id");
        o.remove("status");
        o.remove("note");
        let old_file = tmp
            .path()
            .join(format!("session-{}.json", call().pathway_id));
        std::fs::write(&old_file, old.to_string()).unwrap();
        let (ids, problems) = store.call_ids().unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(ids.len(), 1);
        let loaded = load(&store, &ids[0]).unwrap().unwrap();
        assert_eq!(loaded.answers, call().answers);
        assert_eq!(loaded.note, "");
        assert_eq!(loaded.status, CallStatus::InProgress);
        assert!(!old_file.exists());
    }

    #[test]
    fn the_note_is_saved_without_control_characters() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        let mut s = call();
        s.note = "ok\x1b]52;c;AAAA\x07 then\r\nnext".into();
        save(&store, &s).unwrap();
        let loaded = load(&store, ID).unwrap().unwrap();
        assert_eq!(loaded.note, "ok]52;c;AAAA then\nnext");
    }

    #[cfg(unix)]
    #[test]
    fn files_are_0600_and_new_directories_0700() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a").join("state");
        let store = Store::at(&dir);
        save(&store, &call()).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&tmp.path().join("a")), 0o700);
        assert_eq!(mode(&store.call_path(ID)), 0o600);

        let files = store.write_summary(&summary(), ID).unwrap();
        assert_eq!(mode(&store.summaries_dir()), 0o700);
        assert_eq!(mode(&files.txt), 0o600);
        assert_eq!(mode(&files.json), 0o600);
    }

    #[test]
    fn truncated_and_garbage_files_are_moved_aside() {
        let full = serde_json::to_string_pretty(&call()).unwrap();
        let cases = [
            ("truncated", full[..full.len() / 2].to_string()),
            ("garbage", "\u{0}\u{1}not json at all \u{fffd}".to_string()),
            ("empty", String::new()),
            ("wrong shape", "[1, 2, 3]".to_string()),
            ("bad mode", full.replace("\"staff\"", "\"admin\"")),
            (
                "bad time",
                full.replace("2026-05-06T14:03:00Z", "yesterday"),
            ),
        ];
        for (what, content) in cases {
            let tmp = tempfile::tempdir().unwrap();
            let store = Store::at(tmp.path());
            let path = store.call_path(ID);
            std::fs::write(&path, &content).unwrap();
            match load(&store, ID) {
                Err(StoreError::Corrupt {
                    path: p,
                    moved_to,
                    reason,
                }) => {
                    assert_eq!(p, path, "{what}");
                    assert!(!reason.is_empty(), "{what}");
                    let name = moved_to.file_name().unwrap().to_string_lossy();
                    assert!(
                        name.starts_with(&format!("call-{ID}.json.corrupt-")),
                        "{what}: {name}"
                    );
                    assert_eq!(std::fs::read_to_string(&moved_to).unwrap(), content);
                    assert!(!path.exists(), "{what}");
                }
                other => panic!("{what}: expected Corrupt, got {other:?}"),
            }
            assert_eq!(load(&store, ID).unwrap(), None, "{what}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_call_file_carepath_may_not_read_is_moved_aside_not_overwritten() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        save(&store, &call()).unwrap();
        let path = store.call_path(ID);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        if File::open(&path).is_ok() {
            return; // root reads anything: nothing to show here
        }
        let err = load(&store, ID).unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
        assert!(err.to_string().contains("permission denied"), "{err}");
        assert!(!path.exists());
    }

    #[test]
    fn the_corrupt_message_names_both_files() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        std::fs::write(store.call_path("p"), "{").unwrap();
        let err = load(&store, "p").unwrap_err().to_string();
        assert!(err.contains("call-p.json:"), "{err}");
        assert!(err.contains("call-p.json.corrupt-"), "{err}");
        assert!(err.contains("cut short"), "{err}");
    }

    #[test]
    fn two_corrupt_files_in_one_second_are_both_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        for _ in 0..2 {
            std::fs::write(store.call_path("p"), "garbage").unwrap();
            assert!(matches!(load(&store, "p"), Err(StoreError::Corrupt { .. })));
        }
        let corrupt = file_names(tmp.path())
            .into_iter()
            .filter(|n| n.contains(".corrupt-"))
            .count();
        assert_eq!(corrupt, 2);
    }

    #[test]
    fn saving_over_an_existing_file_leaves_no_temporary_files() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        let mut s = call();
        let lock = store.lock_call(ID).unwrap().unwrap();
        store.save_call(&lock, &s).unwrap();
        assert!(s.answers.pop_last().is_some());
        s.updated_at = "2026-05-06T14:05:00Z".into();
        store.save_call(&lock, &s).unwrap();
        assert_eq!(
            file_names(tmp.path()),
            vec![format!("call-{ID}.json"), format!("call-{ID}.lock")]
        );
        assert_eq!(store.read_call(&lock).unwrap(), Some(s));
    }

    #[test]
    fn ids_are_sanitised_for_file_names() {
        assert_eq!(file_name_part("event-permits_2"), "event-permits_2");
        assert_eq!(file_name_part("../../etc/passwd"), "______etc_passwd");
        assert_eq!(file_name_part("é"), "_");
        assert_eq!(file_name_part(""), "_");
        let store = Store::at("/x");
        assert_eq!(store.call_path("a/b"), Path::new("/x/call-a_b.json"));
    }

    #[test]
    fn a_directory_in_the_way_is_an_io_error_naming_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        std::fs::create_dir(store.call_path("p")).unwrap();
        let err = load(&store, "p").unwrap_err();
        assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
        assert!(err.to_string().contains("call-p.json"), "{err}");
        let p = SavedCall {
            call_id: "p".into(),
            ..call()
        };
        assert!(save(&store, &p).is_err());
        assert_eq!(file_names(tmp.path()), vec!["call-p.json", "call-p.lock"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_call_file_that_is_a_link_is_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path().join("state"));
        save(&store, &call()).unwrap();
        let path = store.call_path(ID);
        let target = tmp.path().join("elsewhere.json");
        std::fs::rename(&path, &target).unwrap();
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let before = std::fs::read(&target).unwrap();

        let err = load(&store, ID).unwrap_err();
        assert!(matches!(err, StoreError::Unsafe { .. }), "{err:?}");
        assert!(err.to_string().contains("symbolic link"), "{err}");
        let err = save(&store, &call()).unwrap_err();
        assert!(matches!(err, StoreError::Unsafe { .. }), "{err:?}");
        assert!(
            std::fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read(&target).unwrap(),
            before,
            "the target was changed"
        );

        // A dangling link is refused the same way, and not created through.
        std::fs::remove_file(&target).unwrap();
        assert!(matches!(load(&store, ID), Err(StoreError::Unsafe { .. })));
        assert!(matches!(
            save(&store, &call()),
            Err(StoreError::Unsafe { .. })
        ));
        assert!(!target.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_state_directory_others_can_write_to_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        for mode in [0o770, 0o702, 0o777, 0o1777] {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("state");
            let store = Store::at(&dir);
            save(&store, &call()).unwrap();
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).unwrap();
            for err in [
                store.lock_call(ID).unwrap_err(),
                store.call_ids().unwrap_err(),
                store.write_summary(&summary(), ID).unwrap_err(),
            ] {
                assert!(
                    matches!(err, StoreError::Unsafe { .. }),
                    "{mode:o}: {err:?}"
                );
                let text = err.to_string();
                assert!(
                    text.contains(&format!("chmod 700 {}", dir.display())),
                    "{text}"
                );
                assert!(text.contains(&format!("{:o}", mode)), "{text}");
            }
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
            assert_eq!(load(&store, ID).unwrap(), Some(call()));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_readable_but_not_writable_by_others_directory_is_fine() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let store = Store::at(tmp.path());
        save(&store, &call()).unwrap();
        assert!(load(&store, ID).unwrap().is_some());
        assert_eq!(mode(&store.call_path(ID)), 0o600);
    }

    #[test]
    fn a_state_directory_that_is_a_file_is_refused_with_advice() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("state");
        std::fs::write(&file, "not a directory").unwrap();
        let store = Store::at(&file);
        let err = store.call_ids().unwrap_err();
        assert!(err.to_string().contains("not a directory"), "{err}");
        assert!(err.to_string().contains(STATE_DIR_ENV), "{err}");
        let err = store.lock_call(ID).unwrap_err();
        assert!(err.to_string().contains("not a directory"), "{err}");
        let err = store.write_summary(&summary(), ID).unwrap_err();
        assert!(err.to_string().contains("not a directory"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a directory");
    }

    #[test]
    fn forget_deletes_calls_and_on_request_summaries() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path().join("state"));
        assert_eq!(store.forget(true).unwrap(), Forgotten::default());
        save(&store, &call()).unwrap();
        std::fs::write(store.call_path("p"), "garbage").unwrap();
        assert!(load(&store, "p").is_err()); // moved aside: a file with answers in it
        store.write_summary(&summary(), ID).unwrap();
        std::fs::write(store.dir().join("notes.txt"), "mine").unwrap();

        // The call and the copy moved aside (their lock files go too, uncounted).
        assert_eq!(
            store.forget(false).unwrap(),
            Forgotten {
                sessions: 2,
                summaries: 0
            }
        );
        assert_eq!(file_names(store.dir()), vec!["notes.txt", "summaries"]);
        assert_eq!(file_names(&store.summaries_dir()).len(), 3);
        assert_eq!(
            store.forget(true).unwrap(),
            Forgotten {
                sessions: 0,
                summaries: 3
            }
        );
        assert_eq!(file_names(store.dir()), vec!["notes.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn forget_deletes_a_link_but_not_what_it_points_to() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path().join("state"));
        std::fs::create_dir(store.dir()).unwrap();
        let target = tmp.path().join("precious.json");
        std::fs::write(&target, "keep me").unwrap();
        std::os::unix::fs::symlink(&target, store.call_path("p")).unwrap();
        assert_eq!(store.forget(false).unwrap().sessions, 1);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    }

    /// Issue 14, item 1: a `summaries` link is neither written through nor emptied.
    #[cfg(unix)]
    #[test]
    fn a_summaries_folder_that_is_a_link_is_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path().join("state"));
        std::fs::create_dir(store.dir()).unwrap();
        let docs = tmp.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        std::fs::write(docs.join("thesis.txt"), "years of work").unwrap();
        std::os::unix::fs::symlink(&docs, store.summaries_dir()).unwrap();

        let err = store.forget(true).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        let err = store.write_summary(&summary(), ID).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(file_names(&docs), vec!["thesis.txt"]);
    }

    #[test]
    fn temporary_files_of_ended_processes_are_removed_on_load() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        save(&store, &call()).unwrap();
        // A pid above the kernel's limit (4194304) never runs; ours is running.
        let dead = tmp.path().join(format!(".call-{ID}.json.99999999-0.tmp"));
        let ours = tmp
            .path()
            .join(format!(".call-{ID}.json.{}-0.tmp", std::process::id()));
        let other = tmp.path().join(".call-other.json.99999999-0.tmp");
        for f in [&dead, &ours, &other] {
            std::fs::write(f, "{").unwrap();
        }
        assert_eq!(load(&store, ID).unwrap(), Some(call()));
        #[cfg(target_os = "linux")]
        assert!(!dead.exists());
        assert!(ours.exists() && other.exists());
    }

    #[test]
    fn now_is_rfc3339_utc_in_whole_seconds() {
        let now = now_rfc3339();
        assert_eq!(now.len(), "2026-05-06T14:03:00Z".len(), "{now}");
        assert!(now.ends_with('Z'), "{now}");
        assert!(humantime::parse_rfc3339(&now).is_ok(), "{now}");
    }

    /// The summary of [`WHOLE_CALL`], started 14:00 and ended 14:09:30 on 2026-05-06.
    fn summary() -> Summary {
        let answers = WHOLE_CALL.answer_map(&LOADED.pathway).unwrap();
        let routed = route(&LOADED.pathway, &answers).unwrap();
        build_summary(&SummaryOf {
            loaded: &LOADED,
            outcome: &routed.outcome,
            audience: Audience::Staff,
            lang: Lang::En,
            started_at: "2026-05-06T14:00:00Z",
            ended_at: "2026-05-06T14:09:30Z",
            zone: &jiff::tz::TimeZone::get("America/Toronto").unwrap(),
            note: "Seen with family member.",
        })
    }

    #[test]
    fn write_summary_writes_text_and_json_named_after_the_call() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        let summary = summary();
        let pathway = LOADED.pathway.id.as_str();
        let files = store.write_summary(&summary, ID).unwrap();
        assert_eq!(
            files.txt,
            store.summaries_dir().join(format!("{pathway}-{ID}.txt"))
        );
        assert_eq!(files.json.with_extension("txt"), files.txt);
        assert!(!files.replaced);
        assert_eq!(std::fs::read_to_string(&files.txt).unwrap(), summary.text);
        let value: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&files.json).unwrap()).unwrap();
        assert_eq!(value["route"], WHOLE_CALL.expect.route.as_str());
        assert_eq!(value["pathway"]["id"], pathway);
        assert_eq!(value["note"], "Seen with family member.");
        assert_eq!(
            files.fhir,
            store
                .summaries_dir()
                .join(format!("{pathway}-{ID}.fhir.json"))
        );
        let fhir: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&files.fhir).unwrap()).unwrap();
        assert_eq!(fhir, summary.fhir);
        assert_eq!(fhir["resourceType"], "QuestionnaireResponse");
    }

    #[test]
    fn saving_a_calls_summary_again_replaces_its_one_record() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::at(tmp.path());
        let first = store.write_summary(&summary(), ID).unwrap();
        let mut changed = summary();
        changed.text.push_str("Note added later.\n");
        let second = store.write_summary(&changed, ID).unwrap();
        assert!(second.replaced);
        assert_eq!(
            (&first.txt, &first.json, &first.fhir),
            (&second.txt, &second.json, &second.fhir)
        );
        assert_eq!(file_names(&store.summaries_dir()).len(), 3);
        assert_eq!(std::fs::read_to_string(&second.txt).unwrap(), changed.text);
        store.write_summary(&summary(), "another-call").unwrap();
        assert_eq!(file_names(&store.summaries_dir()).len(), 6);
    }
}
