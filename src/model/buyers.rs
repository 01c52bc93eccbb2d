//! `[[buyer]]` entries: needs, stocks, arrivals and penalties, each a
//! table keyed by material id.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::Buyer;
use super::entries::{Seen, entries, read_id};
use super::keys::BUYER_KEYS;
use super::reader::{Node, Reader, get, join};
use super::rules;
use super::selector::Pool;

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

/// Every `[[buyer]]`, its per-material tables read against `materials`.
pub(crate) fn read_buyers(
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
                        let problem = rules::no_penalty(materials.ids[e], &id);
                        r.problem(&penalty_path, v.span(), problem);
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
        r.problem(
            "buyer",
            root_span.start..root_span.start,
            rules::no_buyers(),
        );
    }
    buyers
}
