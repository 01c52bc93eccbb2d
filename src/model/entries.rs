//! Arrays of tables (`[[supplier]]`) and the ids of their entries: the
//! readers every section shares.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::reader::{Node, Reader, get, index, join};
use super::rules;

/// The tables of an array of tables such as `[[supplier]]`, with their paths.
pub(crate) fn entries<'t, 'i>(
    r: &mut Reader,
    root: &'t DeTable<'i>,
    key: &str,
) -> Vec<(String, &'t Node<'i>)> {
    let Some(node) = get(root, key) else {
        return Vec::new();
    };
    match node.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| (index(key, i), item))
            .collect(),
        DeValue::Table(_) => {
            // `[quota]` for `[[quota]]`: said once, then read as the one
            // entry it is meant to be, so its own problems are found too
            // and references to it do not fail as well.
            r.error_help(
                key,
                node.span(),
                format!("expected an array of tables `[[{key}]]`, found one table `[{key}]`"),
                format!("write the header as `[[{key}]]`, once per entry"),
            );
            vec![(index(key, 0), node)]
        }
        _ => {
            r.wrong_type(key, node, &format!("an array of tables `[[{key}]]`"));
            Vec::new()
        }
    }
}

/// The ids read so far of one kind (events: of all kinds), each with the
/// path of the entry that has it.
pub(crate) type Seen = HashMap<String, String>;

/// Reads and checks an entity's `id`: present, well formed, unique in `seen`.
pub(crate) fn read_id(
    r: &mut Reader,
    table: &DeTable<'_>,
    span: Range<usize>,
    path: &str,
    seen: &mut Seen,
) -> String {
    let Some(node) = r.required(table, span, path, "id") else {
        return String::new();
    };
    let field = join(path, "id");
    let Some(id) = r.string(node, &field) else {
        return String::new();
    };
    if let Err(problem) = rules::id_syntax(&id) {
        r.problem(&field, node.span(), problem);
    } else if let Some(first) = seen.get(&id) {
        let problem = rules::duplicate_id(&id, first);
        r.problem(&field, node.span(), problem);
    } else {
        seen.insert(id.clone(), path.to_string());
    }
    id
}
