//! Reading a strategies file: the base model and each `[[strategy]]`, with
//! the spans that messages point to.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::batch::BatchError;
use crate::diagnostic::{Diagnostic, LineIndex, nearest};
use crate::model::{LoadError, MAX_MODEL_BYTES};

/// The keys a strategies file has at the top.
const FILE_KEYS: &[&str] = &["base", "strategy"];
/// The keys of a `[[strategy]]`.
const STRATEGY_KEYS: &[&str] = &["name", "set", "add", "remove", "evaluate"];

/// A text that spans point into, with its name and line starts.
#[derive(Debug)]
pub(crate) struct Source {
    /// The file as the user named it.
    pub(crate) file: String,
    /// Its text.
    pub(crate) text: String,
    /// Line starts of `text`.
    pub(crate) lines: LineIndex,
}

impl Source {
    pub(crate) fn new(file: String, text: String) -> Source {
        let lines = LineIndex::new(&text);
        Source { file, text, lines }
    }

    /// `file:line:column` of a byte offset.
    pub(crate) fn locate(&self, offset: usize) -> String {
        let (line, column) = self.lines.line_col(&self.text, offset);
        format!("{}:{line}:{column}", self.file)
    }

    /// `file:line` of a byte offset.
    pub(crate) fn line_of(&self, offset: usize) -> String {
        let (line, _) = self.lines.line_col(&self.text, offset);
        format!("{}:{line}", self.file)
    }
}

/// The base model of a batch: its text, checked to be TOML, not yet
/// validated (each strategy validates its own changed model).
///
/// ```
/// use rareplan::strategy::Base;
/// let base = Base::load(std::path::Path::new("models/tiny.toml"))?;
/// assert_eq!(base.file(), "models/tiny.toml");
/// assert!(base.model_text().contains("[[outage]]"));
/// assert_eq!(base.model()?.model.suppliers.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Base {
    pub(crate) source: Arc<Source>,
}

impl Base {
    /// Reads a base model file; fails when it cannot be read or is not
    /// TOML (other problems belong to each strategy's changed model).
    pub fn load(path: &Path) -> Result<Base, LoadError> {
        let file = path.display().to_string();
        let text = read_text(path)?;
        Base::parse(&text, &file)
    }

    /// A base model from its text; `file` names it in messages.
    pub fn parse(text: &str, file: &str) -> Result<Base, LoadError> {
        let (_, errors) = DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            // The loader words TOML errors; let it say them.
            return match crate::model::load_model_str(text, file) {
                Err(e) => Err(e),
                Ok(_) => Err(LoadError::Invalid {
                    file: file.to_string(),
                    text: text.to_string(),
                    diagnostics: errors
                        .iter()
                        .map(|e| Diagnostic::error("", e.span(), e.message().to_string()))
                        .collect(),
                }),
            };
        }
        Ok(Base {
            source: Arc::new(Source::new(file.to_string(), text.to_string())),
        })
    }

    /// The file as named in messages.
    pub fn file(&self) -> &str {
        &self.source.file
    }

    /// The base model's text.
    pub fn model_text(&self) -> &str {
        &self.source.text
    }

    /// Validates the base model unchanged.
    pub fn model(&self) -> Result<crate::Loaded, LoadError> {
        crate::model::load_model_str(&self.source.text, &self.source.file)
    }
}

/// Reads a text file of at most [`MAX_MODEL_BYTES`].
pub(crate) fn read_text(path: &Path) -> Result<String, LoadError> {
    let file = path.display().to_string();
    let io = |source| LoadError::Io {
        file: file.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_MODEL_BYTES {
        return Err(LoadError::TooLarge {
            file,
            bytes: size,
            limit: MAX_MODEL_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        let (line, column) = crate::diagnostic::line_col(valid, offset);
        LoadError::NotText {
            file: file.clone(),
            offset,
            line,
            column,
        }
    })
}

/// One strategy: a name, how it changes the base model (`remove`, `add`,
/// `set`, by id), and whether it plans the changed model or scores a
/// given plan on it (`evaluate`).
///
/// ```
/// use rareplan::strategy::{Base, Strategy};
/// let base = Base::load(std::path::Path::new("models/tiny.toml"))?;
/// let s = Strategy::new("dearer-au")?.with_set("supplier.au-mine.offers.ndpr-oxide.price", "80000")?;
/// assert_eq!(s.name(), "dearer-au");
/// assert_eq!(s.evaluates(), None);
/// let model = s.apply(&base)?;
/// assert_eq!(model.suppliers[1].offers[0].price, [80_000.0; 3]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Strategy {
    pub(crate) name: String,
    /// The strategies text it was read from (or made up for it in code).
    pub(crate) source: Arc<Source>,
    /// Which `[[strategy]]` of `source` this is.
    pub(crate) index: usize,
    /// Its table's span in `source`.
    pub(crate) span: Range<usize>,
    /// The plan to score, resolved against the strategies file's folder,
    /// with the span of its value.
    pub(crate) evaluate: Option<(PathBuf, Range<usize>)>,
    /// Problems found while reading it (its changes are then not applied).
    pub(crate) problems: Vec<Diagnostic>,
    /// Made in code: its source's lines mean nothing to a reader.
    pub(crate) from_code: bool,
    /// The parts a strategy made in code was built from.
    parts: Parts,
}

/// The parts of a strategy made in code, from which its text is written.
#[derive(Debug, Clone, Default)]
struct Parts {
    set: Vec<(String, String)>,
    add: Vec<(String, String)>,
    remove: Vec<String>,
    evaluate: Option<PathBuf>,
}

/// Why a strategy could not be built in code.
///
/// ```
/// use rareplan::strategy::{Strategy, StrategyBuildError};
/// let e = Strategy::new("two words").unwrap_err();
/// assert_eq!(e, StrategyBuildError::Name("two words".into()));
/// let e = Strategy::new("ok")?.with_set("risk.weight", "[unclosed").unwrap_err();
/// assert!(matches!(e, StrategyBuildError::Value { .. }), "{e}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StrategyBuildError {
    /// The name is not an id.
    #[error(
        "strategy name `{0}` is not an id: use letters, digits, `-`, `_` and `.`, and no spaces"
    )]
    Name(String),
    /// A value is not a TOML value.
    #[error("strategy `{strategy}`: `{what}` is not a TOML value: {message}")]
    Value {
        /// The strategy.
        strategy: String,
        /// The text given.
        what: String,
        /// The parser's words.
        message: String,
    },
}

impl Strategy {
    /// A strategy that changes nothing (the base model as it is); add
    /// changes with the `with_*` methods.
    pub fn new(name: &str) -> Result<Strategy, StrategyBuildError> {
        if !is_id(name) {
            return Err(StrategyBuildError::Name(name.to_string()));
        }
        Strategy::from_parts(name, Parts::default())
    }

    /// Sets the field at a dotted path (`"risk.weight"`,
    /// `"supplier.lynas.offers.ndpr-oxide.capacity"`) to a value written
    /// as TOML (`"0.5"`, `"[0, 50, 100]"`, `"\"sample\""`).
    pub fn with_set(mut self, path: &str, value: &str) -> Result<Strategy, StrategyBuildError> {
        if let Err(e) = DeValue::parse(value) {
            return Err(self.bad_value(value, &e));
        }
        self.parts.set.push((path.to_string(), value.to_string()));
        Strategy::from_parts(&self.name, self.parts)
    }

    /// Appends an entity of a kind (`"diversification"`, `"supplier"`):
    /// its table's body as TOML (`"id = \"cn-cap\"\nmax_share = 0.6"`).
    pub fn with_add(mut self, kind: &str, table: &str) -> Result<Strategy, StrategyBuildError> {
        if let Err(e) = DeTable::parse(table) {
            return Err(self.bad_value(table, &e));
        }
        self.parts.add.push((kind.to_string(), table.to_string()));
        Strategy::from_parts(&self.name, self.parts)
    }

    /// Removes an entity, named `"kind.id"` (`"supplier.lynas"`).
    pub fn with_remove(mut self, entity: &str) -> Result<Strategy, StrategyBuildError> {
        self.parts.remove.push(entity.to_string());
        Strategy::from_parts(&self.name, self.parts)
    }

    /// Scores the plan in this file (JSON or TOML, as `solve` writes
    /// them) on the changed model instead of planning it.
    pub fn with_evaluate(mut self, plan: &Path) -> Result<Strategy, StrategyBuildError> {
        self.parts.evaluate = Some(plan.to_path_buf());
        Strategy::from_parts(&self.name, self.parts)
    }

    /// The strategy's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The plan it scores, if it evaluates one.
    pub fn evaluates(&self) -> Option<&Path> {
        self.evaluate.as_ref().map(|(path, _)| path.as_path())
    }

    /// `file:line` of its `[[strategy]]` in the strategies file (none for
    /// a strategy made in code).
    pub fn location(&self) -> Option<String> {
        (!self.from_code).then(|| self.source.line_of(self.span.start))
    }

    fn bad_value(&self, what: &str, e: &toml::de::Error) -> StrategyBuildError {
        StrategyBuildError::Value {
            strategy: self.name.clone(),
            what: what.to_string(),
            message: e.message().trim().to_string(),
        }
    }

    /// Writes the parts as a strategies-file entry and reads it back, so a
    /// strategy made in code is checked and applied as one from a file.
    fn from_parts(name: &str, parts: Parts) -> Result<Strategy, StrategyBuildError> {
        let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut text = format!("[[strategy]]\nname = {}\n", quote(name));
        if !parts.remove.is_empty() {
            let items: Vec<String> = parts.remove.iter().map(|r| quote(r)).collect();
            text.push_str(&format!("remove = [{}]\n", items.join(", ")));
        }
        if let Some(plan) = &parts.evaluate {
            text.push_str(&format!("evaluate = {}\n", quote(&plan.to_string_lossy())));
        }
        if !parts.set.is_empty() {
            text.push_str("[strategy.set]\n");
            for (path, value) in &parts.set {
                text.push_str(&format!("{} = {value}\n", quote(path)));
            }
        }
        for (kind, table) in &parts.add {
            text.push_str(&format!("[[strategy.add.{}]]\n{table}\n", quote(kind)));
        }
        let source = Arc::new(Source::new(format!("strategy `{name}`"), text));
        let mut strategies = read_strategies(&source, Path::new("")).map_err(|diagnostics| {
            StrategyBuildError::Value {
                strategy: name.to_string(),
                what: source.text.clone(),
                message: diagnostics
                    .first()
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            }
        })?;
        let mut strategy = strategies
            .pop()
            .ok_or_else(|| StrategyBuildError::Name(name.into()))?;
        strategy.from_code = true;
        strategy.parts = parts;
        Ok(strategy)
    }
}

/// A strategies file: the base model and the strategies, in file order.
///
/// ```
/// use rareplan::strategy::StrategiesFile;
/// let file = StrategiesFile::load(std::path::Path::new("models/strategies/japan-2011.toml"))?;
/// assert_eq!(file.strategies[0].name(), "as-modelled");
/// assert!(file.base.file().ends_with("japan-2011-quota.toml"));
/// assert!(file.text().contains("[[strategy]]"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct StrategiesFile {
    /// The base model.
    pub base: Base,
    /// The strategies, in file order.
    pub strategies: Vec<Strategy>,
    pub(crate) source: Arc<Source>,
}

impl StrategiesFile {
    /// Reads a strategies file and its base model. Fails (exit status 2)
    /// when the file cannot be read, is not TOML, has no `base` or no
    /// `[[strategy]]`, or the base model cannot be read or is not TOML;
    /// a problem in one strategy is that strategy's, and the others run.
    pub fn load(path: &Path) -> Result<StrategiesFile, BatchError> {
        let file = path.display().to_string();
        let text = read_text(path).map_err(BatchError::Read)?;
        let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
        StrategiesFile::parse(&text, &file, &folder)
    }

    /// A strategies file from its text; `file` names it in messages and
    /// `folder` is where `base` and `evaluate` paths are relative to.
    pub fn parse(text: &str, file: &str, folder: &Path) -> Result<StrategiesFile, BatchError> {
        let source = Arc::new(Source::new(file.to_string(), text.to_string()));
        let invalid = |diagnostics: Vec<Diagnostic>| BatchError::Invalid {
            file: file.to_string(),
            text: text.to_string(),
            diagnostics,
        };
        let (root, errors) = DeTable::parse_recoverable(text);
        if !errors.is_empty() {
            return Err(invalid(
                errors
                    .iter()
                    .map(|e| {
                        Diagnostic::error(
                            "",
                            e.span(),
                            format!("invalid TOML: {}", e.message().trim_end()),
                        )
                        .with_help("a strategies file is TOML: `base = \"model.toml\"`, then `[[strategy]]` tables")
                    })
                    .collect(),
            ));
        }
        let root_span = root.span();
        let root = root.into_inner();
        let mut problems = Vec::new();
        check_keys(&root, "", FILE_KEYS, &mut problems);
        let base_path = match root.get("base") {
            None => {
                problems.push(
                    Diagnostic::error("base", Some(0..0), "missing required field `base`")
                        .with_help("add `base = \"model.toml\"`: the model the strategies change, relative to this file"),
                );
                None
            }
            Some(node) => match node.get_ref() {
                DeValue::String(s) => Some((folder.join(s.as_ref()), node.span())),
                _ => {
                    problems.push(wrong_type("base", node, "a string (the base model's file)"));
                    None
                }
            },
        };
        let strategies = match read_strategies(&source, folder) {
            Ok(strategies) => strategies,
            Err(diagnostics) => {
                problems.extend(diagnostics);
                Vec::new()
            }
        };
        if problems.is_empty() && strategies.is_empty() {
            problems.push(
                Diagnostic::error(
                    "strategy",
                    Some(root_span.end..root_span.end),
                    "no `[[strategy]]`: nothing to run",
                )
                .with_help("add `[[strategy]]` tables, each with a `name`"),
            );
        }
        if !problems.is_empty() {
            return Err(invalid(problems));
        }
        let Some((base_path, base_span)) = base_path else {
            return Err(invalid(problems));
        };
        let base = Base::load(&base_path).map_err(|error| BatchError::Base {
            at: source.locate(base_span.start),
            error: Box::new(error),
        })?;
        Ok(StrategiesFile {
            base,
            strategies,
            source,
        })
    }

    /// The strategies file as named in messages.
    pub fn file(&self) -> &str {
        &self.source.file
    }

    /// The strategies file's text.
    pub fn text(&self) -> &str {
        &self.source.text
    }
}

/// Reads every `[[strategy]]` of a source; `Err` holds the problems that
/// make the file itself unusable (no strategy can be told apart).
fn read_strategies(source: &Arc<Source>, folder: &Path) -> Result<Vec<Strategy>, Vec<Diagnostic>> {
    let (root, _) = DeTable::parse_recoverable(&source.text);
    let root = root.into_inner();
    let Some(node) = root.get("strategy") else {
        return Ok(Vec::new());
    };
    let DeValue::Array(items) = node.get_ref() else {
        return Err(vec![
            wrong_type("strategy", node, "an array of tables `[[strategy]]`")
                .with_help("write each strategy as a `[[strategy]]` table"),
        ]);
    };
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut strategies = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let path = format!("strategy[{index}]");
        let mut problems = Vec::new();
        let DeValue::Table(table) = item.get_ref() else {
            return Err(vec![wrong_type(&path, item, "a table `[[strategy]]`")]);
        };
        check_keys(table, &path, STRATEGY_KEYS, &mut problems);
        let name = match table.get("name") {
            None => {
                problems.push(
                    Diagnostic::error(
                        format!("{path}.name"),
                        Some(item.span()),
                        "missing required field `name`",
                    )
                    .with_help("add `name = \"...\"`: a unique id such as \"cap-china-60\""),
                );
                path.clone()
            }
            Some(node) => match node.get_ref() {
                DeValue::String(s) if is_id(s) => s.to_string(),
                DeValue::String(s) => {
                    problems.push(
                        Diagnostic::error(
                            format!("{path}.name"),
                            Some(node.span()),
                            format!("malformed strategy name `{s}`"),
                        )
                        .with_help("names are ids: letters, digits, `-`, `_` and `.`"),
                    );
                    path.clone()
                }
                _ => {
                    problems.push(wrong_type(&format!("{path}.name"), node, "a string"));
                    path.clone()
                }
            },
        };
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
            let span = table.get("name").map(|n| n.span()).unwrap_or(item.span());
            problems.push(
                Diagnostic::error(
                    format!("{path}.name"),
                    Some(span),
                    format!(
                        "duplicate strategy name `{name}`: strategy[{first}] ({}) has it already",
                        source.line_of(items[*first].span().start)
                    ),
                )
                .with_help("give every strategy a unique name; rows are told apart by it"),
            );
        } else {
            seen.push((name.clone(), index));
        }
        for (key, want) in [
            (
                "set",
                "a table of dotted paths, such as `set = { \"risk.weight\" = 0.5 }`",
            ),
            (
                "add",
                "a table of kinds, such as `[[strategy.add.supplier]]`",
            ),
        ] {
            if let Some(node) = table.get(key)
                && !node.get_ref().is_table()
            {
                problems.push(wrong_type(&format!("{path}.{key}"), node, want));
            }
        }
        if let Some(DeValue::Table(add)) = table.get("add").map(|n| n.get_ref()) {
            for (kind, node) in add.iter() {
                let ok = match node.get_ref() {
                    DeValue::Table(_) => true,
                    DeValue::Array(items) => items.iter().all(|i| i.get_ref().is_table()),
                    _ => false,
                };
                if !ok {
                    problems.push(wrong_type(
                        &format!("{path}.add.{}", kind.get_ref()),
                        node,
                        &format!("tables `[[strategy.add.{}]]`", kind.get_ref()),
                    ));
                }
            }
        }
        if let Some(node) = table.get("remove") {
            let ok = match node.get_ref() {
                DeValue::Array(items) => items.iter().all(|i| i.get_ref().is_str()),
                _ => false,
            };
            if !ok {
                problems.push(
                    wrong_type(&format!("{path}.remove"), node, "an array of strings")
                        .with_help("write `remove = [\"supplier.lynas\"]`: each `kind.id`"),
                );
            }
        }
        let evaluate = match table.get("evaluate") {
            None => None,
            Some(node) => match node.get_ref() {
                DeValue::String(s) => Some((folder.join(s.as_ref()), node.span())),
                _ => {
                    problems.push(wrong_type(
                        &format!("{path}.evaluate"),
                        node,
                        "a string (a plan file)",
                    ));
                    None
                }
            },
        };
        strategies.push(Strategy {
            name,
            source: Arc::clone(source),
            index,
            span: item.span(),
            evaluate,
            problems,
            from_code: false,
            parts: Parts::default(),
        });
    }
    Ok(strategies)
}

/// Reports keys of `table` that are not in `known`, with the nearest.
fn check_keys(table: &DeTable<'_>, path: &str, known: &[&str], problems: &mut Vec<Diagnostic>) {
    for (key, _) in table.iter() {
        let name = key.get_ref().as_ref();
        if known.contains(&name) {
            continue;
        }
        let field = if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        };
        let help = match nearest(name, known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("known keys here: {}", known.join(", ")),
        };
        problems.push(
            Diagnostic::error(field, Some(key.span()), format!("unknown key `{name}`"))
                .with_help(help),
        );
    }
}

/// A type mismatch at `path`.
pub(crate) fn wrong_type(path: &str, node: &Spanned<DeValue<'_>>, expected: &str) -> Diagnostic {
    let found = match node.get_ref() {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    };
    Diagnostic::error(
        path,
        Some(node.span()),
        format!("expected {expected}, found {found}"),
    )
}

/// Whether `s` is an id: non-empty, letters, digits, `-`, `_` and `.`.
fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
