//! The one integration-test binary: a module per area.

mod backends;
mod bad_inputs;
mod bad_strategies;
mod budget;
mod cli;
mod conventions;
mod decisions;
mod differential;
mod export;
mod fuzz_body;
mod fuzz_regression;
mod generator;
mod hand_cases;
mod hardening;
mod library;
mod limits;
mod output_files;
mod properties;
mod reference;
mod report;
mod schema;
mod shadow_prices;
mod strategies;
mod two_stage;
mod warm_start;
mod workbook;
