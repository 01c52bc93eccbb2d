//! The journal of a running batch (`results.csv.partial`): one line per
//! finished strategy, each synced to disk as it is written, so that a
//! batch killed at any moment loses only the strategies that were running
//! and `--resume` runs only the rest.
//!
//! Line 1 names the batch (a fingerprint of the strategies file, the base
//! model and the settings), line 2 is the header, and each further line is
//! one CSV record: the strategy's 0-based position, then its row's fields.
//! A line cut short by a kill has no line end; it is dropped on resume.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::row::encode_record;

const MAGIC: &str = "rareplan batch journal v1";

/// Why a journal could not be used.
///
/// ```
/// use rareplan::strategy::{Journal, JournalError};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("batch.journal");
/// Journal::create(&path, "batch-1", &["strategy".to_string()])?;
/// let e = Journal::resume(&path, "batch-2", &["strategy".to_string()]).unwrap_err();
/// assert!(matches!(e, JournalError::Mismatch { .. }), "{e}");
/// assert!(e.is_usage());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// Reading or writing it failed.
    #[error("cannot write or read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// It belongs to another batch (other strategies, base or settings).
    #[error(
        "{path} is the journal of another batch ({reason}); start the batch again without resuming, or remove it"
    )]
    Mismatch {
        /// The file.
        path: String,
        /// What differs.
        reason: String,
    },
    /// A complete line of it cannot be read.
    #[error("{path}:{line}: not a journal line ({reason}); start the batch again without resuming")]
    Corrupt {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

impl JournalError {
    /// Whether the user can fix it (exit status 2) rather than the system.
    pub fn is_usage(&self) -> bool {
        !matches!(self, JournalError::Io { .. })
    }
}

/// An open journal, appended to as strategies finish.
///
/// ```
/// use rareplan::strategy::Journal;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("batch.journal");
/// let header = vec!["strategy".to_string(), "status".to_string()];
/// let mut journal = Journal::create(&path, "batch-1", &header)?;
/// journal.append(1, &["b".into(), "optimal".into()])?;
/// drop(journal);
/// let (journal, finished) = Journal::resume(&path, "batch-1", &header)?;
/// assert_eq!(finished[&1], ["b", "optimal"]);
/// journal.remove()?;
/// assert!(!path.exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
}

/// The finished rows a journal holds: position → fields.
pub type Finished = BTreeMap<usize, Vec<String>>;

impl Journal {
    /// Starts a new journal at `path` (replacing any) for the batch named
    /// by `identity`, whose rows have the columns `header`.
    pub fn create(path: &Path, identity: &str, header: &[String]) -> Result<Journal, JournalError> {
        let io = io_error(path);
        let mut file = File::create(path).map_err(&io)?;
        let mut text = encode_record(&[MAGIC, identity]);
        text.push_str(&encode_record(&head(header)));
        file.write_all(text.as_bytes()).map_err(&io)?;
        file.sync_all().map_err(&io)?;
        sync_folder(path);
        Ok(Journal {
            path: path.to_path_buf(),
            file,
        })
    }

    /// Opens the journal at `path` of the same batch and returns it with
    /// the rows it holds; a last line cut short is dropped.
    pub fn resume(
        path: &Path,
        identity: &str,
        header: &[String],
    ) -> Result<(Journal, Finished), JournalError> {
        let io = io_error(path);
        let shown = path.display().to_string();
        let mut text = String::new();
        File::open(path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .map_err(&io)?;
        // Only whole lines count: a kill may leave the last one cut short.
        let complete = text.rfind('\n').map_or(0, |i| i + 1);
        let whole = &text[..complete];
        let mut lines = whole.split_inclusive('\n');
        let expect_first = encode_record(&[MAGIC, identity]);
        match lines.next() {
            Some(first) if first == expect_first => {}
            Some(first) if first.starts_with(MAGIC) => {
                return Err(JournalError::Mismatch {
                    path: shown,
                    reason: "the strategies file, the base model or the settings changed".into(),
                });
            }
            _ => {
                return Err(JournalError::Mismatch {
                    path: shown,
                    reason: "it is not a rareplan batch journal".into(),
                });
            }
        }
        if lines.next() != Some(encode_record(&head(header)).as_str()) {
            return Err(JournalError::Mismatch {
                path: shown,
                reason: "its columns differ".into(),
            });
        }
        let mut finished = Finished::new();
        for (i, line) in lines.enumerate() {
            let corrupt = |reason: String| JournalError::Corrupt {
                path: shown.clone(),
                line: i + 3,
                reason,
            };
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_bytes());
            let record = reader
                .records()
                .next()
                .ok_or_else(|| corrupt("empty".into()))?
                .map_err(|e| corrupt(e.to_string()))?;
            let fields: Vec<String> = record.iter().map(str::to_string).collect();
            if fields.len() != header.len() + 1 {
                return Err(corrupt(format!(
                    "{} fields, not {}",
                    fields.len(),
                    header.len() + 1
                )));
            }
            let position = fields[0]
                .parse::<usize>()
                .map_err(|_| corrupt(format!("position `{}` is not a number", fields[0])))?;
            finished.insert(position, fields[1..].to_vec());
        }
        let file = OpenOptions::new().write(true).open(path).map_err(&io)?;
        file.set_len(complete as u64).map_err(&io)?;
        file.sync_all().map_err(&io)?;
        let file = OpenOptions::new().append(true).open(path).map_err(&io)?;
        Ok((
            Journal {
                path: path.to_path_buf(),
                file,
            },
            finished,
        ))
    }

    /// Appends a finished row and syncs it to disk.
    pub fn append(&mut self, position: usize, fields: &[String]) -> Result<(), JournalError> {
        let mut record = vec![position.to_string()];
        record.extend(fields.iter().cloned());
        let line = encode_record(&record);
        let io = io_error(&self.path);
        self.file.write_all(line.as_bytes()).map_err(&io)?;
        self.file.sync_data().map_err(&io)
    }

    /// Deletes the journal once the results file is written.
    pub fn remove(self) -> Result<(), JournalError> {
        let io = io_error(&self.path);
        drop(self.file);
        std::fs::remove_file(&self.path).map_err(io)
    }
}

fn head(header: &[String]) -> Vec<String> {
    std::iter::once("position".to_string())
        .chain(header.iter().cloned())
        .collect()
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> JournalError + '_ {
    move |source| JournalError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Syncs the folder holding `path`, so the new file's name is on disk too.
fn sync_folder(path: &Path) {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// A short fingerprint of some texts (64-bit FNV-1a, in hex), to tell
/// whether a journal belongs to the same batch.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
