//! The spanned TOML tree → [`Model`], collecting every diagnostic.
//!
//! Each section is read by its own function, in its own file (`sections`,
//! `buyers`, `suppliers`, `limits`, `events`). A field that fails a rule
//! is reported and replaced by a neutral value so that reading goes on and
//! every problem in the file is found in one pass; the model is handed on
//! only when no error was recorded.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::Model;
use super::buyers::read_buyers;
use super::keys::TOP_KEYS;
use super::limits::{read_diversifications, read_quotas};
use super::reader::{Node, Reader, get, span_at};
use super::rules;
use super::sections::{read_materials, read_model_section, read_risk, read_scenario_settings};
use super::selector::{Pool, Pools};
use super::suppliers::read_suppliers;

/// Reads the whole tree: every section by its own reader, then the typed
/// model by [`check`](super::check) (as a model built in code is checked). Returns the model only when there is no error;
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
    // The rules on the typed model (the same that a model built in code
    // meets), its overflows and its warnings, placed in the text.
    for mut d in super::check::check(&model) {
        d.span = span_at(root, &d.path).or_else(|| d.is_error().then_some(0..0));
        r.diagnostics.push(d);
    }
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
        r.problem(
            "scenarios.mode",
            node.span(),
            rules::mode_with_explicit(mode),
        );
    }
}
