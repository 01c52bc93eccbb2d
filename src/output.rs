//! Where a command writes its result (`-o FILE`, `-o -`, or standard
//! output), checked before any work and written whole or not at all.
//!
//! Every command that writes goes through [`OutputTarget`]:
//!
//! ```no_run
//! # fn main() -> Result<(), rareplan::advanced::output::OutputError> {
//! use rareplan::advanced::output::OutputTarget;
//! use std::path::Path;
//! let model = Path::new("models/tiny.toml");
//! // Before loading or solving: refuses a missing folder, the input itself,
//! // a folder, a block device; probes that the folder is writable.
//! let target = OutputTarget::parse(Path::new("plan.json"), &[model])?;
//! // ... the work ...
//! target.write(b"{}\n")?;
//! # Ok(()) }
//! ```
//!
//! What each kind of path gets:
//! - `-`: standard output (as no `-o` at all);
//! - a regular file, or a name not yet taken: a temporary file
//!   `.rareplan-tmp-XXXXXX` created exclusively (`O_EXCL`, never through a
//!   link) in the same folder, written, synced, then renamed over the name;
//!   an existing file keeps its permissions;
//! - a symbolic link: followed (also when dangling); its final target is
//!   written atomically as above, in the target's folder, and the link is
//!   kept;
//! - a FIFO or a character device (`/dev/null`, a terminal): opened and
//!   written directly, without a temporary (a rename would replace it);
//! - a folder, a block device or a socket: refused; so is a folder in
//!   which no file can be created.
//!
//! A temporary is removed when a write fails. One left by a process that
//! was killed between write and rename (SIGKILL, SIGXFSZ under
//! `ulimit -f`) is recognised by its prefix: a later write into the same
//! folder removes the regular files named `.rareplan-tmp-*` that belong to
//! the same user and were last modified more than
//! [`STALE_TEMPORARY_AGE`] ago (no write of ours keeps one that long without
//! touching it).

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The name every temporary file starts with.
pub const TEMPORARY_PREFIX: &str = ".rareplan-tmp-";

/// Temporaries older than this (by modification time) are stale.
pub const STALE_TEMPORARY_AGE: Duration = Duration::from_secs(3600);

/// Links followed at most before a path is called a loop.
const MAX_LINKS: usize = 40;

/// Why an output cannot be written. The variants up to
/// [`OutputError::Unwritable`] are found by [`OutputTarget::parse`], before
/// any work (bad usage); the others while writing.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output is one of the inputs.
    #[error(
        "-o {output} is the input file {input}: writing it would replace the model; name another file"
    )]
    SameAsInput {
        /// The output as given.
        output: String,
        /// The input it is the same file as.
        input: String,
    },
    /// The output's folder does not exist.
    #[error("cannot write {output}: the folder {folder} does not exist")]
    MissingFolder {
        /// The output as given.
        output: String,
        /// The folder.
        folder: String,
    },
    /// The output names something that is not a file.
    #[error("cannot write {output}: it is {what}; name a file")]
    NotAFile {
        /// The output as given.
        output: String,
        /// What it is (`a folder`).
        what: &'static str,
    },
    /// The folder or the path cannot be written.
    #[error("cannot write {output}: {source}")]
    Unwritable {
        /// The output as given.
        output: String,
        /// What the system said.
        source: io::Error,
    },
    /// No file can be created in the output's folder.
    #[error("cannot write {output}: cannot create a file in {folder}: {reason}")]
    FolderUnwritable {
        /// The output as given.
        output: String,
        /// The folder (after following links).
        folder: String,
        /// What the system said.
        reason: String,
    },
    /// Writing failed.
    #[error("cannot write {output}: {source}")]
    Io {
        /// The output as given (`standard output`).
        output: String,
        /// What the system said.
        source: io::Error,
    },
    /// The reader of standard output (or of a FIFO) went away: not worth
    /// a message or a failing status.
    #[error("the reader of {output} closed it")]
    ClosedPipe {
        /// The output.
        output: String,
    },
}

impl OutputError {
    /// Whether the error is bad usage, found before any work (exit status 2).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            OutputError::SameAsInput { .. }
                | OutputError::MissingFolder { .. }
                | OutputError::NotAFile { .. }
                | OutputError::Unwritable { .. }
                | OutputError::FolderUnwritable { .. }
        )
    }
}

/// A checked place to write to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputTarget {
    /// Standard output (`-o -`, or no `-o`).
    Stdout,
    /// A FIFO or character device, written directly.
    Stream {
        /// The path as given.
        shown: PathBuf,
        /// The device or FIFO.
        path: PathBuf,
    },
    /// A regular file (existing or not), replaced atomically.
    File {
        /// The path as given (shown in messages).
        shown: PathBuf,
        /// The file after following links, in a canonical folder.
        path: PathBuf,
    },
}

/// `path`'s folder (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Follows links (also a dangling last one) to the path that is written.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = folder_of(&current).join(link);
            }
            Ok(_) => return fs::canonicalize(&current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let name = current.file_name().ok_or_else(|| {
                    io::Error::new(io::ErrorKind::InvalidInput, "the path has no file name")
                })?;
                return Ok(fs::canonicalize(folder_of(&current))?.join(name));
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Whether two paths are the same file (same device and inode).
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

impl OutputTarget {
    /// Checks an output path before any work: `-` is standard output; a
    /// path that is one of `inputs` (after following links, or a hard link
    /// to it), whose folder is missing or not writable, or that is a
    /// folder, block device or socket, is refused. `inputs` may hold `-`
    /// (standard input), which is skipped.
    pub fn parse(path: &Path, inputs: &[&Path]) -> Result<OutputTarget, OutputError> {
        if path.as_os_str() == "-" {
            return Ok(OutputTarget::Stdout);
        }
        let output = path.display().to_string();
        let folder = folder_of(path);
        let resolved = match resolve(path) {
            Ok(resolved) => resolved,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(OutputError::MissingFolder {
                    output,
                    folder: folder.display().to_string(),
                });
            }
            Err(source) => return Err(OutputError::Unwritable { output, source }),
        };
        for input in inputs.iter().filter(|i| i.as_os_str() != "-") {
            let same =
                fs::canonicalize(input).is_ok_and(|i| i == resolved) || same_file(input, &resolved);
            if same {
                return Err(OutputError::SameAsInput {
                    output,
                    input: input.display().to_string(),
                });
            }
        }
        match fs::metadata(&resolved) {
            Ok(meta) => {
                let kind = meta.file_type();
                if kind.is_fifo() || kind.is_char_device() {
                    return Ok(OutputTarget::Stream {
                        shown: path.to_path_buf(),
                        path: resolved,
                    });
                }
                let what = if kind.is_dir() {
                    Some("a folder")
                } else if kind.is_block_device() {
                    Some("a block device")
                } else if kind.is_socket() {
                    Some("a socket")
                } else {
                    None
                };
                if let Some(what) = what {
                    return Err(OutputError::NotAFile { output, what });
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(OutputError::Unwritable { output, source }),
        }
        // A temporary made and dropped now proves the folder writable.
        let resolved_folder = folder_of(&resolved);
        temporary_in(resolved_folder).map_err(|source| OutputError::FolderUnwritable {
            output,
            folder: resolved_folder.display().to_string(),
            // The OS's words, without tempfile's path of the probe.
            reason: source
                .to_string()
                .split(" at path ")
                .next()
                .unwrap_or_default()
                .to_string(),
        })?;
        Ok(OutputTarget::File {
            shown: path.to_path_buf(),
            path: resolved,
        })
    }

    /// Whether this is standard output.
    pub fn is_stdout(&self) -> bool {
        *self == OutputTarget::Stdout
    }

    /// The output as the user named it (`standard output` for `-`).
    pub fn display(&self) -> String {
        match self {
            OutputTarget::Stdout => "standard output".to_string(),
            OutputTarget::Stream { shown, .. } | OutputTarget::File { shown, .. } => {
                shown.display().to_string()
            }
        }
    }

    /// Writes `bytes` whole: to standard output (flushed), to the FIFO or
    /// device, or to a temporary renamed over the file. A closed pipe is
    /// [`OutputError::ClosedPipe`].
    pub fn write(&self, bytes: &[u8]) -> Result<(), OutputError> {
        let output = self.display();
        let failed = |source: io::Error| {
            if source.kind() == io::ErrorKind::BrokenPipe {
                OutputError::ClosedPipe {
                    output: output.clone(),
                }
            } else {
                OutputError::Io {
                    output: output.clone(),
                    source,
                }
            }
        };
        match self {
            OutputTarget::Stdout => write_stream(&mut io::stdout().lock(), bytes).map_err(failed),
            OutputTarget::Stream { path, .. } => {
                let mut file = OpenOptions::new().write(true).open(path).map_err(failed)?;
                write_stream(&mut file, bytes).map_err(failed)
            }
            OutputTarget::File { path, .. } => replace(path, bytes).map_err(failed),
        }
    }
}

/// Writes and flushes.
pub fn write_stream(stream: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
    stream.write_all(bytes)?;
    stream.flush()
}

/// A new temporary in `folder`, created exclusively, with the permissions
/// a new file would get (0666 less the umask).
fn temporary_in(folder: &Path) -> io::Result<tempfile::NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    tempfile::Builder::new()
        .prefix(TEMPORARY_PREFIX)
        .permissions(fs::Permissions::from_mode(0o666))
        .tempfile_in(folder)
}

/// Writes `bytes` to a temporary beside `path`, syncs it and renames it
/// over `path`; the temporary is removed if anything fails.
fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = folder_of(path);
    let mut temporary = temporary_in(folder)?;
    if let Ok(existing) = fs::metadata(path) {
        temporary
            .as_file()
            .set_permissions(existing.permissions())?;
    }
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    let owner = temporary.as_file().metadata().map(|m| m.uid()).ok();
    temporary.persist(path).map_err(|e| e.error)?;
    if let Some(owner) = owner {
        remove_stale_temporaries(folder, owner);
    }
    Ok(())
}

/// Removes `.rareplan-tmp-*` regular files of `owner` in `folder` last
/// modified more than [`STALE_TEMPORARY_AGE`] ago. Best effort: what cannot
/// be read or removed is left.
fn remove_stale_temporaries(folder: &Path, owner: u32) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(TEMPORARY_PREFIX)
        {
            continue;
        }
        // Not followed: a link with our prefix is not ours.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let stale = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age > STALE_TEMPORARY_AGE);
        if meta.file_type().is_file() && meta.uid() == owner && stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}
