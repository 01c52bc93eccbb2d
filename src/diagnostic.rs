//! Problems found in a model file, with where they are and how to fix them.
//!
//! Validation collects every [`Diagnostic`] it finds instead of stopping at
//! the first (the way cargo-deny checks its configuration), so a planner
//! fixes a file in one pass.

use std::fmt;
use std::ops::Range;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The model is refused; nothing is solved.
    Error,
    /// The model is planned, but something looks unintended.
    Warning,
}

/// One problem in a model file.
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
            path: path.into(),
            span,
            message: message.into(),
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
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error (the model is refused).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic as `file:line:col: error: path: message`, with
    /// a `help:` line when there is one.
    pub fn render(&self, file: &str, source: &str) -> String {
        let mut out = String::new();
        out.push_str(file);
        if let Some(span) = &self.span {
            let (line, col) = line_col(source, span.start);
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
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        let distance = strsim::levenshtein(word, candidate);
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((candidate, distance));
        }
    }
    let limit = (word.chars().count() / 3).max(2);
    best.filter(|&(_, d)| d <= limit).map(|(c, _)| c)
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
