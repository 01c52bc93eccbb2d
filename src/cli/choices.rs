//! The command line's names for the library's choices: clap's `ValueEnum`
//! lives here, not in the library (as ripgrep and just keep their flags'
//! enums in the binary). Each mirrors one library enum, with `From`.

use rareplan::{CsvTable, Format, Method, SolverChoice};

/// `--solver NAME`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SolverArg {
    /// The best solver this build has for the LP's size: microlp up to 150
    /// columns, Clarabel above, its answer finished at a vertex by the
    /// simplex up to 200,000 rows (measured in BENCHMARKS.md).
    Auto,
    /// microlp: pure-Rust dual simplex, exact, slow beyond ~20,000 columns.
    #[cfg(feature = "microlp")]
    Microlp,
    /// Clarabel: pure-Rust interior point, fast, with duals.
    #[cfg(feature = "clarabel")]
    Clarabel,
    /// The project's sparse dual simplex (LPs up to 200,000 rows), with duals;
    /// it keeps its basis between the scenarios of an evaluation.
    Simplex,
    /// HiGHS (only with the `highs` cargo feature).
    #[cfg(feature = "highs")]
    Highs,
}

impl From<SolverArg> for SolverChoice {
    fn from(arg: SolverArg) -> Self {
        match arg {
            SolverArg::Auto => SolverChoice::Auto,
            #[cfg(feature = "microlp")]
            SolverArg::Microlp => SolverChoice::Microlp,
            #[cfg(feature = "clarabel")]
            SolverArg::Clarabel => SolverChoice::Clarabel,
            SolverArg::Simplex => SolverChoice::Simplex,
            #[cfg(feature = "highs")]
            SolverArg::Highs => SolverChoice::Highs,
        }
    }
}

/// `--method`: how the stochastic LP is solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// The decomposition above 100,000 extensive-form columns, or from 32
    /// scenarios at up to 250 columns a scenario (where its recourse LPs
    /// fit the simplex), else the extensive form.
    Auto,
    /// One LP of every scenario at once (the extensive form).
    Extensive,
    /// The L-shaped method: a master over the reservations, every
    /// scenario's recourse LP on its own.
    Decomposition,
}

impl From<MethodArg> for Method {
    fn from(arg: MethodArg) -> Self {
        match arg {
            MethodArg::Auto => Method::Auto,
            MethodArg::Extensive => Method::Extensive,
            MethodArg::Decomposition => Method::Decomposition,
        }
    }
}

/// `--format` of a plan or an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Aligned tables for people.
    Table,
    /// The whole plan as JSON.
    Json,
    /// The whole plan as TOML (the same tree as JSON).
    Toml,
    /// The reservations as CSV rows (`--table` picks another table).
    Csv,
    /// An Excel workbook, one sheet per table (to a file only: binary).
    Xlsx,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Toml => Format::Toml,
            FormatArg::Csv => Format::Csv,
            FormatArg::Xlsx => Format::Xlsx,
        }
    }
}

/// `--table`: which table `--format csv` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableArg {
    /// The reservations (the default).
    Reservations,
    /// Every scenario with its probability, events, cost and shortage.
    Scenarios,
    /// Expected flows per buyer, material and period.
    Flows,
    /// Shadow prices of quotas and capacities.
    ShadowPrices,
}

impl From<TableArg> for CsvTable {
    fn from(arg: TableArg) -> Self {
        match arg {
            TableArg::Reservations => CsvTable::Reservations,
            TableArg::Scenarios => CsvTable::Scenarios,
            TableArg::Flows => CsvTable::Flows,
            TableArg::ShadowPrices => CsvTable::ShadowPrices,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    /// The command line's names are the library's, one for one.
    #[test]
    fn names_match_the_library() {
        for arg in SolverArg::value_variants() {
            let name = arg.to_possible_value().map(|v| v.get_name().to_string());
            assert_eq!(name.as_deref(), Some(SolverChoice::from(*arg).name()));
        }
        for arg in FormatArg::value_variants() {
            let name = arg.to_possible_value().map(|v| v.get_name().to_string());
            assert_eq!(name.as_deref(), Some(Format::from(*arg).name()));
        }
        for arg in TableArg::value_variants() {
            let name = arg.to_possible_value().map(|v| v.get_name().to_string());
            assert_eq!(name.as_deref(), Some(CsvTable::from(*arg).name()));
        }
        for arg in MethodArg::value_variants() {
            let name = arg.to_possible_value().map(|v| v.get_name().to_string());
            assert_eq!(name.as_deref(), Some(Method::from(*arg).name()));
        }
        assert_eq!(MethodArg::value_variants().len(), Method::ALL.len());
        assert_eq!(SolverArg::value_variants().len(), SolverChoice::ALL.len());
        assert_eq!(FormatArg::value_variants().len(), Format::ALL.len());
        assert_eq!(TableArg::value_variants().len(), CsvTable::ALL.len());
    }
}
