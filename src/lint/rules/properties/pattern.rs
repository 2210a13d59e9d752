//! Schema `pattern`s compiled once per distinct pattern.
//!
//! Provider schemas write ECMA-262 regular expressions. Most are valid for the `regex`
//! crate as written, which matches in linear time; the ones that use what it deliberately
//! lacks (look-around, back-references) go to `fancy-regex`, a backtracking engine with a
//! step limit. What neither compiles is skipped rather than guessed at.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// A compiled schema pattern.
#[derive(Debug, Clone)]
pub enum Matcher {
    /// Linear-time matching, for every pattern the `regex` crate accepts.
    Linear(regex::Regex),
    /// Look-around and back-references, which only a backtracking engine can match.
    Backtracking(fancy_regex::Regex),
}

impl Matcher {
    /// Whether `text` matches. A backtracking match that gives up (its step limit) counts
    /// as a match: the linter never raises a finding it could not prove.
    pub fn is_match(&self, text: &str) -> bool {
        match self {
            Matcher::Linear(regex) => regex.is_match(text),
            Matcher::Backtracking(regex) => regex.is_match(text).unwrap_or(true),
        }
    }
}

/// What became of a schema pattern.
#[derive(Debug, Clone)]
pub enum PatternStatus {
    Compiled(Matcher),
    /// Uses a construct neither engine supports; the reason is the backtracking engine's.
    Skipped(String),
}

/// ECMA-isms with a direct equivalent, rewritten before compiling.
fn translate(pattern: &str) -> String {
    // `\/` is a plain slash in ECMA; `\Z` does not exist there but appears meaning `\z`.
    let mut text = pattern.replace("\\/", "/").replace("\\Z", "\\z");
    // A leading look-ahead `^(?=.{2,256}$)` only restates the length, which the schema's
    // minLength/maxLength (PC3006) check; the rest of the pattern compiles without it.
    if let Some(rest) = text.strip_prefix("^(?=.{") {
        if let Some(end) = rest.find("}$)") {
            if rest[..end].chars().all(|c| c.is_ascii_digit() || c == ',') {
                text = format!("^{}", &rest[end + 3..]);
            }
        }
    }
    text
}

/// The compiled form of `pattern`, compiled on first use and cached for the process.
pub fn compile(pattern: &str) -> PatternStatus {
    static CACHE: OnceLock<Mutex<HashMap<String, PatternStatus>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(status) = cache.get(pattern) {
        return status.clone();
    }
    let text = translate(pattern);
    let status = match regex::Regex::new(&text) {
        Ok(regex) => PatternStatus::Compiled(Matcher::Linear(regex)),
        Err(_) => match fancy_regex::Regex::new(&text) {
            Ok(regex) => PatternStatus::Compiled(Matcher::Backtracking(regex)),
            Err(e) => PatternStatus::Skipped(e.to_string()),
        },
    };
    cache.insert(pattern.to_owned(), status.clone());
    status
}
