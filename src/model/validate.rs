//! The spanned TOML tree → [`Model`], collecting every diagnostic.
//!
//! Each section is read by its own function. A field that fails a rule is
//! reported and replaced by a neutral value so that reading goes on and
//! every problem in the file is found in one pass; the model is handed on
//! only when no error was recorded.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::reader::{Node, Reader, get, index, is_valid_id, join};
use super::selector::Pool;
use super::{
    Buyer, Diversification, Material, Model, Offer, Quota, Risk, ScenarioMode, ScenarioSettings,
    Supplier,
};
use crate::diagnostic::nearest;

const TOP_KEYS: &[&str] = &[
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
const MODEL_KEYS: &[&str] = &["name", "currency", "unit", "periods"];
const RISK_KEYS: &[&str] = &["weight", "alpha"];
const SCENARIOS_KEYS: &[&str] = &["mode", "samples", "seed"];
const MATERIAL_KEYS: &[&str] = &["id", "name", "group"];
const BUYER_KEYS: &[&str] = &[
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
const SUPPLIER_KEYS: &[&str] = &[
    "id",
    "country",
    "lead_time",
    "export_tax",
    "serves",
    "freight",
    "offers",
];
const OFFER_KEYS: &[&str] = &["capacity", "price", "reservation_fee", "spot_price"];
const QUOTA_KEYS: &[&str] = &["id", "suppliers", "materials", "buyers", "limit"];
const DIVERSIFICATION_KEYS: &[&str] = &["id", "suppliers", "materials", "buyers", "max_share"];

/// Reads the whole tree. Returns the model only when there is no error;
/// the diagnostics hold every error and warning found.
pub(crate) fn validate(root: &DeTable<'_>, root_span: Range<usize>) -> (Option<Model>, Reader) {
    let mut r = Reader::default();
    let root_node = Node::new(root_span.clone(), DeValue::Table(root.clone()));
    r.table(&root_node, "", TOP_KEYS);

    let (name, currency, unit, periods) = read_model_section(&mut r, root, &root_span);
    let n = periods.len();
    r.horizon_unknown = n == 0;
    let risk = read_risk(&mut r, root);
    let scenarios = read_scenario_settings(&mut r, root);
    let materials = read_materials(&mut r, root, &root_span);
    let material_pool = Pool::new(
        "material",
        materials.iter().map(|m| m.id.as_str()).collect(),
        "group",
        materials.iter().map(|m| m.group.as_deref()).collect(),
    );
    let buyers = read_buyers(&mut r, root, &root_span, n, &material_pool);
    let suppliers = read_suppliers(&mut r, root, n, &material_pool);
    let buyer_pool = Pool::new(
        "buyer",
        buyers.iter().map(|b| b.id.as_str()).collect(),
        "region",
        buyers.iter().map(|b| b.region.as_deref()).collect(),
    );
    let supplier_pool = Pool::new(
        "supplier",
        suppliers.iter().map(|s| s.id.as_str()).collect(),
        "country",
        suppliers.iter().map(|s| s.country.as_deref()).collect(),
    );
    let pools = Pools {
        materials: &material_pool,
        buyers: &buyer_pool,
        suppliers: &supplier_pool,
    };
    let quotas = read_quotas(&mut r, root, n, &pools);
    let diversifications = read_diversifications(&mut r, root, &pools);
    let quota_pool = Pool::unlabelled("quota", quotas.iter().map(|q| q.id.as_str()).collect());
    let explicit_given = get(root, "scenario").is_some();
    let events =
        super::events::read_events(&mut r, root, &periods, &pools, &quota_pool, explicit_given);
    let explicit_scenarios = super::events::read_explicit_scenarios(&mut r, root, &events);
    if explicit_given {
        refuse_generation_with_explicit(&mut r, root);
    }

    // An offer or need that failed a rule was left out, so this warning
    // would only echo an error.
    if !r.diagnostics.iter().any(|d| d.is_error()) {
        warn_unserved_needs(&mut r, &buyers, &suppliers, &material_pool);
    }
    for (s, supplier) in suppliers.iter().enumerate() {
        if n > 0 && supplier.lead_time >= n {
            r.warning(
                &join(&index("supplier", s), "lead_time"),
                None,
                format!(
                    "supplier `{}` has a lead time of {} periods, at least the horizon of {n}: nothing it ships arrives in time",
                    supplier.id, supplier.lead_time
                ),
            );
        }
    }

    if r.diagnostics.iter().any(|d| d.is_error()) {
        return (None, r);
    }
    let model = Model {
        name,
        currency,
        unit,
        periods,
        risk,
        scenarios,
        materials,
        buyers,
        suppliers,
        quotas,
        diversifications,
        events,
        explicit_scenarios,
    };
    super::magnitudes::check_magnitudes(&mut r, root, &model);
    if r.diagnostics.iter().any(|d| d.is_error()) {
        return (None, r);
    }
    (Some(model), r)
}

/// `[scenarios]` settings that ask for generated scenarios beside
/// `[[scenario]]` entries would be ignored: refused instead.
fn refuse_generation_with_explicit(r: &mut Reader, root: &DeTable<'_>) {
    let Some(DeValue::Table(table)) = get(root, "scenarios").map(|n| n.get_ref()) else {
        return;
    };
    if let Some(node) = get(table, "mode")
        && let DeValue::String(mode) = node.get_ref()
        && (mode == "sample" || mode == "enumerate")
    {
        r.error_help(
            "scenarios.mode",
            node.span(),
            format!(
                "mode = \"{mode}\" asks for generated scenarios, but the model lists its own [[scenario]] entries, which would be used instead"
            ),
            "remove `mode` (or the [[scenario]] entries to generate scenarios from the events)",
        );
    }
}

/// The pools that selectors pick from.
pub(crate) struct Pools<'a> {
    pub(crate) materials: &'a Pool<'a>,
    pub(crate) buyers: &'a Pool<'a>,
    pub(crate) suppliers: &'a Pool<'a>,
}

/// The tables of an array of tables such as `[[supplier]]`, with their paths.
pub(crate) fn entries<'t, 'i>(
    r: &mut Reader,
    root: &'t DeTable<'i>,
    key: &str,
) -> Vec<(String, &'t Node<'i>)> {
    let Some(node) = get(root, key) else {
        return Vec::new();
    };
    match node.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| (index(key, i), item))
            .collect(),
        DeValue::Table(_) => {
            // `[quota]` for `[[quota]]`: said once, then read as the one
            // entry it is meant to be, so its own problems are found too
            // and references to it do not fail as well.
            r.error_help(
                key,
                node.span(),
                format!("expected an array of tables `[[{key}]]`, found one table `[{key}]`"),
                format!("write the header as `[[{key}]]`, once per entry"),
            );
            vec![(index(key, 0), node)]
        }
        _ => {
            r.wrong_type(key, node, &format!("an array of tables `[[{key}]]`"));
            Vec::new()
        }
    }
}

/// The ids read so far of one kind (events: of all kinds), each with the
/// path of the entry that has it.
pub(crate) type Seen = HashMap<String, String>;

/// Reads and checks an entity's `id`: present, well formed, unique in `seen`.
pub(crate) fn read_id(
    r: &mut Reader,
    table: &DeTable<'_>,
    span: Range<usize>,
    path: &str,
    seen: &mut Seen,
) -> String {
    let Some(node) = r.required(table, span, path, "id") else {
        return String::new();
    };
    let field = join(path, "id");
    let Some(id) = r.string(node, &field) else {
        return String::new();
    };
    if id.is_empty() {
        r.error_help(
            &field,
            node.span(),
            "empty id",
            "give it an id made of ASCII letters, digits, `-`, `_` and `.`",
        );
    } else if !is_valid_id(&id) {
        let bad = id
            .chars()
            .find(|&c| !is_valid_id(c.encode_utf8(&mut [0; 4])))
            .map_or_else(String::new, |c| {
                if c.is_whitespace() {
                    "a space".to_string()
                } else {
                    format!("`{c}`")
                }
            });
        r.error_help(
            &field,
            node.span(),
            format!("malformed id `{id}`: it contains {bad}"),
            "ids are made of ASCII letters (a-z, A-Z), digits, `-`, `_` and `.`",
        );
    } else if let Some(first) = seen.get(&id) {
        r.error_help(
            &field,
            node.span(),
            format!("duplicate id `{id}`: {first} has it already"),
            "give every entry a unique id",
        );
    } else {
        seen.insert(id.clone(), path.to_string());
    }
    id
}

fn read_model_section(
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
                r.error(&path, span, "empty period label");
            } else if periods.contains(&label) {
                r.error_help(
                    &path,
                    span,
                    format!("duplicate period `{label}`"),
                    "period labels must be unique",
                );
            }
            periods.push(label);
        }
        if periods.is_empty() {
            r.error_help(
                "model.periods",
                node.span(),
                "no periods",
                "list at least one period, such as [\"2012Q3\"]",
            );
        }
    }
    (name, currency, unit, periods)
}

fn read_risk(r: &mut Reader, root: &DeTable<'_>) -> Risk {
    let mut risk = Risk::default();
    let Some(table) = get(root, "risk").and_then(|node| r.table(node, "risk", RISK_KEYS)) else {
        return risk;
    };
    if let Some(node) = get(table, "weight") {
        risk.weight = r.fraction(node, "risk.weight").unwrap_or(0.0);
    }
    if let Some(node) = get(table, "alpha")
        && let Some(alpha) = r.number(node, "risk.alpha")
    {
        if (0.0..1.0).contains(&alpha) {
            risk.alpha = alpha;
        } else {
            r.error_help(
                "risk.alpha",
                node.span(),
                format!("must be in [0, 1), found {alpha}"),
                "the CVaR level is a fraction below 1, such as 0.95",
            );
        }
    }
    risk
}

fn read_scenario_settings(r: &mut Reader, root: &DeTable<'_>) -> ScenarioSettings {
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

fn read_materials(r: &mut Reader, root: &DeTable<'_>, root_span: &Range<usize>) -> Vec<Material> {
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
        r.error_help(
            "material",
            root_span.start..root_span.start,
            "no materials",
            "declare at least one `[[material]]` with an `id`",
        );
    }
    materials
}

/// A table keyed by material id, each value read with `read`.
fn per_material<T: Clone>(
    r: &mut Reader,
    node: Option<&Node<'_>>,
    path: &str,
    materials: &Pool<'_>,
    default: T,
    mut read: impl FnMut(&mut Reader, &Node<'_>, &str) -> Option<T>,
) -> Vec<T> {
    let mut out = vec![default; materials.ids.len()];
    let Some(node) = node else {
        return out;
    };
    let DeValue::Table(table) = node.get_ref() else {
        let example = materials.ids.first().copied().unwrap_or("ndpr-oxide");
        r.wrong_type_help(
            path,
            node,
            "a table keyed by material id",
            format!("give a value per material, such as `{{ {example} = 10 }}`"),
        );
        return out;
    };
    for (key, value) in table.iter() {
        let id = key.get_ref().as_ref();
        let field = join(path, id);
        if let Some(e) = r.known_id(id, key.span(), &field, materials)
            && let Some(v) = read(r, value, &field)
        {
            out[e] = v;
        }
    }
    out
}

fn read_buyers(
    r: &mut Reader,
    root: &DeTable<'_>,
    root_span: &Range<usize>,
    n: usize,
    materials: &Pool<'_>,
) -> Vec<Buyer> {
    let mut seen = Seen::new();
    let mut buyers = Vec::new();
    let zeros = vec![0.0; n];
    for (path, node) in entries(r, root, "buyer") {
        let Some(table) = r.table(node, &path, BUYER_KEYS) else {
            continue;
        };
        let id = read_id(r, table, node.span(), &path, &mut seen);
        let region = get(table, "region").and_then(|v| r.string(v, &join(&path, "region")));
        let per_period =
            |r: &mut Reader, v: &Node<'_>, p: &str| r.per_period(v, p, n, Reader::non_negative);
        let need = per_material(
            r,
            get(table, "need"),
            &join(&path, "need"),
            materials,
            zeros.clone(),
            per_period,
        );
        let in_transit = per_material(
            r,
            get(table, "in_transit"),
            &join(&path, "in_transit"),
            materials,
            zeros.clone(),
            per_period,
        );
        let initial_stock = per_material(
            r,
            get(table, "initial_stock"),
            &join(&path, "initial_stock"),
            materials,
            0.0,
            Reader::non_negative,
        );
        let end_stock = per_material(
            r,
            get(table, "end_stock"),
            &join(&path, "end_stock"),
            materials,
            None,
            |r, v, p| r.non_negative(v, p).map(Some),
        );
        let penalty_path = join(&path, "shortage_penalty");
        let shortage_penalty = match r.required(table, node.span(), &path, "shortage_penalty") {
            None => vec![0.0; materials.ids.len()],
            Some(v) if matches!(v.get_ref(), DeValue::Table(_)) => {
                let listed = per_material(r, Some(v), &penalty_path, materials, None, |r, v, p| {
                    r.non_negative(v, p).map(Some)
                });
                for (e, penalty) in listed.iter().enumerate() {
                    let used = need[e].iter().any(|&q| q > 0.0) || end_stock[e].is_some();
                    if penalty.is_none() && used {
                        r.error_help(
                            &penalty_path,
                            v.span(),
                            format!("no shortage penalty for `{}`, which buyer `{id}` needs", materials.ids[e]),
                            format!("add `{} = ...` (per tonne short), or give one number for every material", materials.ids[e]),
                        );
                    }
                }
                listed.into_iter().map(|p| p.unwrap_or(0.0)).collect()
            }
            Some(v) => vec![r.non_negative(v, &penalty_path).unwrap_or(0.0); materials.ids.len()],
        };
        let holding_cost = get(table, "holding_cost")
            .and_then(|v| r.non_negative(v, &join(&path, "holding_cost")))
            .unwrap_or(0.0);
        let storage =
            get(table, "storage").and_then(|v| r.non_negative(v, &join(&path, "storage")));
        buyers.push(Buyer {
            id,
            region,
            need,
            initial_stock,
            in_transit,
            shortage_penalty,
            holding_cost,
            storage,
            end_stock,
        });
    }
    if buyers.is_empty() && get(root, "buyer").is_none() {
        r.error_help(
            "buyer",
            root_span.start..root_span.start,
            "no buyers",
            "declare at least one `[[buyer]]` with its `need`",
        );
    }
    buyers
}

fn read_suppliers(
    r: &mut Reader,
    root: &DeTable<'_>,
    n: usize,
    materials: &Pool<'_>,
) -> Vec<Supplier> {
    let mut seen = Seen::new();
    let mut suppliers = Vec::new();
    for (path, node) in entries(r, root, "supplier") {
        let Some(table) = r.table(node, &path, SUPPLIER_KEYS) else {
            continue;
        };
        let id = read_id(r, table, node.span(), &path, &mut seen);
        let country = get(table, "country").and_then(|v| r.string(v, &join(&path, "country")));
        let lead_time = get(table, "lead_time")
            .and_then(|v| r.whole(v, &join(&path, "lead_time"), 0))
            .map_or(0, |l| usize::try_from(l).unwrap_or(usize::MAX));
        let export_tax = get(table, "export_tax")
            .and_then(|v| r.non_negative(v, &join(&path, "export_tax")))
            .unwrap_or(0.0);
        let serves = get(table, "serves")
            .and_then(|v| r.strings(v, &join(&path, "serves")))
            .map(|list| list.into_iter().map(|(s, _)| s).collect());
        let mut freight = Vec::new();
        if let Some(v) = get(table, "freight") {
            let freight_path = join(&path, "freight");
            if let Some(regions) = r.map(v, &freight_path) {
                for (key, value) in regions.iter() {
                    let region = key.get_ref().to_string();
                    if let Some(cost) = r.non_negative(value, &join(&freight_path, &region)) {
                        freight.push((region, cost));
                    }
                }
            }
        }
        let offers = read_offers(
            r,
            get(table, "offers"),
            &join(&path, "offers"),
            n,
            materials,
        );
        suppliers.push(Supplier {
            id,
            country,
            lead_time,
            export_tax,
            serves,
            freight,
            offers,
        });
    }
    suppliers
}

fn read_offers(
    r: &mut Reader,
    node: Option<&Node<'_>>,
    path: &str,
    n: usize,
    materials: &Pool<'_>,
) -> Vec<Offer> {
    let mut offers = Vec::new();
    let Some(table) = node.and_then(|node| r.map(node, path)) else {
        return offers;
    };
    for (key, value) in table.iter() {
        let material_id = key.get_ref().as_ref();
        let offer_path = join(path, material_id);
        let material = r.known_id(material_id, key.span(), &offer_path, materials);
        let Some(terms) = r.table(value, &offer_path, OFFER_KEYS) else {
            continue;
        };
        let numbers = |r: &mut Reader, key: &str, required: bool| {
            let found = if required {
                r.required(terms, value.span(), &offer_path, key)
            } else {
                get(terms, key)
            };
            found.and_then(|v| r.per_period(v, &join(&offer_path, key), n, Reader::non_negative))
        };
        let capacity = numbers(r, "capacity", true);
        let price = numbers(r, "price", true);
        let spot_price = numbers(r, "spot_price", false);
        let reservation_fee = get(terms, "reservation_fee")
            .and_then(|v| r.non_negative(v, &join(&offer_path, "reservation_fee")))
            .unwrap_or(0.0);
        if let (Some(material), Some(capacity), Some(price)) = (material, capacity, price) {
            offers.push(Offer {
                material,
                capacity,
                price,
                reservation_fee,
                spot_price,
            });
        }
    }
    offers
}

/// The `suppliers`, `materials` and `buyers` selectors of a quota or a
/// diversification limit (each: every entity where absent).
fn read_scope(
    r: &mut Reader,
    table: &DeTable<'_>,
    path: &str,
    pools: &Pools<'_>,
) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    let mut pick = |key: &str, pool: &Pool<'_>| {
        r.selector(get(table, key), &join(path, key), pool)
            .unwrap_or_default()
    };
    (
        pick("suppliers", pools.suppliers),
        pick("materials", pools.materials),
        pick("buyers", pools.buyers),
    )
}

fn read_quotas(r: &mut Reader, root: &DeTable<'_>, n: usize, pools: &Pools<'_>) -> Vec<Quota> {
    let mut seen = Seen::new();
    let mut quotas = Vec::new();
    for (path, node) in entries(r, root, "quota") {
        let Some(table) = r.table(node, &path, QUOTA_KEYS) else {
            continue;
        };
        let id = read_id(r, table, node.span(), &path, &mut seen);
        let (suppliers, materials, buyers) = read_scope(r, table, &path, pools);
        let limit = r
            .required(table, node.span(), &path, "limit")
            .and_then(|v| r.per_period(v, &join(&path, "limit"), n, Reader::non_negative));
        quotas.push(Quota {
            id,
            suppliers,
            materials,
            buyers,
            limit: limit.unwrap_or_else(|| vec![0.0; n]),
        });
    }
    quotas
}

fn read_diversifications(
    r: &mut Reader,
    root: &DeTable<'_>,
    pools: &Pools<'_>,
) -> Vec<Diversification> {
    let mut seen = Seen::new();
    let mut out = Vec::new();
    for (path, node) in entries(r, root, "diversification") {
        let Some(table) = r.table(node, &path, DIVERSIFICATION_KEYS) else {
            continue;
        };
        let id = read_id(r, table, node.span(), &path, &mut seen);
        let (suppliers, materials, buyers) = read_scope(r, table, &path, pools);
        let max_share = r
            .required(table, node.span(), &path, "max_share")
            .and_then(|v| r.fraction(v, &join(&path, "max_share")));
        out.push(Diversification {
            id,
            suppliers,
            materials,
            buyers,
            max_share: max_share.unwrap_or(1.0),
        });
    }
    out
}

fn warn_unserved_needs(
    r: &mut Reader,
    buyers: &[Buyer],
    suppliers: &[Supplier],
    materials: &Pool<'_>,
) {
    // offered[s][e]: supplier s sells material e.
    let offered_by: Vec<Vec<bool>> = suppliers
        .iter()
        .map(|s| {
            let mut sells = vec![false; materials.ids.len()];
            for offer in &s.offers {
                if let Some(slot) = sells.get_mut(offer.material) {
                    *slot = true;
                }
            }
            sells
        })
        .collect();
    for (b, buyer) in buyers.iter().enumerate() {
        let lanes: Vec<&Vec<bool>> = suppliers
            .iter()
            .zip(&offered_by)
            .filter(|(s, _)| s.serves_buyer(buyer))
            .map(|(_, sells)| sells)
            .collect();
        for (e, need) in buyer.need.iter().enumerate() {
            if !need.iter().any(|&q| q > 0.0) {
                continue;
            }
            let offered = lanes.iter().any(|sells| sells[e]);
            if !offered {
                r.warning(
                    &join(&join(&index("buyer", b), "need"), materials.ids[e]),
                    None,
                    format!(
                        "buyer `{}` needs `{}` but no supplier that ships to it offers it: only stock and in-transit arrivals can cover it",
                        buyer.id, materials.ids[e]
                    ),
                );
            }
        }
    }
}
