//! A strategy that scores a given plan on its changed model.

use super::file::Strategy;
use super::row::{Row, Status};
use crate::model::Model;
use crate::planner::Settings;

/// The row of an `evaluate` strategy.
pub(crate) fn row(strategy: &Strategy, _model: &Model, _settings: &Settings) -> Row {
    // TEMPORARY until rareplan::evaluate lands on main.
    Row::failed(strategy.name(), Status::Failed, "evaluate: not wired yet")
}
