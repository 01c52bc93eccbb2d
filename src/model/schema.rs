//! The JSON Schema of model files (`rareplan schema`), for editors (taplo,
//! Even Better TOML) and other tools.
//!
//! Every table's `properties` are built from the validator's own key lists
//! (`keys.rs`, `events.rs`), with `additionalProperties: false`, so a
//! key the validator knows is in the schema and one it refuses is refused
//! here too; the type of each key comes from `field`, and a unit test
//! checks that every key has one. What a schema cannot say (ids that must
//! exist, list lengths equal to the number of periods, explicit scenario
//! probabilities summing to at most 1) stays with the validator.

use serde_json::{Map, Value, json};

use super::events::{
    DEMAND_SHOCK_KEYS, OUTAGE_KEYS, PRICE_SHOCK_KEYS, QUOTA_CUT_KEYS, SCENARIO_KEYS,
};
use super::keys::{
    BUYER_KEYS, DIVERSIFICATION_KEYS, MATERIAL_KEYS, MODEL_KEYS, OFFER_KEYS, QUOTA_KEYS, RISK_KEYS,
    SCENARIOS_KEYS, SUPPLIER_KEYS, TOP_KEYS,
};

/// Every table of the format: its name in the schema, its keys (the
/// validator's lists) and the keys it requires.
const TABLES: &[(&str, &[&str], &[&str])] = &[
    ("model", MODEL_KEYS, &["periods"]),
    ("risk", RISK_KEYS, &[]),
    ("scenarios", SCENARIOS_KEYS, &[]),
    ("material", MATERIAL_KEYS, &["id"]),
    ("buyer", BUYER_KEYS, &["id", "shortage_penalty"]),
    ("supplier", SUPPLIER_KEYS, &["id"]),
    ("offer", OFFER_KEYS, &["capacity", "price"]),
    ("quota", QUOTA_KEYS, &["id", "limit"]),
    (
        "diversification",
        DIVERSIFICATION_KEYS,
        &["id", "max_share"],
    ),
    (
        "outage",
        OUTAGE_KEYS,
        &["id", "supplier", "capacity_factor"],
    ),
    (
        "quota_cut",
        QUOTA_CUT_KEYS,
        &["id", "quota", "limit_factor"],
    ),
    ("price_shock", PRICE_SHOCK_KEYS, &["id", "price_factor"]),
    ("demand_shock", DEMAND_SHOCK_KEYS, &["id", "demand_factor"]),
    ("scenario", SCENARIO_KEYS, &["id", "events", "probability"]),
];

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{name}") })
}

/// The schema of one key of one table; `None` for a key this module does
/// not know (the unit test keeps that from happening).
fn field(table: &str, key: &str) -> Option<Value> {
    let schema = match (table, key) {
        (_, "id") => reference("id"),
        ("model", "name" | "currency" | "unit")
        | ("material", "name" | "group")
        | ("buyer", "region")
        | ("supplier", "country") => json!({ "type": "string" }),
        ("model", "periods") => json!({
            "type": "array", "minItems": 1, "items": { "type": "string", "minLength": 1 }
        }),
        ("risk", "weight") => reference("fraction"),
        ("risk", "alpha") => json!({ "type": "number", "minimum": 0, "exclusiveMaximum": 1 }),
        ("scenarios", "mode") => json!({ "enum": ["auto", "enumerate", "sample"] }),
        ("scenarios", "samples") => json!({ "type": "integer", "minimum": 1 }),
        ("scenarios", "seed") => json!({ "type": "integer", "minimum": 0 }),
        ("buyer", "need" | "in_transit") => json!({
            "type": "object", "additionalProperties": reference("per_period")
        }),
        ("buyer", "initial_stock" | "end_stock") => json!({
            "type": "object", "additionalProperties": reference("quantity")
        }),
        ("buyer", "shortage_penalty") => json!({
            "anyOf": [
                reference("quantity"),
                { "type": "object", "additionalProperties": reference("quantity") }
            ]
        }),
        ("buyer", "holding_cost" | "storage") | ("offer", "reservation_fee") => {
            reference("quantity")
        }
        ("supplier", "lead_time") => json!({ "type": "integer", "minimum": 0 }),
        ("supplier", "export_tax") => reference("fraction"),
        ("supplier", "serves") => json!({ "type": "array", "items": { "type": "string" } }),
        ("supplier", "freight") => json!({
            "type": "object", "additionalProperties": reference("quantity")
        }),
        ("supplier", "offers") => json!({
            "type": "object", "additionalProperties": reference("offer")
        }),
        ("offer", "capacity" | "price" | "spot_price") | ("quota", "limit") => {
            reference("per_period")
        }
        ("quota" | "diversification" | "price_shock" | "demand_shock", "materials")
        | ("quota" | "diversification" | "demand_shock", "buyers")
        | ("quota" | "diversification", "suppliers") => reference("selector"),
        ("diversification", "max_share") | (_, "probability") => reference("fraction"),
        ("outage", "supplier") | ("quota_cut", "quota") => reference("id"),
        (_, "periods") => json!({ "type": "array", "items": { "type": "string" } }),
        (_, "capacity_factor" | "limit_factor" | "price_factor" | "demand_factor") => {
            reference("quantity")
        }
        ("scenario", "events") => json!({ "type": "array", "items": reference("id") }),
        _ => return None,
    };
    Some(schema)
}

fn table_schema(name: &str, keys: &[&str], required: &[&str]) -> Value {
    let mut properties = Map::new();
    for key in keys {
        if let Some(schema) = field(name, key) {
            properties.insert((*key).to_string(), schema);
        }
    }
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// The JSON Schema (draft 2020-12) of a model file, as a JSON value.
pub fn model_schema() -> Value {
    let mut defs = Map::new();
    defs.insert(
        "id".into(),
        json!({ "type": "string", "pattern": "^[A-Za-z0-9._-]+$" }),
    );
    defs.insert("quantity".into(), json!({ "type": "number", "minimum": 0 }));
    defs.insert(
        "fraction".into(),
        json!({ "type": "number", "minimum": 0, "maximum": 1 }),
    );
    defs.insert(
        "per_period".into(),
        json!({
            "description": "a number for every period, or a list with one value per period",
            "anyOf": [
                reference("quantity"),
                { "type": "array", "items": reference("quantity") }
            ]
        }),
    );
    defs.insert(
        "selector".into(),
        json!({
            "description": "a list of ids, or a table that picks by label",
            "anyOf": [
                { "type": "array", "minItems": 1, "items": reference("id") },
                {
                    "type": "object",
                    "properties": {
                        "country": { "type": "array", "minItems": 1, "items": { "type": "string" } },
                        "group": { "type": "array", "minItems": 1, "items": { "type": "string" } },
                        "region": { "type": "array", "minItems": 1, "items": { "type": "string" } }
                    },
                    "additionalProperties": false
                }
            ]
        }),
    );
    for (name, keys, required) in TABLES {
        defs.insert((*name).to_string(), table_schema(name, keys, required));
    }
    let mut properties = Map::new();
    for key in TOP_KEYS {
        let schema = match *key {
            "model" | "risk" | "scenarios" => reference(key),
            other => json!({ "type": "array", "items": reference(other) }),
        };
        properties.insert((*key).to_string(), schema);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "rareplan model file",
        "description": "A rareplan model (TOML). Field meanings: model-format.md and formulation.md.",
        "type": "object",
        "properties": properties,
        "required": ["model", "material", "buyer"],
        "additionalProperties": false,
        "$defs": defs,
    })
}

/// The schema as pretty-printed JSON with a final newline.
pub fn model_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&model_schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_validator_key_has_a_schema() {
        for (name, keys, required) in TABLES {
            for key in *keys {
                assert!(field(name, key).is_some(), "{name}.{key} has no schema");
            }
            for key in *required {
                assert!(keys.contains(key), "{name}: required {key} is not a key");
            }
        }
        for key in TOP_KEYS {
            assert!(
                TABLES.iter().any(|(name, _, _)| name == key),
                "top-level {key} has no table"
            );
        }
    }
}
