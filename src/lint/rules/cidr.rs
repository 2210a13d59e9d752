//! CIDR blocks as the security rules read them: parsed, never matched as text, so every
//! spelling of "anywhere" (`0.0.0.0/0`, `192.168.1.0/0`, `::/0`, `::0/0`, `0:0::/0`) is
//! seen as one, and a block that is not one (`999.1.1.1/33`) is a finding rather than a
//! string that happens not to match.

use std::net::IpAddr;

use ipnet::IpNet;

/// Which address family a template key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    V4,
    V6,
}

/// A block as written, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// The block in canonical form: host bits cleared, the shortest address spelling.
    pub canonical: IpNet,
    /// Whether the text set bits below the prefix (`192.168.1.0/0` means `0.0.0.0/0`).
    pub host_bits: bool,
}

impl Block {
    /// Whether the block is the whole address space of its family: open to the internet.
    pub fn is_anywhere(&self) -> bool {
        self.canonical.prefix_len() == 0
    }
}

/// Why a text is not a CIDR block of the family its key takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CidrError {
    #[error("`{text}` is not a CIDR block (an address, `/`, and a prefix length in range)")]
    Invalid { text: String },
    #[error("`{text}` is an {found} block where an {wanted} block is expected")]
    WrongFamily {
        text: String,
        found: &'static str,
        wanted: &'static str,
    },
}

fn family_name(family: Family) -> &'static str {
    match family {
        Family::V4 => "IPv4",
        Family::V6 => "IPv6",
    }
}

/// Parses `text` as a CIDR block of `family`. An address without a prefix length is not a
/// block: CloudFormation's CIDR properties require one.
pub fn parse(text: &str, family: Family) -> Result<Block, CidrError> {
    let invalid = || CidrError::Invalid {
        text: text.to_owned(),
    };
    let (address, prefix) = text.split_once('/').ok_or_else(invalid)?;
    // A prefix is one to three decimal digits: no sign, no spaces (which `parse` would
    // accept or reject inconsistently across address families).
    if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let address: IpAddr = address.parse().map_err(|_| invalid())?;
    let prefix: u8 = prefix.parse().map_err(|_| invalid())?;
    let net = IpNet::new(address, prefix).map_err(|_| invalid())?;
    let found = match net {
        IpNet::V4(_) => Family::V4,
        IpNet::V6(_) => Family::V6,
    };
    if found != family {
        return Err(CidrError::WrongFamily {
            text: text.to_owned(),
            found: family_name(found),
            wanted: family_name(family),
        });
    }
    let canonical = net.trunc();
    Ok(Block {
        canonical,
        host_bits: canonical.addr() != net.addr(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anywhere(text: &str, family: Family) -> bool {
        parse(text, family).unwrap().is_anywhere()
    }

    /// Guards the spellings that string matching missed.
    #[test]
    fn every_spelling_of_anywhere_is_anywhere() {
        for text in ["0.0.0.0/0", "192.168.1.0/0", "10.1.2.3/0"] {
            assert!(anywhere(text, Family::V4), "{text}");
        }
        for text in [
            "::/0",
            "::0/0",
            "0:0::/0",
            "0:0:0:0:0:0:0:0/0",
            "2001:db8::/0",
        ] {
            assert!(anywhere(text, Family::V6), "{text}");
        }
        assert!(!anywhere("10.0.0.0/8", Family::V4));
        assert!(!anywhere("0.0.0.0/1", Family::V4));
        assert!(!anywhere("::/1", Family::V6));
    }

    #[test]
    fn host_bits_are_seen_and_cleared() {
        let block = parse("192.168.1.0/0", Family::V4).unwrap();
        assert!(block.host_bits);
        assert_eq!(block.canonical.to_string(), "0.0.0.0/0");
        let block = parse("10.0.0.0/8", Family::V4).unwrap();
        assert!(!block.host_bits);
        let block = parse("0:0::/0", Family::V6).unwrap();
        assert_eq!(block.canonical.to_string(), "::/0");
        assert!(!block.host_bits);
    }

    /// Guards against accepting what is not a block.
    #[test]
    fn invalid_blocks_are_errors() {
        for text in [
            "999.1.1.1/33",
            "10.0.0.0/33",
            "10.0.0.0",
            "10.0.0.0/",
            "10.0.0.0/+8",
            "10.0.0.0/ 8",
            "010.0.0.0/8",
            "::/129",
            "anywhere",
            "",
            "/0",
        ] {
            assert!(
                matches!(parse(text, Family::V4), Err(CidrError::Invalid { .. }))
                    || matches!(parse(text, Family::V6), Err(CidrError::Invalid { .. })),
                "{text}"
            );
        }
        assert!(matches!(
            parse("::/0", Family::V4),
            Err(CidrError::WrongFamily { .. })
        ));
        assert!(matches!(
            parse("0.0.0.0/0", Family::V6),
            Err(CidrError::WrongFamily { .. })
        ));
    }
}
