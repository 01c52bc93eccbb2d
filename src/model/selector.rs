//! Selectors: `["id", ...]` or `{ label = [...] }`, resolved to indices.

use super::reader::{Node, Reader, get, index, join};
use crate::diagnostic::nearest;
use toml::de::DeValue;

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
}

impl Pool<'_> {
    /// Index of `id`, if it exists.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|&i| i == id)
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
        let message = if pool.kind == "period" {
            format!("no period `{id}` in model.periods")
        } else {
            format!("no {} with id `{id}`", pool.kind)
        };
        match nearest(id, pool.ids.iter().copied()) {
            Some(near) => self.error_help(path, span, message, format!("did you mean `{near}`?")),
            None if pool.ids.is_empty() => self.error_help(
                path,
                span,
                message,
                format!("the model declares no {}", pool.kind),
            ),
            None => self.error_help(
                path,
                span,
                message,
                format!("known ids: {}", pool.ids.join(", ")),
            ),
        }
        None
    }

    /// Resolves an optional selector (absent: every entity of the pool).
    pub(crate) fn selector(
        &mut self,
        node: Option<&Node<'_>>,
        path: &str,
        pool: &Pool<'_>,
    ) -> Option<Vec<usize>> {
        let Some(node) = node else {
            return Some((0..pool.ids.len()).collect());
        };
        let chosen = match node.get_ref() {
            DeValue::Array(items) => {
                let mut chosen = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    match self.reference(item, &index(path, i), pool) {
                        Some(k) if !chosen.contains(&k) => chosen.push(k),
                        Some(_) => {}
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                chosen.sort_unstable();
                chosen
            }
            DeValue::Table(_) => {
                let table = self.table(node, path, &[pool.label])?;
                let Some(labels_node) = get(table, pool.label) else {
                    self.error_help(
                        path,
                        node.span(),
                        "empty selector table".to_string(),
                        format!(
                            "select {}s by `{{ {} = [...] }}`, or list their ids",
                            pool.kind, pool.label
                        ),
                    );
                    return None;
                };
                let labels = self.strings(labels_node, &join(path, pool.label))?;
                (0..pool.ids.len())
                    .filter(|&k| {
                        pool.labels[k]
                            .is_some_and(|own| labels.iter().any(|(wanted, _)| wanted == own))
                    })
                    .collect()
            }
            _ => {
                self.wrong_type(
                    path,
                    node,
                    &format!(
                        "a list of {} ids or a table `{{ {} = [...] }}`",
                        pool.kind, pool.label
                    ),
                );
                return None;
            }
        };
        if chosen.is_empty() {
            self.warning(
                path,
                Some(node.span()),
                format!("selector selects no {}", pool.kind),
            );
        }
        Some(chosen)
    }
}
