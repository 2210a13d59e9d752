//! Resolves `kubernetes.workloads`: the pods that use platform resources, each a
//! Kubernetes service account EKS Pod Identity gives an IAM role.

use std::collections::BTreeMap;

use super::spec::WorkloadSpec;
use crate::components::Spec;
use crate::model::access::{self, Grants, Offered};
use crate::model::names::named;
use crate::model::Problems;
use crate::yaml::KeyPath;

/// One workload: its pods' namespace and service account, and its grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    pub name: String,
    /// Logical-ID stem (`Rating`).
    pub id: String,
    pub namespace: String,
    pub service_account: String,
    /// What its `access:` block grants; the access graph holds these as edges.
    pub grants: Grants,
}

/// A DNS label as Kubernetes names namespaces (Kubernetes documentation, "Object Names
/// and IDs": RFC 1123 labels): 1 to 63 lowercase letters, digits and hyphens, starting
/// and ending with a letter or digit.
pub fn is_dns_label(name: &str) -> bool {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    (1..=63).contains(&name.len())
        && name.starts_with(alnum)
        && name.ends_with(alnum)
        && name.chars().all(|c| alnum(c) || c == '-')
}

/// A DNS subdomain as Kubernetes names service accounts (same page): DNS labels joined by
/// dots, at most 253 characters.
pub fn is_dns_subdomain(name: &str) -> bool {
    name.len() <= 253 && name.split('.').all(is_dns_label)
}

pub(crate) fn resolve(
    spec: &Spec,
    list: &[WorkloadSpec],
    at: &KeyPath,
    offered: &Offered,
    p: &mut Problems,
) -> Vec<Workload> {
    // EKS keeps one Pod Identity association per namespace and service account (Amazon
    // EKS API Reference, CreatePodIdentityAssociation), so two workloads cannot share one.
    let mut accounts: BTreeMap<(&str, &str), KeyPath> = BTreeMap::new();
    named(list, |w| &w.name, at, p)
        .into_iter()
        .map(|(w, id, here)| {
            if !is_dns_label(&w.namespace) {
                p.error(
                    "spec/kubernetes",
                    &here.key("namespace"),
                    format!("`{}` is not a Kubernetes namespace name: a DNS label of 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit", w.namespace),
                );
            }
            if !is_dns_subdomain(&w.service_account) {
                p.error(
                    "spec/kubernetes",
                    &here.key("service_account"),
                    format!("`{}` is not a Kubernetes service account name: DNS labels (lowercase letters, digits and hyphens, starting and ending with a letter or digit) joined by dots, at most 253 characters", w.service_account),
                );
            }
            if let Some(first) = accounts.insert((&w.namespace, &w.service_account), here.clone()) {
                p.error(
                    "spec/kubernetes",
                    &here.key("service_account"),
                    format!(
                        "`{}/{}` is already the service account of {}: EKS holds one Pod Identity association per service account",
                        w.namespace,
                        w.service_account,
                        first
                    ),
                );
            }
            let grants = access::resolve(&w.access, &here.key("access"), offered, p);
            crate::components::services::model::check_reachable(
                spec,
                &w.access,
                None,
                &here.key("access"),
                p,
            );
            Workload {
                name: w.name.clone(),
                id,
                namespace: w.namespace.clone(),
                service_account: w.service_account.clone(),
                grants,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_are_dns_labels() {
        assert!(is_dns_label("usage"));
        assert!(is_dns_label("team-1"));
        assert!(!is_dns_label("Usage"));
        assert!(!is_dns_label("-usage"));
        assert!(!is_dns_label("usage-"));
        assert!(!is_dns_label("a.b"));
        assert!(!is_dns_label(""));
        assert!(!is_dns_label(&"a".repeat(64)));
    }

    #[test]
    fn service_accounts_are_dns_subdomains() {
        assert!(is_dns_subdomain("rating"));
        assert!(is_dns_subdomain("rating.v2"));
        assert!(!is_dns_subdomain("rating..v2"));
        assert!(!is_dns_subdomain("rating_v2"));
        assert!(!is_dns_subdomain(&["a"; 128].join(".")));
    }
}
