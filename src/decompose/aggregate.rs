//! The objective at given reservations, from every scenario's recourse,
//! and the cuts that bound it (formulation.md, "Decomposition").
//!
//! `Φ(r) = F(r) + min_η' λ·η' + Σ_k h_k(r, η')` with
//! `h_k(r, η') = (1-λ)·p_k·Q_k(r) + λ·p_k/(1-α)·max(Q_k(r) − η', 0)`:
//! the extensive form's objective with `z_k` substituted and the fees
//! `F(r) = f·r` taken out of every scenario cost `C_k = F + Q_k` (with
//! `η' = η − F`, `C_k − η = Q_k − η'`; its minimising `η'` is `VaR_α` of
//! the `Q_k`). The master carries `F` in its objective, so a cut holds only
//! the recourse's subgradients, nonzero where a scenario exercises all it
//! reserved: sparse rows, where the fees made every cut dense. Each `h_k`
//! is convex in `(r, η')`, so a sum of them over a group of scenarios has
//! cuts `θ_G ≥ Σ_{k∈G} h_k(r̂, η̂') + a·(r − r̂) + b·(η' − η̂')`, and the
//! master `min F(r) + λ·η' + Σ_G θ_G` is exact for mean-CVaR whatever the
//! grouping.

use super::scenario_loop::RecourseValue;
use crate::plan::risk::var_cvar;

/// What a cut bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// `Φ − F` itself (`eta` is 0): `Φ(r) − F(r) ≥ Φ(r̂) − F(r̂) + G·(r − r̂)`,
    /// with `G = Σ_k ((1-λ)·p_k + λ·q_k)·g_k` and `q` the CVaR's tail
    /// weights at `r̂` (a subgradient of the CVaR by its dual form).
    Whole,
    /// `θ_G`, a group's `Σ h_k`.
    Group(usize),
}

/// One cut: `target ≥ constant + coefficients·r + eta·η'`.
///
/// The cut also holds, as a function of the model's nominal quota limits
/// and capacities, for the same duals (weak duality holds for any bounds):
/// `limits` is its slope in each recourse priced row's nominal number, so
/// the master's duals on the cuts turn them into shadow prices.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cut {
    pub(crate) target: Target,
    pub(crate) coefficients: Vec<f64>,
    pub(crate) eta: f64,
    pub(crate) constant: f64,
    pub(crate) limits: Vec<f64>,
}

/// `Φ` at one point, its `VaR` and one cut per group there.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Point {
    /// `Φ(r̂)`.
    pub(crate) value: f64,
    /// `VaR_α` of the scenario costs `C_k` at `r̂` (the minimising `η`,
    /// fees included).
    pub(crate) var: f64,
    pub(crate) cuts: Vec<Cut>,
}

/// The groups of scenarios that share a cut: `groups` contiguous blocks of
/// scenario order (block `g` holds scenarios `g·K/G ..`).
pub(crate) fn group_of(k: usize, scenarios: usize, groups: usize) -> usize {
    (k * groups) / scenarios.max(1)
}

/// The CVaR's tail weights `q_k` at costs `C`: the largest costs first,
/// each up to `p_k/(1-α)`, until they sum to 1; `Σ q_k C_k = CVaR_α(C)`.
pub(crate) fn tail_weights(costs: &[f64], probabilities: &[f64], alpha: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..costs.len()).collect();
    order.sort_by(|&a, &b| costs[b].total_cmp(&costs[a]).then(a.cmp(&b)));
    let mut weights = vec![0.0; costs.len()];
    let mut left = 1.0f64;
    for k in order {
        if left <= 0.0 {
            break;
        }
        let w = (probabilities[k] / (1.0 - alpha)).min(left);
        weights[k] = w;
        left -= w;
    }
    weights
}

/// Per scenario, which share `t_k ∈ [0, 1]` of its slope in
/// `max(Q_k − η', 0)` a group's cut takes at `η' = var`: 1 above VaR, 0
/// below, and at VaR itself (the kink, where any share is a subgradient)
/// what the CVaR's tail weights leave, so that the shares' `η'`-slopes sum
/// to `−λ` over all groups: the cuts then add up to `Φ(r̂) − F(r̂) − λ·η'`
/// for every `η'`, and the master is exact at every point scored. (With no
/// share at VaR the sum fell short by that scenario's weight, and the
/// master kept a model below `Φ` that lowering `η'` reached: the method
/// stalled at a gap near 1e-5 on mean-CVaR models.)
pub(crate) fn tail_share(costs: &[f64], probabilities: &[f64], alpha: f64, var: f64) -> Vec<f64> {
    let weights = tail_weights(costs, probabilities, alpha);
    costs
        .iter()
        .zip(probabilities)
        .zip(weights)
        .map(|((&c, &p), q)| {
            if c > var {
                1.0
            } else if c == var && p > 0.0 {
                (q * (1.0 - alpha) / p).clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
        .collect()
}

/// `Φ`, `VaR` and the cuts at `reserved`, summed in scenario order: the
/// cut on `Φ` when `whole`, and one per group when `groups > 0`.
pub(crate) fn point(
    values: &[RecourseValue],
    probabilities: &[f64],
    fees: &[f64],
    reserved: &[f64],
    (lambda, alpha): (f64, f64),
    whole: bool,
    groups: usize,
) -> Point {
    let fee_total: f64 = fees.iter().zip(reserved).map(|(f, r)| f * r).sum();
    let objective = |costs: &[f64]| {
        let expected: f64 = costs.iter().zip(probabilities).map(|(c, p)| c * p).sum();
        let (var, cvar) = var_cvar(costs, probabilities, alpha);
        let value = (1.0 - lambda) * expected + if lambda > 0.0 { lambda * cvar } else { 0.0 };
        (value, var)
    };
    // Φ of the verified answers (the upper bound's figure); the cuts are
    // built on the duals' lower bounds of each Q_k, so that round-off in a
    // recourse answer can never lift a cut above Φ.
    let answered: Vec<f64> = values.iter().map(|v| fee_total + v.cost).collect();
    let (value, _) = objective(&answered);
    // The cuts bound Φ − F: the recourse costs alone, and VaR of them.
    let costs: Vec<f64> = values.iter().map(|v| v.bound).collect();
    let (cut_value, var) = objective(&costs);
    let k_all = values.len();
    let priced = values.first().map_or(0, |v| v.limits.len());
    let blank = |target| Cut {
        target,
        coefficients: vec![0.0; fees.len()],
        eta: 0.0,
        constant: 0.0,
        limits: vec![0.0; priced],
    };
    let mut cuts: Vec<Cut> = (0..groups).map(|g| blank(Target::Group(g))).collect();
    if whole {
        let weights = if lambda > 0.0 {
            tail_weights(&costs, probabilities, alpha)
        } else {
            vec![0.0; costs.len()]
        };
        let mut cut = blank(Target::Whole);
        for ((v, &p), &q) in values.iter().zip(probabilities).zip(&weights) {
            let w = (1.0 - lambda) * p + lambda * q;
            if w == 0.0 {
                continue;
            }
            for (a, &g) in cut.coefficients.iter_mut().zip(&v.subgradient) {
                *a += w * g;
            }
            for (l, &g) in cut.limits.iter_mut().zip(&v.limits) {
                *l += w * g;
            }
        }
        let slope_at: f64 = cut
            .coefficients
            .iter()
            .zip(reserved)
            .map(|(a, r)| a * r)
            .sum();
        cut.constant = cut_value - slope_at;
        cuts.push(cut);
    }
    let tail = if lambda > 0.0 && groups > 0 {
        tail_share(&costs, probabilities, alpha, var)
    } else {
        vec![0.0; costs.len()]
    };
    for (k, (((v, &p), &c), &t)) in values
        .iter()
        .zip(probabilities)
        .zip(&costs)
        .zip(&tail)
        .enumerate()
    {
        if groups == 0 {
            break;
        }
        let cut = &mut cuts[group_of(k, k_all, groups)];
        // h_k at (r̂, VaR) and its slopes: in the tail, the CVaR's share
        // (`t` of it at VaR itself, where `max(Q_k − η', 0)` has a kink).
        let tail_weight = lambda * p / (1.0 - alpha);
        let share = (1.0 - lambda) * p + t * tail_weight;
        let h = (1.0 - lambda) * p * c + tail_weight * (c - var).max(0.0);
        let eta = -t * tail_weight;
        if share == 0.0 && eta == 0.0 {
            continue;
        }
        // h ≥ h(r̂) + share·g_k·(r − r̂) + eta·(η' − VaR).
        let mut slope_at = 0.0;
        for ((a, &g), &r) in cut
            .coefficients
            .iter_mut()
            .zip(&v.subgradient)
            .zip(reserved)
        {
            if g != 0.0 {
                let s = share * g;
                *a += s;
                slope_at += s * r;
            }
        }
        for (l, &g) in cut.limits.iter_mut().zip(&v.limits) {
            *l += share * g;
        }
        cut.eta += eta;
        cut.constant += h - slope_at - eta * var;
    }
    Point {
        value,
        var: var + fee_total,
        cuts,
    }
}

/// Lower bounds over every plan on `Φ`, on each group's `Σ h_k` and on
/// `η`: each `Q_k` at the reservations' largest values (more reserved
/// never raises a recourse cost), no fees.
pub(crate) fn floors(
    values: &[RecourseValue],
    probabilities: &[f64],
    (lambda, alpha): (f64, f64),
    groups: usize,
) -> (f64, Vec<f64>, f64) {
    let costs: Vec<f64> = values.iter().map(|v| v.bound).collect();
    let expected: f64 = costs.iter().zip(probabilities).map(|(c, p)| c * p).sum();
    let whole = (1.0 - lambda) * expected
        + if lambda > 0.0 {
            lambda * var_cvar(&costs, probabilities, alpha).1
        } else {
            0.0
        };
    let mut group_floor = vec![0.0; groups];
    if groups > 0 {
        for (k, (v, p)) in values.iter().zip(probabilities).enumerate() {
            group_floor[group_of(k, values.len(), groups)] += (1.0 - lambda) * p * v.bound;
        }
    }
    let eta = values.iter().map(|v| v.bound).fold(f64::INFINITY, f64::min);
    (whole, group_floor, if eta.is_finite() { eta } else { 0.0 })
}

/// The slopes of [`floors`]' first two in the nominal numbers: per
/// recourse priced row (each scenario's `limits` at the largest
/// reservations), then per arc (each scenario's subgradient there: the
/// largest reservations are the capacities, so a floor moves with them
/// too), weighed as the floors weigh each scenario's cost. Those floors
/// hold for any quota limits and capacities in the same way as the cuts.
pub(crate) fn floor_limits(
    values: &[RecourseValue],
    probabilities: &[f64],
    (lambda, alpha): (f64, f64),
    groups: usize,
) -> (Vec<f64>, Vec<Vec<f64>>) {
    fn slopes(v: &RecourseValue) -> impl Iterator<Item = f64> + '_ {
        v.limits.iter().chain(&v.subgradient).copied()
    }
    let priced = values.first().map_or(0, |v| slopes(v).count());
    let costs: Vec<f64> = values.iter().map(|v| v.bound).collect();
    let tail = if lambda > 0.0 {
        tail_weights(&costs, probabilities, alpha)
    } else {
        vec![0.0; costs.len()]
    };
    let mut whole = vec![0.0; priced];
    let mut group = vec![vec![0.0; priced]; groups];
    for (k, ((v, &p), &q)) in values.iter().zip(probabilities).zip(&tail).enumerate() {
        let w = (1.0 - lambda) * p + lambda * q;
        for (a, l) in whole.iter_mut().zip(slopes(v)) {
            *a += w * l;
        }
        if groups > 0 {
            for (a, l) in group[group_of(k, values.len(), groups)]
                .iter_mut()
                .zip(slopes(v))
            {
                *a += (1.0 - lambda) * p * l;
            }
        }
    }
    (whole, group)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn two() -> Vec<RecourseValue> {
        vec![
            RecourseValue {
                cost: 10.0,
                bound: 10.0,
                subgradient: vec![-2.0],
                limits: vec![-3.0],
            },
            RecourseValue {
                cost: 30.0,
                bound: 30.0,
                subgradient: vec![-6.0],
                limits: vec![0.0],
            },
        ]
    }

    #[test]
    fn the_value_is_mean_plus_cvar() {
        let pt = point(&two(), &[0.5, 0.5], &[1.0], &[4.0], (0.5, 0.5), true, 1);
        // C = 14, 34; E = 24, VaR_0.5 = 14, CVaR_0.5 = 34; Φ = 12 + 17 = 29.
        assert_relative_eq!(pt.value, 29.0);
        assert_relative_eq!(pt.var, 14.0);
    }

    #[test]
    fn the_cut_is_exact_at_its_point_and_below_elsewhere() {
        let pt = point(&two(), &[0.5, 0.5], &[1.0], &[4.0], (0.5, 0.5), false, 1);
        let cut = &pt.cuts[0];
        // The master's value at (r, η'): F(r) = 1·r, λ·η', and the cut.
        let at = |r: f64, eta: f64| {
            r + 0.5 * eta + cut.constant + cut.coefficients[0] * r + cut.eta * eta
        };
        // At r̂ = 4 and η' = VaR − F = 14 − 4 the cut gives Φ exactly.
        assert_relative_eq!(at(4.0, pt.var - 4.0), pt.value, epsilon = 1e-12);
        // Slope in r without the fee: share 0.25 + 0.5 on scenario 2, 0.25
        // on scenario 1: 0.25·(-2) + 0.75·(-6) = -5.
        assert_relative_eq!(cut.coefficients[0], -5.0);
        // A cut never exceeds Φ: at r = 4 and any η = η' + 4.
        let phi = |eta: f64| {
            let c = [14.0, 34.0];
            0.5 * eta
                + c.iter()
                    .map(|&ck| 0.25 * ck + 0.5 * 0.5 / 0.5 * (ck - eta).max(0.0))
                    .sum::<f64>()
        };
        for eta in [10.0, 14.0, 20.0, 34.0, 40.0] {
            assert!(at(4.0, eta - 4.0) <= phi(eta) + 1e-12, "η = {eta}");
        }
        // Nor at r = 0: there each Q_k is at least its subgradient's line
        // (10 + 2·4 = 18, 30 + 6·4 = 54), and Φ grows with every Q_k, so Φ(0)
        // is at least Φ of those costs, which the cut must stay below.
        let phi_at_zero = |eta: f64| {
            let c = [18.0, 54.0];
            0.5 * eta
                + c.iter()
                    .map(|&ck| 0.25 * ck + 0.5 * (ck - eta).max(0.0))
                    .sum::<f64>()
        };
        assert!(at(0.0, 54.0) <= phi_at_zero(54.0) + 1e-12);
    }

    #[test]
    fn groups_split_the_sum() {
        let one = point(&two(), &[0.5, 0.5], &[1.0], &[4.0], (0.5, 0.5), false, 1);
        let two_groups = point(&two(), &[0.5, 0.5], &[1.0], &[4.0], (0.5, 0.5), false, 2);
        let sum: f64 = two_groups.cuts.iter().map(|c| c.constant).sum();
        assert_relative_eq!(sum, one.cuts[0].constant, epsilon = 1e-12);
        assert_eq!(group_of(0, 2, 2), 0);
        assert_eq!(group_of(1, 2, 2), 1);
    }

    #[test]
    fn the_whole_cut_weighs_the_tail_and_leaves_the_fees_to_the_master() {
        let pt = point(&two(), &[0.5, 0.5], &[1.0], &[4.0], (0.5, 0.5), true, 0);
        let cut = &pt.cuts[0];
        assert_eq!(cut.target, Target::Whole);
        // G = 0.5·(0.5·(-2) + 0.5·(-6)) + 0.5·(1·(-6)) = -2 - 3 = -5.
        assert_relative_eq!(cut.coefficients[0], -5.0);
        // Φ − F at r̂: 29 − 4.
        assert_relative_eq!(cut.constant + cut.coefficients[0] * 4.0, 25.0);
        // The limits' slope with the same weights: 0.25·(-3) + 0.75·0.
        assert_relative_eq!(cut.limits[0], -0.75);
        let grouped = point(&two(), &[0.5, 0.5], &[1.0], &[4.0], (0.5, 0.5), false, 1);
        assert_relative_eq!(grouped.cuts[0].limits[0], -0.75);
    }

    #[test]
    fn the_groups_cuts_add_up_to_the_objective_at_every_eta() {
        // VaR_0.8 of the costs 10, 30, 20 (p = 0.4, 0.3, 0.3) is 30, the
        // largest: no cost lies above it, and the tail (mass 0.2) is two
        // thirds of that scenario, at the kink of max(Q − η', 0).
        let values: Vec<RecourseValue> = [10.0, 30.0, 20.0]
            .iter()
            .map(|&c| RecourseValue {
                cost: c,
                bound: c,
                subgradient: vec![-1.0],
                limits: vec![0.0],
            })
            .collect();
        let p = [0.4, 0.3, 0.3];
        let (lambda, alpha) = (0.3, 0.8);
        let pt = point(&values, &p, &[2.0], &[5.0], (lambda, alpha), false, 2);
        assert_relative_eq!(pt.var, 30.0 + 10.0);
        // Scenarios 0 and 1 share group 0; scenario 2 is group 1.
        assert_eq!(pt.cuts.len(), 2);
        assert_relative_eq!(pt.cuts[0].eta, -lambda * (2.0 / 3.0) * 0.3 / 0.2);
        assert_relative_eq!(pt.cuts[1].eta, 0.0);
        let h = |group: &[usize], eta: f64| -> f64 {
            group
                .iter()
                .map(|&k| {
                    let c = values[k].cost;
                    (1.0 - lambda) * p[k] * c + lambda * p[k] / (1.0 - alpha) * (c - eta).max(0.0)
                })
                .sum()
        };
        let members: [&[usize]; 2] = [&[0, 1], &[2]];
        for eta in [0.0, 10.0, 20.0, 29.0, 30.0, 31.0, 50.0] {
            let mut sum = lambda * eta;
            for (cut, group) in pt.cuts.iter().zip(members) {
                let at = cut.constant + cut.coefficients[0] * 5.0 + cut.eta * eta;
                // Each cut is below its group's share everywhere...
                assert!(at <= h(group, eta) + 1e-12, "η' = {eta}");
                sum += at;
            }
            // ...and together, with λ·η', they give Φ − F at r̂ for every
            // η' (Φ − F = 0.7·19 + 0.3·30), so the master's model is exact
            // at the point scored whatever η' it picks. Without a share at
            // VaR the sum fell by 0.3·(30 − η') below 30.
            assert_relative_eq!(sum, pt.value - 10.0, epsilon = 1e-9);
            assert_relative_eq!(sum, 0.7 * 19.0 + 0.3 * 30.0, epsilon = 1e-9);
        }
        let shares = tail_share(&[10.0, 30.0, 20.0], &p, alpha, 30.0);
        assert_eq!((shares[0], shares[2]), (0.0, 0.0));
        assert_relative_eq!(shares[1], 2.0 / 3.0, epsilon = 1e-15);
    }

    #[test]
    fn tail_weights_give_the_cvar() {
        let costs = [100.0, 1000.0, 400.0];
        let p = [0.5, 0.1, 0.4];
        // α = 0.8: the tail of mass 0.2 holds 1000 (0.1) and a quarter of 400.
        let q = tail_weights(&costs, &p, 0.8);
        assert_relative_eq!(q[1], 0.5);
        assert_relative_eq!(q[2], 0.5);
        assert_relative_eq!(q[0], 0.0);
        let weighted: f64 = q.iter().zip(&costs).map(|(a, b)| a * b).sum();
        assert_relative_eq!(weighted, var_cvar(&costs, &p, 0.8).1);
    }
}
