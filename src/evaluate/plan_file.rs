//! Plans read back: JSON or TOML, as `rareplan solve` writes them.

use std::path::Path;

use crate::plan::Plan;

/// Plan files larger than this are refused before reading.
const MAX_PLAN_BYTES: u64 = 256 * 1024 * 1024;

/// Why a plan file could not be read.
///
/// ```
/// use rareplan::PlanReadError;
/// let e = rareplan::read_plan(std::path::Path::new("models/tiny.toml")).unwrap_err();
/// assert!(matches!(e, PlanReadError::Malformed { format: "toml", .. }), "{e}");
/// assert!(e.to_string().starts_with("models/tiny.toml: not a plan as `rareplan solve` writes it (toml)"));
/// let missing = rareplan::read_plan(std::path::Path::new("no-such-plan.json")).unwrap_err();
/// assert!(matches!(missing, PlanReadError::Io { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanReadError {
    /// The file could not be read.
    #[error("cannot read the plan {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What the system said.
        message: String,
    },
    /// The file is not a plan.
    #[error("{path}: not a plan as `rareplan solve` writes it ({format}): {message}")]
    Malformed {
        /// The file.
        path: String,
        /// `json` or `toml`.
        format: &'static str,
        /// What the parser said, with line and column.
        message: String,
    },
}

/// Reads a plan file; `.toml` files as TOML, anything else as JSON.
pub fn read_plan(path: &Path) -> Result<Plan, PlanReadError> {
    let io = |e: std::io::Error| PlanReadError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_PLAN_BYTES {
        return Err(PlanReadError::Io {
            path: path.display().to_string(),
            message: format!("{size} bytes, more than the limit of {MAX_PLAN_BYTES}"),
        });
    }
    let text = std::fs::read_to_string(path).map_err(io)?;
    let toml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    parse_plan(&text, &path.display().to_string(), toml)
}

/// Parses a plan's text; `label` names it in messages.
pub(crate) fn parse_plan(text: &str, label: &str, toml: bool) -> Result<Plan, PlanReadError> {
    let malformed = |format: &'static str, message: String| PlanReadError::Malformed {
        path: label.to_string(),
        format,
        message,
    };
    if toml {
        toml::from_str(text).map_err(|e| malformed("toml", e.to_string().trim().to_string()))
    } else {
        serde_json::from_str(text).map_err(|e| malformed("json", e.to_string()))
    }
}
