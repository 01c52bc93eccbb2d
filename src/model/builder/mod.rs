//! Models built in code: [`ModelBuilder`].

mod specs;

pub use specs::{
    BuyerSpec, DiversificationSpec, EventSpec, OfferSpec, Penalty, Pick, QuotaSpec, ScenarioSpec,
    SupplierSpec, Values,
};

use std::collections::HashSet;

use super::check::{self, InvalidModel};
use super::reader::{index, join};
use super::rules;
use super::selector::Pool;
use super::{
    Buyer, Diversification, Material, Model, Quota, Risk, ScenarioSettings, Selector, Supplier,
};
use crate::diagnostic::Diagnostic;
use specs::{LimitScope, Target};

/// A model built in code, and the warnings its validation found (the
/// model is still planned).
///
/// ```
/// use rareplan::model::{BuyerSpec, Material, ModelBuilder, OfferSpec, SupplierSpec};
/// let built = ModelBuilder::new(["Q1"])
///     .material(Material::new("ndpr"))
///     .buyer(BuyerSpec::new("plant").need("ndpr", 10.0).shortage_penalty(500_000.0))
///     .supplier(SupplierSpec::new("mine").offer("ndpr", OfferSpec::new(50.0, 60_000.0)))
///     .supplier(SupplierSpec::new("far").lead_time(1).offer("ndpr", OfferSpec::new(50.0, 1.0)))
///     .build()?;
/// assert_eq!(built.model.suppliers.len(), 2);
/// // A lead time as long as the horizon is a warning, as in a file.
/// assert_eq!(built.warnings.len(), 1);
/// assert_eq!(built.warnings[0].path, "supplier[1].lead_time");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    /// The validated model.
    pub model: Model,
    /// Warnings, as a model file's would be (without spans).
    pub warnings: Vec<Diagnostic>,
}

/// Builds a [`Model`] in code, table by table as a model file has them,
/// with entities referring to each other by id.
///
/// [`ModelBuilder::build`] resolves the ids and runs the validation that
/// [`load_model`](super::load_model) runs on a file: the same [`Model`]
/// for the same content, and the same diagnostics (the same paths, such as
/// `supplier[1].offers.ndpr.price`, and words) for the same mistakes,
/// without places in a text. Defaults are a file's: name `unnamed model`,
/// currency `USD`, unit `t`, risk-neutral (λ = 0, α = 0.95), scenarios
/// `auto`.
///
/// ```
/// use rareplan::model::{BuyerSpec, EventSpec, Material, ModelBuilder, OfferSpec, SupplierSpec};
///
/// let built = ModelBuilder::new(["Q1", "Q2"])
///     .name("one plant, one mine")
///     .material(Material::new("ndpr").group("light"))
///     .buyer(BuyerSpec::new("plant").need("ndpr", 10.0).shortage_penalty(500_000.0))
///     .supplier(SupplierSpec::new("mine").offer("ndpr", OfferSpec::new(50.0, 60_000.0)))
///     .event(EventSpec::outage("halt", "mine", 0.5).probability(0.2))
///     .build()?;
/// let outcome = rareplan::plan(&built.model, &rareplan::Settings::default())?;
/// // 10 t a quarter for two quarters at 60,000 per tonne, in every scenario.
/// assert!((outcome.plan.expected_cost - 1_200_000.0).abs() < 1e-6);
///
/// // Mistakes come back as a file's would, every one, with its path.
/// let invalid = ModelBuilder::new(["Q1", "Q2"])
///     .material(Material::new("ndpr"))
///     .buyer(BuyerSpec::new("plant").need("ndpr", [10.0]).shortage_penalty(500_000.0))
///     .supplier(SupplierSpec::new("mine").offer("ndpr", OfferSpec::new(50.0, f64::NAN)))
///     .build()
///     .unwrap_err();
/// let paths: Vec<&str> = invalid.errors().map(|d| d.path.as_str()).collect();
/// assert_eq!(paths, ["buyer[0].need.ndpr", "supplier[0].offers.ndpr.price"]);
/// assert_eq!(invalid.diagnostics[0].message, "1 values for 2 periods");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ModelBuilder {
    name: String,
    currency: String,
    unit: String,
    periods: Vec<String>,
    risk: Risk,
    scenarios: ScenarioSettings,
    materials: Vec<Material>,
    buyers: Vec<BuyerSpec>,
    suppliers: Vec<SupplierSpec>,
    quotas: Vec<QuotaSpec>,
    diversifications: Vec<DiversificationSpec>,
    events: Vec<EventSpec>,
    explicit: Vec<ScenarioSpec>,
}

impl ModelBuilder {
    /// A model over `periods` (labels, in order), with nothing in it yet.
    pub fn new<S: Into<String>>(periods: impl IntoIterator<Item = S>) -> ModelBuilder {
        ModelBuilder {
            name: "unnamed model".to_string(),
            currency: "USD".to_string(),
            unit: "t".to_string(),
            periods: periods.into_iter().map(Into::into).collect(),
            risk: Risk::default(),
            scenarios: ScenarioSettings::default(),
            materials: Vec::new(),
            buyers: Vec::new(),
            suppliers: Vec::new(),
            quotas: Vec::new(),
            diversifications: Vec::new(),
            events: Vec::new(),
            explicit: Vec::new(),
        }
    }

    /// The name shown in reports.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The currency label.
    pub fn currency(mut self, currency: impl Into<String>) -> Self {
        self.currency = currency.into();
        self
    }

    /// The unit label.
    pub fn unit(mut self, unit: impl Into<String>) -> Self {
        self.unit = unit.into();
        self
    }

    /// The risk attitude (`[risk]`): λ in [0, 1] and α in [0, 1).
    pub fn risk(mut self, weight: f64, alpha: f64) -> Self {
        self.risk = Risk { weight, alpha };
        self
    }

    /// How scenarios are made from the events (`[scenarios]`).
    pub fn scenarios(mut self, settings: ScenarioSettings) -> Self {
        self.scenarios = settings;
        self
    }

    /// Adds a `[[material]]`.
    pub fn material(mut self, material: Material) -> Self {
        self.materials.push(material);
        self
    }

    /// Adds a `[[buyer]]`.
    pub fn buyer(mut self, buyer: BuyerSpec) -> Self {
        self.buyers.push(buyer);
        self
    }

    /// Adds a `[[supplier]]`.
    pub fn supplier(mut self, supplier: SupplierSpec) -> Self {
        self.suppliers.push(supplier);
        self
    }

    /// Adds a `[[quota]]`.
    pub fn quota(mut self, quota: QuotaSpec) -> Self {
        self.quotas.push(quota);
        self
    }

    /// Adds a `[[diversification]]`.
    pub fn diversification(mut self, limit: DiversificationSpec) -> Self {
        self.diversifications.push(limit);
        self
    }

    /// Adds an event. Events are kept in a file's canonical order
    /// (outages, quota cuts, price shocks, demand shocks; each kind in the
    /// order added), so the model equals the file's.
    pub fn event(mut self, event: EventSpec) -> Self {
        self.events.push(event);
        self
    }

    /// Adds an explicit joint scenario (`[[scenario]]`).
    pub fn scenario(mut self, scenario: ScenarioSpec) -> Self {
        self.explicit.push(scenario);
        self
    }

    /// Resolves the ids and validates the model as
    /// [`load_model`](super::load_model) validates a file.
    pub fn build(mut self) -> Result<Built, InvalidModel> {
        let rank = |e: &EventSpec| match e.target {
            Target::Outage { .. } => 0,
            Target::QuotaCut { .. } => 1,
            Target::PriceShock { .. } => 2,
            Target::DemandShock { .. } => 3,
        };
        self.events.sort_by_key(rank);
        let mut r = Resolver::default();
        let model = r.model(&self);
        if r.errors.is_empty() {
            return match check::validate_model(&model) {
                Ok(warnings) => Ok(Built { model, warnings }),
                Err(invalid) => Err(invalid),
            };
        }
        // The references that failed were left out or pointed nowhere;
        // what the rules find there is the same problem again.
        let mut diagnostics = r.errors;
        let reported: Vec<String> = diagnostics.iter().map(|d| d.path.clone()).collect();
        diagnostics.extend(
            check::check_rules(&model).into_iter().filter(|d| {
                d.is_error() && !reported.iter().any(|p| d.path.starts_with(p.as_str()))
            }),
        );
        // In a file's order: by section, then by entry.
        diagnostics.sort_by_key(|d| place(&d.path));
        Err(InvalidModel { diagnostics })
    }
}

/// Where a path sits in a model file: its section's rank and its entry.
fn place(path: &str) -> (usize, usize) {
    const SECTIONS: [&str; 13] = [
        "model",
        "risk",
        "scenarios",
        "material",
        "buyer",
        "supplier",
        "quota",
        "diversification",
        "outage",
        "quota_cut",
        "price_shock",
        "demand_shock",
        "scenario",
    ];
    let end = path.find(['.', '[']).unwrap_or(path.len());
    let rank = SECTIONS
        .iter()
        .position(|&s| s == &path[..end])
        .unwrap_or(SECTIONS.len());
    let entry = path[end..]
        .strip_prefix('[')
        .and_then(|rest| rest.split(']').next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(0);
    (rank, entry)
}

/// Turns ids into indices, recording the ids that do not resolve.
#[derive(Default)]
struct Resolver {
    errors: Vec<Diagnostic>,
    /// Ids compared so far in search of the nearest to an unknown one.
    compared: usize,
}

/// An index that no entity has: validation reports it out of range (and
/// the resolver's own error replaces that report).
const NOWHERE: usize = usize::MAX;

impl Resolver {
    fn problem(&mut self, path: &str, problem: rules::Problem) {
        self.errors
            .push(Diagnostic::error(path, None, problem.message).with_help(problem.help));
    }

    fn find(&mut self, path: &str, id: &str, pool: &Pool<'_>) -> Option<usize> {
        let found = pool.position(id);
        if found.is_none() {
            let problem = pool.unknown(id, &mut self.compared);
            self.problem(path, problem);
        }
        found
    }

    /// The index of every `(id, value)` in a table keyed by material id at
    /// `path`; unknown ids and ids given twice are reported.
    fn per_material<'v, T>(
        &mut self,
        path: &str,
        entries: &'v [(String, T)],
        materials: &Pool<'_>,
    ) -> Vec<(usize, &'v T)> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (id, value) in entries {
            let field = join(path, id);
            if !seen.insert(id.as_str()) {
                self.errors.push(
                    Diagnostic::error(&field, None, format!("`{id}` is given twice"))
                        .with_help("give each material once"),
                );
            } else if let Some(e) = self.find(&field, id, materials) {
                out.push((e, value));
            }
        }
        out
    }

    fn selector(&mut self, path: &str, pick: &Pick, pool: &Pool<'_>) -> Selector {
        let key = path.rsplit('.').next().unwrap_or(path);
        match pick {
            Pick::All => Selector::All,
            Pick::Ids(ids) if ids.is_empty() => {
                self.problem(path, pool.empty_selector(key, false));
                Selector::Only(Vec::new())
            }
            Pick::Ids(ids) => {
                let mut chosen: Vec<usize> = ids
                    .iter()
                    .enumerate()
                    .filter_map(|(i, id)| self.find(&index(path, i), id, pool))
                    .collect();
                chosen.sort_unstable();
                chosen.dedup();
                Selector::Only(chosen)
            }
            Pick::Labels(labels) if labels.is_empty() => {
                let path = join(path, pool.label);
                self.problem(&path, pool.empty_selector(key, true));
                Selector::Only(Vec::new())
            }
            Pick::Labels(labels) => Selector::Only(
                (0..pool.ids.len())
                    .filter(|&k| pool.labels[k].is_some_and(|own| labels.iter().any(|l| l == own)))
                    .collect(),
            ),
        }
    }

    fn model(&mut self, b: &ModelBuilder) -> Model {
        let n = b.periods.len();
        let materials = Pool::new(
            "material",
            b.materials.iter().map(|m| m.id.as_str()).collect(),
            "group",
            b.materials.iter().map(|m| m.group.as_deref()).collect(),
        );
        let buyers: Vec<Buyer> = b
            .buyers
            .iter()
            .enumerate()
            .map(|(i, spec)| self.buyer(&index("buyer", i), spec, n, &materials))
            .collect();
        let suppliers: Vec<Supplier> = b
            .suppliers
            .iter()
            .enumerate()
            .map(|(i, spec)| self.supplier(&index("supplier", i), spec, n, &materials))
            .collect();
        let buyer_pool = Pool::new(
            "buyer",
            b.buyers.iter().map(|s| s.id.as_str()).collect(),
            "region",
            b.buyers.iter().map(|s| s.region.as_deref()).collect(),
        );
        let supplier_pool = Pool::new(
            "supplier",
            b.suppliers.iter().map(|s| s.id.as_str()).collect(),
            "country",
            b.suppliers.iter().map(|s| s.country.as_deref()).collect(),
        );
        let pools = [&supplier_pool, &materials, &buyer_pool];
        let quotas = b
            .quotas
            .iter()
            .enumerate()
            .map(|(q, spec)| {
                let path = index("quota", q);
                let [suppliers, materials, buyers] = self.scope(&path, &spec.scope, pools);
                Quota {
                    id: spec.id.clone(),
                    suppliers,
                    materials,
                    buyers,
                    limit: spec.limit.expand(n),
                }
            })
            .collect();
        let diversifications = b
            .diversifications
            .iter()
            .enumerate()
            .map(|(d, spec)| {
                let path = index("diversification", d);
                let [suppliers, materials, buyers] = self.scope(&path, &spec.scope, pools);
                Diversification {
                    id: spec.id.clone(),
                    suppliers,
                    materials,
                    buyers,
                    max_share: spec.max_share,
                }
            })
            .collect();
        let quota_pool =
            Pool::unlabelled("quota", b.quotas.iter().map(|q| q.id.as_str()).collect());
        let events = self.events(b, pools, &quota_pool);
        let explicit_scenarios = self.explicit(b);
        Model {
            name: b.name.clone(),
            currency: b.currency.clone(),
            unit: b.unit.clone(),
            periods: b.periods.clone(),
            risk: b.risk,
            scenarios: b.scenarios,
            materials: b.materials.clone(),
            buyers,
            suppliers,
            quotas,
            diversifications,
            events,
            explicit_scenarios,
        }
    }

    fn scope(&mut self, path: &str, scope: &LimitScope, pools: [&Pool<'_>; 3]) -> [Selector; 3] {
        [
            self.selector(&join(path, "suppliers"), &scope.suppliers, pools[0]),
            self.selector(&join(path, "materials"), &scope.materials, pools[1]),
            self.selector(&join(path, "buyers"), &scope.buyers, pools[2]),
        ]
    }
}

mod entities;
