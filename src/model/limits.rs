//! Limits on reservations: export quotas (`[[quota]]`) and
//! diversification caps (`[[diversification]]`), each over a scope of
//! suppliers, materials and buyers.

use toml::de::DeTable;

use super::entries::{Seen, entries, read_id};
use super::keys::{DIVERSIFICATION_KEYS, QUOTA_KEYS};
use super::reader::{Reader, get, join};
use super::selector::{Pool, Pools};
use super::{Diversification, Quota, Selector};

/// The `suppliers`, `materials` and `buyers` selectors of a quota or a
/// diversification limit (each: every entity where absent).
fn read_scope(
    r: &mut Reader,
    table: &DeTable<'_>,
    path: &str,
    pools: &Pools<'_>,
) -> (Selector, Selector, Selector) {
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

/// Every `[[quota]]`.
pub(crate) fn read_quotas(
    r: &mut Reader,
    root: &DeTable<'_>,
    n: usize,
    pools: &Pools<'_>,
) -> Vec<Quota> {
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

/// Every `[[diversification]]`.
pub(crate) fn read_diversifications(
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
