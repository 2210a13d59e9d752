//! Glob patterns for `exclude` in the config file: `*` (within a path segment), `**` (any
//! number of segments) and `?`. A pattern without `/` matches any single segment, so
//! `*.yaml` or `node_modules` work wherever the file lies.

/// Whether `path` (with `/` separators) matches `pattern`.
pub fn matches(pattern: &str, path: &str) -> bool {
    let path = path.strip_prefix("./").unwrap_or(path);
    if !pattern.contains('/') {
        return path
            .split('/')
            .any(|segment| segment_matches(pattern.as_bytes(), segment.as_bytes()));
    }
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    let pats: Vec<&str> = pattern.split('/').collect();
    let segs: Vec<&str> = path.split('/').collect();
    // A pattern also matches everything under the directory it names.
    (0..=segs.len()).any(|n| path_matches(&pats, &segs[..n]))
}

fn path_matches(pats: &[&str], segs: &[&str]) -> bool {
    match pats.split_first() {
        None => segs.is_empty(),
        Some((&"**", rest)) => (0..=segs.len()).any(|skip| path_matches(rest, &segs[skip..])),
        Some((p, rest)) => segs.split_first().is_some_and(|(s, more)| {
            segment_matches(p.as_bytes(), s.as_bytes()) && path_matches(rest, more)
        }),
    }
}

fn segment_matches(p: &[u8], s: &[u8]) -> bool {
    match (p.first(), s.first()) {
        (None, None) => true,
        (Some(b'*'), _) => {
            segment_matches(&p[1..], s) || (!s.is_empty() && segment_matches(p, &s[1..]))
        }
        (Some(b'?'), Some(_)) => segment_matches(&p[1..], &s[1..]),
        (Some(a), Some(b)) if a == b => segment_matches(&p[1..], &s[1..]),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn globs_match_segments_and_trees() {
        assert!(matches("*.yaml", "a/b/c.yaml"));
        assert!(matches("vendor", "vendor/x.json"));
        assert!(matches("build/**/*.json", "build/a/b/x.json"));
        assert!(matches("build/**", "build/x.json"));
        assert!(matches("out/tdp", "./out/tdp/parent.template.json"));
        assert!(!matches("*.yaml", "a/b/c.json"));
        assert!(!matches("build/*.json", "src/build/x.json"));
    }
}
