//! The rules of `model-format.md` on numbers, lists and ids, each as one
//! function that says what is wrong and how to fix it. The file reader
//! (which adds the place in the text) and [`validate_model`] (which checks
//! a model built in code) both call these, so a rule says the same words
//! whichever way the model came.
//!
//! [`validate_model`]: super::validate_model

use crate::diagnostic::readable;

/// What is wrong with one value, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    /// What is wrong, in lowercase words.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) help: String,
}

impl Problem {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// A number must be finite (NaN and infinities have no meaning in a plan).
pub(crate) fn finite(value: f64) -> Result<f64, Problem> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Problem::new(
            format!("{value} is not a finite number"),
            "give a finite number; nan and inf have no meaning in a plan",
        ))
    }
}

/// A quantity, price or factor: finite and ≥ 0.
pub(crate) fn non_negative(value: f64) -> Result<f64, Problem> {
    let value = finite(value)?;
    if value < 0.0 {
        return Err(Problem::new(
            format!("must be ≥ 0, found {}", readable(value)),
            "quantities, prices and factors cannot be negative",
        ));
    }
    Ok(value)
}

/// A probability, share or weight: finite and in [0,1].
pub(crate) fn fraction(value: f64) -> Result<f64, Problem> {
    let value = finite(value)?;
    if !(0.0..=1.0).contains(&value) {
        // 80 is likely meant as 80%; 1.3 or 2 more likely a slip.
        let help = if (5.0..=100.0).contains(&value) {
            format!(
                "give a fraction, not a percentage: for {value}%, write {}",
                readable((value * 1e7).round() / 1e9)
            )
        } else {
            "give a fraction such as 0.25".to_string()
        };
        return Err(Problem::new(
            format!("must be in [0, 1], found {}", readable(value)),
            help,
        ));
    }
    Ok(value)
}

/// The CVaR level α: finite and in [0,1).
pub(crate) fn alpha(value: f64) -> Result<f64, Problem> {
    let value = finite(value)?;
    if !(0.0..1.0).contains(&value) {
        return Err(Problem::new(
            format!("must be in [0, 1), found {value}"),
            "the CVaR level is a fraction below 1, such as 0.95",
        ));
    }
    Ok(value)
}

/// A whole number of draws or a seed: at least `min`.
pub(crate) fn at_least(value: u64, min: u64) -> Result<u64, Problem> {
    if value >= min {
        Ok(value)
    } else {
        Err(not_whole(min, &value.to_string()))
    }
}

/// A value that is not a whole number ≥ `min` (as written: `found`).
pub(crate) fn not_whole(min: u64, found: &str) -> Problem {
    Problem::new(
        format!("must be a whole number ≥ {min}, found {found}"),
        format!(
            "give a whole number such as {}",
            if min >= 1 { 256 } else { 2 }
        ),
    )
}

/// A per-period list must have one value per period.
pub(crate) fn period_count(values: usize, periods: usize) -> Result<(), Problem> {
    if values == periods {
        return Ok(());
    }
    Err(Problem::new(
        format!("{values} values for {periods} periods"),
        format!("give one value per period ({periods}), or a single number for every period"),
    ))
}

/// Whether `id` is a valid id: non-empty, ASCII letters, digits, `-`, `_`, `.`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// An id must be non-empty and well formed.
pub(crate) fn id_syntax(id: &str) -> Result<(), Problem> {
    if id.is_empty() {
        return Err(Problem::new(
            "empty id",
            "give it an id made of ASCII letters, digits, `-`, `_` and `.`",
        ));
    }
    if is_valid_id(id) {
        return Ok(());
    }
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
    Err(Problem::new(
        format!("malformed id `{id}`: it contains {bad}"),
        "ids are made of ASCII letters (a-z, A-Z), digits, `-`, `_` and `.`",
    ))
}

/// An id that an earlier entry (at `first`) has already.
pub(crate) fn duplicate_id(id: &str, first: &str) -> Problem {
    Problem::new(
        format!("duplicate id `{id}`: {first} has it already"),
        "give every entry a unique id",
    )
}

/// `baseline` names the scenario in which no event occurs.
pub(crate) fn baseline_event() -> Problem {
    Problem::new(
        "`baseline` is the name of the scenario in which no event occurs",
        "give the event another id, such as \"baseline-halt\"",
    )
}

/// A horizon without periods.
pub(crate) fn no_periods() -> Problem {
    Problem::new(
        "no periods",
        "list at least one period, such as [\"2012Q3\"]",
    )
}

/// A period label given twice.
pub(crate) fn duplicate_period(label: &str) -> Problem {
    Problem::new(
        format!("duplicate period `{label}`"),
        "period labels must be unique",
    )
}

/// The empty period label.
pub(crate) const EMPTY_PERIOD: &str = "empty period label";

/// A model without materials.
pub(crate) fn no_materials() -> Problem {
    Problem::new(
        "no materials",
        "declare at least one `[[material]]` with an `id`",
    )
}

/// A model without buyers.
pub(crate) fn no_buyers() -> Problem {
    Problem::new(
        "no buyers",
        "declare at least one `[[buyer]]` with its `need`",
    )
}

/// A required field that is missing.
pub(crate) fn missing(key: &str) -> Problem {
    Problem::new(
        format!("missing required field `{key}`"),
        required_help(key),
    )
}

/// A material a buyer needs but has no shortage penalty for.
pub(crate) fn no_penalty(material: &str, buyer: &str) -> Problem {
    Problem::new(
        format!("no shortage penalty for `{material}`, which buyer `{buyer}` needs"),
        format!("add `{material} = ...` (per tonne short), or give one number for every material"),
    )
}

/// An event listed twice in one explicit scenario.
pub(crate) fn event_listed_twice(event: &str, first_at: &str) -> Problem {
    Problem::new(
        format!("event `{event}` is listed twice (also at {first_at})"),
        "list each event once: an event occurs or not, its factor applies once",
    )
}

/// Explicit scenario probabilities above 1.
pub(crate) fn probabilities_above_one(total: f64) -> Problem {
    Problem::new(
        format!(
            "the scenario probabilities sum to {}, more than 1",
            rounded(total)
        ),
        "lower them so they sum to at most 1; the remainder becomes the scenario `baseline`",
    )
}

/// An explicit scenario named `baseline` while a remainder is left.
pub(crate) fn baseline_scenario(total: f64) -> Problem {
    Problem::new(
        format!(
            "`baseline` is the name of the remainder scenario (the probabilities sum to {}, leaving {} for it)",
            rounded(total),
            rounded(1.0 - total)
        ),
        "rename this scenario, or make the probabilities sum to 1",
    )
}

/// A scenario mode that asks for generated scenarios beside explicit ones.
pub(crate) fn mode_with_explicit(mode: &str) -> Problem {
    Problem::new(
        format!(
            "mode = \"{mode}\" asks for generated scenarios, but the model lists its own [[scenario]] entries, which would be used instead"
        ),
        "remove `mode` (or the [[scenario]] entries to generate scenarios from the events)",
    )
}

/// A sum of probabilities without the noise of binary fractions
/// (0.7 + 0.2 is shown as 0.9, not 0.8999999999999999).
fn rounded(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// How to add a required field that is missing.
pub(crate) fn required_help(key: &str) -> String {
    let what = match key {
        "id" => "a unique id such as \"cn-mine\" (ASCII letters, digits, `-`, `_`, `.`)",
        "periods" => "the period labels in order, such as [\"2012Q3\", \"2012Q4\"]",
        "shortage_penalty" => {
            "the cost per tonne short, one number or a table per material (a plan that prices shortages at zero is never what a buyer means)"
        }
        "capacity" => "tonnes it can ship, one number or one per period",
        "price" => "the contract price per tonne, one number or one per period",
        "limit" => "tonnes per ship period, one number or one per period",
        "max_share" => "the largest share of reservations, in [0, 1]",
        "probability" => "a probability in [0, 1]",
        "supplier" => "the id of the supplier that is out",
        "quota" => "the id of the quota that is cut",
        _ if key.ends_with("_factor") => "the factor ≥ 0 (1 changes nothing)",
        _ => return format!("add `{key} = ...`"),
    };
    let value = if matches!(key, "id" | "supplier" | "quota") {
        "\"...\""
    } else {
        "..."
    };
    format!("add `{key} = {value}`: {what}")
}
