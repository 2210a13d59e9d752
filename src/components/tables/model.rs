//! Resolves the `tables` section.

use super::spec::{KeySpec, KeyType, TableSpec};
use crate::model::names::named;
use crate::model::Problems;
use crate::yaml::KeyPath;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    /// Logical-ID stem.
    pub id: String,
    pub partition_key: (String, KeyType),
    pub sort_key: Option<(String, KeyType)>,
    pub ttl_attribute: Option<String>,
}

pub(crate) fn resolve(specs: &[TableSpec], p: &mut Problems) -> Vec<Table> {
    let at = KeyPath::root().key("tables");
    named(specs, |t| &t.name, &at, p)
        .into_iter()
        .map(|(t, id, here)| {
            let key = |k: &KeySpec, key: &str, p: &mut Problems| {
                check_attribute(&k.name, &here.key(key).key("name"), p);
                (k.name.clone(), k.kind)
            };
            let partition_key = key(&t.partition_key, "partition_key", p);
            let sort_key = t.sort_key.as_ref().map(|k| key(k, "sort_key", p));
            if sort_key.as_ref().is_some_and(|s| s.0 == partition_key.0) {
                p.error("spec/table", &here.key("sort_key").key("name"), "the sort key must differ from the partition key");
            }
            if let Some(ttl) = &t.ttl_attribute {
                check_attribute(ttl, &here.key("ttl_attribute"), p);
            }
            Table {
                name: t.name.clone(),
                id,
                partition_key,
                sort_key,
                ttl_attribute: t.ttl_attribute.clone(),
            }
        })
        .collect()
}

/// Amazon DynamoDB Developer Guide, "Supported data types and naming rules": a key
/// attribute's name is 1 to 255 characters.
fn check_attribute(name: &str, at: &KeyPath, p: &mut Problems) {
    if name.is_empty() || name.len() > 255 {
        p.error("spec/table", at, format!("{name:?}: an attribute name is 1 to 255 characters"));
    }
}
