//! The bounds every YAML or JSON document is read within: specs, the config file and
//! linted templates alike.
//!
//! `lint` runs in CI on pull-request content and `validate` on pasted specs, so a file
//! must not be able to exhaust memory, the stack or the runner's time. Each bound is far
//! above what a real template or spec needs (CloudFormation itself accepts 1 MB from S3,
//! and its templates nest a few dozen levels at most), and breaking one is a located error.

/// Largest file read, in bytes: eight times the largest template CloudFormation accepts.
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// Deepest nesting of sequences and mappings. The same default as serde_json's recursion
/// limit, so JSON and YAML templates are held to one bound.
pub const MAX_DEPTH: usize = 128;

/// Most nodes (scalars, keys, sequences, mappings, alias copies included) in one
/// document: a tree costs about a hundred bytes a node, so a file of one-character
/// scalars within the size limit would otherwise take a gigabyte. Twice the nodes
/// of a 5,000-resource template (114,000); CloudFormation allows 500 resources per stack.
pub const MAX_NODES: u64 = 250_000;

/// Nodes that aliases may copy in a document, at least: small files with a few aliases
/// never come near it.
pub const ALIAS_NODES_FLOOR: u64 = 10_000;

/// Aliases may copy this many times as many nodes as the document has read so far.
pub const ALIAS_NODES_RATIO: u64 = 10;

/// Nodes that aliases may copy in a document, at most, however large it is.
pub const ALIAS_NODES_CEILING: u64 = 200_000;

/// Scalar bytes that aliases may copy, at least and at most, and as a multiple of the
/// file's size in between: a long string repeated by alias costs memory a node count
/// does not see.
pub const ALIAS_BYTES_FLOOR: u64 = 1024 * 1024;
pub const ALIAS_BYTES_RATIO: u64 = 10;
pub const ALIAS_BYTES_CEILING: u64 = 32 * 1024 * 1024;

/// What aliases may still copy in a document of `text_bytes` that has read `nodes_read`
/// nodes: (nodes, scalar bytes).
pub fn alias_budget(text_bytes: u64, nodes_read: u64) -> (u64, u64) {
    let nodes = nodes_read
        .saturating_mul(ALIAS_NODES_RATIO)
        .clamp(ALIAS_NODES_FLOOR, ALIAS_NODES_CEILING);
    let bytes = text_bytes
        .saturating_mul(ALIAS_BYTES_RATIO)
        .clamp(ALIAS_BYTES_FLOOR, ALIAS_BYTES_CEILING);
    (nodes, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_budget_has_a_floor_and_a_ceiling() {
        assert_eq!(alias_budget(0, 0), (ALIAS_NODES_FLOOR, ALIAS_BYTES_FLOOR));
        assert_eq!(
            alias_budget(100_000, 5_000),
            (50_000, 1_000_000.max(ALIAS_BYTES_FLOOR))
        );
        assert_eq!(
            alias_budget(u64::MAX, u64::MAX),
            (ALIAS_NODES_CEILING, ALIAS_BYTES_CEILING)
        );
    }
}
