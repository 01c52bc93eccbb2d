//! A strategy's changes applied to the base model's TOML tree by id:
//! `remove`, then `add`, then `set`.
//!
//! Nodes taken from the strategies file keep their spans shifted by an
//! offset past the end of the base model's text, so that a diagnostic of
//! the changed model tells by its span which file it points into.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::diagnostic::{Diagnostic, nearest};

/// The kinds of entity, each an array of tables with ids.
pub(crate) const KINDS: &[&str] = &[
    "material",
    "buyer",
    "supplier",
    "quota",
    "diversification",
    "outage",
    "quota_cut",
    "price_shock",
    "demand_shock",
    "scenario",
];

/// The top-level tables of a model.
pub(crate) const TABLES: &[&str] = &["model", "risk", "scenarios"];

type Node<'a> = Spanned<DeValue<'a>>;

/// What applying a strategy did, for the messages of the changed model.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// Entities removed, as `kind.id`.
    pub(crate) removed: Vec<String>,
    /// Each `set` path with its key's span (shifted).
    pub(crate) set_keys: Vec<(String, Range<usize>)>,
}

/// The same node with every span moved by `by`.
pub(crate) fn shift<'a>(node: &Node<'a>, by: usize) -> Node<'a> {
    let span = node.span();
    let moved = span.start.saturating_add(by)..span.end.saturating_add(by);
    let value = match node.get_ref() {
        DeValue::Array(items) => DeValue::Array(
            items
                .iter()
                .map(|item| shift(item, by))
                .collect::<DeArray<'a>>(),
        ),
        DeValue::Table(table) => DeValue::Table(shift_table(table, by)),
        other => other.clone(),
    };
    Spanned::new(moved, value)
}

fn shift_table<'a>(table: &DeTable<'a>, by: usize) -> DeTable<'a> {
    table
        .iter()
        .map(|(key, value)| {
            let span = key.span();
            (
                Spanned::new(span.start + by..span.end + by, key.get_ref().clone()),
                shift(value, by),
            )
        })
        .collect()
}

fn moved(span: Range<usize>, by: usize) -> Range<usize> {
    span.start.saturating_add(by)..span.end.saturating_add(by)
}

/// The id of an entity's table, if it has a string one.
pub(crate) fn id_of<'t>(node: &'t Node<'_>) -> Option<&'t str> {
    match node.get_ref() {
        DeValue::Table(table) => table.get("id").and_then(|id| id.get_ref().as_str()),
        _ => None,
    }
}

/// The ids of a kind in the tree, in file order.
fn ids<'t>(tree: &'t DeTable<'_>, kind: &str) -> Vec<&'t str> {
    match tree.get(kind).map(|n| n.get_ref()) {
        Some(DeValue::Array(items)) => items.iter().filter_map(id_of).collect(),
        _ => Vec::new(),
    }
}

/// Applies the strategy table's `remove`, `add` and `set` to `tree`;
/// problems go to `problems` with spans shifted by `by`.
pub(crate) fn apply<'a>(
    tree: &mut DeTable<'a>,
    strategy: &DeTable<'a>,
    by: usize,
    problems: &mut Vec<Diagnostic>,
) -> Applied {
    let mut applied = Applied::default();
    if let Some(DeValue::Array(items)) = strategy.get("remove").map(|n| n.get_ref()) {
        for item in items.iter() {
            if let Some(entity) = item.get_ref().as_str() {
                let at = moved(item.span(), by);
                if remove(tree, entity, at, problems) {
                    applied.removed.push(entity.to_string());
                }
            }
        }
    }
    if let Some(DeValue::Table(add)) = strategy.get("add").map(|n| n.get_ref()) {
        for (kind, node) in add.iter() {
            let items: Vec<&Node<'a>> = match node.get_ref() {
                DeValue::Array(items) => items.iter().collect(),
                DeValue::Table(_) => vec![node],
                _ => continue,
            };
            add_entities(tree, kind, &items, by, problems);
        }
    }
    if let Some(DeValue::Table(set)) = strategy.get("set").map(|n| n.get_ref()) {
        for (key, value) in set.iter() {
            let path = key.get_ref().as_ref();
            let at = moved(key.span(), by);
            applied.set_keys.push((path.to_string(), at.clone()));
            set_path(tree, path, shift(value, by), at, problems);
        }
    }
    applied
}

/// Removes the entity `kind.id`; whether it was there.
fn remove(
    tree: &mut DeTable<'_>,
    entity: &str,
    at: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let field = entity.to_string();
    let Some((kind, id)) = entity.split_once('.') else {
        problems.push(
            Diagnostic::error(
                &field,
                Some(at),
                format!("`remove` takes `kind.id`, found `{entity}`"),
            )
            .with_help(format!(
                "name the entity by kind and id, such as `supplier.lynas`{}",
                hint_kind(entity)
            )),
        );
        return false;
    };
    if !KINDS.contains(&kind) {
        problems.push(unknown_kind(&field, at, kind, &field, "remove"));
        return false;
    }
    let known = ids(tree, kind);
    if !known.contains(&id) {
        problems.push(unknown_id(&field, at, kind, id, &known, entity));
        return false;
    }
    if let Some(node) = tree.get_mut(kind)
        && let DeValue::Array(items) = node.get_mut()
    {
        let kept: DeArray<'_> = items
            .iter()
            .filter(|item| id_of(item) != Some(id))
            .cloned()
            .collect();
        *items = kept;
    }
    true
}

fn hint_kind(word: &str) -> String {
    match nearest(word, KINDS.iter().copied()) {
        Some(kind) => format!(" (`{kind}.` and an id)"),
        None => String::new(),
    }
}

/// Appends the tables of `[[strategy.add.KIND]]` to the model's `KIND`.
fn add_entities<'a>(
    tree: &mut DeTable<'a>,
    kind: &Spanned<Cow<'a, str>>,
    items: &[&Node<'a>],
    by: usize,
    problems: &mut Vec<Diagnostic>,
) {
    let name = kind.get_ref().as_ref();
    let at = moved(kind.span(), by);
    if !KINDS.contains(&name) {
        problems.push(unknown_kind(&format!("add.{name}"), at, name, name, "add"));
        return;
    }
    let key = Spanned::new(at.clone(), kind.get_ref().clone());
    let node = tree
        .entry(key)
        .or_insert_with(|| Spanned::new(at.clone(), DeValue::Array(DeArray::new())));
    match node.get_mut() {
        DeValue::Array(existing) => {
            for item in items {
                existing.push(shift(item, by));
            }
        }
        // The base model has `[kind]` for `[[kind]]`: the validator says so.
        _ => problems.push(Diagnostic::error(
            format!("add.{name}"),
            Some(at),
            format!("cannot add to `{name}`: the base model's `{name}` is not an array of tables"),
        )),
    }
}

fn unknown_kind(path: &str, at: Range<usize>, kind: &str, what: &str, verb: &str) -> Diagnostic {
    let message = if TABLES.contains(&kind) {
        format!("cannot {verb} `{what}`: `{kind}` is a table of the model, not a kind of entity")
    } else {
        format!("unknown kind `{kind}`")
    };
    let help = if TABLES.contains(&kind) {
        format!(
            "change its fields with `set`, such as `\"{kind}.{}\" = ...`",
            first_key(kind)
        )
    } else {
        match nearest(kind, KINDS.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("kinds: {}", KINDS.join(", ")),
        }
    };
    Diagnostic::error(path, Some(at), message).with_help(help)
}

fn first_key(table: &str) -> &'static str {
    match table {
        "risk" => "weight",
        "scenarios" => "mode",
        _ => "name",
    }
}

fn unknown_id(
    path: &str,
    at: Range<usize>,
    kind: &str,
    id: &str,
    known: &[&str],
    whole: &str,
) -> Diagnostic {
    let help = match nearest(id, known.iter().copied()) {
        Some(near) => format!("did you mean `{}`?", whole.replacen(id, near, 1)),
        None if known.is_empty() => format!("the base model has no {kind}"),
        None => format!("{kind} ids: {}", known.join(", ")),
    };
    Diagnostic::error(
        path,
        Some(at),
        format!("no {kind} with id `{id}` in the base model"),
    )
    .with_help(help)
}

/// Sets the value at a dotted path (`risk.weight`, `supplier.lynas.offers.
/// ndpr-oxide.capacity`), adding the keys that are missing.
fn set_path<'a>(
    tree: &mut DeTable<'a>,
    path: &str,
    value: Node<'a>,
    at: Range<usize>,
    problems: &mut Vec<Diagnostic>,
) {
    let field = path.to_string();
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    if TABLES.contains(&head) {
        if rest.is_empty() {
            problems.push(whole_table(&field, at, path));
            return;
        }
        let key = Spanned::new(at.clone(), Cow::Owned(head.to_string()));
        let node = tree
            .entry(key)
            .or_insert_with(|| Spanned::new(at.clone(), DeValue::Table(DeTable::new())));
        set_in(node, head, rest, value, at, path, problems);
        return;
    }
    if KINDS.contains(&head) {
        if rest.is_empty() {
            problems.push(whole_table(&field, at, path));
            return;
        }
        let known = ids(tree, head);
        // The longest id that the path continues with.
        let found = known
            .iter()
            .filter(|id| rest == **id || rest.starts_with(&format!("{id}.")))
            .max_by_key(|id| id.len())
            .map(|id| id.to_string());
        let Some(id) = found else {
            let segments: Vec<&str> = rest.split('.').collect();
            let guess = segments.first().copied().unwrap_or(rest);
            let near = (1..=segments.len())
                .find_map(|k| nearest(&segments[..k].join("."), known.iter().copied()))
                .map(|near| {
                    let tail = rest
                        .split_once('.')
                        .map(|(_, t)| format!(".{t}"))
                        .unwrap_or_default();
                    format!("did you mean `{head}.{near}{tail}`?")
                });
            let help = near.unwrap_or_else(|| {
                if known.is_empty() {
                    format!("the base model has no {head}")
                } else {
                    format!("{head} ids: {}", known.join(", "))
                }
            });
            problems.push(
                Diagnostic::error(
                    field,
                    Some(at),
                    format!("no {head} with id `{guess}` in the base model"),
                )
                .with_help(help),
            );
            return;
        };
        let field_path = rest.get(id.len() + 1..).unwrap_or("");
        if field_path.is_empty() {
            problems.push(
                Diagnostic::error(
                    field,
                    Some(at),
                    format!("`{path}` is a whole {head}; `set` changes one field of it"),
                )
                .with_help(format!(
                    "name a field, such as `{path}.{}`; to replace the {head}, remove it and add the new one",
                    example_field(head)
                )),
            );
            return;
        }
        if let Some(node) = tree.get_mut(head)
            && let DeValue::Array(items) = node.get_mut()
            && let Some(item) = items
                .iter_mut()
                .find(|item| id_of(item) == Some(id.as_str()))
        {
            let owner = format!("{head}.{id}");
            set_in(item, &owner, field_path, value, at, path, problems);
        }
        return;
    }
    let all = TABLES.iter().chain(KINDS).copied();
    let help = match nearest(head, all) {
        Some(near) => format!("did you mean `{near}{}`?", &path[head.len()..]),
        None => format!(
            "a path starts with a table ({}) or a kind ({})",
            TABLES.join(", "),
            KINDS.join(", ")
        ),
    };
    problems.push(
        Diagnostic::error(
            field,
            Some(at),
            format!("unknown path: a model has no `{head}`"),
        )
        .with_help(help),
    );
}

fn example_field(kind: &str) -> &'static str {
    match kind {
        "buyer" => "shortage_penalty",
        "supplier" => "lead_time",
        "quota" => "limit",
        "diversification" => "max_share",
        "scenario" | "outage" | "quota_cut" | "price_shock" | "demand_shock" => "probability",
        _ => "name",
    }
}

fn whole_table(field: &str, at: Range<usize>, path: &str) -> Diagnostic {
    Diagnostic::error(
        field,
        Some(at),
        format!("`{path}` alone names no field; `set` takes a dotted path to one"),
    )
    .with_help(format!(
        "quote the whole path as one key, such as `\"{path}.{}\" = ...` (an unquoted `{path}.x = ...` is a nested table in TOML)",
        if KINDS.contains(&path) {
            format!("ID.{}", example_field(path))
        } else {
            first_key(path).to_string()
        }
    ))
}

/// Sets `rest` (a dotted path of keys) inside the table `node`, whose own
/// path (for messages) is `owner`.
fn set_in<'a>(
    node: &mut Node<'a>,
    owner: &str,
    rest: &str,
    value: Node<'a>,
    at: Range<usize>,
    whole: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let DeValue::Table(table) = node.get_mut() else {
        problems.push(
            Diagnostic::error(
                whole.to_string(),
                Some(at),
                format!("cannot set `{rest}` inside `{owner}`: it is not a table"),
            )
            .with_help(format!("set `{owner}` itself")),
        );
        return;
    };
    // The longest existing key that the path continues with (keys may
    // hold dots, as material ids do).
    let existing = table
        .iter()
        .map(|(k, _)| k.get_ref().as_ref())
        .filter(|k| rest == *k || rest.starts_with(&format!("{k}.")))
        .max_by_key(|k| k.len())
        .map(str::to_string);
    let (key, tail) = match &existing {
        Some(k) => (k.clone(), rest.get(k.len() + 1..).unwrap_or("").to_string()),
        None => {
            let (k, t) = rest.split_once('.').unwrap_or((rest, ""));
            (k.to_string(), t.to_string())
        }
    };
    if tail.is_empty() {
        match table.get_mut(key.as_str()) {
            Some(slot) => *slot = value,
            None => {
                table.insert(Spanned::new(at, Cow::Owned(key)), value);
            }
        }
        return;
    }
    let child_owner = format!("{owner}.{key}");
    let child = table
        .entry(Spanned::new(at.clone(), Cow::Owned(key)))
        .or_insert_with(|| Spanned::new(at.clone(), DeValue::Table(DeTable::new())));
    set_in(child, &child_owner, &tail, value, at, whole, problems);
}
