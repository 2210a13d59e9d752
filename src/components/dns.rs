//! A Route 53 hosted zone and its alias records.

use super::{Component, Stack};
use crate::model::Platform;

pub struct Dns;

impl Component for Dns {
    fn name(&self) -> &'static str {
        "dns"
    }

    fn stack(&self) -> Stack {
        Stack::Dns
    }

    fn declared(&self, p: &Platform) -> bool {
        p.dns.is_some()
    }
}
