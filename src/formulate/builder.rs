//! The LP under construction, with what each column costs in which
//! scenario; names are made only when asked for (evaluation builds
//! thousands of recourse LPs that nobody reads by name).

use super::PricedRow;
use super::routes::Routes;
use crate::lp::LinearProgram;
use crate::model::Model;

/// An LP being built for one model.
pub(crate) struct Builder<'a> {
    pub(crate) model: &'a Model,
    pub(crate) routes: &'a Routes,
    /// Whether rows and columns get domain names.
    names: bool,
    pub(crate) lp: LinearProgram,
    /// Per column, the scenario whose cost `C_k` it enters (`None`: first
    /// stage, in every `C_k`, and `η`).
    pub(crate) column_scenario: Vec<Option<usize>>,
    /// Per column, its coefficient in `C_k` (0 for `η` and `z`).
    pub(crate) column_unit_cost: Vec<f64>,
    pub(crate) priced_rows: Vec<PricedRow>,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(model: &'a Model, routes: &'a Routes, names: bool) -> Self {
        Builder {
            model,
            routes,
            names,
            lp: LinearProgram::new(),
            column_scenario: Vec::new(),
            column_unit_cost: Vec::new(),
            priced_rows: Vec::new(),
        }
    }

    fn name(&self, name: impl FnOnce() -> String) -> String {
        if self.names { name() } else { String::new() }
    }

    /// Adds a column and records what it costs in which scenario.
    pub(crate) fn column(
        &mut self,
        name: impl FnOnce() -> String,
        bounds: (f64, f64),
        objective: f64,
        scenario: Option<usize>,
        unit_cost: f64,
    ) -> usize {
        let name = self.name(name);
        self.column_scenario.push(scenario);
        self.column_unit_cost.push(unit_cost);
        self.lp.add_column(name, bounds.0, bounds.1, objective)
    }

    /// Adds a row `lower ≤ Σ terms ≤ upper`.
    pub(crate) fn row(
        &mut self,
        name: impl FnOnce() -> String,
        lower: f64,
        upper: f64,
        terms: &[(usize, f64)],
    ) -> usize {
        let name = self.name(name);
        self.lp.add_row(name, lower, upper, terms)
    }
}
