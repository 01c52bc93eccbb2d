//! Events → scenarios (explicit, enumerated or sampled), and the factors
//! each scenario applies to capacities, quotas, spot prices and needs.
//!
//! Names and order follow `formulation.md`: enumerated subsets come in the
//! order of `itertools.product([False, True], repeat=N)` (the first event
//! is the slowest to change), sampled scenarios in order of first draw.

use std::collections::HashMap;
use std::time::Instant;

use crate::model::{EventKind, Model, ScenarioMode};

/// Above this many events, `auto` samples instead of enumerating.
pub const AUTO_ENUMERATE_MAX_EVENTS: usize = 10;
/// Enumeration is refused above this many events (2^20 scenarios).
pub const ENUMERATE_MAX_EVENTS: usize = 20;
/// The remainder of explicit probabilities above which `baseline` is added.
const BASELINE_REMAINDER: f64 = 1e-9;

/// One scenario: the events that occur together and its probability.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let (scenarios, _) = rareplan::build_scenarios(&loaded.model, rareplan::SamplingOverride::default())?;
/// let ids: Vec<&str> = scenarios.iter().map(|s| s.id.as_str()).collect();
/// assert_eq!(ids, ["baseline", "cn-halt"]);
/// assert_eq!(scenarios[1].events, [0]); // model.events[0], the halt
/// assert!((scenarios[1].probability - 0.3).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// `baseline`, the joined event ids (`a+b`), or the explicit id.
    pub id: String,
    /// Its probability.
    pub probability: f64,
    /// Indices of its events, in canonical order.
    pub events: Vec<usize>,
}

impl Scenario {
    /// The scenario with no event, probability 1.
    pub fn baseline() -> Scenario {
        Scenario {
            id: "baseline".to_string(),
            probability: 1.0,
            events: Vec::new(),
        }
    }
}

/// How the scenario set was made.
///
/// ```
/// use rareplan::{Generation, SamplingOverride};
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let (_, enumerated) = rareplan::build_scenarios(&loaded.model, SamplingOverride::default())?;
/// assert_eq!(enumerated, Generation::Enumerated);
/// let sampling = SamplingOverride { samples: Some(40), seed: Some(3) };
/// let (_, sampled) = rareplan::build_scenarios(&loaded.model, sampling)?;
/// assert_eq!(sampled, Generation::Sampled { samples: 40, seed: 3 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    /// From `[[scenario]]` entries.
    Explicit,
    /// Every subset of events.
    Enumerated,
    /// Seeded draws.
    Sampled {
        /// Number of draws.
        samples: u64,
        /// Seed of the SplitMix64 stream.
        seed: u64,
    },
}

/// Overrides of the model's `[scenarios]` settings from the command line.
///
/// ```
/// use rareplan::SamplingOverride;
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let sampling = SamplingOverride { samples: Some(100), seed: Some(1) };
/// let (scenarios, _) = rareplan::build_scenarios(&loaded.model, sampling)?;
/// // 100 draws of one event make at most its two scenarios, weighted by count.
/// assert!(scenarios.len() <= 2);
/// let total: f64 = scenarios.iter().map(|s| s.probability).sum();
/// assert!((total - 1.0).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SamplingOverride {
    /// Forces sample mode with this many draws.
    pub samples: Option<u64>,
    /// Seed for sample mode.
    pub seed: Option<u64>,
}

/// Why no scenario set could be made.
///
/// ```
/// use rareplan::{SamplingOverride, ScenarioError};
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let none = SamplingOverride { samples: Some(0), seed: None };
/// let e = rareplan::build_scenarios(&loaded.model, none).unwrap_err();
/// assert_eq!(e, ScenarioError::NoSamples);
/// assert_eq!(e.to_string(), "the number of samples must be at least 1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    /// Enumeration was asked for too many events.
    #[error(
        "{events} events would make 2^{events} enumerated scenarios, more than 2^{max}; use `[scenarios] mode = \"sample\"`"
    )]
    TooManyToEnumerate {
        /// Number of events.
        events: usize,
        /// The limit.
        max: usize,
    },
    /// A sample count of 0.
    #[error("the number of samples must be at least 1")]
    NoSamples,
    /// A sample count given for a model with its own `[[scenario]]` entries.
    #[error(
        "{samples} samples were asked for, but the model lists its own [[scenario]] entries; leave out the sample count, or remove the [[scenario]] entries to sample from the events"
    )]
    SamplesWithExplicit {
        /// The samples asked for.
        samples: u64,
    },
    /// The draws made more distinct scenarios than the LP may hold.
    #[error(
        "after {drawn} of {samples} draws there are {distinct} distinct scenarios, more than the {max} that fit in the column limit; draw fewer samples or raise the column limit"
    )]
    TooManyDistinct {
        /// Draws made when it was stopped.
        drawn: u64,
        /// Draws asked for.
        samples: u64,
        /// Distinct scenarios by then.
        distinct: usize,
        /// The most that fit.
        max: usize,
    },
    /// The deadline passed while drawing.
    #[error(
        "the time limit of {} s passed while drawing scenarios ({drawn} of {samples} draws made)",
        crate::diagnostic::readable(*.seconds)
    )]
    TimeLimit {
        /// The limit.
        seconds: f64,
        /// Draws made.
        drawn: u64,
        /// Draws asked for.
        samples: u64,
    },
}

/// Bounds on making scenarios: a deadline, and the most distinct
/// scenarios the LP may hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScenarioLimits {
    /// When to stop drawing, with the limit in seconds it came from.
    pub deadline: Option<(Instant, f64)>,
    /// The most distinct scenarios that are kept.
    pub max_distinct: usize,
}

impl Default for ScenarioLimits {
    fn default() -> Self {
        ScenarioLimits {
            deadline: None,
            max_distinct: usize::MAX,
        }
    }
}

/// Draws checked between two looks at the clock.
const DRAWS_PER_CLOCK_CHECK: u64 = 1024;

/// Builds the scenario set of a model.
pub fn build_scenarios(
    model: &Model,
    sampling: SamplingOverride,
) -> Result<(Vec<Scenario>, Generation), ScenarioError> {
    build_scenarios_within(model, sampling, ScenarioLimits::default())
}

/// Builds the scenario set of a model within `limits`: drawing stops at the
/// deadline, or as soon as the draws hold more than `max_distinct`
/// scenarios (before the LP is built).
pub fn build_scenarios_within(
    model: &Model,
    sampling: SamplingOverride,
    limits: ScenarioLimits,
) -> Result<(Vec<Scenario>, Generation), ScenarioError> {
    if !model.explicit_scenarios.is_empty() {
        if let Some(samples) = sampling.samples {
            return Err(ScenarioError::SamplesWithExplicit { samples });
        }
        return Ok((explicit(model), Generation::Explicit));
    }
    let n = model.events.len();
    let settings = model.scenarios;
    let sample = sampling.samples.is_some()
        || match settings.mode {
            ScenarioMode::Auto => n > AUTO_ENUMERATE_MAX_EVENTS,
            ScenarioMode::Enumerate => false,
            ScenarioMode::Sample => true,
        };
    if sample {
        let samples = sampling.samples.unwrap_or(settings.samples);
        let seed = sampling.seed.unwrap_or(settings.seed);
        if samples == 0 {
            return Err(ScenarioError::NoSamples);
        }
        return Ok((
            sampled(model, samples, seed, limits)?,
            Generation::Sampled { samples, seed },
        ));
    }
    if n > ENUMERATE_MAX_EVENTS {
        return Err(ScenarioError::TooManyToEnumerate {
            events: n,
            max: ENUMERATE_MAX_EVENTS,
        });
    }
    Ok((enumerated(model), Generation::Enumerated))
}

fn name(model: &Model, events: &[usize]) -> String {
    if events.is_empty() {
        "baseline".to_string()
    } else {
        events
            .iter()
            .map(|&k| model.events.get(k).map_or("?", |e| e.id.as_str()))
            .collect::<Vec<_>>()
            .join("+")
    }
}

fn explicit(model: &Model) -> Vec<Scenario> {
    let mut out: Vec<Scenario> = model
        .explicit_scenarios
        .iter()
        .map(|s| Scenario {
            id: s.id.clone(),
            probability: s.probability,
            events: s.events.clone(),
        })
        .collect();
    let total: f64 = out.iter().map(|s| s.probability).sum();
    let rest = 1.0 - total;
    if rest > BASELINE_REMAINDER {
        out.push(Scenario {
            id: "baseline".to_string(),
            probability: rest,
            events: Vec::new(),
        });
    }
    out
}

fn enumerated(model: &Model) -> Vec<Scenario> {
    let n = model.events.len();
    let mut out = Vec::new();
    for mask in 0u64..(1u64 << n) {
        let mut probability = 1.0;
        let mut events = Vec::new();
        for (i, event) in model.events.iter().enumerate() {
            let on = mask >> (n - 1 - i) & 1 == 1;
            let p = event.probability.unwrap_or(0.0);
            probability *= if on { p } else { 1.0 - p };
            if on {
                events.push(i);
            }
        }
        if probability > 0.0 {
            out.push(Scenario {
                id: name(model, &events),
                probability,
                events,
            });
        }
    }
    out
}

/// SplitMix64 (Steele, Lea and Flood 2014): a fixed, documented stream, so
/// a seed means the same scenarios on every platform and in every version.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) from the top 53 bits.
    pub fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

fn sampled(
    model: &Model,
    samples: u64,
    seed: u64,
    limits: ScenarioLimits,
) -> Result<Vec<Scenario>, ScenarioError> {
    let mut rng = SplitMix64::new(seed);
    let mut seen: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut counts: Vec<(Vec<usize>, u64)> = Vec::new();
    for drawn in 0..samples {
        if drawn % DRAWS_PER_CLOCK_CHECK == 0
            && let Some((deadline, seconds)) = limits.deadline
            && Instant::now() >= deadline
        {
            return Err(ScenarioError::TimeLimit {
                seconds,
                drawn,
                samples,
            });
        }
        let events: Vec<usize> = model
            .events
            .iter()
            .enumerate()
            .filter_map(|(i, e)| (rng.next_unit() < e.probability.unwrap_or(0.0)).then_some(i))
            .collect();
        match seen.get(&events) {
            Some(&slot) => counts[slot].1 += 1,
            None => {
                if counts.len() >= limits.max_distinct {
                    return Err(ScenarioError::TooManyDistinct {
                        drawn: drawn + 1,
                        samples,
                        distinct: counts.len() + 1,
                        max: limits.max_distinct,
                    });
                }
                seen.insert(events.clone(), counts.len());
                counts.push((events, 1));
            }
        }
    }
    Ok(counts
        .into_iter()
        .map(|(events, count)| Scenario {
            id: name(model, &events),
            probability: count as f64 / samples as f64,
            events,
        })
        .collect())
}

/// What one scenario does to the model's numbers. Every factor defaults to
/// 1; where several events touch the same entry, their factors multiply.
#[derive(Debug, Clone, PartialEq)]
pub struct Factors {
    /// `a[k,s,t]`: capacity factor per supplier and ship period.
    pub capacity: Vec<Vec<f64>>,
    /// `g[k,q,t]`: limit factor per quota and ship period.
    pub quota: Vec<Vec<f64>>,
    /// `m[k,e,t]`: spot price factor per material and ship period.
    pub price: Vec<Vec<f64>>,
    /// `d[k,b,e,t]`: demand factor per buyer, material and period.
    pub demand: Vec<Vec<Vec<f64>>>,
}

impl Factors {
    /// The probability-weighted mean of every factor, entry by entry, over
    /// `scenarios`: the one scenario of the expected-value problem
    /// (formulation.md, "What planning for risk is worth").
    pub fn mean(model: &Model, scenarios: &[Scenario]) -> Factors {
        let n = model.horizon();
        let zeros = |count: usize| vec![vec![0.0; n]; count];
        let mut mean = Factors {
            capacity: zeros(model.suppliers.len()),
            quota: zeros(model.quotas.len()),
            price: zeros(model.materials.len()),
            demand: vec![zeros(model.materials.len()); model.buyers.len()],
        };
        let add = |into: &mut Vec<Vec<f64>>, from: &[Vec<f64>], p: f64| {
            for (row, other) in into.iter_mut().zip(from) {
                for (v, f) in row.iter_mut().zip(other) {
                    *v += p * f;
                }
            }
        };
        for scenario in scenarios {
            let f = Factors::of(model, scenario);
            let p = scenario.probability;
            add(&mut mean.capacity, &f.capacity, p);
            add(&mut mean.quota, &f.quota, p);
            add(&mut mean.price, &f.price, p);
            for (into, from) in mean.demand.iter_mut().zip(&f.demand) {
                add(into, from, p);
            }
        }
        mean
    }

    /// The factors of `scenario` in `model`.
    pub fn of(model: &Model, scenario: &Scenario) -> Factors {
        let n = model.horizon();
        let ones = |count: usize| vec![vec![1.0; n]; count];
        let mut f = Factors {
            capacity: ones(model.suppliers.len()),
            quota: ones(model.quotas.len()),
            price: ones(model.materials.len()),
            demand: vec![ones(model.materials.len()); model.buyers.len()],
        };
        // Indices out of range (a model that was not validated) touch
        // nothing rather than panic.
        let scale = |row: Option<&mut Vec<f64>>, t: usize, factor: f64| {
            if let Some(v) = row.and_then(|row| row.get_mut(t)) {
                *v *= factor;
            }
        };
        for event in scenario.events.iter().filter_map(|&k| model.events.get(k)) {
            let periods = (0..n).filter(|&t| event.periods.get(t).copied().unwrap_or(false));
            match &event.kind {
                EventKind::Outage {
                    supplier,
                    capacity_factor,
                } => {
                    periods.for_each(|t| scale(f.capacity.get_mut(*supplier), t, *capacity_factor))
                }
                EventKind::QuotaCut {
                    quota,
                    limit_factor,
                } => periods.for_each(|t| scale(f.quota.get_mut(*quota), t, *limit_factor)),
                EventKind::PriceShock {
                    materials,
                    price_factor,
                } => {
                    let materials = materials.indices(model.materials.len());
                    for t in periods {
                        for &e in &materials {
                            scale(f.price.get_mut(e), t, *price_factor);
                        }
                    }
                }
                EventKind::DemandShock {
                    buyers,
                    materials,
                    demand_factor,
                } => {
                    let buyers = buyers.indices(model.buyers.len());
                    let materials = materials.indices(model.materials.len());
                    for t in periods {
                        for &b in &buyers {
                            for &e in &materials {
                                scale(f.demand[b].get_mut(e), t, *demand_factor);
                            }
                        }
                    }
                }
            }
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_published_stream() {
        // First outputs for seed 0, as in the reference implementation
        // (Vigna's splitmix64.c).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn units_lie_in_zero_one() {
        let mut rng = SplitMix64::new(42);
        for _ in 0..10_000 {
            let u = rng.next_unit();
            assert!((0.0..1.0).contains(&u));
        }
    }
}
