//! Which nested stack an organization lives in.
//!
//! A platform holds hundreds of organizations, more than one stack may hold (500
//! resources: AWS CloudFormation User Guide, "Understand CloudFormation quotas"). They are
//! spread over a fixed number of shards by a hash of their name alone, so an
//! organization's stack never depends on which other organizations exist: adding one
//! changes only its own shard, removing one only its own. The hash is written out here
//! (FNV-1a, 32 bits) because Rust's own hasher is seeded per process and may change
//! between releases; a shard number must be the same on every run forever.

/// Shards, fixed: changing it would move organizations between stacks (a replacement).
pub const SHARDS: usize = 16;

/// The shards' stack names (file stems, and `Organizations<n>Stack` in the parent).
pub const NAMES: [&str; SHARDS] = [
    "organizations-0",
    "organizations-1",
    "organizations-2",
    "organizations-3",
    "organizations-4",
    "organizations-5",
    "organizations-6",
    "organizations-7",
    "organizations-8",
    "organizations-9",
    "organizations-10",
    "organizations-11",
    "organizations-12",
    "organizations-13",
    "organizations-14",
    "organizations-15",
];

/// Resources one organization renders: key, alias, Glue database, Athena workgroup,
/// managed policy.
pub const RESOURCES_PER_ORGANIZATION: usize = 5;

/// CloudFormation's resources-per-stack quota, and the share of it a shard may use, so
/// every shard keeps room to grow (User Guide, "Understand CloudFormation quotas").
pub const STACK_RESOURCE_QUOTA: usize = 500;
pub const MAX_SHARE_PERCENT: usize = 80;

/// The most resources a shard may hold: 80% of 500.
pub const fn resource_limit() -> usize {
    STACK_RESOURCE_QUOTA * MAX_SHARE_PERCENT / 100
}

/// FNV-1a over the name's bytes (32-bit offset basis and prime).
pub fn fnv1a(name: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in name.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// The shard of the organization named `name`.
pub fn shard_of(name: &str) -> usize {
    // A u32 always fits a usize on the targets this builds for.
    (fnv1a(name) as usize) % SHARDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn a_name_always_lands_in_the_same_shard() {
        // Pinned: a change here moves deployed organizations between stacks.
        let shards: Vec<usize> = ["acme", "globex", "initech"].iter().map(|n| shard_of(n)).collect();
        assert_eq!(shards, PINNED.to_vec());
    }

    /// Shards of acme, globex and initech as first computed.
    const PINNED: [usize; 3] = [15, 14, 1];

    #[test]
    fn three_hundred_organizations_spread_over_every_shard() {
        let mut counts = [0usize; SHARDS];
        for i in 0..300 {
            counts[shard_of(&format!("org-{i:03}"))] += 1;
        }
        let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
        assert!(*min > 0, "{counts:?}");
        // 300 / 16 ≈ 19 each; allow twice that before calling the spread bad.
        assert!(*max <= 38, "{counts:?}");
        assert!(max * RESOURCES_PER_ORGANIZATION <= resource_limit());
    }
}
