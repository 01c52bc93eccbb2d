//! A seeded generator of small, valid and feasible model files, for the
//! differential test against the reference LP.
//!
//! [`generate`] draws a random model that exercises every field of
//! `model-format.md` (numbers and per-period lists, every selector form,
//! every event kind, explicit and sampled scenarios, risk settings) and
//! renders it as TOML in varied but valid styles (integers and floats,
//! quoted keys, inline and header offers, interleaved event kinds). Models
//! are kept small enough that the extensive-form LP has at most
//! [`MAX_VARIABLES`] variables, and feasible: storage, when given, always
//! holds the initial stock plus everything in transit.

use std::fmt::Write as _;

/// Upper bound on the number of LP variables of a generated model.
pub const MAX_VARIABLES: usize = 600;

/// The library's SplitMix64 (a stream fixed forever, so a seed always gives
/// the same model), with the draws the generator needs.
pub struct SplitMix64(rareplan::advanced::SplitMix64);

impl SplitMix64 {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(rareplan::advanced::SplitMix64::new(seed))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0.next_unit()
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniform integer in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        assert!(lo <= hi, "empty range {lo}..={hi}");
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    /// A uniform multiple of `step` in `[lo, hi]`.
    pub fn step(&mut self, lo: f64, hi: f64, step: f64) -> f64 {
        let n = ((hi - lo) / step).round() as usize;
        lo + step * self.between(0, n) as f64
    }

    /// One element of `xs`.
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.between(0, xs.len() - 1)]
    }

    /// Indices `0..n`, each kept with probability `p`, at least `min` of
    /// them (in increasing order).
    pub fn subset(&mut self, n: usize, p: f64, min: usize) -> Vec<usize> {
        let mut chosen: Vec<usize> = (0..n).filter(|_| self.chance(p)).collect();
        while chosen.len() < min.min(n) {
            let i = self.between(0, n - 1);
            if !chosen.contains(&i) {
                chosen.push(i);
                chosen.sort_unstable();
            }
        }
        chosen
    }

    /// `k` distinct elements of `pool`, in random order.
    pub fn distinct<T: Copy>(&mut self, pool: &[T], k: usize) -> Vec<T> {
        let mut items = pool.to_vec();
        for i in 0..items.len() {
            let j = self.between(i, items.len() - 1);
            items.swap(i, j);
        }
        items.truncate(k);
        items
    }
}

/// A quantity given as one number for every period, or one per period.
#[derive(Clone, Debug)]
enum PerPeriod {
    Same(f64),
    List(Vec<f64>),
}

impl PerPeriod {
    /// Total over `n` periods.
    fn total(&self, n: usize) -> f64 {
        match self {
            PerPeriod::Same(x) => x * n as f64,
            PerPeriod::List(xs) => xs.iter().sum(),
        }
    }
}

/// A selector: all (the key omitted), a list of ids, or a label table.
#[derive(Clone, Debug)]
enum Selector {
    All,
    Ids(Vec<String>),
    Label(&'static str, Vec<String>),
}

struct Material {
    id: String,
    name: Option<String>,
    group: Option<String>,
}

enum Penalty {
    Same(f64),
    PerMaterial(Vec<f64>),
}

struct Buyer {
    id: String,
    region: Option<String>,
    need: Option<Vec<(usize, PerPeriod)>>,
    initial_stock: Option<Vec<(usize, f64)>>,
    in_transit: Option<Vec<(usize, PerPeriod)>>,
    penalty: Penalty,
    holding_cost: Option<f64>,
    storage: Option<f64>,
    end_stock: Option<Vec<(usize, f64)>>,
}

/// How a supplier's offers are written.
#[derive(Clone, Copy)]
enum OfferStyle {
    /// `[supplier.offers.ID]` sections.
    Headers,
    /// `offers = { ID = { ... } }`.
    Inline,
    /// `offers.ID.capacity = ...` dotted keys.
    Dotted,
}

struct Offer {
    material: usize,
    capacity: PerPeriod,
    price: PerPeriod,
    fee: Option<f64>,
    spot: Option<PerPeriod>,
}

struct Supplier {
    id: String,
    country: Option<String>,
    lead_time: Option<usize>,
    export_tax: Option<f64>,
    serves: Option<Vec<String>>,
    freight: Option<Vec<(String, f64)>>,
    offers: Vec<Offer>,
    style: OfferStyle,
}

struct Quota {
    id: String,
    suppliers: Selector,
    materials: Selector,
    buyers: Selector,
    limit: PerPeriod,
}

struct Diversification {
    id: String,
    suppliers: Selector,
    materials: Selector,
    buyers: Selector,
    max_share: f64,
}

enum EventKind {
    Outage {
        supplier: String,
        factor: f64,
    },
    QuotaCut {
        quota: String,
        factor: f64,
    },
    PriceShock {
        materials: Selector,
        factor: f64,
    },
    DemandShock {
        buyers: Selector,
        materials: Selector,
        factor: f64,
    },
}

struct Event {
    id: String,
    kind: EventKind,
    periods: Option<Vec<usize>>,
    probability: Option<f64>,
}

struct Scenario {
    id: String,
    events: Vec<String>,
    probability: f64,
}

/// The `[scenarios]` table; `None` fields are left out.
#[derive(Default)]
struct ScenarioSettings {
    mode: Option<&'static str>,
    samples: Option<usize>,
    seed: Option<u64>,
}

/// The `[risk]` table.
struct Risk {
    weight: Option<f64>,
    alpha: Option<f64>,
    at_end: bool,
}

/// Everything but the events and scenarios, which are sized to fit.
struct Structure {
    name: String,
    currency: Option<&'static str>,
    unit: Option<&'static str>,
    periods: Vec<String>,
    materials: Vec<Material>,
    buyers: Vec<Buyer>,
    suppliers: Vec<Supplier>,
    quotas: Vec<Quota>,
    diversifications: Vec<Diversification>,
    risk: Option<Risk>,
}

const MATERIAL_IDS: &[&str] = &[
    "ndpr-oxide",
    "dy-oxide",
    "tb_oxide",
    "ce.metal",
    "la-oxide",
    "smco.alloy",
    "y2o3",
    "gd-oxide",
];
const GROUPS: &[&str] = &["light", "heavy", "magnet"];
const BUYER_IDS: &[&str] = &[
    "aichi",
    "ohio-plant",
    "lyon_works",
    "busan.1",
    "stockpile",
    "shenzhen-b",
];
const REGIONS: &[&str] = &["JP", "US", "EU", "KR"];
const SUPPLIER_IDS: &[&str] = &[
    "baotou",
    "lynas",
    "mp-materials",
    "ganzhou_re",
    "neo.perf",
    "solvay",
    "iluka",
    "recycler-1",
];
const COUNTRIES: &[&str] = &["CN", "AU", "US", "MY", "EE"];

/// A random model file for `seed`: valid, feasible, and small.
pub fn generate(seed: u64) -> String {
    let mut g = SplitMix64::new(seed ^ 0x005E_ED0F_D1FF);
    loop {
        let s = structure(&mut g, seed);
        let (first, per_scenario) = lp_size(&s);
        let budget = MAX_VARIABLES.saturating_sub(first);
        let max_scenarios = budget / per_scenario;
        // Mostly models with room for several scenarios; a few large ones
        // with room for the baseline alone.
        if max_scenarios >= 2 || (max_scenarios == 1 && g.chance(0.15)) {
            return finish(&mut g, s, max_scenarios);
        }
    }
}

/// Draws periods, materials, buyers, suppliers, quotas, diversification and
/// risk settings.
fn structure(g: &mut SplitMix64, seed: u64) -> Structure {
    let periods = period_labels(g);
    let n = periods.len();
    let materials = materials(g);
    let m = materials.len();
    let n_buyers = g.between(1, 3);
    let buyers: Vec<Buyer> = g
        .distinct(BUYER_IDS, n_buyers)
        .into_iter()
        .map(|id| buyer(g, id, n, m))
        .collect();
    let base_price: Vec<f64> = (0..m).map(|_| g.step(2_000.0, 90_000.0, 500.0)).collect();
    let n_suppliers = g.between(1, 4);
    let suppliers: Vec<Supplier> = g
        .distinct(SUPPLIER_IDS, n_suppliers)
        .into_iter()
        .map(|id| supplier(g, id, n, &base_price))
        .collect();
    let quotas = (0..pick_count(g, &[0.4, 0.4, 0.2]))
        .map(|i| quota(g, i, n, &materials, &buyers, &suppliers))
        .collect();
    let diversifications = (0..pick_count(g, &[0.6, 0.3, 0.1]))
        .map(|i| diversification(g, i, &materials, &buyers, &suppliers))
        .collect();
    let risk = g.chance(0.8).then(|| Risk {
        weight: g.chance(0.85).then(|| g.pick(&[0.0, 0.5, 0.5, 1.0, 1.0])),
        alpha: g.chance(0.8).then(|| g.pick(&[0.5, 0.8, 0.95])),
        at_end: g.chance(0.3),
    });
    let names = [
        format!("generated model {seed}"),
        format!("Aichi magnets \"squeeze\" — seed {seed}"),
        format!("seed {seed}: back\\slash & ünïcode"),
    ];
    Structure {
        name: names[g.between(0, names.len() - 1)].clone(),
        currency: g.chance(0.5).then(|| g.pick(&["USD", "EUR", "JPY"])),
        unit: g.chance(0.4).then(|| g.pick(&["t", "kg REO"])),
        periods,
        materials,
        buyers,
        suppliers,
        quotas,
        diversifications,
        risk,
    }
}

/// A count `i` drawn with probability `weights[i]`.
fn pick_count(g: &mut SplitMix64, weights: &[f64]) -> usize {
    let mut u = g.unit();
    for (i, w) in weights.iter().enumerate() {
        if u < *w {
            return i;
        }
        u -= w;
    }
    weights.len() - 1
}

/// 1–4 distinct period labels in one of several styles.
fn period_labels(g: &mut SplitMix64) -> Vec<String> {
    let n = g.between(1, 4);
    let start = g.between(0, 7);
    (0..n)
        .map(|i| {
            let k = start + i;
            match start % 4 {
                0 => format!("{}Q{}", 2020 + k / 4, k % 4 + 1),
                1 => format!("P{}", k),
                2 => [
                    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                ][k]
                    .to_string(),
                _ => format!("t.{k}"),
            }
        })
        .collect()
}

fn materials(g: &mut SplitMix64) -> Vec<Material> {
    let k = g.between(1, 3);
    g.distinct(MATERIAL_IDS, k)
        .into_iter()
        .map(|id| Material {
            id: id.to_string(),
            name: g.chance(0.4).then(|| format!("{id} (oxide)")),
            group: g.chance(0.8).then(|| g.pick(GROUPS).to_string()),
        })
        .collect()
}

/// A per-period quantity: a multiple of `step` in `[lo, hi]`, the same in
/// every period or one per period.
fn per_period(g: &mut SplitMix64, n: usize, lo: f64, hi: f64, step: f64) -> PerPeriod {
    if g.chance(0.5) {
        PerPeriod::Same(g.step(lo, hi, step))
    } else {
        PerPeriod::List((0..n).map(|_| g.step(lo, hi, step)).collect())
    }
}

/// Like [`per_period`], scaled from `base` by a factor in [lo, hi], rounded
/// to 100 (prices).
fn price_like(g: &mut SplitMix64, n: usize, base: f64, lo: f64, hi: f64) -> PerPeriod {
    let one = |g: &mut SplitMix64| (base * g.step(lo, hi, 0.05) / 100.0).round() * 100.0;
    if g.chance(0.6) {
        PerPeriod::Same(one(g))
    } else {
        PerPeriod::List((0..n).map(|_| one(g)).collect())
    }
}

fn buyer(g: &mut SplitMix64, id: &str, n: usize, m: usize) -> Buyer {
    let need = g.chance(0.97).then(|| {
        g.subset(m, 0.8, 1)
            .into_iter()
            .map(|e| (e, per_period(g, n, 0.0, 150.0, 5.0)))
            .collect::<Vec<_>>()
    });
    let initial_stock = g.chance(0.5).then(|| {
        g.subset(m, 0.6, 1)
            .into_iter()
            .map(|e| (e, g.step(0.0, 100.0, 5.0)))
            .collect::<Vec<_>>()
    });
    let in_transit = g.chance(0.35).then(|| {
        g.subset(m, 0.6, 1)
            .into_iter()
            .map(|e| (e, per_period(g, n, 0.0, 60.0, 5.0)))
            .collect::<Vec<_>>()
    });
    let penalty = if g.chance(0.5) {
        Penalty::Same(g.step(150_000.0, 900_000.0, 10_000.0))
    } else {
        Penalty::PerMaterial(
            (0..m)
                .map(|_| g.step(150_000.0, 900_000.0, 10_000.0))
                .collect(),
        )
    };
    // Storage must hold the initial stock and every fixed arrival, or the
    // model may be infeasible: stock cannot be thrown away.
    let fixed: f64 = initial_stock.iter().flatten().map(|(_, x)| x).sum::<f64>()
        + in_transit
            .iter()
            .flatten()
            .map(|(_, a)| a.total(n))
            .sum::<f64>();
    let storage = g.chance(0.4).then(|| {
        if g.chance(0.3) {
            fixed
        } else {
            fixed + g.step(0.0, 300.0, 10.0)
        }
    });
    Buyer {
        id: id.to_string(),
        region: g.chance(0.75).then(|| g.pick(REGIONS).to_string()),
        need,
        initial_stock,
        in_transit,
        penalty,
        holding_cost: g.chance(0.6).then(|| g.step(50.0, 2_000.0, 50.0)),
        storage,
        end_stock: g.chance(0.3).then(|| {
            g.subset(m, 0.6, 1)
                .into_iter()
                .map(|e| (e, g.step(0.0, 80.0, 5.0)))
                .collect()
        }),
    }
}

fn supplier(g: &mut SplitMix64, id: &str, n: usize, base_price: &[f64]) -> Supplier {
    let m = base_price.len();
    let offers = g
        .subset(m, 0.6, 1)
        .into_iter()
        .map(|e| {
            let price = price_like(g, n, base_price[e], 0.8, 1.3);
            Offer {
                material: e,
                capacity: per_period(g, n, 0.0, 250.0, 10.0),
                price,
                fee: g.chance(0.5).then(|| g.step(0.0, 5_000.0, 100.0)),
                spot: g
                    .chance(0.5)
                    .then(|| price_like(g, n, base_price[e], 0.9, 1.6)),
            }
        })
        .collect();
    Supplier {
        id: id.to_string(),
        country: g.chance(0.85).then(|| g.pick(COUNTRIES).to_string()),
        lead_time: g.chance(0.6).then(|| g.pick(&[0, 1, 1, 2])),
        export_tax: g.chance(0.4).then(|| g.pick(&[0.0, 0.05, 0.1, 0.15, 0.25])),
        serves: g.chance(0.3).then(|| {
            g.subset(REGIONS.len(), 0.5, 1)
                .into_iter()
                .map(|r| REGIONS[r].to_string())
                .collect()
        }),
        freight: g.chance(0.5).then(|| {
            g.subset(REGIONS.len(), 0.6, 1)
                .into_iter()
                .map(|r| (REGIONS[r].to_string(), g.step(0.0, 800.0, 10.0)))
                .collect()
        }),
        offers,
        style: g.pick(&[
            OfferStyle::Headers,
            OfferStyle::Headers,
            OfferStyle::Inline,
            OfferStyle::Dotted,
        ]),
    }
}

/// Labels used by `items`, plus now and then one nobody has.
fn labels_of<'a>(
    g: &mut SplitMix64,
    items: impl Iterator<Item = &'a Option<String>>,
    unknown: &str,
) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for l in items.flatten() {
        if !labels.contains(l) {
            labels.push(l.clone());
        }
    }
    let mut chosen: Vec<String> = g
        .subset(labels.len(), 0.6, 1)
        .into_iter()
        .map(|i| labels[i].clone())
        .collect();
    if chosen.is_empty() || g.chance(0.1) {
        chosen.push(unknown.to_string());
    }
    chosen
}

/// A selector over `ids` with `label` taken from `labels`; the weights are
/// for all / ids / label.
fn selector<'a>(
    g: &mut SplitMix64,
    weights: [f64; 3],
    ids: &[&str],
    label: &'static str,
    labels: impl Iterator<Item = &'a Option<String>>,
    unknown: &str,
) -> Selector {
    match pick_count(g, &weights) {
        0 => Selector::All,
        1 => Selector::Ids(
            g.subset(ids.len(), 0.5, 1)
                .into_iter()
                .map(|i| ids[i].to_string())
                .collect(),
        ),
        _ => Selector::Label(label, labels_of(g, labels, unknown)),
    }
}

fn supplier_selector(g: &mut SplitMix64, w: [f64; 3], suppliers: &[Supplier]) -> Selector {
    let ids: Vec<&str> = suppliers.iter().map(|s| s.id.as_str()).collect();
    selector(
        g,
        w,
        &ids,
        "country",
        suppliers.iter().map(|s| &s.country),
        "ZZ",
    )
}

fn material_selector(g: &mut SplitMix64, w: [f64; 3], materials: &[Material]) -> Selector {
    let ids: Vec<&str> = materials.iter().map(|m| m.id.as_str()).collect();
    selector(
        g,
        w,
        &ids,
        "group",
        materials.iter().map(|m| &m.group),
        "none",
    )
}

fn buyer_selector(g: &mut SplitMix64, w: [f64; 3], buyers: &[Buyer]) -> Selector {
    let ids: Vec<&str> = buyers.iter().map(|b| b.id.as_str()).collect();
    selector(g, w, &ids, "region", buyers.iter().map(|b| &b.region), "XX")
}

fn quota(
    g: &mut SplitMix64,
    i: usize,
    n: usize,
    materials: &[Material],
    buyers: &[Buyer],
    suppliers: &[Supplier],
) -> Quota {
    Quota {
        id: ["cn-light", "export_q", "q.3"][i].to_string(),
        suppliers: supplier_selector(g, [0.25, 0.35, 0.4], suppliers),
        materials: material_selector(g, [0.4, 0.3, 0.3], materials),
        buyers: buyer_selector(g, [0.6, 0.2, 0.2], buyers),
        limit: per_period(g, n, 0.0, 300.0, 10.0),
    }
}

fn diversification(
    g: &mut SplitMix64,
    i: usize,
    materials: &[Material],
    buyers: &[Buyer],
    suppliers: &[Supplier],
) -> Diversification {
    Diversification {
        id: ["china-cap", "div_2", "d.3"][i].to_string(),
        suppliers: supplier_selector(g, [0.1, 0.45, 0.45], suppliers),
        materials: material_selector(g, [0.4, 0.3, 0.3], materials),
        buyers: buyer_selector(g, [0.7, 0.15, 0.15], buyers),
        max_share: g.pick(&[0.0, 0.3, 0.5, 0.6, 0.75, 1.0]),
    }
}

/// LP size of the structure: (first-stage variables, variables per
/// scenario), counted as in `formulation.md`, with η and z included.
fn lp_size(s: &Structure) -> (usize, usize) {
    let n = s.periods.len();
    let (mut arcs, mut spot_arcs) = (0, 0);
    for sup in &s.suppliers {
        let ship_periods = n.saturating_sub(sup.lead_time.unwrap_or(0));
        let lanes = s
            .buyers
            .iter()
            .filter(|b| match (&sup.serves, &b.region) {
                (None, _) => true,
                (Some(rs), Some(r)) => rs.contains(r),
                (Some(_), None) => false,
            })
            .count();
        for offer in &sup.offers {
            arcs += lanes * ship_periods;
            if offer.spot.is_some() {
                spot_arcs += lanes * ship_periods;
            }
        }
    }
    let stock = s.buyers.len() * s.materials.len() * n * 2;
    let ends: usize = s
        .buyers
        .iter()
        .flat_map(|b| &b.end_stock)
        .map(Vec::len)
        .sum();
    (arcs + 1, arcs + spot_arcs + stock + ends + 1)
}

/// Adds events and scenario settings that fit `max_scenarios` and renders.
fn finish(g: &mut SplitMix64, s: Structure, max_scenarios: usize) -> String {
    let log2 = |k: usize| (usize::BITS - 1 - k.max(1).leading_zeros()) as usize;
    let mut settings = ScenarioSettings::default();
    let mut explicit = false;
    let n_events;
    let u = g.unit();
    if max_scenarios >= 2 && u < 0.22 {
        explicit = true;
        n_events = g.between(1, 5);
    } else if max_scenarios >= 2 && u < 0.42 {
        // Sampled: at most min(samples, 2^N) distinct scenarios.
        let samples = g.between(8, 32);
        let cap = if samples <= max_scenarios {
            6
        } else {
            log2(max_scenarios).min(6)
        };
        n_events = g.between(1, cap.max(1));
        settings.mode = Some("sample");
        settings.samples = Some(samples);
        settings.seed = g.chance(0.7).then(|| g.next_u64() % 1000);
    } else if max_scenarios >= 16 && u < 0.50 {
        // More than 10 events: "auto" samples.
        let samples = g.between(8, 16);
        n_events = g.between(11, 12);
        settings.mode = g.chance(0.5).then_some("auto");
        settings.samples = Some(samples);
        settings.seed = g.chance(0.5).then(|| g.next_u64() % 1000);
    } else {
        n_events = g.between(0, log2(max_scenarios).min(4));
        match g.between(0, 3) {
            0 => settings.mode = Some("enumerate"),
            1 => settings.mode = Some("auto"),
            _ => {}
        }
        if settings.mode.is_some() && g.chance(0.2) {
            settings.seed = Some(g.next_u64() % 100);
        }
    }
    let events: Vec<Event> = (0..n_events).map(|i| event(g, i, &s, explicit)).collect();
    let scenarios = if explicit {
        explicit_scenarios(g, &events, max_scenarios)
    } else {
        Vec::new()
    };
    render(g, &s, &settings, &events, &scenarios)
}

/// The `i`th event, of a random kind.
fn event(g: &mut SplitMix64, i: usize, s: &Structure, explicit: bool) -> Event {
    let n = s.periods.len();
    let kind_weights = if s.quotas.is_empty() {
        [0.4, 0.0, 0.3, 0.3]
    } else {
        [0.3, 0.25, 0.2, 0.25]
    };
    let (id, kind) = match pick_count(g, &kind_weights) {
        0 => {
            let sup = &s.suppliers[g.between(0, s.suppliers.len() - 1)];
            (
                format!("{}-halt.{i}", sup.id),
                EventKind::Outage {
                    supplier: sup.id.clone(),
                    factor: g.pick(&[0.0, 0.0, 0.25, 0.5, 1.5]),
                },
            )
        }
        1 => {
            let q = &s.quotas[g.between(0, s.quotas.len() - 1)];
            (
                format!("cut_{i}"),
                EventKind::QuotaCut {
                    quota: q.id.clone(),
                    factor: g.pick(&[0.0, 0.5, 0.6, 0.8]),
                },
            )
        }
        2 => (
            format!("spike-{i}"),
            EventKind::PriceShock {
                materials: material_selector(g, [0.3, 0.4, 0.3], &s.materials),
                factor: g.pick(&[0.8, 1.5, 2.0, 2.5, 3.0]),
            },
        ),
        _ => (
            format!("boom.{i}"),
            EventKind::DemandShock {
                buyers: buyer_selector(g, [0.4, 0.3, 0.3], &s.buyers),
                materials: material_selector(g, [0.4, 0.3, 0.3], &s.materials),
                factor: g.pick(&[0.7, 1.2, 1.3, 1.5]),
            },
        ),
    };
    let probability = if explicit && g.chance(0.5) {
        None
    } else if g.chance(0.06) {
        Some(g.pick(&[0.0, 1.0]))
    } else {
        Some(g.pick(&[0.05, 0.1, 0.2, 0.25, 0.3, 0.5]))
    };
    Event {
        id,
        kind,
        periods: g.chance(0.4).then(|| g.subset(n, 0.5, 1)),
        probability,
    }
}

/// 1–4 explicit scenarios (fewer than `max_scenarios`) with probabilities
/// in sixteenths, so their sum is exact: sometimes exactly 1 (no baseline).
fn explicit_scenarios(g: &mut SplitMix64, events: &[Event], max_scenarios: usize) -> Vec<Scenario> {
    let count = g.between(1, (max_scenarios - 1).clamp(1, 4));
    let total = if g.chance(0.3) {
        16
    } else {
        g.between(count, 15)
    };
    // Split `total` sixteenths into `count` positive parts.
    let mut parts = vec![1usize; count];
    for _ in count..total {
        parts[g.between(0, count - 1)] += 1;
    }
    let names = ["crisis", "calm.1", "double_hit", "s-4"];
    parts
        .into_iter()
        .enumerate()
        .map(|(i, sixteenths)| Scenario {
            id: names[i].to_string(),
            events: g
                .subset(events.len(), 0.5, 0)
                .into_iter()
                .map(|e| events[e].id.clone())
                .collect(),
            probability: sixteenths as f64 / 16.0,
        })
        .collect()
}

// ---------------------------------------------------------------- rendering

/// A TOML basic string.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A TOML key for `id`: bare where TOML allows it, sometimes quoted anyway.
fn key(g: &mut SplitMix64, id: &str) -> String {
    let bare = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare && !g.chance(0.1) {
        id.to_string()
    } else {
        quote(id)
    }
}

/// A number as TOML: integral values sometimes as integers or in exponent
/// form, others as floats.
fn num(g: &mut SplitMix64, x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let u = g.unit();
        if u < 0.5 {
            return format!("{}", x as i64);
        }
        if x >= 1000.0 && u < 0.6 {
            return format!("{x:e}");
        }
    }
    format!("{x:?}")
}

fn per_period_text(g: &mut SplitMix64, v: &PerPeriod) -> String {
    match v {
        PerPeriod::Same(x) => num(g, *x),
        PerPeriod::List(xs) => {
            let items: Vec<String> = xs.iter().map(|x| num(g, *x)).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

fn strings(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", items.join(", "))
}

/// `{ k = v, ... }` from rendered keys and values.
fn inline_table(entries: Vec<(String, String)>) -> String {
    let items: Vec<String> = entries
        .into_iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    format!("{{ {} }}", items.join(", "))
}

/// A table keyed by material id.
fn material_table<T>(
    g: &mut SplitMix64,
    materials: &[Material],
    entries: &[(usize, T)],
    mut value: impl FnMut(&mut SplitMix64, &T) -> String,
) -> String {
    let entries = entries
        .iter()
        .map(|(e, v)| (key(g, &materials[*e].id), value(g, v)))
        .collect();
    inline_table(entries)
}

/// `name = selector` line, or nothing for "all".
fn selector_line(out: &mut String, name: &str, sel: &Selector) {
    match sel {
        Selector::All => {}
        Selector::Ids(ids) => writeln!(out, "{name} = {}", strings(ids)).unwrap(),
        Selector::Label(label, values) => {
            writeln!(out, "{name} = {{ {label} = {} }}", strings(values)).unwrap()
        }
    }
}

fn render(
    g: &mut SplitMix64,
    s: &Structure,
    settings: &ScenarioSettings,
    events: &[Event],
    scenarios: &[Scenario],
) -> String {
    let mut out = String::new();
    let o = &mut out;
    writeln!(o, "[model]").unwrap();
    writeln!(o, "name = {}", quote(&s.name)).unwrap();
    if let Some(c) = s.currency {
        writeln!(o, "currency = {}", quote(c)).unwrap();
    }
    if let Some(u) = s.unit {
        writeln!(o, "unit = {}", quote(u)).unwrap();
    }
    writeln!(o, "periods = {}", strings(&s.periods)).unwrap();
    if let Some(risk) = s.risk.as_ref().filter(|r| !r.at_end) {
        render_risk(g, o, risk);
    }
    if settings.mode.is_some() || settings.samples.is_some() || settings.seed.is_some() {
        writeln!(o, "\n[scenarios]").unwrap();
        if let Some(mode) = settings.mode {
            writeln!(o, "mode = {}", quote(mode)).unwrap();
        }
        if let Some(k) = settings.samples {
            writeln!(o, "samples = {k}").unwrap();
        }
        if let Some(seed) = settings.seed {
            writeln!(o, "seed = {seed}").unwrap();
        }
    }
    for mat in &s.materials {
        writeln!(o, "\n[[material]]\nid = {}", quote(&mat.id)).unwrap();
        if let Some(name) = &mat.name {
            writeln!(o, "name = {}", quote(name)).unwrap();
        }
        if let Some(group) = &mat.group {
            writeln!(o, "group = {}", quote(group)).unwrap();
        }
    }
    for b in &s.buyers {
        render_buyer(g, o, s, b);
    }
    for sup in &s.suppliers {
        render_supplier(g, o, s, sup);
    }
    for q in &s.quotas {
        writeln!(o, "\n[[quota]]\nid = {}", quote(&q.id)).unwrap();
        selector_line(o, "suppliers", &q.suppliers);
        selector_line(o, "materials", &q.materials);
        selector_line(o, "buyers", &q.buyers);
        writeln!(o, "limit = {}", per_period_text(g, &q.limit)).unwrap();
    }
    for d in &s.diversifications {
        writeln!(o, "\n[[diversification]]\nid = {}", quote(&d.id)).unwrap();
        selector_line(o, "suppliers", &d.suppliers);
        selector_line(o, "materials", &d.materials);
        selector_line(o, "buyers", &d.buyers);
        writeln!(o, "max_share = {}", num(g, d.max_share)).unwrap();
    }
    // Event kinds are written in draw order, interleaved, so the planner's
    // canonical order (by kind, then file order) is put to the test.
    for ev in events {
        render_event(g, o, s, ev);
    }
    for sc in scenarios {
        writeln!(o, "\n[[scenario]]\nid = {}", quote(&sc.id)).unwrap();
        writeln!(o, "events = {}", strings(&sc.events)).unwrap();
        writeln!(o, "probability = {}", num(g, sc.probability)).unwrap();
    }
    if let Some(risk) = s.risk.as_ref().filter(|r| r.at_end) {
        render_risk(g, o, risk);
    }
    out
}

fn render_risk(g: &mut SplitMix64, o: &mut String, risk: &Risk) {
    writeln!(o, "\n[risk]").unwrap();
    if let Some(w) = risk.weight {
        writeln!(o, "weight = {}", num(g, w)).unwrap();
    }
    if let Some(a) = risk.alpha {
        writeln!(o, "alpha = {}", num(g, a)).unwrap();
    }
}

fn render_buyer(g: &mut SplitMix64, o: &mut String, s: &Structure, b: &Buyer) {
    let mats = &s.materials;
    writeln!(o, "\n[[buyer]]\nid = {}", quote(&b.id)).unwrap();
    if let Some(r) = &b.region {
        writeln!(o, "region = {}", quote(r)).unwrap();
    }
    if let Some(need) = &b.need {
        let t = material_table(g, mats, need, per_period_text);
        writeln!(o, "need = {t}").unwrap();
    }
    if let Some(stock) = &b.initial_stock {
        let t = material_table(g, mats, stock, |g, x| num(g, *x));
        writeln!(o, "initial_stock = {t}").unwrap();
    }
    if let Some(arrivals) = &b.in_transit {
        let t = material_table(g, mats, arrivals, per_period_text);
        writeln!(o, "in_transit = {t}").unwrap();
    }
    let penalty = match &b.penalty {
        Penalty::Same(x) => num(g, *x),
        Penalty::PerMaterial(xs) => {
            let entries: Vec<(usize, f64)> = xs.iter().copied().enumerate().collect();
            material_table(g, mats, &entries, |g, x| num(g, *x))
        }
    };
    writeln!(o, "shortage_penalty = {penalty}").unwrap();
    if let Some(h) = b.holding_cost {
        writeln!(o, "holding_cost = {}", num(g, h)).unwrap();
    }
    if let Some(w) = b.storage {
        writeln!(o, "storage = {}", num(g, w)).unwrap();
    }
    if let Some(end) = &b.end_stock {
        let t = material_table(g, mats, end, |g, x| num(g, *x));
        writeln!(o, "end_stock = {t}").unwrap();
    }
}

/// An offer's fields as rendered (key, value) pairs.
fn offer_fields(g: &mut SplitMix64, offer: &Offer) -> Vec<(String, String)> {
    let mut fields = vec![
        ("capacity".to_string(), per_period_text(g, &offer.capacity)),
        ("price".to_string(), per_period_text(g, &offer.price)),
    ];
    if let Some(fee) = offer.fee {
        fields.push(("reservation_fee".to_string(), num(g, fee)));
    }
    if let Some(spot) = &offer.spot {
        fields.push(("spot_price".to_string(), per_period_text(g, spot)));
    }
    fields
}

fn render_supplier(g: &mut SplitMix64, o: &mut String, s: &Structure, sup: &Supplier) {
    writeln!(o, "\n[[supplier]]\nid = {}", quote(&sup.id)).unwrap();
    if let Some(c) = &sup.country {
        writeln!(o, "country = {}", quote(c)).unwrap();
    }
    if let Some(l) = sup.lead_time {
        writeln!(o, "lead_time = {l}").unwrap();
    }
    if let Some(t) = sup.export_tax {
        writeln!(o, "export_tax = {}", num(g, t)).unwrap();
    }
    if let Some(serves) = &sup.serves {
        writeln!(o, "serves = {}", strings(serves)).unwrap();
    }
    if let Some(freight) = &sup.freight {
        let entries = freight
            .iter()
            .map(|(r, x)| (key(g, r), num(g, *x)))
            .collect();
        writeln!(o, "freight = {}", inline_table(entries)).unwrap();
    }
    match sup.style {
        OfferStyle::Headers => {
            for offer in &sup.offers {
                let k = key(g, &s.materials[offer.material].id);
                writeln!(o, "\n[supplier.offers.{k}]").unwrap();
                for (f, v) in offer_fields(g, offer) {
                    writeln!(o, "{f} = {v}").unwrap();
                }
            }
        }
        OfferStyle::Inline => {
            let entries = sup
                .offers
                .iter()
                .map(|offer| {
                    let k = key(g, &s.materials[offer.material].id);
                    (k, inline_table(offer_fields(g, offer)))
                })
                .collect();
            writeln!(o, "offers = {}", inline_table(entries)).unwrap();
        }
        OfferStyle::Dotted => {
            for offer in &sup.offers {
                let k = key(g, &s.materials[offer.material].id);
                for (f, v) in offer_fields(g, offer) {
                    writeln!(o, "offers.{k}.{f} = {v}").unwrap();
                }
            }
        }
    }
}

fn render_event(g: &mut SplitMix64, o: &mut String, s: &Structure, ev: &Event) {
    let (table, factor_key, factor) = match &ev.kind {
        EventKind::Outage { factor, .. } => ("outage", "capacity_factor", *factor),
        EventKind::QuotaCut { factor, .. } => ("quota_cut", "limit_factor", *factor),
        EventKind::PriceShock { factor, .. } => ("price_shock", "price_factor", *factor),
        EventKind::DemandShock { factor, .. } => ("demand_shock", "demand_factor", *factor),
    };
    writeln!(o, "\n[[{table}]]\nid = {}", quote(&ev.id)).unwrap();
    match &ev.kind {
        EventKind::Outage { supplier, .. } => {
            writeln!(o, "supplier = {}", quote(supplier)).unwrap()
        }
        EventKind::QuotaCut { quota, .. } => writeln!(o, "quota = {}", quote(quota)).unwrap(),
        EventKind::PriceShock { materials, .. } => selector_line(o, "materials", materials),
        EventKind::DemandShock {
            buyers, materials, ..
        } => {
            selector_line(o, "buyers", buyers);
            selector_line(o, "materials", materials);
        }
    }
    if let Some(periods) = &ev.periods {
        let labels: Vec<String> = periods.iter().map(|&t| s.periods[t].clone()).collect();
        writeln!(o, "periods = {}", strings(&labels)).unwrap();
    }
    writeln!(o, "{factor_key} = {}", num(g, factor)).unwrap();
    if let Some(p) = ev.probability {
        writeln!(o, "probability = {}", num(g, p)).unwrap();
    }
}
