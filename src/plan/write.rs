//! Plan writers (JSON, TOML, CSV, table) and atomic file output.

use std::path::Path;

use super::Plan;
use super::table::render_table;

/// An output format for plans.
///
/// Named `table`, `json`, `toml`, `csv` and `xlsx` in
/// [`FromStr`](std::str::FromStr), [`Display`](std::fmt::Display) and serde.
///
/// ```
/// use rareplan::Format;
/// assert_eq!("toml".parse::<Format>()?, Format::Toml);
/// assert_eq!(Format::from_path(std::path::Path::new("plan.JSON")), Some(Format::Json));
/// # Ok::<(), rareplan::ParseNameError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Format {
    /// Aligned tables for people.
    Table,
    /// The whole plan as JSON.
    Json,
    /// The whole plan as TOML (the same tree as JSON).
    Toml,
    /// The reservations as CSV rows ([`render_csv_table`](crate::plan::render_csv_table)
    /// writes the other tables).
    Csv,
    /// An Excel workbook, one sheet per table (to a file only: binary).
    Xlsx,
}

impl Format {
    /// Every format, in order.
    pub const ALL: &'static [Format] = &[
        Format::Table,
        Format::Json,
        Format::Toml,
        Format::Csv,
        Format::Xlsx,
    ];

    /// The format's name (`table`, `json`, …).
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Toml => "toml",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// The format a file name's extension implies, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "toml" => Some(Format::Toml),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "txt" | "table" => Some(Format::Table),
            _ => None,
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = crate::error::ParseNameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                crate::error::ParseNameError::new("format", s, Format::ALL.iter().map(|f| f.name()))
            })
    }
}

/// Why a plan could not be written.
///
/// ```
/// use rareplan::plan::{PlanWriteError, render};
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let mut broken = plan.clone();
/// broken.objective = f64::NAN;
/// let e = render(&broken, rareplan::Format::Json).unwrap_err();
/// assert!(matches!(e, PlanWriteError::NotFinite));
/// assert_eq!(e.to_string(), "the plan holds a number that is not finite; nothing was written");
/// assert!(render(&plan, rareplan::Format::Json)?.contains("\"objective\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
pub enum PlanWriteError {
    /// The plan holds a NaN or infinite number.
    #[error("the plan holds a number that is not finite; nothing was written")]
    NotFinite,
    /// Serialising failed.
    #[error("cannot render the plan as {format}: {message}")]
    Render {
        /// The format.
        format: &'static str,
        /// What went wrong.
        message: String,
    },
    /// Writing the file failed.
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
}

/// Renders a plan in a format.
pub fn render(plan: &Plan, format: Format) -> Result<String, PlanWriteError> {
    if !plan.is_finite() {
        return Err(PlanWriteError::NotFinite);
    }
    let failed = |format: &'static str| {
        move |e: &dyn std::fmt::Display| PlanWriteError::Render {
            format,
            message: e.to_string(),
        }
    };
    match format {
        Format::Table => Ok(render_table(plan)),
        Format::Json => serde_json::to_string_pretty(plan)
            .map(|s| s + "\n")
            .map_err(|e| failed("json")(&e)),
        Format::Toml => toml::to_string(plan).map_err(|e| failed("toml")(&e)),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            for r in &plan.reservations {
                w.serialize(r).map_err(|e| failed("csv")(&e))?;
            }
            let bytes = w.into_inner().map_err(|e| failed("csv")(&e))?;
            if plan.reservations.is_empty() {
                return Ok("supplier,material,buyer,period,quantity,fee\n".to_string());
            }
            String::from_utf8(bytes).map_err(|e| failed("csv")(&e))
        }
        Format::Xlsx => Err(PlanWriteError::Render {
            format: "xlsx",
            message: "a workbook is binary: write it to a file with -o plan.xlsx".to_string(),
        }),
    }
}

/// Renders a plan in a format as bytes: the workbook for `Xlsx`, the text
/// of [`render`] otherwise.
pub fn render_bytes(plan: &Plan, format: Format) -> Result<Vec<u8>, PlanWriteError> {
    match format {
        Format::Xlsx => super::xlsx::render_xlsx(plan),
        _ => render(plan, format).map(String::into_bytes),
    }
}
