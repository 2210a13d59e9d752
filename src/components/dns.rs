//! A Route 53 hosted zone and its alias records.

use super::Component;

pub struct Dns;

impl Component for Dns {
    fn name(&self) -> &'static str {
        "dns"
    }
}
