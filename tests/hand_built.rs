//! Models built in code, as an embedding tool builds them: the builder
//! gives the model a file gives, and the same diagnostics for the same
//! mistakes; a bad model, built or changed after building, gets an error
//! with its path and a real message from `plan`, `build` and `evaluate`,
//! never a panic or a plan (issue 10: 20 bad hand-built models).

use rareplan::advanced as planner;
use rareplan::model::{
    BuyerSpec, DiversificationSpec, EventKind, EventSpec, InvalidModel, Material, Model,
    ModelBuilder, OfferSpec, Penalty, Pick, QuotaSpec, ScenarioSpec, Selector, SupplierSpec,
    validate_model,
};
use rareplan::{Diagnostic, LoadError, Settings, load_model_str, plan};
use rareplan::{PlanError, SolverChoice};

/// `models/tiny.toml`, built in code.
fn tiny() -> ModelBuilder {
    ModelBuilder::new(["Q1", "Q2", "Q3"])
        .name("Tiny: one plant, two suppliers, one outage")
        .material(Material::new("ndpr-oxide").name("Neodymium-praseodymium oxide"))
        .buyer(
            BuyerSpec::new("plant")
                .region("US")
                .need("ndpr-oxide", 80.0)
                .initial_stock("ndpr-oxide", 20.0)
                .shortage_penalty(500_000.0)
                .holding_cost(1000.0),
        )
        .supplier(
            SupplierSpec::new("cn-mine")
                .country("CN")
                .freight("US", 300.0)
                .offer(
                    "ndpr-oxide",
                    OfferSpec::new(100.0, 52_000.0).spot_price(58_000.0),
                ),
        )
        .supplier(
            SupplierSpec::new("au-mine")
                .country("AU")
                .lead_time(1)
                .freight("US", 500.0)
                .offer(
                    "ndpr-oxide",
                    OfferSpec::new(60.0, 70_000.0).reservation_fee(3000.0),
                ),
        )
        .event(
            EventSpec::outage("cn-halt", "cn-mine", 0.25)
                .periods(["Q2", "Q3"])
                .probability(0.3),
        )
}

fn tiny_model() -> Model {
    tiny().build().expect("tiny builds").model
}

/// The errors of a builder that must fail.
fn build_errors(builder: ModelBuilder) -> Vec<Diagnostic> {
    match builder.build() {
        Ok(built) => panic!("built a bad model: {:?}", built.model),
        Err(invalid) => invalid.errors().cloned().collect(),
    }
}

/// The errors `plan` refuses `model` with.
fn plan_errors(model: &Model, settings: &Settings) -> Vec<Diagnostic> {
    match plan(model, settings) {
        Ok(outcome) => panic!("planned a bad model: objective {}", outcome.plan.objective),
        Err(PlanError::InvalidModel(InvalidModel { diagnostics })) => {
            diagnostics.into_iter().filter(|d| d.is_error()).collect()
        }
        Err(other) => panic!("expected an invalid model, got {other:?}"),
    }
}

/// Asserts an error at `path` whose message contains `message` and that
/// comes with a hint; and that it is rendered in `PlanError`'s message.
#[track_caller]
fn has_error(errors: &[Diagnostic], path: &str, message: &str) {
    let found = errors.iter().find(|d| d.path == path).unwrap_or_else(|| {
        panic!("no error at {path}; errors: {errors:#?}");
    });
    assert!(
        found.message.contains(message),
        "{path}: {:?} does not contain {message:?}",
        found.message
    );
    assert!(found.help.is_some(), "{path}: no hint in {found:?}");
    assert!(found.span.is_none(), "a model built in code has no spans");
    let rendered = PlanError::InvalidModel(InvalidModel {
        diagnostics: errors.to_vec(),
    })
    .to_string();
    assert!(rendered.starts_with("the model is invalid"), "{rendered}");
    assert!(
        rendered.contains(&format!("{path}: {}", found.message)),
        "{rendered}"
    );
}

/// `model` mutated by `change` is refused by `plan` with that error.
#[track_caller]
fn mutated_refused(change: impl FnOnce(&mut Model), path: &str, message: &str) {
    let mut model = tiny_model();
    change(&mut model);
    has_error(&plan_errors(&model, &Settings::default()), path, message);
}

#[test]
fn the_builder_gives_the_model_a_file_gives() {
    let text = std::fs::read_to_string("models/tiny.toml").expect("tiny.toml");
    let loaded = load_model_str(&text, "tiny.toml").expect("valid");
    let built = tiny().build().expect("valid");
    assert_eq!(built.model, loaded.model);
    assert_eq!(built.warnings, loaded.warnings);
    // And the same plan.
    let from_file = plan(&loaded.model, &Settings::default()).expect("plan");
    let from_code = plan(&built.model, &Settings::default()).expect("plan");
    assert_eq!(from_code.plan.objective, from_file.plan.objective);
    assert_eq!(from_code.plan.reservations, from_file.plan.reservations);
}

#[test]
fn selectors_mean_the_same_in_code_as_in_a_file() {
    // Left out in a file and `Pick::All` in code: `Selector::All`; a label
    // table and `Pick::labels`: the same indices.
    let text = std::fs::read_to_string("models/tiny.toml").expect("tiny.toml")
        + "\n[[quota]]\nid = \"cn\"\nsuppliers = { country = [\"CN\"] }\nlimit = 90\n";
    let file = load_model_str(&text, "q.toml").expect("valid").model;
    let code = tiny()
        .quota(QuotaSpec::new("cn", 90.0).suppliers(Pick::labels(["CN"])))
        .build()
        .expect("valid")
        .model;
    assert_eq!(code, file);
    assert_eq!(code.quotas[0].suppliers, Selector::Only(vec![0]));
    assert_eq!(code.quotas[0].materials, Selector::All);
    assert_eq!(code.quotas[0].buyers, Selector::All);
    // `All` stays all when a supplier is added after building.
    assert!(Selector::All.contains(&5));
    // An empty list is refused in both, in the same words.
    let file_errors = file_errors(&text.replace("{ country = [\"CN\"] }", "[]"));
    let code_errors = build_errors(
        tiny().quota(QuotaSpec::new("cn", 90.0).suppliers(Pick::ids(Vec::<String>::new()))),
    );
    has_error(
        &code_errors,
        "quota[0].suppliers",
        "an empty list selects no supplier",
    );
    assert_eq!(code_errors, file_errors);
}

/// The errors a model file gets, without their spans.
fn file_errors(text: &str) -> Vec<Diagnostic> {
    match load_model_str(text, "m.toml") {
        Err(LoadError::Invalid { diagnostics, .. }) => diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| Diagnostic { span: None, ..d })
            .collect(),
        Ok(_) => panic!("loaded a bad file"),
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn the_builder_says_what_a_file_says() {
    let base = std::fs::read_to_string("models/tiny.toml").expect("tiny.toml");
    let pairs: Vec<(String, ModelBuilder)> = vec![
        (
            base.replace("need = { ndpr-oxide = 80 }", "need = { ndpr-oxide = [80] }"),
            replace_buyer(
                BuyerSpec::new("plant")
                    .region("US")
                    .need("ndpr-oxide", [80.0]),
            ),
        ),
        (
            base.replace("price = 52000", "price = nan"),
            replace_cn_offer(OfferSpec::new(100.0, f64::NAN).spot_price(58_000.0)),
        ),
        (
            base.replace("capacity = 100", "capacity = -5"),
            replace_cn_offer(OfferSpec::new(-5.0, 52_000.0).spot_price(58_000.0)),
        ),
        (
            base.replace("probability = 0.3", "probability = 1.5"),
            replace_outage(
                EventSpec::outage("cn-halt", "cn-mine", 0.25)
                    .periods(["Q2", "Q3"])
                    .probability(1.5),
            ),
        ),
        (
            base.replace("probability = 0.3", ""),
            replace_outage(EventSpec::outage("cn-halt", "cn-mine", 0.25).periods(["Q2", "Q3"])),
        ),
        (
            base.replace("supplier = \"cn-mine\"", "supplier = \"cn-mime\""),
            replace_outage(
                EventSpec::outage("cn-halt", "cn-mime", 0.25)
                    .periods(["Q2", "Q3"])
                    .probability(0.3),
            ),
        ),
        (
            base.replace("id = \"au-mine\"", "id = \"cn-mine\""),
            swap_second_supplier_id("cn-mine"),
        ),
        (
            base.replace("[model]", "[risk]\nalpha = 1.0\n\n[model]"),
            tiny().risk(0.0, 1.0),
        ),
    ];
    for (text, builder) in pairs {
        let from_file = file_errors(&text);
        let from_code = build_errors(builder);
        assert!(!from_file.is_empty());
        assert_eq!(from_code, from_file, "for the file\n{text}");
    }
}

/// Tiny with its buyer replaced (no other field of it given) and the
/// penalty of the file.
fn replace_buyer(buyer: BuyerSpec) -> ModelBuilder {
    let buyer = buyer
        .initial_stock("ndpr-oxide", 20.0)
        .shortage_penalty(500_000.0)
        .holding_cost(1000.0);
    rebuilt(|parts| parts.buyer = buyer)
}

fn replace_cn_offer(offer: OfferSpec) -> ModelBuilder {
    rebuilt(|parts| {
        parts.cn = SupplierSpec::new("cn-mine")
            .country("CN")
            .freight("US", 300.0)
            .offer("ndpr-oxide", offer)
    })
}

fn replace_outage(outage: EventSpec) -> ModelBuilder {
    rebuilt(|parts| parts.outage = outage)
}

fn swap_second_supplier_id(id: &str) -> ModelBuilder {
    rebuilt(|parts| {
        parts.au = SupplierSpec::new(id)
            .country("AU")
            .lead_time(1)
            .freight("US", 500.0)
            .offer(
                "ndpr-oxide",
                OfferSpec::new(60.0, 70_000.0).reservation_fee(3000.0),
            )
    })
}

/// The parts of tiny, to change one.
struct Parts {
    buyer: BuyerSpec,
    cn: SupplierSpec,
    au: SupplierSpec,
    outage: EventSpec,
}

fn rebuilt(change: impl FnOnce(&mut Parts)) -> ModelBuilder {
    let mut parts = Parts {
        buyer: BuyerSpec::new("plant")
            .region("US")
            .need("ndpr-oxide", 80.0)
            .initial_stock("ndpr-oxide", 20.0)
            .shortage_penalty(500_000.0)
            .holding_cost(1000.0),
        cn: SupplierSpec::new("cn-mine")
            .country("CN")
            .freight("US", 300.0)
            .offer(
                "ndpr-oxide",
                OfferSpec::new(100.0, 52_000.0).spot_price(58_000.0),
            ),
        au: SupplierSpec::new("au-mine")
            .country("AU")
            .lead_time(1)
            .freight("US", 500.0)
            .offer(
                "ndpr-oxide",
                OfferSpec::new(60.0, 70_000.0).reservation_fee(3000.0),
            ),
        outage: EventSpec::outage("cn-halt", "cn-mine", 0.25)
            .periods(["Q2", "Q3"])
            .probability(0.3),
    };
    change(&mut parts);
    ModelBuilder::new(["Q1", "Q2", "Q3"])
        .name("Tiny: one plant, two suppliers, one outage")
        .material(Material::new("ndpr-oxide").name("Neodymium-praseodymium oxide"))
        .buyer(parts.buyer)
        .supplier(parts.cn)
        .supplier(parts.au)
        .event(parts.outage)
}

// The 20 bad hand-built models of issue 10, and those like them. Each is
// refused with an error at its path, never a panic or a plan.

#[test]
fn bad_01_need_list_one_period_short() {
    mutated_refused(
        |m| m.buyers[0].need[0] = vec![80.0, 80.0],
        "buyer[0].need.ndpr-oxide",
        "2 values for 3 periods",
    );
}

#[test]
fn bad_02_need_list_missing() {
    mutated_refused(
        |m| m.buyers[0].need.clear(),
        "buyer[0].need",
        "0 entries for 1 material",
    );
}

#[test]
fn bad_03_nan_price_under_microlp() {
    let mut model = tiny_model();
    model.suppliers[1].offers[0].price[1] = f64::NAN;
    let settings = Settings::builder()
        .solver(SolverChoice::Microlp)
        .build()
        .unwrap();
    has_error(
        &plan_errors(&model, &settings),
        "supplier[1].offers.ndpr-oxide.price[1]",
        "NaN is not a finite number",
    );
}

#[test]
fn bad_04_infinite_price() {
    let errors = build_errors(replace_cn_offer(OfferSpec::new(100.0, f64::INFINITY)));
    has_error(
        &errors,
        "supplier[0].offers.ndpr-oxide.price",
        "inf is not a finite number",
    );
    let mut model = tiny_model();
    model.suppliers[0].offers[0].spot_price = Some(vec![f64::NEG_INFINITY; 3]);
    let settings = Settings::builder()
        .solver(SolverChoice::Microlp)
        .build()
        .unwrap();
    has_error(
        &plan_errors(&model, &settings),
        "supplier[0].offers.ndpr-oxide.spot_price",
        "-inf is not a finite number",
    );
}

#[test]
fn bad_05_outage_names_supplier_7_of_2() {
    mutated_refused(
        |m| {
            m.events[0].kind = EventKind::Outage {
                supplier: 7,
                capacity_factor: 0.0,
            }
        },
        "outage[0].supplier",
        "no supplier at index 7: the model has 2 suppliers",
    );
}

#[test]
fn bad_06_period_mask_of_the_wrong_length() {
    mutated_refused(
        |m| m.events[0].periods = vec![true; 5],
        "outage[0].periods",
        "5 period flags for 3 periods",
    );
}

#[test]
fn bad_07_offer_of_a_material_that_does_not_exist() {
    mutated_refused(
        |m| m.suppliers[0].offers[0].material = 3,
        "supplier[0].offers[0].material",
        "no material at index 3: the model has 1 material",
    );
    let errors = build_errors(
        tiny().supplier(SupplierSpec::new("x").offer("tb-oxide", OfferSpec::new(1.0, 1.0))),
    );
    has_error(
        &errors,
        "supplier[2].offers.tb-oxide",
        "no material with id `tb-oxide`",
    );
}

#[test]
fn bad_08_empty_shortage_penalty_table() {
    let errors = build_errors(replace_buyer_penalty(Penalty::per_material(Vec::<(
        String,
        f64,
    )>::new())));
    has_error(
        &errors,
        "buyer[0].shortage_penalty",
        "no shortage penalty for `ndpr-oxide`, which buyer `plant` needs",
    );
    mutated_refused(
        |m| m.buyers[0].shortage_penalty.clear(),
        "buyer[0].shortage_penalty",
        "0 entries for 1 material",
    );
}

fn replace_buyer_penalty(penalty: Penalty) -> ModelBuilder {
    rebuilt(|parts| {
        parts.buyer = BuyerSpec::new("plant")
            .region("US")
            .need("ndpr-oxide", 80.0)
            .shortage_penalty(penalty)
    })
}

#[test]
fn bad_09_no_periods() {
    let errors = build_errors(
        ModelBuilder::new(Vec::<String>::new())
            .material(Material::new("nd"))
            .buyer(BuyerSpec::new("b").need("nd", 1.0).shortage_penalty(1.0)),
    );
    has_error(&errors, "model.periods", "no periods");
    mutated_refused(|m| m.periods.clear(), "model.periods", "no periods");
}

#[test]
fn bad_10_negative_and_nan_time_limits() {
    let model = tiny_model();
    for limit in [-1.0, f64::NAN, 0.0, f64::INFINITY] {
        let mut settings = Settings::default();
        settings.solve.time_limit = Some(limit);
        match plan(&model, &settings) {
            Err(e @ PlanError::Setting { name, .. }) => {
                assert_eq!(name, "the time limit");
                assert!(
                    e.to_string()
                        .starts_with("the time limit must be a positive number of seconds"),
                    "{e}"
                );
            }
            other => panic!("time limit {limit}: {other:?}"),
        }
        assert!(matches!(
            planner::build(&model, &settings),
            Err(PlanError::Setting { .. })
        ));
    }
}

#[test]
fn bad_11_need_list_one_period_long() {
    let errors = build_errors(replace_buyer(
        BuyerSpec::new("plant")
            .region("US")
            .need("ndpr-oxide", [80.0]),
    ));
    has_error(
        &errors,
        "buyer[0].need.ndpr-oxide",
        "1 values for 3 periods",
    );
}

#[test]
fn bad_12_event_probability_of_one_and_a_half() {
    let errors = build_errors(replace_outage(
        EventSpec::outage("cn-halt", "cn-mine", 0.25).probability(1.5),
    ));
    has_error(
        &errors,
        "outage[0].probability",
        "must be in [0, 1], found 1.5",
    );
    mutated_refused(
        |m| m.events[0].probability = Some(1.5),
        "outage[0].probability",
        "must be in [0, 1], found 1.5",
    );
}

#[test]
fn bad_13_event_with_no_probability() {
    let errors = build_errors(replace_outage(EventSpec::outage(
        "cn-halt", "cn-mine", 0.25,
    )));
    has_error(
        &errors,
        "outage[0].probability",
        "missing required field `probability`",
    );
    mutated_refused(
        |m| m.events[0].probability = None,
        "outage[0].probability",
        "missing required field `probability`",
    );
}

#[test]
fn bad_14_quota_on_a_supplier_that_does_not_exist() {
    let errors =
        build_errors(tiny().quota(QuotaSpec::new("q", 50.0).suppliers(Pick::ids(["ghost"]))));
    has_error(
        &errors,
        "quota[0].suppliers[0]",
        "no supplier with id `ghost`",
    );
    mutated_refused(
        |m| {
            m.quotas.push(rareplan::model::Quota {
                id: "q".into(),
                suppliers: Selector::Only(vec![9]),
                materials: Selector::All,
                buyers: Selector::All,
                limit: vec![50.0; 3],
            })
        },
        "quota[0].suppliers[0]",
        "no supplier at index 9: the model has 2 suppliers",
    );
}

#[test]
fn bad_15_two_suppliers_with_one_id() {
    let errors = build_errors(swap_second_supplier_id("cn-mine"));
    has_error(
        &errors,
        "supplier[1].id",
        "duplicate id `cn-mine`: supplier[0] has it already",
    );
    mutated_refused(
        |m| m.suppliers[1].id = "cn-mine".into(),
        "supplier[1].id",
        "duplicate id `cn-mine`",
    );
}

#[test]
fn bad_16_negative_capacity() {
    mutated_refused(
        |m| m.suppliers[1].offers[0].capacity = vec![-60.0; 3],
        "supplier[1].offers.ndpr-oxide.capacity",
        "must be ≥ 0, found -60",
    );
}

#[test]
fn bad_17_alpha_and_risk_weight_out_of_range() {
    let errors = build_errors(tiny().risk(0.3, 1.0));
    has_error(&errors, "risk.alpha", "must be in [0, 1), found 1");
    mutated_refused(
        |m| m.risk.weight = f64::NAN,
        "risk.weight",
        "NaN is not a finite number",
    );
}

#[test]
fn bad_18_explicit_probabilities_above_one() {
    let errors = build_errors(
        tiny()
            .scenario(ScenarioSpec::new("halt", ["cn-halt"], 0.7))
            .scenario(ScenarioSpec::new("calm", Vec::<String>::new(), 0.6)),
    );
    has_error(
        &errors,
        "scenario",
        "the scenario probabilities sum to 1.3, more than 1",
    );
    let errors = build_errors(tiny().scenario(ScenarioSpec::new("x", ["cn-halt", "cn-halt"], 0.5)));
    has_error(
        &errors,
        "scenario[0].events[1]",
        "event `cn-halt` is listed twice (also at scenario[0].events[0])",
    );
}

#[test]
fn bad_19_quota_cut_of_a_quota_that_does_not_exist() {
    let errors =
        build_errors(tiny().event(EventSpec::quota_cut("cut", "cn-quota", 0.5).probability(0.1)));
    has_error(&errors, "quota_cut[0].quota", "no quota with id `cn-quota`");
    mutated_refused(
        |m| {
            m.events.push(rareplan::model::Event {
                id: "cut".into(),
                kind: EventKind::QuotaCut {
                    quota: 4,
                    limit_factor: 0.5,
                },
                probability: Some(0.1),
                periods: vec![true; 3],
            })
        },
        "quota_cut[0].quota",
        "no quota at index 4: the model has 0 quotas",
    );
}

#[test]
fn bad_20_diversification_share_and_event_factor_out_of_range() {
    let errors = build_errors(tiny().diversification(DiversificationSpec::new("cap", 60.0)));
    has_error(
        &errors,
        "diversification[0].max_share",
        "must be in [0, 1], found 60",
    );
    mutated_refused(
        |m| {
            m.events[0].kind = EventKind::Outage {
                supplier: 0,
                capacity_factor: -0.5,
            }
        },
        "outage[0].capacity_factor",
        "must be ≥ 0, found -0.5",
    );
}

#[test]
fn bad_21_demand_shock_on_an_empty_label_list_and_unknown_period() {
    let errors = build_errors(
        tiny().event(
            EventSpec::demand_shock("boom", Pick::All, Pick::labels(Vec::<String>::new()), 1.3)
                .periods(["Q4"])
                .probability(0.2),
        ),
    );
    has_error(
        &errors,
        "demand_shock[0].materials.group",
        "an empty list of `group` labels selects no material",
    );
    has_error(
        &errors,
        "demand_shock[0].periods[0]",
        "no period `Q4` in model.periods",
    );
}

#[test]
fn a_model_changed_after_building_is_checked_by_build_and_evaluate_too() {
    let model = tiny_model();
    let outcome = plan(&model, &Settings::default()).expect("plan");
    let mut bad = model.clone();
    bad.buyers[0].in_transit[0] = vec![f64::NAN; 3];
    match planner::build(&bad, &Settings::default()) {
        Err(PlanError::InvalidModel(invalid)) => {
            let errors: Vec<Diagnostic> = invalid.errors().cloned().collect();
            has_error(
                &errors,
                "buyer[0].in_transit.ndpr-oxide",
                "NaN is not a finite number",
            );
        }
        other => panic!("built a bad model: {:?}", other.map(|_| ())),
    }
    match rareplan::evaluate(&bad, &outcome.plan, &Settings::default()) {
        Err(rareplan::EvaluateError::Plan(PlanError::InvalidModel(invalid))) => {
            assert_eq!(invalid.errors().count(), 1);
        }
        other => panic!("evaluated a bad model: {:?}", other.map(|_| ())),
    }
    // The valid model passes with no warning, and plans.
    assert_eq!(validate_model(&model), Ok(Vec::new()));
}

#[test]
fn warnings_of_a_built_model_are_a_files() {
    // A label that selects nothing warns, as in a file, and the model
    // still plans.
    let built = tiny()
        .quota(QuotaSpec::new("q", 50.0).suppliers(Pick::labels(["XX"])))
        .build()
        .expect("warnings only");
    assert_eq!(built.warnings.len(), 1, "{:?}", built.warnings);
    assert_eq!(built.warnings[0].path, "quota[0].suppliers");
    assert_eq!(built.warnings[0].message, "selector selects no supplier");
    assert!(plan(&built.model, &Settings::default()).is_ok());
}
