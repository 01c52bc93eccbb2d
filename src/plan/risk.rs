//! Value-at-risk and CVaR of a discrete cost distribution, as defined in
//! formulation.md ("What is reported").

/// Tolerance on the cumulative probability when finding `VaR_α`, so that
/// probabilities summing to α up to round-off count as reaching it.
const CUMULATIVE_TOLERANCE: f64 = 1e-12;

/// `(VaR_α, CVaR_α)` of costs `C_k` with probabilities `p_k`.
///
/// `VaR_α` is the smallest cost `c` with `Σ_{k: C_k ≤ c} p_k ≥ α`;
/// `CVaR_α = VaR_α + 1/(1-α) · Σ_k p_k · max(C_k - VaR_α, 0)`.
pub fn var_cvar(costs: &[f64], probabilities: &[f64], alpha: f64) -> (f64, f64) {
    let mut order: Vec<usize> = (0..costs.len()).collect();
    order.sort_by(|&a, &b| costs[a].total_cmp(&costs[b]).then(a.cmp(&b)));
    let Some(&last) = order.last() else {
        return (0.0, 0.0);
    };
    let mut var = costs[last];
    let mut cumulative = 0.0;
    for &k in &order {
        cumulative += probabilities[k];
        if cumulative >= alpha - CUMULATIVE_TOLERANCE {
            var = costs[k];
            break;
        }
    }
    let tail: f64 = costs
        .iter()
        .zip(probabilities)
        .map(|(&c, &p)| p * (c - var).max(0.0))
        .sum();
    (var, var + tail / (1.0 - alpha))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn two_scenarios() {
        // 90% cost 100, 10% cost 1000: VaR_0.95 = 1000, CVaR = 1000.
        let (var, cvar) = var_cvar(&[100.0, 1000.0], &[0.9, 0.1], 0.95);
        assert_relative_eq!(var, 1000.0);
        assert_relative_eq!(cvar, 1000.0);
        // At α = 0.5: VaR = 100, CVaR = 100 + 0.1·900/0.5 = 280.
        let (var, cvar) = var_cvar(&[100.0, 1000.0], &[0.9, 0.1], 0.5);
        assert_relative_eq!(var, 100.0);
        assert_relative_eq!(cvar, 280.0);
    }

    #[test]
    fn alpha_zero_is_the_mean_shifted_from_the_minimum() {
        let (var, cvar) = var_cvar(&[3.0, 1.0, 2.0], &[0.25, 0.25, 0.5], 0.0);
        assert_relative_eq!(var, 1.0);
        assert_relative_eq!(cvar, 1.0 + 0.25 * 2.0 + 0.5 * 1.0);
    }
}
