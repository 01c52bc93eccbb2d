//! The solver of scenario recourse LPs: the chosen backend, kept for a
//! chunk of scenarios (a warm solver keeps its basis between them).

use crate::lp::LinearProgram;
use crate::solve::{Solution, SolveError, SolveOptions, SolverChoice};

/// Solves one recourse LP after another.
pub(crate) struct Engine {
    choice: SolverChoice,
}

impl Engine {
    pub(crate) fn new(choice: SolverChoice) -> Engine {
        Engine { choice }
    }

    /// Solves `lp`; returns the answer and the name of the backend.
    pub(crate) fn solve(
        &mut self,
        lp: &LinearProgram,
        options: &SolveOptions,
    ) -> Result<(Solution, &'static str), SolveError> {
        let backend = self.choice.backend(lp);
        let solution = backend.solve(lp, options)?;
        Ok((solution, backend.name()))
    }
}
