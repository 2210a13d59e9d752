//! The `user_pool` section: who signs in to the platform's web applications.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A Cognito user pool with a hosted sign-in domain and one OAuth client for the
/// platform's web applications, optionally federated with the organization's identity
/// provider over SAML (single sign-on).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPoolSpec {
    /// Prefix of the hosted sign-in domain, `<prefix>.auth.<region>.amazoncognito.com`:
    /// lowercase letters, digits and hyphens, without `aws`, `amazon` or `cognito`.
    pub domain_prefix: String,
    /// Where the sign-in page may send users back to: `https://` URLs (or
    /// `http://localhost` for development).
    pub callback_urls: Vec<String>,
    /// Where sign-out may send users; same rules. Default none.
    #[serde(default)]
    pub logout_urls: Vec<String>,
    /// The SAML metadata URL of the organization's identity provider: users then sign in
    /// there (single sign-on) instead of with a Cognito password.
    pub saml_metadata_url: Option<String>,
    /// `required` (default) or `optional`: multi-factor authentication for Cognito
    /// passwords (a federated sign-in follows the identity provider's own rules).
    #[serde(default)]
    pub mfa: Mfa,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mfa {
    #[default]
    Required,
    Optional,
}
