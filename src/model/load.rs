//! Reading a model file: text → TOML tree → validated [`Model`].

use std::io::Read;
use std::path::Path;

use toml::de::DeTable;

use super::Model;
use super::validate::validate;
use crate::diagnostic::Diagnostic;

/// Model files larger than this are refused before they are parsed.
pub const MAX_MODEL_BYTES: u64 = 64 * 1024 * 1024;

/// A model that could not be loaded.
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
    #[error("{file}: the model file has {bytes} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// The file as the user named it.
        file: String,
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is not valid UTF-8 text.
    #[error(
        "{file}: not a text file (invalid UTF-8 at byte {offset}); a model is a TOML text file"
    )]
    NotText {
        /// The file as the user named it.
        file: String,
        /// Where the first invalid byte is.
        offset: usize,
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
    let mut out: Vec<String> = diagnostics.iter().map(|d| d.render(file, source)).collect();
    out.push(format!(
        "{file}: {errors} error{} found; nothing was solved",
        if errors == 1 { "" } else { "s" }
    ));
    out.join("\n")
}

/// Loads and validates a model from a path, or from standard input when the
/// path is `-`.
pub fn load_model(path: &Path) -> Result<Loaded, LoadError> {
    let file = path.display().to_string();
    let io = |source| LoadError::Io {
        file: file.clone(),
        source,
    };
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
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
    let text = String::from_utf8(bytes).map_err(|e| LoadError::NotText {
        file: file.clone(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    load_model_str(&text, &file)
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
            .map(|e| {
                Diagnostic::error(
                    "",
                    e.span(),
                    format!("invalid TOML: {}", e.message().trim_end()),
                )
            })
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

impl Loaded {
    /// The warnings rendered as `file:line:col: warning: ...` lines.
    pub fn rendered_warnings(&self, file: &str) -> Vec<String> {
        self.warnings
            .iter()
            .map(|d| d.render(file, &self.source))
            .collect()
    }
}
