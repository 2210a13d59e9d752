//! IPv4 CIDR facts as AWS applies them to VPCs and subnets, and the subnet layout planned
//! from a VPC block. A leaf: the model uses it to resolve a spec's network, the network
//! check and its remediation to judge and cut blocks.

pub mod layout;

use ipnet::Ipv4Net;

/// AWS keeps the first four addresses and the last one of every subnet (network address,
/// VPC router, DNS, future use, broadcast): Amazon VPC User Guide, "Subnet CIDR blocks".
pub const RESERVED_PER_SUBNET: u32 = 5;

/// VPC and subnet IPv4 blocks must be between /16 and /28 (Amazon VPC User Guide).
pub const MIN_PREFIX: u8 = 16;
pub const MAX_PREFIX: u8 = 28;

/// Why a CIDR string cannot be a VPC or subnet block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CidrError {
    #[error("`{text}` is not an IPv4 CIDR block such as 10.0.0.0/16")]
    Syntax { text: String },
    #[error("`{text}` has host bits set; did you mean {network}?")]
    HostBits { text: String, network: Ipv4Net },
    #[error("`{text}` is a /{prefix}; AWS allows /16 to /28")]
    PrefixRange { text: String, prefix: u8 },
}

/// Parses a VPC or subnet block: valid syntax, no host bits, /16 to /28.
pub fn parse(text: &str) -> Result<Ipv4Net, CidrError> {
    let net: Ipv4Net = text.trim().parse().map_err(|_| CidrError::Syntax {
        text: text.to_owned(),
    })?;
    if net.trunc() != net {
        return Err(CidrError::HostBits {
            text: text.to_owned(),
            network: net.trunc(),
        });
    }
    if !(MIN_PREFIX..=MAX_PREFIX).contains(&net.prefix_len()) {
        return Err(CidrError::PrefixRange {
            text: text.to_owned(),
            prefix: net.prefix_len(),
        });
    }
    Ok(net)
}

/// Addresses a subnet of this size can hand out: 2^(32-P) - 5.
pub fn usable(net: Ipv4Net) -> u32 {
    usable_for_prefix(net.prefix_len())
}

/// Usable addresses of a /`prefix` subnet (/23: 507, /22: 1,019, /21: 2,043, /20: 4,091).
pub fn usable_for_prefix(prefix: u8) -> u32 {
    let total = 1u64 << (32 - u32::from(prefix.min(32)));
    u32::try_from(total.saturating_sub(u64::from(RESERVED_PER_SUBNET))).unwrap_or(u32::MAX)
}

/// Whether two blocks share any address.
pub fn overlaps(a: Ipv4Net, b: Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_addresses_match_the_aws_reservation() {
        assert_eq!(usable_for_prefix(23), 507);
        assert_eq!(usable_for_prefix(22), 1019);
        assert_eq!(usable_for_prefix(21), 2043);
        assert_eq!(usable_for_prefix(20), 4091);
        assert_eq!(usable_for_prefix(28), 11);
        assert_eq!(usable(parse("10.0.0.0/16").unwrap()), 65531);
    }

    #[test]
    fn parse_rejects_host_bits_and_suggests_the_network() {
        assert_eq!(
            parse("10.0.1.0/16"),
            Err(CidrError::HostBits {
                text: "10.0.1.0/16".into(),
                network: "10.0.0.0/16".parse().unwrap()
            })
        );
    }

    #[test]
    fn parse_rejects_prefixes_aws_does_not_allow() {
        assert!(matches!(
            parse("10.0.0.0/8"),
            Err(CidrError::PrefixRange { prefix: 8, .. })
        ));
        assert!(matches!(
            parse("10.0.0.0/29"),
            Err(CidrError::PrefixRange { prefix: 29, .. })
        ));
        assert!(matches!(parse("10.0.0/16"), Err(CidrError::Syntax { .. })));
    }

    #[test]
    fn overlap_is_symmetric_and_detects_nesting() {
        let a = parse("10.0.0.0/16").unwrap();
        let b = parse("10.0.128.0/17").unwrap();
        let c = parse("10.1.0.0/16").unwrap();
        assert!(overlaps(a, b) && overlaps(b, a));
        assert!(!overlaps(a, c));
    }
}
