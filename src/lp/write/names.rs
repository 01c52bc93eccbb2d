//! Names as LP and MPS readers take them: the renaming rules and
//! uniqueness (see the parent module for the rules in words).

#[allow(unused_imports)]
use super::*;

/// Longest name written, before a uniqueness suffix.
pub(super) const MAX_NAME: usize = 160;

/// Keywords of the LP format, in lower case: names equal to one of them
/// (in any case) get a `_` in front.
pub(super) const LP_KEYWORDS: &[&str] = &[
    "minimize", "minimise", "minimum", "min", "maximize", "maximise", "maximum", "max", "subject",
    "such", "st", "s.t.", "st.", "bounds", "bound", "binary", "binaries", "bin", "general",
    "generals", "gen", "integer", "integers", "int", "semi", "semis", "sos", "end", "free", "lazy",
    "user",
];

/// A name made legal in LP files (see the [module documentation](self)).
pub(super) fn sanitise_lp(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '.' | '(' | ')' => c,
            '[' => '(',
            ']' => ')',
            ',' => '.',
            _ => '_',
        })
        .take(MAX_NAME)
        .collect();
    if lp_needs_prefix(&s) {
        s.insert(0, '_');
    }
    s
}

/// Whether an LP name (already of legal characters) must get a `_` in
/// front, so that no reader takes it for a number or a keyword.
pub(super) fn lp_needs_prefix(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return true;
    };
    let lower = s.to_ascii_lowercase();
    let exponent = matches!(first, b'e' | b'E')
        && bytes
            .get(1)
            .is_none_or(|&b| b.is_ascii_digit() || b == b'e' || b == b'E');
    first.is_ascii_digit()
        || matches!(first, b'.' | b'(' | b')')
        || exponent
        || lower.starts_with("inf")
        || lower.starts_with("nan")
        || LP_KEYWORDS.contains(&lower.as_str())
}

/// A name made legal in free MPS files (see the [module documentation](self)).
pub(super) fn sanitise_mps(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '_' })
        .take(MAX_NAME)
        .collect();
    if s.is_empty() || s.starts_with(['*', '$']) {
        s.insert(0, '_');
    }
    s
}

/// Unique names for `originals` (each with "may keep its name"), made by
/// `sanitise`, never one of `reserved` (see the [module documentation](self)).
pub(super) fn unique_names(
    originals: &[(String, bool)],
    sanitise: fn(&str) -> String,
    reserved: &[&str],
) -> Vec<String> {
    let candidates: Vec<String> = originals.iter().map(|(n, _)| sanitise(n)).collect();
    let mut taken: HashSet<String> = reserved.iter().map(|s| s.to_string()).collect();
    let mut names: Vec<Option<String>> = vec![None; originals.len()];
    // Names the rule leaves alone keep them, first come first served.
    for (i, ((original, may_keep), candidate)) in originals.iter().zip(&candidates).enumerate() {
        if *may_keep && candidate == original && taken.insert(candidate.clone()) {
            names[i] = Some(candidate.clone());
        }
    }
    // Next suffix to try, per base name.
    let mut next: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::with_capacity(originals.len());
    for (name, candidate) in names.into_iter().zip(&candidates) {
        let name = match name {
            Some(name) => name,
            None if taken.insert(candidate.clone()) => candidate.clone(),
            None => {
                let k = next.entry(candidate.as_str()).or_insert(2);
                loop {
                    let suffixed = format!("{candidate}#{k}");
                    *k += 1;
                    if taken.insert(suffixed.clone()) {
                        break suffixed;
                    }
                }
            }
        };
        out.push(name);
    }
    out
}
