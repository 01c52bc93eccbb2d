//! The validated, typed model: what a model file means once every rule of
//! `model-format.md` holds.
//!
//! Entities refer to each other by position (`usize` indices into the
//! model's vectors, in file order), so later stages never look ids up by
//! string. Per-period numbers are always expanded to one value per period.

mod builder;
mod buyers;
mod check;
mod entries;
mod events;
mod keys;
mod limits;
mod load;
mod magnitudes;
mod reader;
mod rules;
pub mod schema;
mod sections;
mod selector;
mod suppliers;
#[cfg(test)]
mod tests;
mod validate;

pub use builder::{
    Built, BuyerSpec, DiversificationSpec, EventSpec, ModelBuilder, OfferSpec, Penalty, Pick,
    QuotaSpec, ScenarioSpec, SupplierSpec, Values,
};
pub use check::{InvalidModel, validate_model};
pub use load::{LoadError, Loaded, MAX_MODEL_BYTES, load_model, load_model_str};

/// Validates an already parsed (and perhaps changed) TOML tree, as a model
/// file is validated: the model when there is no error, and every
/// diagnostic found (strategies validate their changed models this way).
pub(crate) fn validate_tree(
    root: &toml::de::DeTable<'_>,
    span: std::ops::Range<usize>,
) -> (Option<Model>, Vec<crate::Diagnostic>) {
    let (model, reader) = validate::validate(root, span);
    (model, reader.diagnostics)
}

/// Per-period numbers: one value per period of the horizon.
pub type PerPeriod = Vec<f64>;

/// A whole planning model.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let model = &loaded.model;
/// assert_eq!(model.horizon(), 3);
/// assert_eq!(model.periods, ["Q1", "Q2", "Q3"]);
/// assert_eq!(model.suppliers.len(), 2);
/// assert_eq!(model.currency, "USD");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// A name shown in reports.
    pub name: String,
    /// Currency label, shown in reports.
    pub currency: String,
    /// Unit label (tonnes of oxide unless said).
    pub unit: String,
    /// Period labels, in order.
    pub periods: Vec<String>,
    /// The risk attitude (λ and α).
    pub risk: Risk,
    /// How scenarios are generated from events.
    pub scenarios: ScenarioSettings,
    /// Materials, in file order.
    pub materials: Vec<Material>,
    /// Buyers, in file order.
    pub buyers: Vec<Buyer>,
    /// Suppliers, in file order.
    pub suppliers: Vec<Supplier>,
    /// Export quotas.
    pub quotas: Vec<Quota>,
    /// Diversification limits on reservations.
    pub diversifications: Vec<Diversification>,
    /// Disruption events, in canonical order: outages, quota cuts, price
    /// shocks, demand shocks, each kind in file order.
    pub events: Vec<Event>,
    /// Explicit joint scenarios; empty when scenarios are generated.
    pub explicit_scenarios: Vec<ExplicitScenario>,
}

impl Model {
    /// Number of periods in the horizon.
    pub fn horizon(&self) -> usize {
        self.periods.len()
    }
}

/// The risk attitude: objective = (1-λ)·E\[C\] + λ·CVaR_α.
///
/// ```
/// let risk = rareplan::model::Risk::default();
/// assert_eq!((risk.weight, risk.alpha), (0.0, 0.95));
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// assert_eq!(loaded.model.risk, risk);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Risk {
    /// λ in \[0,1\]; 0 is risk-neutral.
    pub weight: f64,
    /// α in [0,1): the CVaR level.
    pub alpha: f64,
}

impl Default for Risk {
    fn default() -> Self {
        Risk {
            weight: 0.0,
            alpha: 0.95,
        }
    }
}

/// How scenarios are made when the model has no explicit `[[scenario]]`.
///
/// ```
/// use rareplan::model::ScenarioMode;
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// // One event: `auto` enumerates its two scenarios.
/// assert_eq!(loaded.model.scenarios.mode, ScenarioMode::Auto);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioMode {
    /// Enumerate when there are at most 10 events, sample otherwise.
    Auto,
    /// Every subset of events.
    Enumerate,
    /// Seeded independent draws.
    Sample,
}

/// Scenario generation settings (`[scenarios]`).
///
/// ```
/// use rareplan::model::{ScenarioMode, ScenarioSettings};
/// let settings = ScenarioSettings::default();
/// assert_eq!(settings.mode, ScenarioMode::Auto);
/// assert_eq!((settings.samples, settings.seed), (256, 0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScenarioSettings {
    /// Which way scenarios are made.
    pub mode: ScenarioMode,
    /// Number of draws in sample mode.
    pub samples: u64,
    /// Seed of the SplitMix64 generator in sample mode.
    pub seed: u64,
}

impl Default for ScenarioSettings {
    fn default() -> Self {
        ScenarioSettings {
            mode: ScenarioMode::Auto,
            samples: 256,
            seed: 0,
        }
    }
}

/// A material (an oxide, metal or alloy).
///
/// ```
/// use rareplan::model::Material;
/// let m = Material::new("dy-oxide").name("Dysprosium oxide").group("heavy");
/// assert_eq!(m.id, "dy-oxide");
/// assert_eq!(m.name.as_deref(), Some("Dysprosium oxide"));
/// assert_eq!(m.group.as_deref(), Some("heavy"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Material {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// Label used by `{ group = [...] }` selectors.
    pub group: Option<String>,
}

impl Material {
    /// A material with no name or group.
    pub fn new(id: impl Into<String>) -> Material {
        Material {
            id: id.into(),
            name: None,
            group: None,
        }
    }

    /// The same material with a display name.
    pub fn name(mut self, name: impl Into<String>) -> Material {
        self.name = Some(name.into());
        self
    }

    /// The same material in a group, for `{ group = [...] }` selectors.
    pub fn group(mut self, group: impl Into<String>) -> Material {
        self.group = Some(group.into());
        self
    }
}

/// A buyer: a plant, a company or a national stockpile.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plant = &loaded.model.buyers[0];
/// assert_eq!(plant.id, "plant");
/// assert_eq!(plant.need[0], [80.0, 80.0, 80.0]); // [material][period]
/// assert_eq!(plant.initial_stock, [20.0]);
/// assert_eq!(plant.shortage_penalty, [500_000.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Buyer {
    /// Unique id.
    pub id: String,
    /// Region, matched against a supplier's `serves` and `freight`.
    pub region: Option<String>,
    /// Tonnes consumed, `[material][period]`.
    pub need: Vec<PerPeriod>,
    /// Stock at the start, per material.
    pub initial_stock: Vec<f64>,
    /// Fixed arrivals already in transit, `[material][period]`.
    pub in_transit: Vec<PerPeriod>,
    /// Penalty per tonne short, per material.
    pub shortage_penalty: Vec<f64>,
    /// Holding cost per tonne per period.
    pub holding_cost: f64,
    /// Storage capacity in tonnes, all materials together.
    pub storage: Option<f64>,
    /// Soft target stock at the end of the horizon, per material.
    pub end_stock: Vec<Option<f64>>,
}

/// A supplier: a mine, refiner, trader, recycler or stockpile release.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let model = &loaded.model;
/// let au = &model.suppliers[1];
/// assert_eq!((au.id.as_str(), au.lead_time), ("au-mine", 1));
/// assert!(au.serves_buyer(&model.buyers[0]));
/// assert_eq!(au.freight_to(&model.buyers[0]), 500.0); // the plant is in region US
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Supplier {
    /// Unique id.
    pub id: String,
    /// Country label used by `{ country = [...] }` selectors.
    pub country: Option<String>,
    /// Whole periods from shipping to arrival.
    pub lead_time: usize,
    /// Export tax as a fraction of the price.
    pub export_tax: f64,
    /// Regions it ships to; `None` ships to every buyer.
    pub serves: Option<Vec<String>>,
    /// Freight per tonne by buyer region; missing regions cost 0.
    pub freight: Vec<(String, f64)>,
    /// What it sells, in file order.
    pub offers: Vec<Offer>,
}

impl Supplier {
    /// Whether this supplier ships to `buyer` (the lane exists).
    pub fn serves_buyer(&self, buyer: &Buyer) -> bool {
        match (&self.serves, &buyer.region) {
            (None, _) => true,
            (Some(regions), Some(region)) => regions.iter().any(|r| r == region),
            (Some(_), None) => false,
        }
    }

    /// Freight per tonne to `buyer`'s region.
    pub fn freight_to(&self, buyer: &Buyer) -> f64 {
        buyer.region.as_ref().map_or(0.0, |region| {
            self.freight
                .iter()
                .find(|(r, _)| r == region)
                .map_or(0.0, |&(_, cost)| cost)
        })
    }
}

/// One material a supplier sells, with its terms.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let offer = &loaded.model.suppliers[1].offers[0];
/// assert_eq!(offer.material, 0); // index into `model.materials`
/// assert_eq!(offer.capacity, [60.0, 60.0, 60.0]);
/// assert_eq!(offer.reservation_fee, 3000.0);
/// assert_eq!(offer.spot_price, None); // no spot sales
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// Index of the material.
    pub material: usize,
    /// Tonnes it can ship per ship period.
    pub capacity: PerPeriod,
    /// Contract price per tonne per ship period.
    pub price: PerPeriod,
    /// Fee per tonne reserved.
    pub reservation_fee: f64,
    /// Spot price per tonne per ship period; `None` means no spot sales.
    pub spot_price: Option<PerPeriod>,
}

/// An export quota on a set of suppliers, materials and buyers.
///
/// ```
/// use rareplan::model::Selector;
/// let loaded = rareplan::load_model(std::path::Path::new("models/embargo-2010.toml"))?;
/// let quota = &loaded.model.quotas[0];
/// assert_eq!(quota.id, "cn-export");
/// assert_eq!(quota.limit.len(), loaded.model.horizon());
/// assert!(matches!(quota.suppliers, Selector::Only(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Quota {
    /// Unique id.
    pub id: String,
    /// Suppliers it covers.
    pub suppliers: Selector,
    /// Materials it covers.
    pub materials: Selector,
    /// Buyers it covers.
    pub buyers: Selector,
    /// Tonnes per ship period.
    pub limit: PerPeriod,
}

/// Which entities of one kind (suppliers, materials or buyers) a quota, a
/// diversification limit or an event covers.
///
/// "Every one" is said explicitly, so it means the same in code as a
/// selector left out of a model file, and stays "every one" when entities
/// are added later; `Only(vec![])` covers none (validation warns about it,
/// as it warns about a file's label selector that matches nothing).
///
/// ```
/// use rareplan::model::Selector;
/// assert!(Selector::All.contains(&7));
/// assert!(!Selector::Only(vec![0, 2]).contains(&1));
/// assert_eq!(Selector::All.indices(3), vec![0, 1, 2]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selector {
    /// Every entity of the kind (a selector left out of a file).
    #[default]
    All,
    /// The entities at these indices, in the model's order (a file's list
    /// of ids, or the entities whose label a label table matched).
    Only(Vec<usize>),
}

impl Selector {
    /// Whether the entity at `index` is covered.
    pub fn contains(&self, index: &usize) -> bool {
        match self {
            Selector::All => true,
            Selector::Only(chosen) => chosen.contains(index),
        }
    }

    /// The indices covered, of `count` entities (indices at or beyond
    /// `count` are left out).
    pub fn indices(&self, count: usize) -> Vec<usize> {
        match self {
            Selector::All => (0..count).collect(),
            Selector::Only(chosen) => chosen.iter().copied().filter(|&k| k < count).collect(),
        }
    }

    /// Whether it covers every entity by saying so ([`Selector::All`]).
    pub fn is_all(&self) -> bool {
        matches!(self, Selector::All)
    }
}

/// A cap on the share of reservations from a set of suppliers.
///
/// ```
/// use rareplan::model::{BuyerSpec, DiversificationSpec, Material, ModelBuilder, OfferSpec, Pick, SupplierSpec};
/// let built = ModelBuilder::new(["Q1"])
///     .material(Material::new("ndpr"))
///     .buyer(BuyerSpec::new("plant").need("ndpr", 10.0).shortage_penalty(500_000.0))
///     .supplier(SupplierSpec::new("cn").offer("ndpr", OfferSpec::new(50.0, 50_000.0)))
///     .supplier(SupplierSpec::new("au").offer("ndpr", OfferSpec::new(50.0, 70_000.0)))
///     .diversification(DiversificationSpec::new("cap-cn", 0.6).suppliers(Pick::ids(["cn"])))
///     .build()?;
/// let cap = &built.model.diversifications[0];
/// assert_eq!((cap.id.as_str(), cap.max_share), ("cap-cn", 0.6));
/// assert!(cap.suppliers.contains(&0) && !cap.suppliers.contains(&1));
/// // At most 60 % of the tonnes reserved come from `cn`.
/// let plan = rareplan::plan(&built.model, &rareplan::Settings::default())?.plan;
/// let reserved = |from: &str| -> f64 {
///     plan.reservations.iter().filter(|r| from.is_empty() || r.supplier == from).map(|r| r.quantity).sum()
/// };
/// assert!(reserved("cn") <= 0.6 * reserved("") + 1e-6);
/// assert!(reserved("au") > 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Diversification {
    /// Unique id.
    pub id: String,
    /// Suppliers whose share is capped.
    pub suppliers: Selector,
    /// Materials whose reservations are counted.
    pub materials: Selector,
    /// Buyers whose reservations are counted.
    pub buyers: Selector,
    /// The largest share in \[0,1\].
    pub max_share: f64,
}

/// A disruption that may occur.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let halt = &loaded.model.events[0];
/// assert_eq!(halt.id, "cn-halt");
/// assert_eq!(halt.probability, Some(0.3));
/// assert_eq!(halt.periods, [false, true, true]); // Q2 and Q3
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Unique id across all event kinds.
    pub id: String,
    /// What happens.
    pub kind: EventKind,
    /// Probability in \[0,1\]; `None` only when explicit scenarios are given.
    pub probability: Option<f64>,
    /// Periods it touches (ship periods, or consumption periods for demand
    /// shocks): `periods[t]` is true where it applies.
    pub periods: Vec<bool>,
}

/// The kinds of event and what each changes.
///
/// ```
/// use rareplan::model::EventKind;
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// match &loaded.model.events[0].kind {
///     EventKind::Outage { supplier, capacity_factor } => {
///         assert_eq!(loaded.model.suppliers[*supplier].id, "cn-mine");
///         assert_eq!(*capacity_factor, 0.25);
///     }
///     other => panic!("not an outage: {other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// A supplier's capacity falls to `capacity_factor`.
    Outage {
        /// Index of the supplier.
        supplier: usize,
        /// Capacity factor ≥ 0; 0 is a stopped mine.
        capacity_factor: f64,
    },
    /// A quota's limit is multiplied by `limit_factor`.
    QuotaCut {
        /// Index of the quota.
        quota: usize,
        /// Limit factor ≥ 0.
        limit_factor: f64,
    },
    /// Spot prices of some materials are multiplied by `price_factor`.
    PriceShock {
        /// Materials whose spot price moves.
        materials: Selector,
        /// Price factor ≥ 0.
        price_factor: f64,
    },
    /// Some buyers' needs of some materials are multiplied.
    DemandShock {
        /// Buyers whose need moves.
        buyers: Selector,
        /// Materials whose need moves.
        materials: Selector,
        /// Demand factor ≥ 0.
        demand_factor: f64,
    },
}

/// An explicit joint scenario from `[[scenario]]`.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/embargo-2010.toml"))?;
/// let model = &loaded.model;
/// let embargo = &model.explicit_scenarios[0];
/// assert_eq!(embargo.id, "embargo");
/// let events: Vec<&str> = embargo.events.iter().map(|&e| model.events[e].id.as_str()).collect();
/// assert!(events.contains(&"senkaku-embargo"));
/// assert!(embargo.probability > 0.0 && embargo.probability < 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ExplicitScenario {
    /// Its id.
    pub id: String,
    /// Indices of the events that occur together.
    pub events: Vec<usize>,
    /// Its probability.
    pub probability: f64,
}
