//! A strategy that scores a given plan on its changed model
//! (`evaluate = "plan.json"`), through [`crate::evaluate`].

use super::file::Strategy;
use super::row::{Figures, Row, Status};
use crate::evaluate::{EvaluateError, ScoreError, evaluate, read_plan};
use crate::model::Model;
use crate::planner::Settings;
use crate::solve::SolveError;

/// The row of an `evaluate` strategy: the evaluation's figures, and the
/// tonnes the plan reserves by the changed model's supplier countries.
pub(crate) fn row(strategy: &Strategy, model: &Model, settings: &Settings) -> Row {
    let name = strategy.name();
    let Some((path, span)) = &strategy.evaluate else {
        return Row::failed(name, Status::Invalid, "no plan to evaluate");
    };
    let at = if strategy.from_code {
        String::new()
    } else {
        format!("{}: ", strategy.source.locate(span.start))
    };
    let plan = match read_plan(path) {
        Ok(plan) => plan,
        Err(e) => {
            return Row::failed(
                name,
                Status::Invalid,
                &format!("{at}strategy `{name}`: evaluate: {e}"),
            );
        }
    };
    match evaluate(model, &plan, settings) {
        Ok(evaluation) => {
            let (reserved, reserved_by_country) = Figures::reserved(&plan.reservations, model);
            Row {
                strategy: name.to_string(),
                status: Status::Evaluated,
                figures: Some(Figures {
                    objective: evaluation.objective,
                    expected_cost: evaluation.expected_cost,
                    var: evaluation.var,
                    cvar: evaluation.cvar,
                    expected_shortage: evaluation.expected_shortage,
                    shortage_probability: evaluation.shortage_probability,
                    reserved,
                    reserved_by_country,
                }),
                message: String::new(),
            }
        }
        Err(e) => {
            let status = match &e {
                EvaluateError::Reservations(_) => Status::Invalid,
                EvaluateError::Plan(plan) => Status::of_error(plan),
                EvaluateError::Score(ScoreError::Solve {
                    source: SolveError::TimeLimit { .. },
                    ..
                }) => Status::TimeLimit,
                EvaluateError::Score(ScoreError::Solve {
                    source: SolveError::Infeasible,
                    ..
                }) => Status::Infeasible,
                EvaluateError::Score(_) => Status::Failed,
            };
            let what = match status {
                Status::Invalid => format!("{at}strategy `{name}`: evaluate: "),
                _ => format!("strategy `{name}`: evaluating {}: ", path.display()),
            };
            Row::failed(name, status, &format!("{what}{e}"))
        }
    }
}
