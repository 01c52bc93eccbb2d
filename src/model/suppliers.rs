//! `[[supplier]]` entries and their offers (`[supplier.offers.ID]`).

use toml::de::DeTable;

use super::entries::{Seen, entries, read_id};
use super::keys::{OFFER_KEYS, SUPPLIER_KEYS};
use super::reader::{Node, Reader, get, join};
use super::selector::Pool;
use super::{Offer, Supplier};

/// Every `[[supplier]]` with its offers.
pub(crate) fn read_suppliers(
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
