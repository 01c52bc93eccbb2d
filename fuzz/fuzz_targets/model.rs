//! Fuzz target: arbitrary bytes as a model file through load → validate →
//! formulate (→ solve for small models). Run with
//! `cargo fuzz run model` from the repository root (see README).
#![no_main]

include!("../../tests/fuzz_body.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_one(data));
