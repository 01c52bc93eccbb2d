//! `rareplan schema`: the JSON Schema of model files, checked with an
//! independent validator (the `jsonschema` crate) on every shipped model
//! and on files it must refuse.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn schema_text() -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_rareplan"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&schema_text()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn as_json(toml_text: &str) -> Value {
    toml::from_str(toml_text).unwrap()
}

#[test]
fn the_schema_file_is_what_the_command_prints() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/model.schema.json");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        schema_text(),
        "schema/model.schema.json is stale: run `rareplan schema > schema/model.schema.json`"
    );
}

#[test]
fn every_shipped_model_is_valid_and_names_the_schema() {
    let validator = validator();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    let mut count = 0;
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("#:schema ../schema/model.schema.json\n"),
            "{} has no #:schema line",
            path.display()
        );
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&text))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        count += 1;
    }
    assert!(count >= 5);
}

const GOOD: &str = r#"
[model]
periods = ["Q1", "Q2"]
[[material]]
id = "nd"
[[buyer]]
id = "b"
need = { nd = [10, 20] }
shortage_penalty = 1000
[[supplier]]
id = "s"
[supplier.offers.nd]
capacity = 50
price = 100
[[outage]]
id = "halt"
supplier = "s"
capacity_factor = 0.5
probability = 0.2
"#;

#[test]
fn unknown_keys_strings_for_numbers_and_probabilities_above_one_are_refused() {
    let validator = validator();
    assert!(validator.is_valid(&as_json(GOOD)));
    assert!(rareplan::load_model_str(GOOD, "good.toml").is_ok());
    let bad = [
        (
            "an unknown key",
            GOOD.replace("capacity = 50", "capacty = 50\ncapacity = 50"),
        ),
        (
            "a string for a number",
            GOOD.replace("price = 100", "price = \"100\""),
        ),
        (
            "a probability above 1",
            GOOD.replace("probability = 0.2", "probability = 1.2"),
        ),
        (
            "a negative quantity",
            GOOD.replace("need = { nd = [10, 20] }", "need = { nd = [10, -20] }"),
        ),
        (
            "a missing required key",
            GOOD.replace("shortage_penalty = 1000\n", ""),
        ),
        (
            "an unknown section",
            format!("{GOOD}\n[[mine]]\nid = \"x\"\n"),
        ),
        (
            "a malformed id",
            GOOD.replace("id = \"halt\"", "id = \"a halt\""),
        ),
    ];
    for (what, text) in bad {
        assert!(
            !validator.is_valid(&as_json(&text)),
            "the schema accepts {what}"
        );
        // The schema agrees with the validator behind `rareplan`.
        assert!(
            rareplan::load_model_str(&text, "bad.toml").is_err(),
            "rareplan accepts {what}"
        );
    }
}
