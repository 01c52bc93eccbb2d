//! Problems found in a model file, with where they are and how to fix them.
//!
//! Validation collects every [`Diagnostic`] it finds instead of stopping at
//! the first (the way cargo-deny checks its configuration), so a planner
//! fixes a file in one pass.

use std::fmt;
use std::ops::Range;

/// How serious a diagnostic is.
///
/// ```
/// use rareplan::{Diagnostic, Severity};
/// let w = Diagnostic::warning("supplier[1].lead_time", None, "nothing it ships arrives in time");
/// assert_eq!(w.severity, Severity::Warning);
/// assert_ne!(Severity::Warning, Severity::Error);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The model is refused; nothing is solved.
    Error,
    /// The model is planned, but something looks unintended.
    Warning,
}

/// One problem in a model file.
///
/// ```
/// use rareplan::{Diagnostic, Severity};
/// let d = Diagnostic::error("supplier[0].lead_time", None, "must be a whole number");
/// assert_eq!(d.severity, Severity::Error);
/// assert_eq!(d.path, "supplier[0].lead_time");
/// assert_eq!(d.help, None);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The field's path, such as `supplier[2].offers.dy-oxide.capacity`.
    pub path: String,
    /// Byte range in the source text, where the TOML has one.
    pub span: Option<Range<usize>>,
    /// What is wrong, in lowercase words.
    pub message: String,
    /// How to fix it, such as the nearest valid key.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `path`.
    pub fn error(
        path: impl Into<String>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: cut_segments(&path.into()),
            span,
            message: cut_quoted(&message.into()),
            help: None,
        }
    }

    /// A warning at `path`.
    pub fn warning(
        path: impl Into<String>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, span, message)
        }
    }

    /// The same diagnostic with a hint on how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(cut_quoted(&help.into()));
        self
    }

    /// Whether this is an error (the model is refused).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic as `file:line:col: error: path: message`, with
    /// a `help:` line when there is one.
    pub fn render(&self, file: &str, source: &str) -> String {
        self.render_indexed(file, source, &LineIndex::new(source))
    }

    /// [`Diagnostic::render`] with the line starts of `source` computed
    /// once, for rendering many diagnostics of one file.
    pub fn render_indexed(&self, file: &str, source: &str, lines: &LineIndex) -> String {
        let mut out = String::new();
        out.push_str(file);
        if let Some(span) = &self.span {
            let (line, col) = lines.line_col(source, span.start);
            out.push_str(&format!(":{line}:{col}"));
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(": {label}: "));
        if !self.path.is_empty() {
            out.push_str(&self.path);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        if let Some(help) = &self.help {
            out.push_str("\n  help: ");
            out.push_str(help);
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(source).line_col(source, offset)
}

/// The byte offsets where the lines of a text start, so that the line of
/// an offset is a binary search rather than a scan from the start (a file
/// with many problems would otherwise take quadratic time to report).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Whether each line is ASCII, so that its columns are byte counts (a
    /// long line with many problems is not counted again for each).
    ascii: Vec<bool>,
}

impl LineIndex {
    /// Indexes the lines of `source`.
    pub fn new(source: &str) -> Self {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let ascii = starts
            .iter()
            .zip(starts.iter().skip(1).chain([&source.len()]))
            .map(|(&start, &end)| source.get(start..end).is_some_and(str::is_ascii))
            .collect();
        LineIndex { starts, ascii }
    }

    /// 1-based line and column (in characters) of a byte offset of the
    /// indexed `source`.
    pub fn line_col(&self, source: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let line_start = self.starts.get(line - 1).copied().unwrap_or(0);
        let col = if self.ascii.get(line - 1).copied().unwrap_or(false) {
            offset - line_start
        } else {
            source
                .get(line_start..offset)
                .map_or(0, |text| text.chars().count())
        };
        (line, col + 1)
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling and no other candidate is as close (a tie is no hint: `Q4`
/// is as near to `Q1` as to `Q3`).
///
/// Distance counts a swap of two neighbouring letters as one edit, so
/// `riks` is one edit from `risk`; a word may be at most a third of its
/// length away (at least one edit).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 3).max(1);
    let mut best: Option<(&str, usize)> = None;
    let mut tied = false;
    for candidate in candidates {
        if candidate == word || candidate.chars().count().abs_diff(length) > limit {
            continue;
        }
        let distance = strsim::osa_distance(word, candidate);
        match best {
            Some((_, d)) if distance > d => {}
            Some((c, d)) if distance == d => tied |= c != candidate,
            _ => {
                best = Some((candidate, distance));
                tied = false;
            }
        }
    }
    best.filter(|&(_, d)| d <= limit && !tied).map(|(c, _)| c)
}

/// A number as messages and tables echo it: plain where that is short
/// (`0.25`, `1000000`), in exponent notation at 1e15 and above or below
/// 1e-6 (`6e307`, `1e-300`), never hundreds of digits.
pub fn readable(x: f64) -> String {
    let magnitude = x.abs();
    if magnitude == 0.0 || !x.is_finite() || (1e-6..1e15).contains(&magnitude) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// At most this many characters of the input are echoed in a message.
pub const MAX_ECHO_CHARS: usize = 80;

/// `text` cut to [`MAX_ECHO_CHARS`] characters, with `…` where cut.
pub fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_ECHO_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// Every `quoted` part of a message (where input is echoed) cut.
fn cut_quoted(text: &str) -> String {
    if text.len() <= MAX_ECHO_CHARS {
        return text.to_string();
    }
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                cut(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// Every segment of a field path (keys come from the input) cut.
fn cut_segments(path: &str) -> String {
    if path.len() <= MAX_ECHO_CHARS {
        return path.to_string();
    }
    path.split('.').map(cut).collect::<Vec<_>>().join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 11), (2, 6));
    }

    #[test]
    fn nearest_finds_misspellings_only() {
        let keys = ["capacity", "price", "reservation_fee", "spot_price"];
        assert_eq!(nearest("capacty", keys), Some("capacity"));
        assert_eq!(nearest("spot-price", keys), Some("spot_price"));
        assert_eq!(nearest("colour", keys), None);
        assert_eq!(nearest("riks", ["risk", "model"]), Some("risk"));
        assert_eq!(nearest("tb", ["ndpr", "dy"]), None, "two letters from two");
        assert_eq!(nearest("Q4", ["Q1", "Q2", "Q3"]), None, "a tie is no hint");
    }

    #[test]
    fn line_index_agrees_with_a_scan() {
        let text = "a = 1\nbé = 2\n\nc = 3";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            let clamped = offset.min(text.len());
            let mut at = clamped;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = before[start..].chars().count() + 1;
            assert_eq!(index.line_col(text, offset), (line, col), "offset {offset}");
        }
    }

    #[test]
    fn render_names_file_line_path_and_help() {
        let text = "x = 1\ncapacty = 3\n";
        let d = Diagnostic::error("supplier[0].offers.nd.capacty", Some(6..13), "unknown key")
            .with_help("did you mean `capacity`?");
        assert_eq!(
            d.render("m.toml", text),
            "m.toml:2:1: error: supplier[0].offers.nd.capacty: unknown key\n  help: did you mean `capacity`?"
        );
    }
}
