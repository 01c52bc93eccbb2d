//! One test per validation rule of model-format.md: the message, the path
//! and the line it names.

use super::{EventKind, LoadError, ScenarioMode, Selector, load_model_str};
use crate::diagnostic::{Diagnostic, Severity};

/// A valid model every case starts from.
const BASE: &str = r#"
[model]
name = "base"
periods = ["Q1", "Q2"]

[[material]]
id = "ndpr"
group = "light"

[[material]]
id = "dy"
group = "heavy"

[[buyer]]
id = "plant"
region = "JP"
need = { ndpr = [10, 12], dy = 1 }
shortage_penalty = 500000

[[supplier]]
id = "mine"
country = "CN"
[supplier.offers.ndpr]
capacity = 20
price = 60000
[supplier.offers.dy]
capacity = 5
price = 400000

[[quota]]
id = "cn"
suppliers = { country = ["CN"] }
limit = 15

[[outage]]
id = "halt"
supplier = "mine"
capacity_factor = 0.0
probability = 0.2
"#;

/// The diagnostics of `text`, errors first.
fn diagnostics(text: &str) -> Vec<Diagnostic> {
    match load_model_str(text, "m.toml") {
        Ok(loaded) => loaded.warnings,
        Err(LoadError::Invalid { diagnostics, .. }) => diagnostics,
        Err(other) => panic!("unexpected error {other}"),
    }
}

/// Asserts that `text` is refused with an error at `path` whose message
/// contains `message`, on line `line`.
fn refused(text: &str, path: &str, message: &str, line: usize) {
    let all = diagnostics(text);
    let found = all
        .iter()
        .find(|d| d.severity == Severity::Error && d.path == path && d.message.contains(message));
    let Some(d) = found else {
        panic!("no error at `{path}` containing `{message}`; got:\n{all:#?}");
    };
    let rendered = d.render("m.toml", text);
    assert!(
        rendered.starts_with(&format!("m.toml:{line}:")),
        "expected line {line}: {rendered}"
    );
}

fn with(extra: &str) -> String {
    format!("{BASE}\n{extra}")
}

fn replaced(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "base has no `{from}`");
    BASE.replacen(from, to, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle in text");
    text[..at].matches('\n').count() + 1
}

#[test]
fn the_base_model_is_valid_and_typed() {
    let loaded = load_model_str(BASE, "m.toml").expect("valid");
    let m = loaded.model;
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(m.periods, ["Q1", "Q2"]);
    assert_eq!(m.buyers[0].need, vec![vec![10.0, 12.0], vec![1.0, 1.0]]);
    assert_eq!(m.quotas[0].suppliers, Selector::Only(vec![0]));
    // Left out: every material, said so.
    assert_eq!(m.quotas[0].materials, Selector::All);
    assert_eq!(m.risk.alpha, 0.95);
    assert_eq!(m.scenarios.mode, ScenarioMode::Auto);
    assert!(
        matches!(m.events[0].kind, EventKind::Outage { supplier: 0, capacity_factor } if capacity_factor == 0.0)
    );
}

#[test]
fn not_toml() {
    let text = "[model\nperiods = 1";
    let all = diagnostics(text);
    assert_eq!(all.len(), 1);
    assert!(
        all[0].message.starts_with("invalid TOML"),
        "{}",
        all[0].message
    );
    assert!(all[0].render("m.toml", text).starts_with("m.toml:1:"));
}

#[test]
fn unknown_key_names_the_nearest() {
    let text = replaced("capacity = 20", "capacty = 20");
    refused(
        &text,
        "supplier[0].offers.ndpr.capacty",
        "unknown key `capacty`",
        line_of(&text, "capacty"),
    );
    let d = diagnostics(&text);
    let help = d.iter().find_map(|d| d.help.clone()).unwrap_or_default();
    assert!(
        d.iter()
            .any(|d| d.help.as_deref() == Some("did you mean `capacity`?")),
        "{help}"
    );
    let text = with("[riskk]\nweight = 0.1");
    refused(
        &text,
        "riskk",
        "unknown key `riskk`",
        line_of(&text, "[riskk]"),
    );
}

#[test]
fn wrong_types() {
    let text = replaced("limit = 15", "limit = \"15\"");
    refused(
        &text,
        "quota[0].limit",
        "expected a number or a list of numbers",
        line_of(&text, "limit ="),
    );
    let text = replaced("periods = [\"Q1\", \"Q2\"]", "periods = \"Q1\"");
    refused(
        &text,
        "model.periods",
        "expected an array, found a string",
        line_of(&text, "periods ="),
    );
}

#[test]
fn nan_and_infinity_are_refused() {
    let text = replaced("price = 60000", "price = nan");
    refused(
        &text,
        "supplier[0].offers.ndpr.price",
        "NaN is not a finite number",
        line_of(&text, "price = nan"),
    );
    let text = replaced("limit = 15", "limit = [15, inf]");
    refused(
        &text,
        "quota[0].limit[1]",
        "inf is not a finite number",
        line_of(&text, "limit ="),
    );
}

#[test]
fn negative_quantities_and_prices() {
    let text = replaced("capacity = 5", "capacity = -5");
    refused(
        &text,
        "supplier[0].offers.dy.capacity",
        "must be ≥ 0, found -5",
        line_of(&text, "capacity = -5"),
    );
    let text = replaced("shortage_penalty = 500000", "shortage_penalty = -1");
    refused(
        &text,
        "buyer[0].shortage_penalty",
        "must be ≥ 0",
        line_of(&text, "shortage_penalty"),
    );
}

#[test]
fn probabilities_shares_and_alpha_in_range() {
    let text = replaced("probability = 0.2", "probability = 1.5");
    refused(
        &text,
        "outage[0].probability",
        "must be in [0, 1], found 1.5",
        line_of(&text, "probability = 1.5"),
    );
    let text = with("[[diversification]]\nid = \"d\"\nmax_share = -0.1");
    refused(
        &text,
        "diversification[0].max_share",
        "must be in [0, 1]",
        line_of(&text, "max_share"),
    );
    let text = with("[risk]\nalpha = 1.0");
    refused(
        &text,
        "risk.alpha",
        "must be in [0, 1), found 1",
        line_of(&text, "alpha ="),
    );
    let text = with("[risk]\nweight = 2");
    refused(
        &text,
        "risk.weight",
        "must be in [0, 1], found 2",
        line_of(&text, "weight ="),
    );
}

#[test]
fn lead_time_is_a_whole_number() {
    let text = replaced("country = \"CN\"", "country = \"CN\"\nlead_time = 1.5");
    refused(
        &text,
        "supplier[0].lead_time",
        "whole number ≥ 0, found 1.5",
        line_of(&text, "lead_time"),
    );
    let text = replaced("country = \"CN\"", "country = \"CN\"\nlead_time = -1");
    refused(
        &text,
        "supplier[0].lead_time",
        "whole number ≥ 0, found -1",
        line_of(&text, "lead_time"),
    );
}

#[test]
fn per_period_lists_have_one_value_per_period() {
    let text = replaced(
        "need = { ndpr = [10, 12], dy = 1 }",
        "need = { ndpr = [10, 12, 14], dy = 1 }",
    );
    refused(
        &text,
        "buyer[0].need.ndpr",
        "3 values for 2 periods",
        line_of(&text, "need ="),
    );
}

#[test]
fn period_labels_must_exist() {
    let text = replaced(
        "capacity_factor = 0.0",
        "capacity_factor = 0.0\nperiods = [\"Q3\"]",
    );
    refused(
        &text,
        "outage[0].periods[0]",
        "no period `Q3`",
        line_of(&text, "periods = [\"Q3\"]"),
    );
}

#[test]
fn ids_must_be_unique_well_formed_and_present() {
    let text = replaced("id = \"dy\"", "id = \"ndpr\"");
    refused(
        &text,
        "material[1].id",
        "duplicate id `ndpr`",
        line_of(&text, "id = \"ndpr\"\ngroup = \"heavy\""),
    );
    let text = replaced("id = \"dy\"", "id = \"d y\"");
    refused(
        &text,
        "material[1].id",
        "malformed id `d y`",
        line_of(&text, "d y"),
    );
    let text = replaced("id = \"dy\"", "id = \"\"");
    refused(
        &text,
        "material[1].id",
        "empty id",
        line_of(&text, "id = \"\""),
    );
    let text = with("[[price_shock]]\nid = \"halt\"\nprice_factor = 2\nprobability = 0.1");
    refused(
        &text,
        "price_shock[0].id",
        "duplicate id `halt`",
        line_of(&text, "id = \"halt\"\nprice_factor"),
    );
}

#[test]
fn references_to_missing_ids_name_the_nearest() {
    let text = replaced("supplier = \"mine\"", "supplier = \"mines\"");
    refused(
        &text,
        "outage[0].supplier",
        "no supplier with id `mines`",
        line_of(&text, "\"mines\""),
    );
    let text = replaced("dy = 1 }", "dyy = 1 }");
    refused(
        &text,
        "buyer[0].need.dyy",
        "no material with id `dyy`",
        line_of(&text, "dyy"),
    );
    let text =
        with("[[quota_cut]]\nid = \"cut\"\nquota = \"cm\"\nlimit_factor = 0.5\nprobability = 0.1");
    refused(
        &text,
        "quota_cut[0].quota",
        "no quota with id `cm`",
        line_of(&text, "\"cm\""),
    );
    let text = with("[[scenario]]\nid = \"crisis\"\nevents = [\"hal\"]\nprobability = 0.1");
    refused(
        &text,
        "scenario[0].events[0]",
        "no event with id `hal`",
        line_of(&text, "\"hal\""),
    );
    let text = with("[[quota]]\nid = \"q2\"\nsuppliers = [\"min\"]\nlimit = 1");
    refused(
        &text,
        "quota[1].suppliers[0]",
        "no supplier with id `min`",
        line_of(&text, "\"min\""),
    );
}

#[test]
fn explicit_probabilities_sum_to_at_most_one() {
    let text = with(
        "[[scenario]]\nid = \"a\"\nevents = [\"halt\"]\nprobability = 0.7\n[[scenario]]\nid = \"b\"\nevents = []\nprobability = 0.4",
    );
    refused(
        &text,
        "scenario",
        "sum to 1.1",
        line_of(&text, "[[scenario]]"),
    );
}

#[test]
fn required_fields() {
    let text = replaced("shortage_penalty = 500000", "");
    refused(
        &text,
        "buyer[0].shortage_penalty",
        "missing required field `shortage_penalty`",
        line_of(&text, "[[buyer]]"),
    );
    let text = replaced("price = 60000", "");
    refused(
        &text,
        "supplier[0].offers.ndpr.price",
        "missing required field `price`",
        line_of(&text, "[supplier.offers.ndpr]"),
    );
    let text = replaced("limit = 15", "");
    refused(
        &text,
        "quota[0].limit",
        "missing required field `limit`",
        line_of(&text, "[[quota]]"),
    );
    let text = replaced("probability = 0.2", "");
    refused(
        &text,
        "outage[0].probability",
        "missing required field `probability`",
        line_of(&text, "[[outage]]"),
    );
    let text = replaced("capacity_factor = 0.0", "");
    refused(
        &text,
        "outage[0].capacity_factor",
        "missing required field",
        line_of(&text, "[[outage]]"),
    );
    let text = replaced("supplier = \"mine\"", "");
    refused(
        &text,
        "outage[0].supplier",
        "missing required field `supplier`",
        line_of(&text, "[[outage]]"),
    );
    let text = with("[[diversification]]\nid = \"d\"");
    refused(
        &text,
        "diversification[0].max_share",
        "missing required field",
        line_of(&text, "[[diversification]]"),
    );
    let text = replaced("[[outage]]\nid = \"halt\"", "[[outage]]");
    refused(
        &text,
        "outage[0].id",
        "missing required field `id`",
        line_of(&text, "[[outage]]"),
    );
}

#[test]
fn penalty_table_covers_every_needed_material() {
    let text = replaced(
        "shortage_penalty = 500000",
        "shortage_penalty = { ndpr = 500000 }",
    );
    refused(
        &text,
        "buyer[0].shortage_penalty",
        "no shortage penalty for `dy`",
        line_of(&text, "shortage_penalty"),
    );
}

#[test]
fn probability_may_be_omitted_with_explicit_scenarios() {
    let text = replaced("probability = 0.2", "")
        + "\n[[scenario]]\nid = \"crisis\"\nevents = [\"halt\"]\nprobability = 0.25\n";
    let loaded = load_model_str(&text, "m.toml").expect("valid with explicit scenarios");
    assert_eq!(loaded.model.explicit_scenarios[0].events, vec![0]);
    assert_eq!(loaded.model.events[0].probability, None);
}

#[test]
fn no_periods_materials_or_buyers() {
    let text = replaced("periods = [\"Q1\", \"Q2\"]", "periods = []");
    refused(
        &text,
        "model.periods",
        "no periods",
        line_of(&text, "periods = []"),
    );
    let text = "[model]\nperiods = [\"Q1\"]\n";
    refused(text, "material", "no materials", 1);
    refused(text, "buyer", "no buyers", 1);
    refused("", "model", "missing required section [model]", 1);
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = replaced("capacity = 20", "capacity = -20")
        .replacen("price = 400000", "price = nan", 1)
        .replacen("probability = 0.2", "probability = 2", 1);
    let errors = diagnostics(&text)
        .into_iter()
        .filter(|d| d.is_error())
        .count();
    assert_eq!(errors, 3);
}

#[test]
fn warnings_do_not_refuse_the_model() {
    // A need no supplier offers, a lead time beyond the horizon, and a
    // selector that selects nothing.
    let text = with(
        "[[material]]\nid = \"tb\"\n[[buyer]]\nid = \"b2\"\nneed = { tb = 1 }\nshortage_penalty = 1\n\
         [[supplier]]\nid = \"far\"\nlead_time = 5\n[supplier.offers.ndpr]\ncapacity = 1\nprice = 1\n\
         [[quota]]\nid = \"none\"\nsuppliers = { country = [\"XX\"] }\nlimit = 1\n",
    );
    let loaded = load_model_str(&text, "m.toml").expect("warnings only");
    let messages: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(
        messages[0].contains("selects no supplier"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("needs `tb` but no supplier"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].contains("lead time of 5 periods, at least the horizon of 2"),
        "{}",
        messages[2]
    );
}

/// The errors of `text`, rendered, and whether any warning came with them.
fn errors_and_warnings(text: &str) -> (Vec<String>, usize) {
    let all = diagnostics(text);
    let errors = all
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render("m.toml", text))
        .collect();
    (errors, all.iter().filter(|d| !d.is_error()).count())
}

#[test]
fn one_problem_gets_one_message() {
    // A misspelt required key is not also reported missing.
    let text = replaced("capacity = 20", "capacty = 20");
    let (errors, _) = errors_and_warnings(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");

    // Another event kind's factor: said once, with the right key.
    let text = replaced("capacity_factor = 0.0", "limit_factor = 0.0");
    let (errors, _) = errors_and_warnings(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("here write `capacity_factor`"),
        "{}",
        errors[0]
    );

    // Without periods, per-period lists and period labels are not counted.
    let text = replaced("periods = [\"Q1\", \"Q2\"]", "")
        + "\n[[price_shock]]\nid = \"p\"\nperiods = [\"Q1\"]\nprice_factor = 2\nprobability = 0.1\n";
    let (errors, _) = errors_and_warnings(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("model.periods: missing required field"));

    // `[quota]` for `[[quota]]` is read as the one quota, so a cut of it
    // resolves.
    let text = replaced("[[quota]]", "[quota]")
        + "\n[[quota_cut]]\nid = \"cut\"\nquota = \"cn\"\nlimit_factor = 0.5\nprobability = 0.1\n";
    let (errors, _) = errors_and_warnings(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("write the header as `[[quota]]`") || errors[0].contains("[[quota]]")
    );

    // A selector by the wrong label: one error, not also "empty selector".
    let text = replaced(
        "suppliers = { country = [\"CN\"] }",
        "suppliers = { region = [\"CN\"] }",
    );
    let (errors, _) = errors_and_warnings(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");

    // An offer refused for its own problem does not also warn that the
    // need it would cover is unserved.
    let text = replaced("price = 400000", "price = -1");
    let (errors, warnings) = errors_and_warnings(&text);
    assert_eq!((errors.len(), warnings), (1, 0), "{errors:#?}");
}

#[test]
fn hints_name_the_nearest_only_when_it_is_clear() {
    // `Q4` is as near to `Q1` as to `Q2`: the periods are listed instead.
    let text = replaced(
        "capacity_factor = 0.0",
        "capacity_factor = 0.0\nperiods = [\"Q4\"]",
    );
    let d = diagnostics(&text);
    let help = d.iter().find_map(|d| d.help.clone()).unwrap_or_default();
    assert_eq!(help, "model.periods: Q1, Q2");
    // The first holder of a duplicate id is named.
    let text =
        with("[[quota_cut]]\nid = \"halt\"\nquota = \"cn\"\nlimit_factor = 0.5\nprobability = 0.1");
    refused(
        &text,
        "quota_cut[0].id",
        "duplicate id `halt`: outage[0] has it already",
        line_of(&text, "id = \"halt\"\nquota"),
    );
}
