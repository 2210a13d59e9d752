//! The subnet layout cut from a VPC block when the spec does not list subnets.
//!
//! The VPC is cut into the smallest power-of-two number of equal blocks that holds one
//! workload subnet per AZ plus, with NAT egress, one spare block; the workload subnets
//! take the first blocks (the largest that fit), and the public subnets are small /24s
//! (or less in a small VPC) carved from the start of the spare block, so they never
//! compete with workloads for addresses.

use ipnet::Ipv4Net;

use super::MAX_PREFIX;

/// The planned workload and public subnets, in AZ order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetLayout {
    pub private: Vec<Ipv4Net>,
    pub public: Vec<Ipv4Net>,
}

/// A VPC block too small for the subnets asked of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{vpc} is too small for {zones} workload subnet(s){}", if *public { " and public subnets" } else { "" })]
pub struct LayoutError {
    pub vpc: Ipv4Net,
    pub zones: usize,
    pub public: bool,
}

/// The prefix public subnets get: a /24 holds NAT gateways and load balancer nodes.
const PUBLIC_PREFIX: u8 = 24;

/// Lays out `zones` workload subnets (and as many public subnets when `public`) inside `vpc`.
pub fn layout(vpc: Ipv4Net, zones: usize, public: bool) -> Result<SubnetLayout, LayoutError> {
    let err = LayoutError { vpc, zones, public };
    let blocks_needed = zones + usize::from(public);
    let extra_bits = u8::try_from(blocks_needed.next_power_of_two().trailing_zeros())
        .map_err(|_| err.clone())?;
    let block_prefix = vpc.prefix_len() + extra_bits;
    if block_prefix > MAX_PREFIX {
        return Err(err);
    }
    let blocks: Vec<Ipv4Net> = vpc
        .subnets(block_prefix)
        .map_err(|_| err.clone())?
        .collect();
    let private = blocks[..zones].to_vec();
    let public_subnets = if public {
        let spare = blocks[zones];
        let spare_bits =
            u8::try_from(zones.next_power_of_two().trailing_zeros()).map_err(|_| err.clone())?;
        let prefix = PUBLIC_PREFIX.max(block_prefix + spare_bits);
        if prefix > MAX_PREFIX {
            return Err(err);
        }
        spare
            .subnets(prefix)
            .map_err(|_| err.clone())?
            .take(zones)
            .collect()
    } else {
        Vec::new()
    };
    Ok(SubnetLayout {
        private,
        public: public_subnets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    fn strings(nets: &[Ipv4Net]) -> Vec<String> {
        nets.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn three_zones_with_nat_in_a_slash_16() {
        let p = layout(net("10.40.0.0/16"), 3, true).unwrap();
        assert_eq!(
            strings(&p.private),
            ["10.40.0.0/18", "10.40.64.0/18", "10.40.128.0/18"]
        );
        assert_eq!(
            strings(&p.public),
            ["10.40.192.0/24", "10.40.193.0/24", "10.40.194.0/24"]
        );
    }

    #[test]
    fn two_zones_private_only_take_halves() {
        let p = layout(net("10.0.0.0/20"), 2, false).unwrap();
        assert_eq!(strings(&p.private), ["10.0.0.0/21", "10.0.8.0/21"]);
        assert!(p.public.is_empty());
    }

    #[test]
    fn small_vpcs_get_smaller_public_subnets() {
        let p = layout(net("10.0.0.0/24"), 2, true).unwrap();
        assert_eq!(strings(&p.private), ["10.0.0.0/26", "10.0.0.64/26"]);
        assert_eq!(strings(&p.public), ["10.0.0.128/27", "10.0.0.160/27"]);
    }

    #[test]
    fn too_small_is_an_error_not_a_panic() {
        assert!(layout(net("10.0.0.0/27"), 3, true).is_err());
    }

    #[test]
    fn planned_subnets_never_overlap() {
        for zones in 2..=6 {
            for public in [false, true] {
                let p = layout(net("10.0.0.0/16"), zones, public).unwrap();
                let all: Vec<_> = p.private.iter().chain(&p.public).collect();
                for (i, a) in all.iter().enumerate() {
                    for b in &all[i + 1..] {
                        assert!(!crate::cidr::overlaps(**a, **b), "{a} {b}");
                    }
                }
            }
        }
    }
}
