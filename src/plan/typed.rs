//! The plan's typed parts: ids that say what they name, what a shadow
//! price prices, the plan's status, how its scenarios were made, and the
//! positions in the model that a plan's ids stand for.
//!
//! The file format does not change: each type serialises as the string or
//! the record plans have always held.

use serde::{Deserialize, Serialize};

use crate::model::Model;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_string())
            }
        }
    };
}

id_type!(
    /// A quota's id (`cn-export`).
    ///
    /// ```
    /// let q = rareplan::plan::QuotaId::from("cn-export");
    /// assert_eq!(q, "cn-export");
    /// assert_eq!(q.len(), 9); // derefs to `str`
    /// ```
    QuotaId
);
id_type!(
    /// A supplier's id (`lynas`).
    ///
    /// ```
    /// assert_eq!(rareplan::plan::SupplierId::from("lynas").to_string(), "lynas");
    /// ```
    SupplierId
);
id_type!(
    /// A material's id (`ndpr-oxide`).
    ///
    /// ```
    /// assert_eq!(rareplan::plan::MaterialId::from("dy-oxide").as_str(), "dy-oxide");
    /// ```
    MaterialId
);
id_type!(
    /// A period's label (`2011Q3`).
    ///
    /// ```
    /// assert_eq!(rareplan::plan::PeriodId::from("Q1"), "Q1");
    /// ```
    PeriodId
);

/// What a shadow price prices: one export quota, or one offer's capacity,
/// in one ship period. More kinds may be added (`#[non_exhaustive]`).
///
/// ```
/// use rareplan::plan::Limit;
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// assert!(!plan.shadow_prices.is_empty());
/// for price in &plan.shadow_prices {
///     match &price.limit {
///         Limit::Quota { quota, period } => println!("{quota} in {period}: {}", price.value),
///         Limit::Capacity { supplier, material, period } => {
///             // The tiny model has no quota: every price is a capacity's.
///             assert!(loaded.model.suppliers.iter().any(|s| s.id == supplier.as_str()));
///             assert_eq!(material.as_str(), "ndpr-oxide");
///             assert_eq!(price.limit.kind(), "capacity");
///             assert!(loaded.model.periods.iter().any(|p| p == period.as_str()));
///         }
///         _ => {}
///     }
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Limit {
    /// An export quota's limit in a ship period.
    Quota {
        /// The quota.
        quota: QuotaId,
        /// The ship period.
        period: PeriodId,
    },
    /// A supplier's capacity of one material in a ship period.
    Capacity {
        /// The supplier.
        supplier: SupplierId,
        /// The material of the offer.
        material: MaterialId,
        /// The ship period.
        period: PeriodId,
    },
}

impl Limit {
    /// `quota` or `capacity`, as plan files write it.
    pub fn kind(&self) -> &'static str {
        match self {
            Limit::Quota { .. } => "quota",
            Limit::Capacity { .. } => "capacity",
        }
    }

    /// The id plan files write: the quota's, or `supplier/material`.
    pub fn id(&self) -> String {
        match self {
            Limit::Quota { quota, .. } => quota.0.clone(),
            Limit::Capacity {
                supplier, material, ..
            } => format!("{supplier}/{material}"),
        }
    }

    /// The ship period.
    pub fn period(&self) -> &PeriodId {
        match self {
            Limit::Quota { period, .. } | Limit::Capacity { period, .. } => period,
        }
    }

    /// Where the limit sits in `model`: the quota's index, or the
    /// supplier's and its offer's; with the period's.
    ///
    /// ```
    /// use rareplan::plan::{Limit, LimitAt};
    /// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
    /// let limit = Limit::Capacity {
    ///     supplier: "au-mine".into(),
    ///     material: "ndpr-oxide".into(),
    ///     period: "Q2".into(),
    /// };
    /// assert_eq!(limit.at(&loaded.model)?, LimitAt::Capacity { supplier: 1, offer: 0, period: 1 });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn at(&self, model: &Model) -> Result<LimitAt, UnknownId> {
        let period = period_index(model, self.period())?;
        match self {
            Limit::Quota { quota, .. } => Ok(LimitAt::Quota {
                quota: position("quota", quota, model.quotas.iter().map(|q| &q.id))?,
                period,
            }),
            Limit::Capacity {
                supplier, material, ..
            } => {
                let s = supplier_index(model, supplier)?;
                let e = material_index(model, material)?;
                let offer = model.suppliers[s]
                    .offers
                    .iter()
                    .position(|o| o.material == e)
                    .ok_or_else(|| UnknownId {
                        kind: "offer",
                        id: format!("{supplier}/{material}"),
                    })?;
                Ok(LimitAt::Capacity {
                    supplier: s,
                    offer,
                    period,
                })
            }
        }
    }
}

/// Where a [`Limit`] sits in the model: indices into its vectors.
///
/// ```
/// use rareplan::plan::LimitAt;
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// for price in &plan.shadow_prices {
///     match price.limit.at(&loaded.model)? {
///         LimitAt::Capacity { supplier, offer, period } => {
///             let s = &loaded.model.suppliers[supplier];
///             assert_eq!(s.offers[offer].material, 0);
///             assert!(period < loaded.model.horizon());
///         }
///         other => panic!("tiny has no quota: {other:?}"),
///     }
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LimitAt {
    /// `model.quotas[quota]` in `model.periods[period]`.
    Quota {
        /// Index into `model.quotas`.
        quota: usize,
        /// Index into `model.periods`.
        period: usize,
    },
    /// `model.suppliers[supplier].offers[offer]` in `model.periods[period]`.
    Capacity {
        /// Index into `model.suppliers`.
        supplier: usize,
        /// Index into the supplier's `offers`.
        offer: usize,
        /// Index into `model.periods`.
        period: usize,
    },
}

/// An id of a plan that the model lacks (the plan was made from another
/// model).
///
/// ```
/// let e = rareplan::plan::UnknownId { kind: "supplier", id: "acme".into() };
/// assert_eq!(e.to_string(), "the model has no supplier `acme`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the model has no {kind} `{id}`")]
pub struct UnknownId {
    /// What kind of entity (`supplier`, `material`, `buyer`, `quota`,
    /// `period`, `offer`).
    pub kind: &'static str,
    /// The id.
    pub id: String,
}

fn position<'a>(
    kind: &'static str,
    id: &str,
    ids: impl IntoIterator<Item = &'a String>,
) -> Result<usize, UnknownId> {
    ids.into_iter()
        .position(|x| x == id)
        .ok_or_else(|| UnknownId {
            kind,
            id: id.to_string(),
        })
}

pub(crate) fn supplier_index(model: &Model, id: &str) -> Result<usize, UnknownId> {
    position("supplier", id, model.suppliers.iter().map(|s| &s.id))
}

pub(crate) fn material_index(model: &Model, id: &str) -> Result<usize, UnknownId> {
    position("material", id, model.materials.iter().map(|m| &m.id))
}

pub(crate) fn buyer_index(model: &Model, id: &str) -> Result<usize, UnknownId> {
    position("buyer", id, model.buyers.iter().map(|b| &b.id))
}

pub(crate) fn period_index(model: &Model, id: &str) -> Result<usize, UnknownId> {
    position("period", id, model.periods.iter())
}

/// A shadow price as plan files write it.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct ShadowPriceRecord {
    kind: String,
    id: String,
    period: String,
    value: f64,
}

/// The objective's decrease per extra tonne of a quota or a capacity in
/// one ship period. Plan files write it as `kind`, `id`, `period` and
/// `value`, as they always have.
///
/// ```
/// use rareplan::plan::{Limit, ShadowPrice};
/// let json = r#"{"kind": "capacity", "id": "lynas/ndpr-oxide", "period": "2011Q3", "value": 1250.0}"#;
/// let price: ShadowPrice = serde_json::from_str(json)?;
/// let Limit::Capacity { supplier, material, .. } = &price.limit else { unreachable!() };
/// assert_eq!((supplier.as_str(), material.as_str()), ("lynas", "ndpr-oxide"));
/// assert_eq!((price.kind(), price.id().as_str(), price.value), ("capacity", "lynas/ndpr-oxide", 1250.0));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ShadowPriceRecord", into = "ShadowPriceRecord")]
pub struct ShadowPrice {
    /// What is priced.
    pub limit: Limit,
    /// Decrease of the optimal objective per extra tonne.
    pub value: f64,
}

impl ShadowPrice {
    /// `quota` or `capacity`.
    pub fn kind(&self) -> &'static str {
        self.limit.kind()
    }

    /// The quota's id, or `supplier/material`.
    pub fn id(&self) -> String {
        self.limit.id()
    }

    /// The ship period's label.
    pub fn period(&self) -> &str {
        self.limit.period()
    }
}

impl From<ShadowPrice> for ShadowPriceRecord {
    fn from(p: ShadowPrice) -> Self {
        ShadowPriceRecord {
            kind: p.kind().to_string(),
            id: p.id(),
            period: p.period().to_string(),
            value: p.value,
        }
    }
}

impl TryFrom<ShadowPriceRecord> for ShadowPrice {
    type Error = String;

    fn try_from(r: ShadowPriceRecord) -> Result<Self, String> {
        let period = PeriodId(r.period);
        let limit = match r.kind.as_str() {
            "quota" => Limit::Quota {
                quota: QuotaId(r.id),
                period,
            },
            "capacity" => {
                // Ids never hold `/` (model-format.md): the first one splits.
                let (supplier, material) = r.id.split_once('/').ok_or_else(|| {
                    format!("a capacity's id is `supplier/material`, found `{}`", r.id)
                })?;
                Limit::Capacity {
                    supplier: supplier.into(),
                    material: material.into(),
                    period,
                }
            }
            other => {
                return Err(format!(
                    "a shadow price's kind is `quota` or `capacity`, found `{other}`"
                ));
            }
        };
        Ok(ShadowPrice {
            limit,
            value: r.value,
        })
    }
}

/// A plan's status. Only verified optimal plans are made today; more may
/// come (`#[non_exhaustive]`). Written `optimal` in plan files.
///
/// ```
/// let status: rareplan::plan::PlanStatus = serde_json::from_str("\"optimal\"")?;
/// assert_eq!(status, rareplan::plan::PlanStatus::Optimal);
/// assert_eq!(status.to_string(), "optimal");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum PlanStatus {
    /// Optimal and verified against the LP.
    Optimal,
}

impl PlanStatus {
    /// The status as plan files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Optimal => "optimal",
        }
    }
}

impl std::fmt::Display for PlanStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a plan's scenarios were made (`mode` in plan files). More may come
/// (`#[non_exhaustive]`).
///
/// ```
/// use rareplan::plan::GenerationMode;
/// assert_eq!(serde_json::to_string(&GenerationMode::Enumerated)?, "\"enumerated\"");
/// assert_eq!(GenerationMode::Sampled.as_str(), "sampled");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum GenerationMode {
    /// The model's own `[[scenario]]` entries.
    Explicit,
    /// Every subset of the events.
    Enumerated,
    /// Seeded draws (`samples` and `seed` say which).
    Sampled,
}

impl GenerationMode {
    /// The mode as plan files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            GenerationMode::Explicit => "explicit",
            GenerationMode::Enumerated => "enumerated",
            GenerationMode::Sampled => "sampled",
        }
    }
}

impl std::fmt::Display for GenerationMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a reservation or a delivery sits in the model: indices into
/// `model.suppliers`, `model.materials`, `model.buyers` and
/// `model.periods` (the ship period), and the supplier's offer.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let au = plan.reservations.iter().find(|r| r.supplier == "au-mine").expect("reserved");
/// let at = au.at(&loaded.model)?;
/// assert_eq!((at.supplier, at.offer, at.material, at.buyer), (1, 0, 0, 0));
/// assert_eq!(loaded.model.periods[at.period], au.period);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RouteAt {
    /// Index into `model.suppliers`.
    pub supplier: usize,
    /// Index into the supplier's `offers`.
    pub offer: usize,
    /// Index into `model.materials`.
    pub material: usize,
    /// Index into `model.buyers`.
    pub buyer: usize,
    /// Index into `model.periods`: the ship period.
    pub period: usize,
}

/// Where a flow of stock sits in the model: indices into `model.buyers`,
/// `model.materials` and `model.periods`.
///
/// ```
/// let loaded = rareplan::load_model(std::path::Path::new("models/tiny.toml"))?;
/// let plan = rareplan::plan(&loaded.model, &rareplan::Settings::default())?.plan;
/// let last = plan.expected.last().expect("three quarters");
/// let at = last.at(&loaded.model)?;
/// assert_eq!((at.buyer, at.material, at.period), (0, 0, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct StockAt {
    /// Index into `model.buyers`.
    pub buyer: usize,
    /// Index into `model.materials`.
    pub material: usize,
    /// Index into `model.periods`.
    pub period: usize,
}

pub(crate) fn route_at(
    model: &Model,
    supplier: &str,
    material: &str,
    buyer: &str,
    period: &str,
) -> Result<RouteAt, UnknownId> {
    let s = supplier_index(model, supplier)?;
    let e = material_index(model, material)?;
    let offer = model.suppliers[s]
        .offers
        .iter()
        .position(|o| o.material == e)
        .ok_or_else(|| UnknownId {
            kind: "offer",
            id: format!("{supplier}/{material}"),
        })?;
    Ok(RouteAt {
        supplier: s,
        offer,
        material: e,
        buyer: buyer_index(model, buyer)?,
        period: period_index(model, period)?,
    })
}

pub(crate) fn stock_at(
    model: &Model,
    buyer: &str,
    material: &str,
    period: &str,
) -> Result<StockAt, UnknownId> {
    Ok(StockAt {
        buyer: buyer_index(model, buyer)?,
        material: material_index(model, material)?,
        period: period_index(model, period)?,
    })
}
