//! Strategies: many variants of one base model, planned or evaluated in
//! batch, split across a cluster, and the efficient frontier.
//!
//! A strategies file names a base model and the [`Strategy`] entries to
//! compare (`model-format.md`, "A strategies file"). Each strategy changes
//! the base model's TOML tree by id — `remove`, then `add`, then `set` —
//! and the changed model is validated whole by the same rules and with the
//! same messages as a model file ([`Strategy::apply`]). [`Batch::run`]
//! plans (or evaluates) the strategies in parallel, one [`Row`] each, and
//! calls back as each one finishes.
//!
//! ```
//! use rareplan::strategy::{Base, Batch, Strategy};
//!
//! let base = Base::parse(r#"
//! [model]
//! periods = ["Q1", "Q2"]
//! [[material]]
//! id = "ndpr"
//! [[buyer]]
//! id = "plant"
//! need = { ndpr = 10 }
//! shortage_penalty = 500000
//! [[supplier]]
//! id = "mine"
//! country = "CN"
//! [supplier.offers.ndpr]
//! capacity = 50
//! price = 60000
//! [[outage]]
//! id = "halt"
//! supplier = "mine"
//! capacity_factor = 0.5
//! probability = 0.2
//! "#, "base.toml")?;
//! let strategies = vec![
//!     Strategy::new("as-is")?,
//!     Strategy::new("dearer")?.with_set("supplier.mine.offers.ndpr.price", "70000")?,
//!     Strategy::new("typo")?.with_set("supplier.mine.offers.ndpr.prise", "1")?,
//! ];
//! let batch = Batch::new(base, strategies);
//! let rows = batch.run(&rareplan::Settings::default(), 1, |done| {
//!     eprintln!("{}/{}: {}", done.done, done.total, done.row.strategy);
//! })?;
//! assert_eq!(rows[0].status.as_str(), "optimal");
//! let dearer = rows[1].figures.as_ref().map(|f| f.expected_cost);
//! assert_eq!(dearer, Some(1_400_000.0));
//! assert_eq!(rows[2].status.as_str(), "invalid");
//! assert!(rows[2].message.contains("did you mean `supplier.mine.offers.ndpr.price`?"), "{}", rows[2].message);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod apply;
mod batch;
mod evaluate;
mod file;
pub mod frontier;
mod journal;
mod patch;
mod row;
mod shard;

pub use apply::{Invalid, Problem};
pub use batch::{Batch, BatchError, Finished};
pub use file::{Base, StrategiesFile, Strategy, StrategyBuildError};
pub use journal::{Journal, JournalError, fingerprint};
pub use row::{Figures, Row, Status, encode_record, format_number};
pub use shard::{MergeError, Shard, merge, results_text, shard_text};
