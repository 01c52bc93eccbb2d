//! A neutral sparse linear program with named rows and columns.
//!
//! Minimise `cost·x` subject to `row_lower ≤ A·x ≤ row_upper` and
//! `lower ≤ x ≤ upper`. Rows are stored compressed (CSR). Backends translate
//! it; the verifier checks solutions against it; the writers export it.

/// One column (variable).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Domain name, such as `r[s=lynas,e=ndpr-oxide,b=aichi,t=2012Q3]`.
    pub name: String,
    /// Lower bound (may be `-inf`).
    pub lower: f64,
    /// Upper bound (may be `+inf`).
    pub upper: f64,
    /// Objective coefficient.
    pub cost: f64,
}

/// One row (constraint) without its coefficients.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Domain name, such as `quota[k=baseline,q=cn-light,t=2012Q3]`.
    pub name: String,
    /// Lower bound on the row's activity (may be `-inf`).
    pub lower: f64,
    /// Upper bound on the row's activity (may be `+inf`).
    pub upper: f64,
}

/// A linear program in CSR form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinearProgram {
    /// The columns, in creation order.
    pub columns: Vec<Column>,
    /// The rows, in creation order.
    pub rows: Vec<Row>,
    /// `row_start[i]..row_start[i+1]` are row `i`'s entries.
    pub row_start: Vec<usize>,
    /// Column of each entry.
    pub col_index: Vec<usize>,
    /// Coefficient of each entry.
    pub values: Vec<f64>,
}

impl LinearProgram {
    /// An empty program.
    pub fn new() -> Self {
        LinearProgram {
            row_start: vec![0],
            ..Default::default()
        }
    }

    /// Adds a column; returns its index.
    pub fn add_column(&mut self, name: String, lower: f64, upper: f64, cost: f64) -> usize {
        self.columns.push(Column {
            name,
            lower,
            upper,
            cost,
        });
        self.columns.len() - 1
    }

    /// Adds a row `lower ≤ Σ coef·x ≤ upper`; zero coefficients are left
    /// out. Returns its index.
    pub fn add_row(
        &mut self,
        name: String,
        lower: f64,
        upper: f64,
        terms: &[(usize, f64)],
    ) -> usize {
        for &(col, value) in terms {
            if value != 0.0 {
                self.col_index.push(col);
                self.values.push(value);
            }
        }
        self.row_start.push(self.col_index.len());
        self.rows.push(Row { name, lower, upper });
        self.rows.len() - 1
    }

    /// Makes room for `rows` more rows and `nonzeros` more entries, so
    /// that a program built to a size known beforehand holds no spare
    /// capacity (nor, while it grows, two copies of its entries).
    pub fn reserve(&mut self, rows: usize, nonzeros: usize) {
        self.rows.reserve_exact(rows);
        self.row_start.reserve_exact(rows);
        self.col_index.reserve_exact(nonzeros);
        self.values.reserve_exact(nonzeros);
    }

    /// Number of columns.
    pub fn num_columns(&self) -> usize {
        self.columns.len()
    }

    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.rows.len()
    }

    /// Number of nonzero coefficients.
    pub fn num_nonzeros(&self) -> usize {
        self.values.len()
    }

    /// Row `i`'s entries as (column, coefficient).
    pub fn row_entries(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let range = self.row_start[i]..self.row_start[i + 1];
        self.col_index[range.clone()]
            .iter()
            .copied()
            .zip(self.values[range].iter().copied())
    }

    /// Row `i`'s activity at `x`.
    pub fn activity(&self, i: usize, x: &[f64]) -> f64 {
        self.row_entries(i).map(|(j, a)| a * x[j]).sum()
    }

    /// The objective at `x`.
    pub fn objective(&self, x: &[f64]) -> f64 {
        self.columns.iter().zip(x).map(|(c, v)| c.cost * v).sum()
    }
}

mod write;

pub use write::{write_lp, write_mps};
