//! Shards of a batch (`--shard I/N`) and merging their files into the file
//! one run of the whole batch writes.
//!
//! A shard's file is the batch's CSV with three leading columns, `shard`
//! (`I/N`), `position` (the strategy's 0-based place in the strategies
//! file) and `total` (the strategies in the file), so that `merge` can put
//! every row back in its place and check that no shard and no row is
//! missing or given twice.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use super::row::encode_record;

/// Shard `index` of `count` (1-based, as job arrays number tasks).
///
/// ```
/// use rareplan::strategy::Shard;
/// let shard: Shard = "2/3".parse()?;
/// assert_eq!((shard.index, shard.count), (2, 3));
/// assert_eq!(shard.positions(8), [1, 4, 7]);
/// assert_eq!(shard.to_string(), "2/3");
/// assert!("4/3".parse::<Shard>().is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based index.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl Shard {
    /// The 0-based positions of `total` strategies this shard runs: those
    /// with `position mod count = index - 1`.
    pub fn positions(&self, total: usize) -> Vec<usize> {
        if self.index == 0 || self.count == 0 || self.index > self.count {
            return Vec::new();
        }
        (self.index - 1..total).step_by(self.count).collect()
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("expected I/N with 1 ≤ I ≤ N, such as 2/8; found `{s}`");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = i.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// Why shard files could not be merged.
///
/// ```
/// use rareplan::strategy::{MergeError, merge};
/// let e = merge(&[("a.csv".to_string(), "not,a,shard\n".to_string())]).unwrap_err();
/// assert!(matches!(e, MergeError::NotAShard { .. }), "{e}");
/// assert!(e.to_string().starts_with("a.csv: "));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MergeError {
    /// A file is not a shard's results.
    #[error("{file}: {reason}")]
    NotAShard {
        /// The file.
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// Files disagree on columns or on the number of shards.
    #[error("{file} does not belong with {first}: {reason}")]
    Mismatch {
        /// The file that differs.
        file: String,
        /// The first file.
        first: String,
        /// What differs.
        reason: String,
    },
    /// A shard is given twice or missing, or rows are.
    #[error("{0}")]
    Incomplete(String),
}

/// The text of a results file: the header, then each row's fields.
pub fn results_text(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = encode_record(header);
    for row in rows {
        out.push_str(&encode_record(row));
    }
    out
}

/// The text of a shard's file: `shard`, `position` and `total` before
/// the header's columns; `total` is the number of strategies in the file.
pub fn shard_text(
    shard: Shard,
    total: usize,
    header: &[String],
    rows: &[(usize, Vec<String>)],
) -> String {
    let mut head = vec![
        "shard".to_string(),
        "position".to_string(),
        "total".to_string(),
    ];
    head.extend(header.iter().cloned());
    let mut out = encode_record(&head);
    for (position, fields) in rows {
        let mut record = vec![shard.to_string(), position.to_string(), total.to_string()];
        record.extend(fields.iter().cloned());
        out.push_str(&encode_record(&record));
    }
    out
}

/// Merges shard files (name, text) into the results file one run of the
/// whole batch writes, byte for byte. Every shard 1..N must be given once.
pub fn merge(files: &[(String, String)]) -> Result<String, MergeError> {
    let mut header: Option<(String, Vec<String>)> = None;
    let mut count: Option<usize> = None;
    let mut seen: BTreeMap<usize, String> = BTreeMap::new();
    let mut rows: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut total: Option<usize> = None;
    for (file, text) in files {
        let not = |reason: String| MergeError::NotAShard {
            file: file.clone(),
            reason,
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let head: Vec<String> = reader
            .headers()
            .map_err(|e| not(e.to_string()))?
            .iter()
            .map(str::to_string)
            .collect();
        if head.len() < 4 || head[0] != "shard" || head[1] != "position" || head[2] != "total" {
            return Err(not(
                "it does not start with the columns `shard,position,total`: it is not the file of one shard of a batch".into(),
            ));
        }
        let columns = head[3..].to_vec();
        match &header {
            None => header = Some((file.clone(), columns)),
            Some((first, expected)) if *expected != columns => {
                return Err(MergeError::Mismatch {
                    file: file.clone(),
                    first: first.clone(),
                    reason: "the columns differ (another strategies file?)".into(),
                });
            }
            Some(_) => {}
        }
        let mut shard: Option<Shard> = None;
        for (line, record) in reader.records().enumerate() {
            let record = record.map_err(|e| not(e.to_string()))?;
            let at = line + 2;
            let this: Shard = record
                .get(0)
                .unwrap_or("")
                .parse()
                .map_err(|e| not(format!("line {at}: shard: {e}")))?;
            match shard {
                None => shard = Some(this),
                Some(s) if s != this => {
                    return Err(not(format!(
                        "line {at}: shard {this}, but earlier rows are of shard {s}"
                    )));
                }
                Some(_) => {}
            }
            let position: usize = record
                .get(1)
                .unwrap_or("")
                .parse()
                .map_err(|_| not(format!("line {at}: position is not a number")))?;
            if position % this.count != this.index - 1 {
                return Err(not(format!(
                    "line {at}: position {position} is not one of shard {this}'s"
                )));
            }
            let of: usize = record
                .get(2)
                .unwrap_or("")
                .parse()
                .map_err(|_| not(format!("line {at}: total is not a number")))?;
            match total {
                None => total = Some(of),
                Some(t) if t != of => {
                    return Err(MergeError::Mismatch {
                        file: file.clone(),
                        first: header.as_ref().map(|(f, _)| f.clone()).unwrap_or_default(),
                        reason: format!("it is of a batch of {of} strategies, the others of {t}"),
                    });
                }
                Some(_) => {}
            }
            if position >= of {
                return Err(not(format!(
                    "line {at}: position {position} is not below the total {of}"
                )));
            }
            if rows.contains_key(&position) {
                return Err(MergeError::Incomplete(format!(
                    "{file}: line {at}: the row at position {position} is also in another file"
                )));
            }
            rows.insert(
                position,
                record.iter().skip(3).map(str::to_string).collect(),
            );
        }
        // A shard with no rows (more shards than strategies) says nothing
        // of its number; the others do.
        if let Some(shard) = shard {
            if let Some(n) = count
                && n != shard.count
            {
                return Err(MergeError::Mismatch {
                    file: file.clone(),
                    first: seen.values().next().cloned().unwrap_or_default(),
                    reason: format!("it is a shard of {}, the others of {n}", shard.count),
                });
            }
            count = Some(shard.count);
            if let Some(other) = seen.insert(shard.index, file.clone()) {
                return Err(MergeError::Incomplete(format!(
                    "shard {shard} is given twice: {other} and {file}"
                )));
            }
        }
    }
    let Some((_, columns)) = header else {
        return Err(MergeError::Incomplete("no shard files given".into()));
    };
    let total = total.unwrap_or(0);
    if let Some(n) = count {
        let missing: Vec<String> = (1..=n.min(total))
            .filter(|i| !seen.contains_key(i))
            .map(|i| format!("{i}/{n}"))
            .collect();
        if !missing.is_empty() {
            return Err(MergeError::Incomplete(format!(
                "shard {} missing: give every shard's file",
                missing.join(", ")
            )));
        }
    }
    if let Some(gap) = (0..total).find(|p| !rows.contains_key(p)) {
        return Err(MergeError::Incomplete(format!(
            "no row for the strategy at position {gap}: a shard's file is incomplete"
        )));
    }
    let rows: Vec<Vec<String>> = rows.into_values().collect();
    Ok(results_text(&columns, &rows))
}
