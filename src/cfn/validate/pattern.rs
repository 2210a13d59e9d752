//! Schema `pattern`s compiled with the `regex` crate, once per distinct pattern.
//!
//! Provider schemas write ECMA-262 regular expressions. Most are valid for the `regex`
//! crate as written; the few that use what it deliberately lacks (look-around,
//! back-references) cannot be compiled and are skipped rather than guessed at.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

/// What became of a schema pattern.
#[derive(Debug, Clone)]
pub enum PatternStatus {
    Compiled(Regex),
    /// Uses a construct the `regex` crate does not support; the reason is the crate's.
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
    let status = match Regex::new(&translate(pattern)) {
        Ok(regex) => PatternStatus::Compiled(regex),
        Err(e) => PatternStatus::Skipped(e.to_string()),
    };
    cache.insert(pattern.to_owned(), status.clone());
    status
}
