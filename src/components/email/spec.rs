//! The `email` section: an SES domain identity the platform sends notifications from.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The domain the platform sends notification mail from (failed data exports, failed
/// pipelines): an SES identity verified with Easy DKIM (RSA 2048), a configuration set
/// that requires TLS and keeps reputation metrics, and bounces and complaints published to
/// an encrypted SNS topic. Workloads send through `access.send_email`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailSpec {
    /// The sending domain, such as `tdp.example.com`. When the `dns` section is a public
    /// zone holding it, the DKIM records are written there; otherwise the messaging stack
    /// outputs them for whoever runs the domain's DNS.
    pub domain: String,
    /// A label under `domain` used as the MAIL FROM domain (`bounce` makes
    /// `bounce.tdp.example.com`), so that SPF aligns with the From domain.
    pub mail_from_subdomain: Option<String>,
}
