//! The kept basis across rows appended (cuts) and rows removed (cuts
//! dropped): the weights carried over are the exact ones, and a basis
//! adapted to fewer rows solves to a cold solve's optimum in no pivots.

use super::*;

/// A pseudo-random LP with `m` rows of `≤` over `n` columns in `[0, 10]`,
/// costs of both signs (the optimum is a vertex with rows binding).
fn random_lp(seed: u64, n: usize, m: usize) -> LinearProgram {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as f64) / ((1u64 << 31) as f64)
    };
    let mut lp = LinearProgram::new();
    for _ in 0..n {
        lp.add_column(String::new(), 0.0, 10.0, -5.0 + 8.0 * next());
    }
    for _ in 0..m {
        let mut terms: Vec<(usize, f64)> = Vec::new();
        for j in 0..n {
            if next() < 0.6 {
                terms.push((j, 0.2 + 2.0 * next()));
            }
        }
        lp.add_row(String::new(), -INF_ROW, 5.0 + 20.0 * next(), &terms);
    }
    lp
}

const INF_ROW: f64 = f64::INFINITY;

/// A row that cuts off `x` (a cut of the kind the master gets):
/// `Σ x_j ≤ 0.9·Σ x̂_j` over the columns `x̂` uses.
fn cut_off(lp: &mut LinearProgram, x: &[f64]) {
    let terms: Vec<(usize, f64)> = x
        .iter()
        .enumerate()
        .filter(|(_, v)| **v > 1e-9)
        .map(|(j, _)| (j, 1.0))
        .collect();
    let total: f64 = x.iter().sum();
    lp.add_row(String::new(), -INF_ROW, 0.9 * total, &terms);
}

#[test]
fn weights_carried_to_appended_rows_are_the_exact_ones() {
    for seed in 0..20 {
        let mut lp = random_lp(seed, 14, 9);
        let mut engine = WarmSimplex::new();
        let x = engine.solve(&lp).expect("solves").values;
        cut_off(&mut lp, &x);
        cut_off(&mut lp, &x[..7]);
        let (basis, inverse) = engine.state.take().expect("kept");
        let (basis, carried) = extend_basis(&lp, basis, &inverse);
        let carried = carried.weights().to_vec();
        assert_eq!(carried.len(), lp.num_rows(), "seed {seed}");
        let columns = Columns::of(&lp);
        let mut fresh_basis = basis.clone();
        let exact =
            factorise(&columns, lp.num_columns(), &mut fresh_basis, None).expect("nonsingular");
        assert_eq!(fresh_basis, basis, "seed {seed}: no repair was needed");
        for (r, &w) in carried.iter().enumerate() {
            let e = exact.weight(r);
            assert!(
                (w - e).abs() <= 1e-9 * e.max(1.0),
                "seed {seed} row {r}: carried {w} exact {e}"
            );
        }
        // And the solve from the extended basis reaches the cold optimum.
        engine.state = Some((basis, Inverse::unfactored(carried)));
        let warm = engine.solve(&lp).expect("warm").objective;
        let cold = WarmSimplex::new().solve(&lp).expect("cold").objective;
        assert!(
            (warm - cold).abs() <= 1e-9 * cold.abs().max(1.0),
            "seed {seed}: {warm} vs {cold}"
        );
    }
}

#[test]
fn removing_slack_rows_keeps_an_optimal_basis() {
    let mut kept = 0;
    for seed in 0..20 {
        let lp = random_lp(seed, 14, 9);
        // The same LP with two rows no answer can reach, between others.
        let mut padded = LinearProgram::new();
        for c in &lp.columns {
            padded.add_column(String::new(), c.lower, c.upper, c.cost);
        }
        let all: Vec<(usize, f64)> = (0..14).map(|j| (j, 1.0)).collect();
        for i in 0..lp.num_rows() {
            if i == 3 || i == 6 {
                padded.add_row(String::new(), -INF_ROW, 1e3, &all);
            }
            let terms: Vec<(usize, f64)> = lp.row_entries(i).collect();
            padded.add_row(String::new(), lp.rows[i].lower, lp.rows[i].upper, &terms);
        }
        let mut engine = WarmSimplex::new();
        let padded_value = engine.solve(&padded).expect("solves").objective;
        // Row 3 of `padded` is the first far row, row 7 the second.
        assert!(
            engine.remove_rows(&[3, 7]),
            "seed {seed}: slack rows have basic logicals"
        );
        let warm = engine.solve(&lp).expect("warm");
        assert_eq!(
            engine.last_iterations, 0,
            "seed {seed}: the basis stayed optimal"
        );
        let cold = WarmSimplex::new().solve(&lp).expect("cold");
        let scale = cold.objective.abs().max(1.0);
        assert!(
            (warm.objective - cold.objective).abs() <= 1e-9 * scale,
            "seed {seed}"
        );
        assert!(
            (padded_value - cold.objective).abs() <= 1e-9 * scale,
            "seed {seed}"
        );
        kept += 1;
    }
    assert_eq!(kept, 20);
}

#[test]
fn removing_a_binding_row_forgets_the_basis() {
    let lp = random_lp(3, 14, 9);
    let mut engine = WarmSimplex::new();
    let x = engine.solve(&lp).expect("solves").values;
    let n = lp.num_columns();
    let status = &engine.basis().expect("kept").status;
    let binding = (0..lp.num_rows())
        .find(|&i| status[n + i] != Status::Basic)
        .expect("with costs of both signs some row binds");
    assert!(
        (lp.activity(binding, &x) - lp.rows[binding].upper).abs() < 1e-9,
        "a row whose logical is nonbasic sits at its bound"
    );
    assert!(!engine.remove_rows(&[binding]));
    assert!(engine.basis().is_none());
    assert!(
        !WarmSimplex::new().remove_rows(&[0]),
        "no basis, nothing kept"
    );
}
