//! The solver of scenario recourse LPs. Under `auto` it is the project's
//! warm dual simplex ([`WarmSimplex`]), which keeps its basis from one
//! scenario to the next (they share one constraint matrix); where it fails
//! or its answer fails verification, the scenario is solved again by the
//! backend `auto` picks for the LP's size.

use crate::lp::LinearProgram;
use crate::solve::choice::simplex_fits;
use crate::solve::{Solution, SolveError, SolveOptions, SolverChoice, WarmSimplex};

/// Solves one recourse LP after another.
#[derive(Clone)]
pub(crate) struct Engine {
    choice: SolverChoice,
    warm: Option<WarmSimplex>,
}

impl Engine {
    pub(crate) fn new(choice: SolverChoice) -> Engine {
        let warm =
            matches!(choice, SolverChoice::Auto | SolverChoice::Simplex).then(WarmSimplex::new);
        Engine { choice, warm }
    }

    /// Solves `lp`; returns the answer and the name of the solver.
    pub(crate) fn solve(
        &mut self,
        lp: &LinearProgram,
        options: &SolveOptions,
    ) -> Result<(Solution, &'static str), SolveError> {
        if let Some(warm) = &mut self.warm
            && simplex_fits(lp)
        {
            match warm.solve(lp) {
                Ok(solution) => return Ok((solution, "simplex")),
                Err(e) if self.choice == SolverChoice::Simplex => return Err(e),
                Err(_) => {
                    *warm = WarmSimplex::new();
                }
            }
        }
        self.fallback(lp, options)
    }

    /// Whether [`Engine::fallback`] would use another solver than the last.
    pub(crate) fn can_fall_back(&self) -> bool {
        self.choice == SolverChoice::Auto
    }

    /// Solves `lp` with the backend the choice names (`auto`: by size),
    /// and drops the warm basis.
    pub(crate) fn fallback(
        &mut self,
        lp: &LinearProgram,
        options: &SolveOptions,
    ) -> Result<(Solution, &'static str), SolveError> {
        if let Some(warm) = &mut self.warm {
            *warm = WarmSimplex::new();
        }
        let choice = match self.choice {
            SolverChoice::Simplex => SolverChoice::Simplex,
            // Recourse LPs are small: microlp's exact simplex serves where
            // the dense one failed, Clarabel only beyond its reach (without
            // microlp, `auto` picks by size as for any LP).
            #[cfg(feature = "microlp")]
            SolverChoice::Auto if lp.num_columns() <= 5_000 => SolverChoice::Microlp,
            other => other,
        };
        let backend = choice.backend(lp)?;
        let solution = backend.solve(lp, options)?;
        Ok((solution, backend.name()))
    }
}
