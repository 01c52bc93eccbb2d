//! Disruption events (`[[outage]]`, `[[quota_cut]]`, `[[price_shock]]`,
//! `[[demand_shock]]`) and explicit `[[scenario]]` entries.

use toml::de::DeTable;

use super::reader::{Node, Reader, get, index, join};
use super::selector::Pool;
use super::validate::{Pools, entries, read_id};
use super::{Event, EventKind, ExplicitScenario};

/// Tolerance on the sum of explicit scenario probabilities.
pub(crate) const PROBABILITY_TOLERANCE: f64 = 1e-9;

/// Event kinds in canonical order, with their factor key.
const KINDS: [(&str, &str); 4] = [
    ("outage", "capacity_factor"),
    ("quota_cut", "limit_factor"),
    ("price_shock", "price_factor"),
    ("demand_shock", "demand_factor"),
];

/// Reads every event, in canonical order (outages, quota cuts, price
/// shocks, demand shocks; each kind in file order).
pub(crate) fn read_events(
    r: &mut Reader,
    root: &DeTable<'_>,
    periods: &[String],
    pools: &Pools<'_>,
    quotas: &Pool<'_>,
    explicit_given: bool,
) -> Vec<Event> {
    let mut seen = Vec::new();
    let mut events = Vec::new();
    for (kind, factor_key) in KINDS {
        for (path, node) in entries(r, root, kind) {
            let known: &[&str] = match kind {
                "outage" => &[
                    "id",
                    "supplier",
                    "periods",
                    "capacity_factor",
                    "probability",
                ],
                "quota_cut" => &["id", "quota", "periods", "limit_factor", "probability"],
                "price_shock" => &["id", "materials", "periods", "price_factor", "probability"],
                _ => &[
                    "id",
                    "buyers",
                    "materials",
                    "periods",
                    "demand_factor",
                    "probability",
                ],
            };
            let Some(table) = r.table(node, &path, known) else {
                continue;
            };
            let id = read_id(r, table, node.span(), &path, &mut seen);
            let factor = r
                .required(table, node.span(), &path, factor_key)
                .and_then(|v| r.non_negative(v, &join(&path, factor_key)))
                .unwrap_or(1.0);
            let probability = if explicit_given {
                get(table, "probability").and_then(|v| r.fraction(v, &join(&path, "probability")))
            } else {
                r.required(table, node.span(), &path, "probability")
                    .and_then(|v| r.fraction(v, &join(&path, "probability")))
            };
            let event_periods =
                read_periods(r, get(table, "periods"), &join(&path, "periods"), periods);
            let kind = match kind {
                "outage" => EventKind::Outage {
                    supplier: r
                        .required(table, node.span(), &path, "supplier")
                        .and_then(|v| r.reference(v, &join(&path, "supplier"), pools.suppliers))
                        .unwrap_or(0),
                    capacity_factor: factor,
                },
                "quota_cut" => EventKind::QuotaCut {
                    quota: r
                        .required(table, node.span(), &path, "quota")
                        .and_then(|v| r.reference(v, &join(&path, "quota"), quotas))
                        .unwrap_or(0),
                    limit_factor: factor,
                },
                "price_shock" => EventKind::PriceShock {
                    materials: r
                        .selector(
                            get(table, "materials"),
                            &join(&path, "materials"),
                            pools.materials,
                        )
                        .unwrap_or_default(),
                    price_factor: factor,
                },
                _ => EventKind::DemandShock {
                    buyers: r
                        .selector(get(table, "buyers"), &join(&path, "buyers"), pools.buyers)
                        .unwrap_or_default(),
                    materials: r
                        .selector(
                            get(table, "materials"),
                            &join(&path, "materials"),
                            pools.materials,
                        )
                        .unwrap_or_default(),
                    demand_factor: factor,
                },
            };
            events.push(Event {
                id,
                kind,
                probability,
                periods: event_periods,
            });
        }
    }
    events
}

/// An event's `periods` as a mask over the horizon (absent: every period).
fn read_periods(
    r: &mut Reader,
    node: Option<&Node<'_>>,
    path: &str,
    periods: &[String],
) -> Vec<bool> {
    let Some(node) = node else {
        return vec![true; periods.len()];
    };
    let mut mask = vec![false; periods.len()];
    let Some(labels) = r.strings(node, path) else {
        return mask;
    };
    let pool = Pool {
        kind: "period",
        ids: periods.iter().map(String::as_str).collect(),
        label: "",
        labels: vec![None; periods.len()],
    };
    for (i, (label, span)) in labels.iter().enumerate() {
        if let Some(t) = r.known_id(label, span.clone(), &index(path, i), &pool) {
            mask[t] = true;
        }
    }
    mask
}

/// Reads `[[scenario]]` entries and checks their probabilities.
pub(crate) fn read_explicit_scenarios(
    r: &mut Reader,
    root: &DeTable<'_>,
    events: &[Event],
) -> Vec<ExplicitScenario> {
    let pool = Pool {
        kind: "event",
        ids: events.iter().map(|e| e.id.as_str()).collect(),
        label: "",
        labels: vec![None; events.len()],
    };
    let mut seen = Vec::new();
    let mut scenarios = Vec::new();
    for (path, node) in entries(r, root, "scenario") {
        let Some(table) = r.table(node, &path, &["id", "events", "probability"]) else {
            continue;
        };
        let id = read_id(r, table, node.span(), &path, &mut seen);
        let mut chosen = Vec::new();
        if let Some(list) = get(table, "events") {
            let events_path = join(&path, "events");
            if let Some(items) = r.array(list, &events_path) {
                for (i, item) in items.iter().enumerate() {
                    if let Some(k) = r.reference(item, &index(&events_path, i), &pool)
                        && !chosen.contains(&k)
                    {
                        chosen.push(k);
                    }
                }
            }
        }
        chosen.sort_unstable();
        let probability = r
            .required(table, node.span(), &path, "probability")
            .and_then(|v| r.fraction(v, &join(&path, "probability")))
            .unwrap_or(0.0);
        scenarios.push(ExplicitScenario {
            id,
            events: chosen,
            probability,
        });
    }
    let total: f64 = scenarios.iter().map(|s| s.probability).sum();
    if let Some(node) = get(root, "scenario") {
        if total > 1.0 + PROBABILITY_TOLERANCE {
            r.error_help(
                "scenario",
                node.span(),
                format!("scenario probabilities sum to {total}, more than 1"),
                "lower them so they sum to at most 1; the remainder becomes the scenario `baseline`",
            );
        } else if total < 1.0 - PROBABILITY_TOLERANCE
            && scenarios.iter().any(|s| s.id == "baseline")
        {
            r.error_help(
                "scenario",
                node.span(),
                format!("a scenario is named `baseline`, but the probabilities sum to {total}, and the remainder is the scenario `baseline`"),
                "rename it, or make the probabilities sum to 1",
            );
        }
    }
    scenarios
}
