//! Disruption events (`[[outage]]`, `[[quota_cut]]`, `[[price_shock]]`,
//! `[[demand_shock]]`) and explicit `[[scenario]]` entries.

use toml::de::DeTable;

use super::entries::{Seen, entries, read_id};
use super::reader::{Node, Reader, get, index, join};
use super::rules;
use super::selector::{Pool, Pools};
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

/// Keys of an `[[outage]]` (shared with the JSON Schema).
pub(crate) const OUTAGE_KEYS: &[&str] = &[
    "id",
    "supplier",
    "periods",
    "capacity_factor",
    "probability",
];
/// Keys of a `[[quota_cut]]`.
pub(crate) const QUOTA_CUT_KEYS: &[&str] =
    &["id", "quota", "periods", "limit_factor", "probability"];
/// Keys of a `[[price_shock]]`.
pub(crate) const PRICE_SHOCK_KEYS: &[&str] =
    &["id", "materials", "periods", "price_factor", "probability"];
/// Keys of a `[[demand_shock]]`.
pub(crate) const DEMAND_SHOCK_KEYS: &[&str] = &[
    "id",
    "buyers",
    "materials",
    "periods",
    "demand_factor",
    "probability",
];
/// Keys of a `[[scenario]]`.
pub(crate) const SCENARIO_KEYS: &[&str] = &["id", "events", "probability"];

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
    let mut seen = Seen::new();
    let mut events = Vec::new();
    for (kind, factor_key) in KINDS {
        for (path, node) in entries(r, root, kind) {
            let known: &[&str] = match kind {
                "outage" => OUTAGE_KEYS,
                "quota_cut" => QUOTA_CUT_KEYS,
                "price_shock" => PRICE_SHOCK_KEYS,
                _ => DEMAND_SHOCK_KEYS,
            };
            let Some(table) = r.table(node, &path, known) else {
                continue;
            };
            let id = read_id(r, table, node.span(), &path, &mut seen);
            if id == "baseline"
                && let Some(id_node) = get(table, "id")
            {
                r.problem(&join(&path, "id"), id_node.span(), rules::baseline_event());
            }
            if get(table, factor_key).is_none()
                && let Some((other_kind, other_key)) = KINDS
                    .iter()
                    .find(|(other, key)| *other != kind && get(table, key).is_some())
            {
                r.misnamed(
                    &join(&path, other_key),
                    &join(&path, factor_key),
                    format!(
                        "`{other_key}` is the factor of a {other_kind}; here write `{factor_key}`"
                    ),
                );
            }
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
    if periods.is_empty() {
        // model.periods is missing or empty, which is reported already.
        return mask;
    }
    let pool = Pool::unlabelled("period", periods.iter().map(String::as_str).collect());
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
    let pool = Pool::unlabelled("event", events.iter().map(|e| e.id.as_str()).collect());
    let mut seen = Seen::new();
    let mut scenarios = Vec::new();
    let mut named_baseline = None;
    for (path, node) in entries(r, root, "scenario") {
        let Some(table) = r.table(node, &path, SCENARIO_KEYS) else {
            continue;
        };
        let id = read_id(r, table, node.span(), &path, &mut seen);
        if id == "baseline"
            && let Some(id_node) = get(table, "id")
        {
            named_baseline.get_or_insert((join(&path, "id"), id_node.span()));
        }
        let mut chosen = Vec::new();
        let mut chosen_at: Vec<usize> = Vec::new();
        if let Some(list) = get(table, "events") {
            let events_path = join(&path, "events");
            if let Some(items) = r.array(list, &events_path) {
                for (i, item) in items.iter().enumerate() {
                    let item_path = index(&events_path, i);
                    if let Some(k) = r.reference(item, &item_path, &pool) {
                        if let Some(first) = chosen.iter().position(|&c| c == k) {
                            let first_at = index(&events_path, first_item(&chosen_at, first));
                            let problem = rules::event_listed_twice(&events[k].id, &first_at);
                            r.problem(&item_path, item.span(), problem);
                        } else {
                            chosen.push(k);
                            chosen_at.push(i);
                        }
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
            r.problem(
                "scenario",
                node.span(),
                rules::probabilities_above_one(total),
            );
        } else if total < 1.0 - PROBABILITY_TOLERANCE
            && let Some((path, span)) = named_baseline
        {
            r.problem(&path, span, rules::baseline_scenario(total));
        }
    }
    scenarios
}

/// The position in the file's list of the `n`-th event kept.
fn first_item(chosen_at: &[usize], n: usize) -> usize {
    chosen_at.get(n).copied().unwrap_or(n)
}
