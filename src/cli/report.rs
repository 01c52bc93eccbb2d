//! `rareplan report PLAN -o report.html [--model MODEL]`.

use super::Error;
use super::{Cli, ReportArgs, print};
use rareplan::SamplingOverride;
use rareplan::Settings;
use rareplan::advanced::output::OutputTarget;
use rareplan::read_plan;

/// Writes the report.
pub fn run(cli: &Cli, args: &ReportArgs) -> Result<(), Error> {
    let mut inputs = vec![args.plan.as_path()];
    inputs.extend(args.model.as_deref());
    let target = OutputTarget::parse(&args.output, &inputs)?;
    let plan = read_plan(&args.plan)?;
    let (plan, model, decisions) = match &args.model {
        None => (plan, None, None),
        Some(path) => {
            let loaded = rareplan::load_model(path)?;
            let sampling = match plan.scenario_generation.mode {
                rareplan::plan::GenerationMode::Sampled => SamplingOverride {
                    samples: plan.scenario_generation.samples,
                    seed: plan.scenario_generation.seed,
                },
                _ => SamplingOverride::default(),
            };
            let mut settings = Settings::default();
            settings.risk_weight = Some(plan.risk_weight);
            settings.alpha = Some(plan.alpha);
            settings.sampling = sampling;
            settings.scenario_flows = true;
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
    target.write(html.as_bytes())?;
    if !cli.quiet && !target.is_stdout() {
        print::err(&format!("wrote the report to {}", target.display()))?;
    }
    Ok(())
}
