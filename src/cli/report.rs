//! `rareplan report PLAN -o report.html [--model MODEL]`.

use super::{Cli, ReportArgs};
use rareplan::plan::write_bytes_atomically;
use rareplan::scenario::SamplingOverride;
use rareplan::{Error, Plan, Settings};

/// Reads a plan file (JSON, or TOML by its extension).
fn read_plan(path: &std::path::Path) -> Result<Plan, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("cannot read the plan {}: {e}", path.display())))?;
    let toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let parsed = if toml {
        toml::from_str(&text).map_err(|e| e.to_string())
    } else {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| {
        Error::Usage(format!(
            "{} is not a plan file as `rareplan solve --format json` writes them: {e}",
            path.display()
        ))
    })
}

/// Writes the report.
pub fn run(cli: &Cli, args: &ReportArgs) -> Result<(), Error> {
    let plan = read_plan(&args.plan)?;
    let (plan, model, decisions) = match &args.model {
        None => (plan, None, None),
        Some(path) => {
            let loaded = rareplan::load_model(path)?;
            let sampling = match plan.scenario_generation.mode.as_str() {
                "sampled" => SamplingOverride {
                    samples: plan.scenario_generation.samples,
                    seed: plan.scenario_generation.seed,
                },
                _ => SamplingOverride::default(),
            };
            let settings = Settings {
                risk_weight: Some(plan.risk_weight),
                alpha: Some(plan.alpha),
                sampling,
                scenario_flows: true,
                ..Settings::default()
            };
            let (outcome, decisions) =
                rareplan::explain::plan_and_explain(&loaded.model, &settings)?;
            let scale = plan.objective.abs().max(1.0);
            if (outcome.plan.objective - plan.objective).abs() > 1e-6 * scale {
                return Err(Error::Usage(format!(
                    "{} is not a plan of {}: its objective is {}, the model's is {}; give the model the plan was made from",
                    args.plan.display(),
                    path.display(),
                    plan.objective,
                    outcome.plan.objective
                )));
            }
            // The costliest scenarios' stock paths, where the file has none.
            let mut plan = plan;
            if plan.scenario_flows.is_none() {
                plan.scenario_flows = outcome.plan.scenario_flows;
            }
            (plan, Some(loaded.model), Some(decisions))
        }
    };
    let html =
        rareplan::report::render_html(&plan, model.as_ref(), decisions.as_ref()).map_err(|e| {
            rareplan::plan::PlanWriteError::Render {
                format: "html",
                message: e.to_string(),
            }
        })?;
    write_bytes_atomically(&args.output, html.as_bytes())?;
    if !cli.quiet {
        eprintln!("wrote the report to {}", args.output.display());
    }
    Ok(())
}
