//! The figures of a cost distribution over scenarios: expected cost,
//! VaR, CVaR, the score, shortages and cost quantiles — summed in scenario
//! order, so the same scores give the same bytes.

use serde::{Deserialize, Serialize};

use crate::plan::risk::var_cvar;

/// A scenario with more unmet need than this (tonnes) counts as short.
pub(crate) const SHORTAGE_THRESHOLD: f64 = 1e-6;

/// Tolerance on cumulative probability for quantiles (as for VaR).
const CUMULATIVE_TOLERANCE: f64 = 1e-12;

/// Scenario costs at chosen probability levels.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let evaluation = rareplan::evaluate(&loaded.model, &plan, &rareplan::Settings::default())?;
/// let q = evaluation.cost_quantiles;
/// assert!(q.p50 <= q.p90 && q.p90 <= q.p95 && q.p95 <= q.p99 && q.p99 <= q.max);
/// // The costliest scenario is the halt.
/// assert_eq!(q.max, plan.scenario("cn-halt").expect("a scenario").cost);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CostQuantiles {
    /// Median cost.
    pub p50: f64,
    /// 90 % of probability costs at most this.
    pub p90: f64,
    /// 95 %.
    pub p95: f64,
    /// 99 %.
    pub p99: f64,
    /// The largest scenario cost.
    pub max: f64,
}

/// Risk figures of scored scenarios.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RiskSummary {
    pub(crate) objective: f64,
    pub(crate) expected_cost: f64,
    pub(crate) var: f64,
    pub(crate) cvar: f64,
    pub(crate) expected_shortage: f64,
    pub(crate) expected_end_shortfall: f64,
    pub(crate) shortage_probability: f64,
    pub(crate) quantiles: CostQuantiles,
}

/// One scenario's figures as the summary takes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Outcome {
    pub(crate) probability: f64,
    pub(crate) cost: f64,
    pub(crate) shortage: f64,
    pub(crate) end_shortfall: f64,
}

/// The summary of `outcomes` under `(1-λ)·E + λ·CVaR_α`.
pub(crate) fn summarize(outcomes: &[Outcome], lambda: f64, alpha: f64) -> RiskSummary {
    let costs: Vec<f64> = outcomes.iter().map(|o| o.cost).collect();
    let probabilities: Vec<f64> = outcomes.iter().map(|o| o.probability).collect();
    let (var, cvar) = var_cvar(&costs, &probabilities, alpha);
    let (mut expected_cost, mut shortage, mut end, mut short_p) = (0.0, 0.0, 0.0, 0.0);
    for o in outcomes {
        expected_cost += o.probability * o.cost;
        shortage += o.probability * o.shortage;
        end += o.probability * o.end_shortfall;
        if o.shortage > SHORTAGE_THRESHOLD {
            short_p += o.probability;
        }
    }
    RiskSummary {
        objective: (1.0 - lambda) * expected_cost + lambda * cvar,
        expected_cost,
        var,
        cvar,
        expected_shortage: shortage,
        expected_end_shortfall: end,
        shortage_probability: short_p,
        quantiles: quantiles(&costs, &probabilities),
    }
}

/// The smallest cost `c` with `Σ_{k: C_k ≤ c} p_k ≥ q`, for each level.
fn quantiles(costs: &[f64], probabilities: &[f64]) -> CostQuantiles {
    let mut order: Vec<usize> = (0..costs.len()).collect();
    order.sort_by(|&a, &b| costs[a].total_cmp(&costs[b]).then(a.cmp(&b)));
    let max = order.last().map_or(0.0, |&k| costs[k]);
    let at = |q: f64| {
        let mut cumulative = 0.0;
        for &k in &order {
            cumulative += probabilities[k];
            if cumulative >= q - CUMULATIVE_TOLERANCE {
                return costs[k];
            }
        }
        max
    };
    CostQuantiles {
        p50: at(0.5),
        p90: at(0.9),
        p95: at(0.95),
        p99: at(0.99),
        max,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(probability: f64, cost: f64, shortage: f64) -> Outcome {
        Outcome {
            probability,
            cost,
            shortage,
            end_shortfall: 0.0,
        }
    }

    #[test]
    fn quantiles_and_the_score_of_three_scenarios() {
        let s = summarize(
            &[
                outcome(0.5, 100.0, 0.0),
                outcome(0.45, 200.0, 0.0),
                outcome(0.05, 1000.0, 2.0),
            ],
            0.5,
            0.9,
        );
        assert_eq!(s.quantiles.p50, 100.0);
        assert_eq!(s.quantiles.p90, 200.0);
        assert_eq!(s.quantiles.p95, 200.0);
        assert_eq!(s.quantiles.p99, 1000.0);
        assert_eq!(s.quantiles.max, 1000.0);
        assert!((s.expected_cost - 190.0).abs() < 1e-9);
        // VaR_0.9 = 200; CVaR = 200 + 0.05·800/0.1 = 600.
        assert!((s.cvar - 600.0).abs() < 1e-9);
        assert!((s.objective - 395.0).abs() < 1e-9);
        assert!((s.shortage_probability - 0.05).abs() < 1e-12);
        assert!((s.expected_shortage - 0.1).abs() < 1e-12);
    }
}
