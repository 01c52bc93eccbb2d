//! Numbers as the files write them: shortest round-trip decimals,
//! infinities in each format's words, NaN bounds read as no bound.

#[allow(unused_imports)]
use super::*;

/// Bounds with NaN read as no bound.
pub(super) fn no_nan(lower: f64, upper: f64) -> (f64, f64) {
    let l = if lower.is_nan() {
        f64::NEG_INFINITY
    } else {
        lower
    };
    let u = if upper.is_nan() { f64::INFINITY } else { upper };
    (l, u)
}

/// A finite number in the shortest form that reads back as the same `f64`:
/// plain decimals for magnitudes in `[1e-5, 1e16)`, else scientific
/// (`1e300`, `-2.5e-7`). Zero (either sign) is `0`. Callers write infinite
/// bounds themselves; NaN (never passed) is `0`.
pub(super) fn num(x: f64) -> String {
    if x == 0.0 || x.is_nan() {
        return "0".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if (1e-5..1e16).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// A bound in an LP file: a number, `-inf` or `+inf`.
pub(super) fn lp_bound(x: f64) -> String {
    if x == f64::INFINITY {
        "+inf".to_string()
    } else {
        num(x)
    }
}

/// A number in an MPS file, with infinity as `1e30`.
pub(super) fn mps_num(x: f64) -> String {
    if x.is_infinite() {
        if x > 0.0 { "1e30" } else { "-1e30" }.to_string()
    } else {
        num(x)
    }
}
