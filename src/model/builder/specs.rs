//! What a [`ModelBuilder`](super::ModelBuilder) is given: one type per
//! table of a model file, whose entities refer to each other by id, as a
//! file's do. Required fields are constructor arguments or, where a file
//! may leave them out by mistake (a buyer's shortage penalty, an event's
//! probability), reported missing by `build` in the file's words.

/// A number for every period, or one value per period (a file's `100` or
/// `[60, 60, 80]`).
///
/// ```
/// use rareplan::model::Values;
/// assert_eq!(Values::from(60.0), Values::Every(60.0));
/// assert_eq!(Values::from([60.0, 80.0]), Values::PerPeriod(vec![60.0, 80.0]));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// The same value in every period.
    Every(f64),
    /// One value per period, in order (validation checks the length).
    PerPeriod(Vec<f64>),
}

impl Values {
    /// One value per period of a horizon of `periods`.
    pub(crate) fn expand(&self, periods: usize) -> Vec<f64> {
        match self {
            Values::Every(x) => vec![*x; periods],
            Values::PerPeriod(values) => values.clone(),
        }
    }
}

impl From<f64> for Values {
    fn from(value: f64) -> Self {
        Values::Every(value)
    }
}

impl From<Vec<f64>> for Values {
    fn from(values: Vec<f64>) -> Self {
        Values::PerPeriod(values)
    }
}

impl From<&[f64]> for Values {
    fn from(values: &[f64]) -> Self {
        Values::PerPeriod(values.to_vec())
    }
}

impl<const N: usize> From<[f64; N]> for Values {
    fn from(values: [f64; N]) -> Self {
        Values::PerPeriod(values.to_vec())
    }
}

/// Which entities a quota, limit or event covers, by id or label, as a
/// file's selector says it.
///
/// ```
/// use rareplan::model::Pick;
/// assert_eq!(Pick::ids(["lynas", "mp"]), Pick::Ids(vec!["lynas".into(), "mp".into()]));
/// assert_eq!(Pick::labels(["CN"]), Pick::Labels(vec!["CN".into()]));
/// assert_eq!(Pick::default(), Pick::All);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Pick {
    /// Every entity of the kind (a file's selector left out).
    #[default]
    All,
    /// The entities with these ids (`["baotou", "lynas"]`). An empty list
    /// is refused, as in a file.
    Ids(Vec<String>),
    /// The entities whose label (`country`, `group` or `region`) is one of
    /// these (`{ country = ["CN"] }`).
    Labels(Vec<String>),
}

impl Pick {
    /// The entities with these ids.
    pub fn ids<S: Into<String>>(ids: impl IntoIterator<Item = S>) -> Pick {
        Pick::Ids(ids.into_iter().map(Into::into).collect())
    }

    /// The entities with one of these labels.
    pub fn labels<S: Into<String>>(labels: impl IntoIterator<Item = S>) -> Pick {
        Pick::Labels(labels.into_iter().map(Into::into).collect())
    }
}

/// A buyer's shortage penalty: one number for every material, or one per
/// material id (every material the buyer needs must have one).
///
/// ```
/// use rareplan::model::Penalty;
/// assert_eq!(Penalty::from(500_000.0), Penalty::Every(500_000.0));
/// assert_eq!(
///     Penalty::per_material([("ndpr", 5e5), ("dy", 9e5)]),
///     Penalty::PerMaterial(vec![("ndpr".into(), 5e5), ("dy".into(), 9e5)])
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Penalty {
    /// The same penalty per tonne short for every material.
    Every(f64),
    /// A penalty per material id.
    PerMaterial(Vec<(String, f64)>),
}

impl Penalty {
    /// A penalty per material id.
    pub fn per_material<S: Into<String>>(entries: impl IntoIterator<Item = (S, f64)>) -> Penalty {
        Penalty::PerMaterial(entries.into_iter().map(|(id, p)| (id.into(), p)).collect())
    }
}

impl From<f64> for Penalty {
    fn from(value: f64) -> Self {
        Penalty::Every(value)
    }
}

/// A `[[buyer]]`: its needs and stocks by material id.
///
/// ```
/// use rareplan::model::{BuyerSpec, Material, ModelBuilder};
/// let built = ModelBuilder::new(["Q1", "Q2"])
///     .material(Material::new("ndpr"))
///     .buyer(
///         BuyerSpec::new("plant")
///             .need("ndpr", [60.0, 80.0])
///             .initial_stock("ndpr", 20.0)
///             .shortage_penalty(500_000.0)
///             .holding_cost(1_000.0),
///     )
///     .build()?;
/// let plant = &built.model.buyers[0];
/// assert_eq!(plant.need[0], [60.0, 80.0]);
/// assert_eq!((plant.initial_stock[0], plant.holding_cost), (20.0, 1_000.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BuyerSpec {
    pub(crate) id: String,
    pub(crate) region: Option<String>,
    pub(crate) need: Vec<(String, Values)>,
    pub(crate) initial_stock: Vec<(String, f64)>,
    pub(crate) in_transit: Vec<(String, Values)>,
    pub(crate) shortage_penalty: Option<Penalty>,
    pub(crate) holding_cost: f64,
    pub(crate) storage: Option<f64>,
    pub(crate) end_stock: Vec<(String, f64)>,
}

impl BuyerSpec {
    /// A buyer with no need yet. Its shortage penalty is required
    /// ([`BuyerSpec::shortage_penalty`]).
    pub fn new(id: impl Into<String>) -> BuyerSpec {
        BuyerSpec {
            id: id.into(),
            region: None,
            need: Vec::new(),
            initial_stock: Vec::new(),
            in_transit: Vec::new(),
            shortage_penalty: None,
            holding_cost: 0.0,
            storage: None,
            end_stock: Vec::new(),
        }
    }

    /// Its region, matched against suppliers' `serves` and `freight`.
    pub fn region(mut self, region: impl Into<String>) -> BuyerSpec {
        self.region = Some(region.into());
        self
    }

    /// Tonnes of `material` it consumes per period.
    pub fn need(mut self, material: impl Into<String>, tonnes: impl Into<Values>) -> BuyerSpec {
        self.need.push((material.into(), tonnes.into()));
        self
    }

    /// Its stock of `material` at the start (default 0).
    pub fn initial_stock(mut self, material: impl Into<String>, tonnes: f64) -> BuyerSpec {
        self.initial_stock.push((material.into(), tonnes));
        self
    }

    /// Fixed arrivals of `material` already in transit, per period.
    pub fn in_transit(
        mut self,
        material: impl Into<String>,
        tonnes: impl Into<Values>,
    ) -> BuyerSpec {
        self.in_transit.push((material.into(), tonnes.into()));
        self
    }

    /// The penalty per tonne short (required): a number, or
    /// [`Penalty::per_material`].
    pub fn shortage_penalty(mut self, penalty: impl Into<Penalty>) -> BuyerSpec {
        self.shortage_penalty = Some(penalty.into());
        self
    }

    /// Holding cost per tonne per period (default 0).
    pub fn holding_cost(mut self, cost: f64) -> BuyerSpec {
        self.holding_cost = cost;
        self
    }

    /// Storage capacity in tonnes, all materials together (default none).
    pub fn storage(mut self, tonnes: f64) -> BuyerSpec {
        self.storage = Some(tonnes);
        self
    }

    /// A soft target stock of `material` at the end of the horizon.
    pub fn end_stock(mut self, material: impl Into<String>, tonnes: f64) -> BuyerSpec {
        self.end_stock.push((material.into(), tonnes));
        self
    }
}

/// One material a supplier sells: `[supplier.offers.ID]`.
///
/// ```
/// use rareplan::model::{BuyerSpec, EventSpec, Material, ModelBuilder, OfferSpec, Pick, QuotaSpec, ScenarioSpec, SupplierSpec, Values};
/// let base = || {
///     ModelBuilder::new(["Q1", "Q2"])
///         .material(Material::new("ndpr"))
///         .buyer(BuyerSpec::new("plant").region("US").need("ndpr", 10.0).shortage_penalty(500_000.0))
/// };
/// let offer = OfferSpec::new([50.0, 40.0], 60_000.0).reservation_fee(3_000.0).spot_price(65_000.0);
/// let built = base().supplier(SupplierSpec::new("mine").offer("ndpr", offer)).build()?;
/// let offer = &built.model.suppliers[0].offers[0];
/// assert_eq!(offer.capacity, [50.0, 40.0]);
/// assert_eq!(offer.price, [60_000.0, 60_000.0]);
/// assert_eq!(offer.reservation_fee, 3_000.0);
/// assert_eq!(offer.spot_price, Some(vec![65_000.0, 65_000.0]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OfferSpec {
    pub(crate) capacity: Values,
    pub(crate) price: Values,
    pub(crate) reservation_fee: f64,
    pub(crate) spot_price: Option<Values>,
}

impl OfferSpec {
    /// Tonnes it can ship per period and the contract price per tonne.
    pub fn new(capacity: impl Into<Values>, price: impl Into<Values>) -> OfferSpec {
        OfferSpec {
            capacity: capacity.into(),
            price: price.into(),
            reservation_fee: 0.0,
            spot_price: None,
        }
    }

    /// The fee per tonne reserved (default 0).
    pub fn reservation_fee(mut self, fee: f64) -> OfferSpec {
        self.reservation_fee = fee;
        self
    }

    /// The spot price per tonne (default: no spot sales).
    pub fn spot_price(mut self, price: impl Into<Values>) -> OfferSpec {
        self.spot_price = Some(price.into());
        self
    }
}

/// A `[[supplier]]` and its offers by material id.
///
/// ```
/// use rareplan::model::{BuyerSpec, EventSpec, Material, ModelBuilder, OfferSpec, Pick, QuotaSpec, ScenarioSpec, SupplierSpec, Values};
/// let base = || {
///     ModelBuilder::new(["Q1", "Q2"])
///         .material(Material::new("ndpr"))
///         .buyer(BuyerSpec::new("plant").region("US").need("ndpr", 10.0).shortage_penalty(500_000.0))
/// };
/// let mine = SupplierSpec::new("lynas")
///     .country("AU")
///     .lead_time(1)
///     .serves(["US"])
///     .freight("US", 500.0)
///     .offer("ndpr", OfferSpec::new(50.0, 70_000.0));
/// let built = base().supplier(mine).build()?;
/// let (model, lynas) = (&built.model, &built.model.suppliers[0]);
/// assert_eq!((lynas.country.as_deref(), lynas.lead_time), (Some("AU"), 1));
/// assert!(lynas.serves_buyer(&model.buyers[0]));
/// assert_eq!(lynas.freight_to(&model.buyers[0]), 500.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SupplierSpec {
    pub(crate) id: String,
    pub(crate) country: Option<String>,
    pub(crate) lead_time: usize,
    pub(crate) export_tax: f64,
    pub(crate) serves: Option<Vec<String>>,
    pub(crate) freight: Vec<(String, f64)>,
    pub(crate) offers: Vec<(String, OfferSpec)>,
}

impl SupplierSpec {
    /// A supplier that offers nothing yet.
    pub fn new(id: impl Into<String>) -> SupplierSpec {
        SupplierSpec {
            id: id.into(),
            country: None,
            lead_time: 0,
            export_tax: 0.0,
            serves: None,
            freight: Vec::new(),
            offers: Vec::new(),
        }
    }

    /// Its country, for `{ country = [...] }` selectors.
    pub fn country(mut self, country: impl Into<String>) -> SupplierSpec {
        self.country = Some(country.into());
        self
    }

    /// Whole periods from shipping to arrival (default 0).
    pub fn lead_time(mut self, periods: usize) -> SupplierSpec {
        self.lead_time = periods;
        self
    }

    /// Export tax as a fraction of the price (default 0).
    pub fn export_tax(mut self, fraction: f64) -> SupplierSpec {
        self.export_tax = fraction;
        self
    }

    /// The regions it ships to (default: every buyer).
    pub fn serves<S: Into<String>>(mut self, regions: impl IntoIterator<Item = S>) -> SupplierSpec {
        self.serves = Some(regions.into_iter().map(Into::into).collect());
        self
    }

    /// Freight per tonne to buyers of `region` (missing regions cost 0).
    pub fn freight(mut self, region: impl Into<String>, cost: f64) -> SupplierSpec {
        self.freight.push((region.into(), cost));
        self
    }

    /// What it sells of `material`, on what terms.
    pub fn offer(mut self, material: impl Into<String>, offer: OfferSpec) -> SupplierSpec {
        self.offers.push((material.into(), offer));
        self
    }
}

/// The scope of a `[[quota]]` or a `[[diversification]]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LimitScope {
    pub(crate) suppliers: Pick,
    pub(crate) materials: Pick,
    pub(crate) buyers: Pick,
}

/// A `[[quota]]`: tonnes per ship period over a scope.
///
/// ```
/// use rareplan::model::{BuyerSpec, EventSpec, Material, ModelBuilder, OfferSpec, Pick, QuotaSpec, ScenarioSpec, SupplierSpec, Values};
/// let base = || {
///     ModelBuilder::new(["Q1", "Q2"])
///         .material(Material::new("ndpr"))
///         .buyer(BuyerSpec::new("plant").region("US").need("ndpr", 10.0).shortage_penalty(500_000.0))
/// };
/// let built = base()
///     .supplier(SupplierSpec::new("cn").country("CN").offer("ndpr", OfferSpec::new(50.0, 50_000.0)))
///     .quota(QuotaSpec::new("cn-export", [5.0, 8.0]).suppliers(Pick::labels(["CN"])))
///     .build()?;
/// let quota = &built.model.quotas[0];
/// assert_eq!(quota.limit, [5.0, 8.0]);
/// assert!(quota.suppliers.contains(&0));
/// // 5 t and 8 t of the 10 t a quarter: the rest is short.
/// let plan = rareplan::plan(&built.model, &rareplan::Settings::default())?.plan;
/// assert!((plan.expected_shortage - 7.0).abs() < 1e-6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaSpec {
    pub(crate) id: String,
    pub(crate) scope: LimitScope,
    pub(crate) limit: Values,
}

/// A `[[diversification]]`: the largest share of reservations that a
/// scope of suppliers may take.
///
/// ```
/// use rareplan::model::{BuyerSpec, EventSpec, Material, ModelBuilder, OfferSpec, Pick, QuotaSpec, ScenarioSpec, SupplierSpec, Values};
/// use rareplan::model::DiversificationSpec;
/// let base = || {
///     ModelBuilder::new(["Q1", "Q2"])
///         .material(Material::new("ndpr"))
///         .buyer(BuyerSpec::new("plant").region("US").need("ndpr", 10.0).shortage_penalty(500_000.0))
/// };
/// let built = base()
///     .supplier(SupplierSpec::new("cn").offer("ndpr", OfferSpec::new(50.0, 50_000.0)))
///     .diversification(DiversificationSpec::new("cap-cn", 0.5).suppliers(Pick::ids(["cn"])))
///     .build()?;
/// let cap = &built.model.diversifications[0];
/// assert_eq!(cap.max_share, 0.5);
/// assert!(cap.materials.is_all() && !cap.suppliers.is_all());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DiversificationSpec {
    pub(crate) id: String,
    pub(crate) scope: LimitScope,
    pub(crate) max_share: f64,
}

/// The selectors of [`QuotaSpec`] and [`DiversificationSpec`].
macro_rules! scoped {
    ($spec:ident) => {
        impl $spec {
            /// The suppliers it covers (default all).
            pub fn suppliers(mut self, pick: Pick) -> $spec {
                self.scope.suppliers = pick;
                self
            }

            /// The materials it covers (default all).
            pub fn materials(mut self, pick: Pick) -> $spec {
                self.scope.materials = pick;
                self
            }

            /// The buyers it covers (default all).
            pub fn buyers(mut self, pick: Pick) -> $spec {
                self.scope.buyers = pick;
                self
            }
        }
    };
}
scoped!(QuotaSpec);
scoped!(DiversificationSpec);

const EVERYTHING: LimitScope = LimitScope {
    suppliers: Pick::All,
    materials: Pick::All,
    buyers: Pick::All,
};

impl QuotaSpec {
    /// A quota of `limit` tonnes per ship period on every supplier,
    /// material and buyer (narrow it with the selectors).
    pub fn new(id: impl Into<String>, limit: impl Into<Values>) -> QuotaSpec {
        QuotaSpec {
            id: id.into(),
            scope: EVERYTHING,
            limit: limit.into(),
        }
    }
}

impl DiversificationSpec {
    /// A cap of `max_share` (in [0, 1]) on the share of reservations.
    pub fn new(id: impl Into<String>, max_share: f64) -> DiversificationSpec {
        DiversificationSpec {
            id: id.into(),
            scope: EVERYTHING,
            max_share,
        }
    }
}

/// What an event hits, by id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    Outage { supplier: String },
    QuotaCut { quota: String },
    PriceShock { materials: Pick },
    DemandShock { buyers: Pick, materials: Pick },
}

/// A disruption: `[[outage]]`, `[[quota_cut]]`, `[[price_shock]]` or
/// `[[demand_shock]]`.
///
/// ```
/// use rareplan::model::{BuyerSpec, EventSpec, Material, ModelBuilder, OfferSpec, Pick, QuotaSpec, ScenarioSpec, SupplierSpec, Values};
/// use rareplan::model::EventKind;
/// let base = || {
///     ModelBuilder::new(["Q1", "Q2"])
///         .material(Material::new("ndpr"))
///         .buyer(BuyerSpec::new("plant").region("US").need("ndpr", 10.0).shortage_penalty(500_000.0))
/// };
/// let built = base()
///     .supplier(SupplierSpec::new("mine").offer("ndpr", OfferSpec::new(50.0, 60_000.0)))
///     .event(EventSpec::outage("halt", "mine", 0.0).probability(0.1).periods(["Q2"]))
///     .build()?;
/// let halt = &built.model.events[0];
/// assert_eq!(halt.kind, EventKind::Outage { supplier: 0, capacity_factor: 0.0 });
/// assert_eq!((halt.probability, halt.periods.as_slice()), (Some(0.1), &[false, true][..]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EventSpec {
    pub(crate) id: String,
    pub(crate) target: Target,
    pub(crate) factor: f64,
    pub(crate) probability: Option<f64>,
    pub(crate) periods: Option<Vec<String>>,
}

impl EventSpec {
    fn new(id: impl Into<String>, target: Target, factor: f64) -> EventSpec {
        EventSpec {
            id: id.into(),
            target,
            factor,
            probability: None,
            periods: None,
        }
    }

    /// A supplier's capacity falls to `capacity_factor` (0: stopped).
    pub fn outage(
        id: impl Into<String>,
        supplier: impl Into<String>,
        capacity_factor: f64,
    ) -> Self {
        let supplier = supplier.into();
        EventSpec::new(id, Target::Outage { supplier }, capacity_factor)
    }

    /// A quota's limit is multiplied by `limit_factor`.
    pub fn quota_cut(id: impl Into<String>, quota: impl Into<String>, limit_factor: f64) -> Self {
        let quota = quota.into();
        EventSpec::new(id, Target::QuotaCut { quota }, limit_factor)
    }

    /// Spot prices of `materials` are multiplied by `price_factor`.
    pub fn price_shock(id: impl Into<String>, materials: Pick, price_factor: f64) -> Self {
        EventSpec::new(id, Target::PriceShock { materials }, price_factor)
    }

    /// The needs of `buyers` for `materials` are multiplied by
    /// `demand_factor`.
    pub fn demand_shock(
        id: impl Into<String>,
        buyers: Pick,
        materials: Pick,
        demand_factor: f64,
    ) -> Self {
        EventSpec::new(id, Target::DemandShock { buyers, materials }, demand_factor)
    }

    /// Its probability in [0, 1] (required unless the model lists
    /// explicit scenarios).
    pub fn probability(mut self, probability: f64) -> Self {
        self.probability = Some(probability);
        self
    }

    /// The periods it touches, by label (default every period).
    pub fn periods<S: Into<String>>(mut self, periods: impl IntoIterator<Item = S>) -> Self {
        self.periods = Some(periods.into_iter().map(Into::into).collect());
        self
    }
}

/// An explicit joint scenario (`[[scenario]]`): events by id that occur
/// together, with its probability.
///
/// ```
/// use rareplan::model::{BuyerSpec, EventSpec, Material, ModelBuilder, OfferSpec, Pick, QuotaSpec, ScenarioSpec, SupplierSpec, Values};
/// let base = || {
///     ModelBuilder::new(["Q1", "Q2"])
///         .material(Material::new("ndpr"))
///         .buyer(BuyerSpec::new("plant").region("US").need("ndpr", 10.0).shortage_penalty(500_000.0))
/// };
/// let built = base()
///     .supplier(SupplierSpec::new("mine").offer("ndpr", OfferSpec::new(50.0, 60_000.0)))
///     .event(EventSpec::outage("halt", "mine", 0.5))
///     .scenario(ScenarioSpec::new("bad-year", ["halt"], 0.25))
///     .build()?;
/// let bad = &built.model.explicit_scenarios[0];
/// assert_eq!((bad.id.as_str(), bad.events.as_slice(), bad.probability), ("bad-year", &[0][..], 0.25));
/// // The rest of the probability is the baseline.
/// let plan = rareplan::plan(&built.model, &rareplan::Settings::default())?.plan;
/// assert_eq!(plan.scenarios.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioSpec {
    pub(crate) id: String,
    pub(crate) events: Vec<String>,
    pub(crate) probability: f64,
}

impl ScenarioSpec {
    /// The scenario `id` in which `events` occur together.
    pub fn new<S: Into<String>>(
        id: impl Into<String>,
        events: impl IntoIterator<Item = S>,
        probability: f64,
    ) -> ScenarioSpec {
        ScenarioSpec {
            id: id.into(),
            events: events.into_iter().map(Into::into).collect(),
            probability,
        }
    }
}
