//! "Did you mean" hints: the closest known name within a small edit distance.

/// The largest edit distance still offered as a hint; beyond it suggestions are noise.
const MAX_DISTANCE: usize = 2;

/// The candidate closest to `name` (case-insensitive Levenshtein distance at most
/// [`MAX_DISTANCE`]); ties go to the first candidate, so callers pass a sorted list.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted: Vec<char> = name.to_lowercase().chars().collect();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let len = candidate.chars().count();
        if len.abs_diff(wanted.len()) > MAX_DISTANCE {
            continue;
        }
        let d = distance(
            &wanted,
            &candidate.to_lowercase().chars().collect::<Vec<_>>(),
        );
        if d <= MAX_DISTANCE && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}
