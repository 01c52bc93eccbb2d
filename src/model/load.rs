//! Reading a model file: text → TOML tree → validated [`Model`].

use std::io::Read;
use std::path::Path;

use toml::de::DeTable;

use super::Model;
use super::validate::validate;
use crate::diagnostic::{Diagnostic, LineIndex};

/// Model files larger than this are refused before they are parsed.
pub const MAX_MODEL_BYTES: u64 = 64 * 1024 * 1024;

/// A model that could not be loaded.
///
/// ```
/// use rareplan::LoadError;
/// let text = "[model]\nperiods = [\"Q1\"]\n\n[[material]]\nid = 7\n";
/// match rareplan::load_model_str(text, "bad.toml") {
///     Err(LoadError::Invalid { diagnostics, .. }) => {
///         assert_eq!(diagnostics[0].path, "material[0].id");
///         assert_eq!(diagnostics[0].severity, rareplan::Severity::Error);
///     }
///     other => panic!("expected an invalid model, got {other:?}"),
/// }
/// let missing = rareplan::load_model(std::path::Path::new("no-such-model.toml")).unwrap_err();
/// assert!(matches!(missing, LoadError::Io { .. }), "{missing}");
/// ```
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The file as the user named it.
        file: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_MODEL_BYTES`].
    #[error(
        "{file}: the model is larger than the limit of {} MiB ({limit} bytes); nothing was read",
        limit / (1024 * 1024)
    )]
    TooLarge {
        /// The file as the user named it.
        file: String,
        /// Its size (from standard input: the bytes read, one more than
        /// the limit).
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is not valid UTF-8 text.
    #[error(
        "{file}: not a text file (invalid UTF-8 at line {line}, column {column}, byte {offset}); a model is a TOML text file"
    )]
    NotText {
        /// The file as the user named it.
        file: String,
        /// Where the first invalid byte is.
        offset: usize,
        /// Its line, 1-based.
        line: usize,
        /// Its column in characters, 1-based.
        column: usize,
    },
    /// The file is not TOML, or breaks a rule of the model format.
    #[error("{}", render_all(file, text, diagnostics))]
    Invalid {
        /// The file as the user named it.
        file: String,
        /// Its text, for line numbers.
        text: String,
        /// Every problem found (errors, and the warnings found with them).
        diagnostics: Vec<Diagnostic>,
    },
}

/// A loaded model and the warnings found while validating it.
///
/// ```
/// let text = std::fs::read_to_string("models/tiny.toml")?;
/// let loaded = rareplan::load_model_str(&text, "tiny.toml")?;
/// assert_eq!(loaded.model.horizon(), 3);
/// assert_eq!(loaded.source, text);
/// // Warnings come with the model (errors would have refused it): none here.
/// assert!(loaded.warnings.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated model.
    pub model: Model,
    /// Warnings (the model is still planned).
    pub warnings: Vec<Diagnostic>,
    /// The model's text, for rendering the warnings.
    pub source: String,
}

fn render_all(file: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let lines = LineIndex::new(source);
    let mut out: Vec<String> = diagnostics
        .iter()
        .map(|d| d.render_indexed(file, source, &lines))
        .collect();
    out.push(format!(
        "{file}: {errors} error{} found; nothing was solved",
        if errors == 1 { "" } else { "s" }
    ));
    out.join("\n")
}

/// Loads and validates a model from a path, or from standard input when the
/// path is `-`.
pub fn load_model(path: &Path) -> Result<Loaded, LoadError> {
    let stdin = path.as_os_str() == "-";
    // Messages without a line name standard input in words; those with
    // one keep `-`, as the warnings printed beside them do.
    let file = if stdin {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let io = |source| LoadError::Io {
        file: file.clone(),
        source,
    };
    let mut bytes = Vec::new();
    if stdin {
        std::io::stdin()
            .take(MAX_MODEL_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    } else {
        let handle = std::fs::File::open(path).map_err(io)?;
        let size = handle.metadata().map_err(io)?.len();
        if size > MAX_MODEL_BYTES {
            return Err(LoadError::TooLarge {
                file,
                bytes: size,
                limit: MAX_MODEL_BYTES,
            });
        }
        handle
            .take(MAX_MODEL_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    }
    if bytes.len() as u64 > MAX_MODEL_BYTES {
        return Err(LoadError::TooLarge {
            file,
            bytes: bytes.len() as u64,
            limit: MAX_MODEL_BYTES,
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = e
                .as_bytes()
                .get(..offset)
                .and_then(|bytes| std::str::from_utf8(bytes).ok())
                .unwrap_or_default();
            let (line, column) = crate::diagnostic::line_col(valid, offset);
            return Err(LoadError::NotText {
                file,
                offset,
                line,
                column,
            });
        }
    };
    load_model_str(&text, &path.display().to_string())
}

/// Loads and validates a model from its text; `file` names it in messages.
pub fn load_model_str(text: &str, file: &str) -> Result<Loaded, LoadError> {
    let invalid = |diagnostics| LoadError::Invalid {
        file: file.to_string(),
        text: text.to_string(),
        diagnostics,
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let diagnostics = errors
            .iter()
            .map(|e| Diagnostic::error("", e.span(), toml_message(e.message(), e.span(), text)))
            .collect();
        return Err(invalid(diagnostics));
    }
    let span = root.span();
    let (model, reader) = validate(root.get_ref(), span);
    match model {
        Some(model) => Ok(Loaded {
            model,
            warnings: reader.diagnostics,
            source: text.to_string(),
        }),
        None => Err(invalid(reader.diagnostics)),
    }
}

/// A TOML parser's message in the words of the rest of the diagnostics:
/// the duplicate key named, the recursion limit explained.
fn toml_message(message: &str, span: Option<std::ops::Range<usize>>, text: &str) -> String {
    let message = message.trim_end();
    if message.contains("recurs") {
        return "invalid TOML: arrays or tables nested too deeply (the parser's limit); a model needs only a few levels".to_string();
    }
    if message == "duplicate key"
        && let Some(key) = span.clone().and_then(|span| text.get(span))
        && !key.is_empty()
        && !key.contains('\n')
    {
        return format!(
            "invalid TOML: duplicate key `{key}`; each key may be given once per table"
        );
    }
    let rest_of_line = span
        .and_then(|span| text.get(span.start..))
        .and_then(|rest| rest.lines().next())
        .unwrap_or("");
    if message.starts_with("string values must be quoted")
        && (rest_of_line.trim().is_empty() || rest_of_line.trim_start().starts_with('#'))
    {
        return "invalid TOML: a value is missing after `=`".to_string();
    }
    format!("invalid TOML: {message}")
}

impl Loaded {
    /// An error at the field `path` (such as `scenarios.mode`) of the
    /// model's text, if the text has that field.
    pub fn diagnostic_at(&self, path: &str, message: &str) -> Option<Diagnostic> {
        let root = toml::de::DeTable::parse(&self.source).ok()?;
        let span = super::reader::span_at(root.get_ref(), path)?;
        Some(Diagnostic::error(path, Some(span), message))
    }

    /// The warnings rendered as `file:line:col: warning: ...` lines.
    pub fn rendered_warnings(&self, file: &str) -> Vec<String> {
        let lines = LineIndex::new(&self.source);
        self.warnings
            .iter()
            .map(|d| d.render_indexed(file, &self.source, &lines))
            .collect()
    }
}
