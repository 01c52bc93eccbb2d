//! Selectors: `["id", ...]` or `{ label = [...] }`, resolved to indices.

use std::collections::HashMap;

use super::Selector;
use super::reader::{Node, Reader, get, index, join};
use super::rules::Problem;
use crate::diagnostic::nearest;
use toml::de::DeValue;

/// At most this many ids are listed in a hint.
const LISTED_IDS: usize = 12;

/// At most this many ids are compared, over the whole file, to find the
/// nearest to an unknown one: a file with very many dangling references
/// to a very long list of ids gets its later hints without a suggestion
/// instead of taking quadratic time.
const SUGGESTION_BUDGET: usize = 20_000_000;

/// The ids of one kind of entity and the label its selectors match on.
pub(crate) struct Pool<'a> {
    /// What the entities are called, for messages (`supplier`).
    pub(crate) kind: &'a str,
    /// Their ids, in file order.
    pub(crate) ids: Vec<&'a str>,
    /// The label key (`country`, `group` or `region`).
    pub(crate) label: &'a str,
    /// Each entity's label.
    pub(crate) labels: Vec<Option<&'a str>>,
    /// Position of each id (the first, when an id is repeated).
    positions: HashMap<&'a str, usize>,
}

impl<'a> Pool<'a> {
    /// A pool of `ids` whose selectors match `label` against `labels`.
    pub(crate) fn new(
        kind: &'a str,
        ids: Vec<&'a str>,
        label: &'a str,
        labels: Vec<Option<&'a str>>,
    ) -> Self {
        let mut positions = HashMap::with_capacity(ids.len());
        for (k, &id) in ids.iter().enumerate() {
            positions.entry(id).or_insert(k);
        }
        Pool {
            kind,
            ids,
            label,
            labels,
            positions,
        }
    }

    /// A pool that selectors cannot pick from by label.
    pub(crate) fn unlabelled(kind: &'a str, ids: Vec<&'a str>) -> Self {
        let labels = vec![None; ids.len()];
        Pool::new(kind, ids, "", labels)
    }

    /// Index of `id`, if it exists.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    /// The problem of a reference to `id`, which the pool does not have:
    /// the nearest id, or the ids there are. `compared` counts the ids
    /// compared so far against [`SUGGESTION_BUDGET`].
    pub(crate) fn unknown(&self, id: &str, compared: &mut usize) -> Problem {
        let message = if self.kind == "period" {
            format!("no period `{id}` in model.periods")
        } else {
            format!("no {} with id `{id}`", self.kind)
        };
        let near = if compared.saturating_add(self.ids.len()) <= SUGGESTION_BUDGET {
            *compared += self.ids.len();
            nearest(id, self.ids.iter().copied())
        } else {
            None
        };
        let help = match near {
            Some(near) => format!("did you mean `{near}`?"),
            None if self.ids.is_empty() => format!("the model declares no {}", self.kind),
            None if self.kind == "period" => format!("model.periods: {}", self.listed()),
            None => format!("known {} ids: {}", self.kind, self.listed()),
        };
        Problem { message, help }
    }

    /// The problem of a selector that lists nothing (`[]`, or
    /// `{ country = [] }`): it would cover none, where leaving it out
    /// covers all.
    pub(crate) fn empty_selector(&self, key: &str, by_label: bool) -> Problem {
        let what = if by_label {
            format!("an empty list of `{}` labels", self.label)
        } else {
            "an empty list".to_string()
        };
        Problem {
            message: format!("{what} selects no {}", self.kind),
            help: format!(
                "leave `{key}` out to select every {}, or list the ones meant",
                self.kind
            ),
        }
    }

    /// The ids, for a hint: all of them, or the first few and how many.
    fn listed(&self) -> String {
        let shown = self
            .ids
            .iter()
            .take(LISTED_IDS)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if self.ids.len() > LISTED_IDS {
            format!("{shown}, ... ({} in all)", self.ids.len())
        } else {
            shown
        }
    }
}

impl Reader {
    /// Resolves a reference to one id of `pool`; reports an unknown id with
    /// the nearest known one.
    pub(crate) fn reference(
        &mut self,
        node: &Node<'_>,
        path: &str,
        pool: &Pool<'_>,
    ) -> Option<usize> {
        let id = self.string(node, path)?;
        self.known_id(&id, node.span(), path, pool)
    }

    /// Index of `id` in `pool`, or an error naming the nearest id.
    pub(crate) fn known_id(
        &mut self,
        id: &str,
        span: std::ops::Range<usize>,
        path: &str,
        pool: &Pool<'_>,
    ) -> Option<usize> {
        if let Some(found) = pool.position(id) {
            return Some(found);
        }
        let problem = pool.unknown(id, &mut self.compared);
        self.problem(path, span, problem);
        None
    }

    /// Resolves an optional selector (absent: every entity of the pool).
    /// An empty list is refused: it would select nothing, where leaving
    /// the key out selects everything. A label table that matches nothing
    /// is resolved to an empty [`Selector::Only`], which validation warns
    /// about.
    pub(crate) fn selector(
        &mut self,
        node: Option<&Node<'_>>,
        path: &str,
        pool: &Pool<'_>,
    ) -> Option<Selector> {
        let Some(node) = node else {
            return Some(Selector::All);
        };
        let key = path.rsplit('.').next().unwrap_or(path);
        let chosen = match node.get_ref() {
            DeValue::Array(items) => {
                if items.is_empty() {
                    let problem = pool.empty_selector(key, false);
                    self.problem(path, node.span(), problem);
                    return None;
                }
                let mut chosen = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    match self.reference(item, &index(path, i), pool) {
                        Some(k) => chosen.push(k),
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                chosen.sort_unstable();
                chosen.dedup();
                chosen
            }
            DeValue::Table(table) => {
                let how = format!(
                    "select {}s by `{{ {} = [...] }}`, or list their ids",
                    pool.kind, pool.label
                );
                let mut ok = true;
                for (key, _) in table.iter() {
                    let name = key.get_ref().as_ref();
                    if name != pool.label {
                        self.error_help(
                            &join(path, name),
                            key.span(),
                            format!(
                                "{}s are selected by `{}`, not `{name}`",
                                pool.kind, pool.label
                            ),
                            how.clone(),
                        );
                        ok = false;
                    }
                }
                let Some(labels_node) = get(table, pool.label) else {
                    if ok {
                        self.error_help(path, node.span(), "empty selector table", how);
                    }
                    return None;
                };
                let labels_path = join(path, pool.label);
                let labels = self.strings(labels_node, &labels_path)?;
                if labels.is_empty() {
                    let problem = pool.empty_selector(key, true);
                    self.problem(&labels_path, labels_node.span(), problem);
                    return None;
                }
                (0..pool.ids.len())
                    .filter(|&k| {
                        pool.labels[k]
                            .is_some_and(|own| labels.iter().any(|(wanted, _)| wanted == own))
                    })
                    .collect()
            }
            other => {
                let expected = format!(
                    "a list of {} ids or a table `{{ {} = [...] }}`",
                    pool.kind, pool.label
                );
                match other {
                    DeValue::String(id) => self.wrong_type_help(
                        path,
                        node,
                        &expected,
                        format!("for one {}, write a list: `[\"{id}\"]`", pool.kind),
                    ),
                    _ => self.wrong_type(path, node, &expected),
                }
                return None;
            }
        };
        Some(Selector::Only(chosen))
    }
}

/// The pools that selectors pick from.
pub(crate) struct Pools<'a> {
    /// Materials, selected by `group`.
    pub(crate) materials: &'a Pool<'a>,
    /// Buyers, selected by `region`.
    pub(crate) buyers: &'a Pool<'a>,
    /// Suppliers, selected by `country`.
    pub(crate) suppliers: &'a Pool<'a>,
}
