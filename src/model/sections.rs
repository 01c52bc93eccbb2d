//! The sections of a model file that are one table each (`[model]`,
//! `[risk]`, `[scenarios]`) and the materials.

use std::ops::Range;

use toml::de::DeTable;

use super::entries::{Seen, entries, read_id};
use super::keys::{MATERIAL_KEYS, MODEL_KEYS, RISK_KEYS, SCENARIOS_KEYS};
use super::reader::{Reader, get, index, join};
use super::rules;
use super::{Material, Risk, ScenarioMode, ScenarioSettings};
use crate::diagnostic::nearest;

/// `[model]`: its labels and the periods (none when missing or empty).
pub(crate) fn read_model_section(
    r: &mut Reader,
    root: &DeTable<'_>,
    root_span: &Range<usize>,
) -> (String, String, String, Vec<String>) {
    let Some(node) = get(root, "model") else {
        r.error_help(
            "model",
            root_span.start..root_span.start,
            "missing required section [model]",
            "add `[model]` with `periods = [...]`",
        );
        return (String::new(), String::new(), String::new(), Vec::new());
    };
    let Some(table) = r.table(node, "model", MODEL_KEYS) else {
        return (String::new(), String::new(), String::new(), Vec::new());
    };
    let text = |r: &mut Reader, key: &str, default: &str| {
        get(table, key)
            .and_then(|v| r.string(v, &join("model", key)))
            .unwrap_or_else(|| default.to_string())
    };
    let name = text(r, "name", "unnamed model");
    let currency = text(r, "currency", "USD");
    let unit = text(r, "unit", "t");
    let mut periods = Vec::new();
    if let Some(node) = r.required(table, node.span(), "model", "periods")
        && let Some(labels) = r.strings(node, "model.periods")
    {
        for (i, (label, span)) in labels.into_iter().enumerate() {
            let path = index("model.periods", i);
            if label.is_empty() {
                r.error(&path, span, rules::EMPTY_PERIOD);
            } else if periods.contains(&label) {
                r.problem(&path, span, rules::duplicate_period(&label));
            }
            periods.push(label);
        }
        if periods.is_empty() {
            r.problem("model.periods", node.span(), rules::no_periods());
        }
    }
    (name, currency, unit, periods)
}

/// `[risk]`: λ and α, the defaults where absent.
pub(crate) fn read_risk(r: &mut Reader, root: &DeTable<'_>) -> Risk {
    let mut risk = Risk::default();
    let Some(table) = get(root, "risk").and_then(|node| r.table(node, "risk", RISK_KEYS)) else {
        return risk;
    };
    if let Some(node) = get(table, "weight") {
        risk.weight = r.fraction(node, "risk.weight").unwrap_or(0.0);
    }
    if let Some(node) = get(table, "alpha")
        && let Some(alpha) = r.number(node, "risk.alpha")
        && let Some(alpha) = r.ruled(node, "risk.alpha", rules::alpha(alpha))
    {
        risk.alpha = alpha;
    }
    risk
}

/// `[scenarios]`: the mode, draws and seed, the defaults where absent.
pub(crate) fn read_scenario_settings(r: &mut Reader, root: &DeTable<'_>) -> ScenarioSettings {
    let mut settings = ScenarioSettings::default();
    let Some(table) =
        get(root, "scenarios").and_then(|node| r.table(node, "scenarios", SCENARIOS_KEYS))
    else {
        return settings;
    };
    if let Some(node) = get(table, "mode")
        && let Some(mode) = r.string(node, "scenarios.mode")
    {
        settings.mode = match mode.as_str() {
            "auto" => ScenarioMode::Auto,
            "enumerate" => ScenarioMode::Enumerate,
            "sample" => ScenarioMode::Sample,
            other => {
                let modes = ["auto", "enumerate", "sample"];
                let help = match nearest(other, modes) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "use \"auto\", \"enumerate\" or \"sample\"".to_string(),
                };
                r.error_help(
                    "scenarios.mode",
                    node.span(),
                    format!("unknown mode `{other}`"),
                    help,
                );
                ScenarioMode::Auto
            }
        };
    }
    if let Some(node) = get(table, "samples")
        && let Some(samples) = r.whole(node, "scenarios.samples", 1)
    {
        settings.samples = samples;
    }
    if let Some(node) = get(table, "seed") {
        settings.seed = r.whole(node, "scenarios.seed", 0).unwrap_or(0);
    }
    settings
}

/// Every `[[material]]`.
pub(crate) fn read_materials(
    r: &mut Reader,
    root: &DeTable<'_>,
    root_span: &Range<usize>,
) -> Vec<Material> {
    let mut seen = Seen::new();
    let mut materials = Vec::new();
    for (path, node) in entries(r, root, "material") {
        let Some(table) = r.table(node, &path, MATERIAL_KEYS) else {
            continue;
        };
        let id = read_id(r, table, node.span(), &path, &mut seen);
        let name = get(table, "name").and_then(|v| r.string(v, &join(&path, "name")));
        let group = get(table, "group").and_then(|v| r.string(v, &join(&path, "group")));
        materials.push(Material { id, name, group });
    }
    if materials.is_empty() && get(root, "material").is_none() {
        r.problem(
            "material",
            root_span.start..root_span.start,
            rules::no_materials(),
        );
    }
    materials
}
