//! Reading the files carepath is given (pathways, scenarios): regular files only, at most
//! [`MAX_FILE_BYTES`], so a link to `/dev/zero`, a named pipe with no writer or a huge file
//! can neither hang a command nor fill the memory.

use std::io::Read;
use std::path::Path;

/// Files larger than this are refused before reading (8 MiB).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read the file: {0}")]
    Io(String),
    /// A directory, a named pipe, a device or a socket (links are followed first).
    #[error("it is {0}, not a regular file; carepath reads only regular files")]
    NotRegular(&'static str),
    #[error("the file is {size} bytes; files are limited to {limit} bytes (8 MiB)")]
    TooLarge { size: u64, limit: u64 },
    /// The file grew past the limit while it was read (its size was not known beforehand).
    #[error("carepath stopped reading after {limit} bytes (8 MiB), the limit, and more was coming")]
    Endless { limit: u64 },
}

/// The bytes of the regular file at `path` (a link is followed), refusing anything else and
/// anything over [`MAX_FILE_BYTES`].
pub fn read_limited(path: &Path) -> Result<Vec<u8>, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(describe_io(&e));
    // Looked at before opening: opening a named pipe with no writer blocks.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(&meta)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // The same file, looked at again once open: it may have been swapped since.
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(&meta)));
    }
    // Files such as those under /proc say 0 bytes and may give more: the read stops one
    // byte past the limit.
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_FILE_BYTES) as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::Endless {
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

/// "a directory", "a named pipe (FIFO)", "a device"…
fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "an unusual kind of file"
}

/// An I/O error in a few words.
pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_directories_are_refused_and_files_read() {
        assert_eq!(
            read_limited(Path::new("/dev/zero")),
            Err(ReadError::NotRegular("a device"))
        );
        assert_eq!(
            read_limited(Path::new("/")),
            Err(ReadError::NotRegular("a directory"))
        );
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("a.ron");
        std::fs::write(&f, "x").unwrap();
        assert_eq!(read_limited(&f), Ok(b"x".to_vec()));
        assert_eq!(
            read_limited(&tmp.path().join("missing")),
            Err(ReadError::Io("no such file".into()))
        );
    }
}
