//! The path patterns of S3 connectors: `*` matches any characters but `/`, `**` (a whole
//! folder segment) any number of folders, `?` one character but `/`. Pure, so that synth's
//! validation and `connector backfill`'s selection agree on every key.

/// A checked pattern, split into its `/`-separated segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// `**`: zero or more whole folders.
    AnyFolders,
    /// Literal characters, `*` and `?`.
    Name(Vec<Token>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Char(char),
    Star,
    Question,
}

/// Characters other glob dialects give meaning to; the connector does not, so a pattern
/// with them would silently match nothing the user meant.
const UNSUPPORTED: &[char] = &['[', ']', '{', '}', '\\'];

impl Glob {
    /// Parses `pattern`, or says what is wrong with it in words a user can act on.
    pub fn parse(pattern: &str) -> Result<Glob, String> {
        if pattern.is_empty() {
            return Err("the pattern is empty; use `**` to match every object".into());
        }
        if pattern.starts_with('/') {
            return Err(format!(
                "`{pattern}` starts with `/`; patterns are relative to `path`"
            ));
        }
        if let Some(c) = pattern.chars().find(|c| UNSUPPORTED.contains(c)) {
            return Err(format!(
                "`{pattern}` uses `{c}`, which connector patterns do not support (only `*`, `**` and `?`)"
            ));
        }
        let mut segments = Vec::new();
        for part in pattern.split('/') {
            if part.is_empty() {
                return Err(format!(
                    "`{pattern}` has an empty folder (`//` or a trailing `/`)"
                ));
            }
            if part == "**" {
                segments.push(Segment::AnyFolders);
            } else if part.contains("**") {
                return Err(format!(
                    "`{pattern}`: `**` must be a whole folder segment, as in `**/*.csv`"
                ));
            } else {
                segments.push(Segment::Name(
                    part.chars()
                        .map(|c| match c {
                            '*' => Token::Star,
                            '?' => Token::Question,
                            c => Token::Char(c),
                        })
                        .collect(),
                ));
            }
        }
        Ok(Glob { segments })
    }

    /// Whether `relative` (an object key with the path prefix removed) matches.
    pub fn matches(&self, relative: &str) -> bool {
        let parts: Vec<&str> = relative.split('/').collect();
        match_segments(&self.segments, &parts)
    }
}

fn match_segments(segments: &[Segment], parts: &[&str]) -> bool {
    match segments.split_first() {
        None => parts.is_empty(),
        Some((Segment::AnyFolders, rest)) => {
            (0..=parts.len()).any(|skip| match_segments(rest, &parts[skip..]))
        }
        Some((Segment::Name(tokens), rest)) => match parts.split_first() {
            Some((part, more)) => {
                let chars: Vec<char> = part.chars().collect();
                match_name(tokens, &chars) && match_segments(rest, more)
            }
            None => false,
        },
    }
}

fn match_name(tokens: &[Token], chars: &[char]) -> bool {
    match tokens.split_first() {
        None => chars.is_empty(),
        Some((Token::Star, rest)) => (0..=chars.len()).any(|n| match_name(rest, &chars[n..])),
        Some((Token::Question, rest)) => !chars.is_empty() && match_name(rest, &chars[1..]),
        Some((Token::Char(c), rest)) => chars.first() == Some(c) && match_name(rest, &chars[1..]),
    }
}

/// Checks a connector path: empty (the whole bucket), or a key prefix of folders ending
/// in `/`, without a leading `/` or empty folders, within S3's 1,024-byte key limit.
pub fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Ok(());
    }
    if path.starts_with('/') {
        let fixed = path.trim_start_matches('/').trim_end_matches('/');
        return Err(format!(
            "`{path}` starts with `/`; S3 keys have no leading slash (write `{fixed}/`)"
        ));
    }
    if !path.ends_with('/') {
        return Err(format!(
            "`{path}` must end with `/` so that it names a folder (write `{path}/`)"
        ));
    }
    if path.contains("//") {
        return Err(format!("`{path}` has an empty folder (`//`)"));
    }
    if path.len() > 1024 {
        return Err("S3 keys are at most 1,024 bytes".into());
    }
    if path.chars().any(|c| c.is_control() || c == '*' || c == '?') {
        return Err(format!(
            "`{path}` is a literal prefix; put wildcards in `pattern`, and no control characters"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, key: &str) -> bool {
        Glob::parse(pattern).unwrap().matches(key)
    }

    #[test]
    fn star_stays_within_one_folder() {
        assert!(m("*.txt", "a.txt"));
        assert!(!m("*.txt", "run1/a.txt"));
        assert!(!m("*.txt", "a.txt.gz"));
        assert!(m("run*/out.csv", "run42/out.csv"));
    }

    #[test]
    fn double_star_matches_zero_or_more_folders() {
        assert!(m("**/*.txt", "a.txt"));
        assert!(m("**/*.txt", "x/y/z/a.txt"));
        assert!(!m("**/*.txt", "x/y/a.csv"));
        assert!(m("**", "anything/at/all"));
        assert!(m("raw/**/final.json", "raw/final.json"));
        assert!(m("raw/**/final.json", "raw/a/b/final.json"));
        assert!(!m("raw/**/final.json", "cooked/a/final.json"));
    }

    #[test]
    fn question_mark_is_one_character_but_not_a_slash() {
        assert!(m("plate-?.csv", "plate-1.csv"));
        assert!(!m("plate-?.csv", "plate-10.csv"));
        assert!(!m("a?b", "a/b"));
    }

    #[test]
    fn bad_patterns_say_why() {
        assert!(Glob::parse("").unwrap_err().contains("empty"));
        assert!(Glob::parse("/a/*.txt")
            .unwrap_err()
            .contains("starts with `/`"));
        assert!(Glob::parse("a**/b").unwrap_err().contains("whole folder"));
        assert!(Glob::parse("[ab].txt")
            .unwrap_err()
            .contains("do not support"));
        assert!(Glob::parse("a//b").unwrap_err().contains("empty folder"));
        assert!(Glob::parse("a/").unwrap_err().contains("trailing"));
    }

    #[test]
    fn paths_are_folder_prefixes() {
        assert!(check_path("").is_ok());
        assert!(check_path("folder101/").is_ok());
        assert!(check_path("a/b/").is_ok());
        assert!(check_path("folder101")
            .unwrap_err()
            .contains("end with `/`"));
        assert!(check_path("/folder/")
            .unwrap_err()
            .contains("leading slash"));
        assert!(check_path("a//b/").is_err());
        assert!(check_path("a*/").is_err());
    }
}
