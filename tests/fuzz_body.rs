// The body of the `model` fuzz target (fuzz/fuzz_targets/model.rs includes
// this file) and of the regression test over its corpus: load → validate →
// formulate, and solve small models. Any panic is a bug; errors are fine.

/// Runs one fuzz input through the planner.
pub fn fuzz_one(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = rareplan::load_model_str(text, "fuzz.toml") else {
        return;
    };
    let Ok(settings) = rareplan::Settings::builder()
        .max_columns(20_000)
        .shadow_prices(false)
        .solver(rareplan::SolverChoice::Microlp)
        .time_limit(2.0)
        .build()
    else {
        return;
    };
    let Ok((_, _, formulation)) = rareplan::advanced::build(&loaded.model, &settings) else {
        return;
    };
    if formulation.lp.num_columns() <= 400 {
        if let Ok(outcome) = rareplan::plan(&loaded.model, &settings) {
            for format in [
                rareplan::Format::Json,
                rareplan::Format::Toml,
                rareplan::Format::Csv,
                rareplan::Format::Table,
            ] {
                let _ = rareplan::plan::render(&outcome.plan, format);
            }
        }
    }
}
