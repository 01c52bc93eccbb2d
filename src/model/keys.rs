//! The keys each table of a model file may hold: the reader refuses
//! others, and the JSON Schema (`schema.rs`) is built from these lists.

/// The top-level tables.
pub(crate) const TOP_KEYS: &[&str] = &[
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
/// Keys of `[model]`.
pub(crate) const MODEL_KEYS: &[&str] = &["name", "currency", "unit", "periods"];
/// Keys of `[risk]`.
pub(crate) const RISK_KEYS: &[&str] = &["weight", "alpha"];
/// Keys of `[scenarios]`.
pub(crate) const SCENARIOS_KEYS: &[&str] = &["mode", "samples", "seed"];
/// Keys of a `[[material]]`.
pub(crate) const MATERIAL_KEYS: &[&str] = &["id", "name", "group"];
/// Keys of a `[[buyer]]`.
pub(crate) const BUYER_KEYS: &[&str] = &[
    "id",
    "region",
    "need",
    "initial_stock",
    "in_transit",
    "shortage_penalty",
    "holding_cost",
    "storage",
    "end_stock",
];
/// Keys of a `[[supplier]]`.
pub(crate) const SUPPLIER_KEYS: &[&str] = &[
    "id",
    "country",
    "lead_time",
    "export_tax",
    "serves",
    "freight",
    "offers",
];
/// Keys of an offer (`[supplier.offers.ID]`).
pub(crate) const OFFER_KEYS: &[&str] = &["capacity", "price", "reservation_fee", "spot_price"];
/// Keys of a `[[quota]]`.
pub(crate) const QUOTA_KEYS: &[&str] = &["id", "suppliers", "materials", "buyers", "limit"];
/// Keys of a `[[diversification]]`.
pub(crate) const DIVERSIFICATION_KEYS: &[&str] =
    &["id", "suppliers", "materials", "buyers", "max_share"];
