//! Resolves the `user_pool` section against Cognito's naming and URL rules.

use super::spec::{Mfa, UserPoolSpec};
use crate::model::Problems;
use crate::yaml::KeyPath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPool {
    pub domain_prefix: String,
    pub callback_urls: Vec<String>,
    pub logout_urls: Vec<String>,
    pub saml_metadata_url: Option<String>,
    pub mfa: Mfa,
}

pub(crate) fn resolve(spec: Option<&UserPoolSpec>, p: &mut Problems) -> Option<UserPool> {
    let u = spec?;
    let at = KeyPath::root().key("user_pool");
    if let Err(msg) = check_domain_prefix(&u.domain_prefix) {
        p.error("spec/user-pool", &at.key("domain_prefix"), msg);
    }
    if u.callback_urls.is_empty() {
        p.error(
            "spec/user-pool",
            &at.key("callback_urls"),
            "name at least one URL the sign-in page may return to",
        );
    }
    for (key, urls) in [("callback_urls", &u.callback_urls), ("logout_urls", &u.logout_urls)] {
        for (i, url) in urls.iter().enumerate() {
            if !is_redirect_url(url) {
                p.error(
                    "spec/user-pool",
                    &at.key(key).index(i),
                    format!("{url:?}: Cognito accepts https:// URLs, or http://localhost for development"),
                );
            }
        }
    }
    if let Some(url) = &u.saml_metadata_url {
        if !url.starts_with("https://") {
            p.error(
                "spec/user-pool",
                &at.key("saml_metadata_url"),
                format!("{url:?}: the identity provider's metadata is fetched over https://"),
            );
        }
    }
    Some(UserPool {
        domain_prefix: u.domain_prefix.clone(),
        callback_urls: u.callback_urls.clone(),
        logout_urls: u.logout_urls.clone(),
        saml_metadata_url: u.saml_metadata_url.clone(),
        mfa: u.mfa,
    })
}

/// Amazon Cognito Developer Guide, "Using the Amazon Cognito prefix domain": lowercase
/// letters, digits and hyphens, not starting or ending with a hyphen, at most 63
/// characters, and never the reserved words `aws`, `amazon` or `cognito`.
fn check_domain_prefix(prefix: &str) -> Result<(), String> {
    let shape = (1..=63).contains(&prefix.len())
        && !prefix.starts_with('-')
        && !prefix.ends_with('-')
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !shape {
        return Err(format!(
            "{prefix:?}: 1 to 63 lowercase letters, digits and inner hyphens"
        ));
    }
    if let Some(word) = ["aws", "amazon", "cognito"]
        .iter()
        .find(|w| prefix.contains(*w))
    {
        return Err(format!("{prefix:?}: Cognito reserves the word `{word}`"));
    }
    Ok(())
}

/// Cognito's app client rule for callback and sign-out URLs (Amazon Cognito Developer
/// Guide, "Application-specific settings with app clients"): HTTPS, except
/// `http://localhost` for testing.
fn is_redirect_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://localhost"));
    rest.is_some_and(|r| !r.contains(char::is_whitespace) && !r.contains('#'))
        && url.len() <= 1024
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_prefixes_follow_cognitos_rules() {
        assert!(check_domain_prefix("tdp-prod-login").is_ok());
        assert!(check_domain_prefix("tdp-aws-login").unwrap_err().contains("`aws`"));
        assert!(check_domain_prefix("Tdp").is_err());
        assert!(check_domain_prefix("-tdp").is_err());
    }

    #[test]
    fn redirect_urls_are_https_or_localhost() {
        assert!(is_redirect_url("https://tdp.example.com/callback"));
        assert!(is_redirect_url("http://localhost:3000/callback"));
        assert!(!is_redirect_url("http://tdp.example.com/callback"));
        assert!(!is_redirect_url("https://tdp.example.com/#frag"));
    }
}
