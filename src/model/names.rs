//! Name rules and the logical IDs derived from names.
//!
//! Logical IDs come only from names the user wrote, never from list positions, so
//! reordering or adding items in a spec never renames (and so replaces) a resource.

use std::collections::BTreeMap;

use super::Problems;
use crate::yaml::KeyPath;

/// An environment name: `[a-z][a-z0-9-]{1,30}`, no trailing or doubled hyphen (it is
/// used in stack names, log group names and tags).
pub fn check_environment_name(name: &str) -> Result<(), String> {
    let ok_len = (2..=31).contains(&name.len());
    if !ok_len || !is_kebab(name) {
        return Err(format!(
            "`{name}` is not a valid environment name: 2 to 31 characters, a lowercase letter first, then lowercase letters, digits and single hyphens"
        ));
    }
    Ok(())
}

/// A component name (bucket, queue, service...): lowercase words joined by single hyphens,
/// at most 40 characters, since it becomes part of logical IDs and resource names.
pub fn check_component_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > 40 || !is_kebab(name) {
        return Err(format!(
            "`{name}` is not a valid name: up to 40 characters, a lowercase letter first, then lowercase letters, digits and single hyphens"
        ));
    }
    Ok(())
}

fn is_kebab(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// `file-events` → `FileEvents`: the logical-ID stem of a component.
pub fn pascal(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// Checks each item's name and uniqueness (also of the derived logical-ID stem) and pairs
/// the valid ones with that stem and their own key path (`services[2]`): the refused ones
/// are left out, so a valid item's place in the result is not its place in the list.
pub(crate) fn named<'a, T>(
    items: &'a [T],
    name: impl Fn(&T) -> &String,
    at: &KeyPath,
    p: &mut Problems,
) -> Vec<(&'a T, String, KeyPath)> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let here = at.index(i).key("name");
        let n = name(item);
        if let Err(msg) = check_component_name(n) {
            p.error("spec/name", &here, msg);
            continue;
        }
        let id = pascal(n);
        if let Some(first) = seen.get(&id) {
            p.error(
                "spec/name",
                &here,
                format!("`{n}` clashes with the name at {}", at.index(*first)),
            );
            continue;
        }
        seen.insert(id.clone(), i);
        out.push((item, id, at.index(i)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_case_from_kebab_names() {
        assert_eq!(pascal("file-events"), "FileEvents");
        assert_eq!(pascal("datalake"), "Datalake");
        assert_eq!(pascal("s3-raw-2"), "S3Raw2");
    }

    #[test]
    fn environment_names_follow_the_design_rule() {
        assert!(check_environment_name("acme-prod").is_ok());
        assert!(check_environment_name("a").is_err());
        assert!(check_environment_name("Acme").is_err());
        assert!(check_environment_name("acme-").is_err());
        assert!(check_environment_name("1acme").is_err());
        assert!(check_environment_name(&"a".repeat(32)).is_err());
    }

    #[test]
    fn component_names_reject_doubled_hyphens() {
        assert!(check_component_name("raw-data").is_ok());
        assert!(check_component_name("raw--data").is_err());
        assert!(check_component_name("").is_err());
    }
}
