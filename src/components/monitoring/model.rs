//! Resolves the `monitoring` section.

use super::spec::MonitoringSpec;
use crate::model::Problems;
use crate::yaml::KeyPath;

/// Who hears the alarms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitoring {
    pub email_subscribers: Vec<String>,
}

pub(crate) fn resolve(spec: Option<&MonitoringSpec>, p: &mut Problems) -> Option<Monitoring> {
    let m = spec?;
    let at = KeyPath::root().key("monitoring").key("email_subscribers");
    for (i, email) in m.email_subscribers.iter().enumerate() {
        if !is_email(email) {
            p.error(
                "spec/monitoring",
                &at.index(i),
                format!("{email:?} is not an email address"),
            );
        }
    }
    Some(Monitoring {
        email_subscribers: m.email_subscribers.clone(),
    })
}

/// A plain `local@domain.tld` shape: enough to catch a name or a typo where an address
/// belongs; SNS sends the confirmation that proves the rest.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c == ',')
}
