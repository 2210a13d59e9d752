//! `DeletionPolicy: Retain` on custom-named resources. CloudFormation keeps a retained
//! resource even when the stack's first create fails and rolls back, so the retry finds the
//! name taken and fails with AlreadyExists. `RetainExceptOnCreate` keeps the resource on
//! delete but removes it when the create that made it rolls back (AWS CloudFormation User
//! Guide, "DeletionPolicy attribute").

use super::PC8003;
use crate::lint::rule::Findings;
use crate::lint::template::as_str;
use crate::yaml::{KeyPath, Node, Pos};

pub fn check(at: Pos, kind: &str, resource: &Node, path: &KeyPath, out: &mut Findings) {
    let Some(policy) = resource.get("DeletionPolicy") else {
        return;
    };
    if as_str(policy) != Some("Retain") {
        return;
    }
    let Some(schema) = crate::cfn::store::get(kind) else {
        return;
    };
    let props = resource.get("Properties");
    let Some(name) = schema
        .name_properties(kind)
        .find(|p| props.and_then(|props| props.get(p)).is_some())
    else {
        return;
    };
    let pos = if policy.pos == Pos::default() {
        at
    } else {
        policy.pos
    };
    out.push(&PC8003, pos, &path.key("DeletionPolicy"), format!(
        "{kind} is retained and named by `{name}`: if the stack's first create fails, the rollback keeps it and every retry fails with AlreadyExists. Use `DeletionPolicy: RetainExceptOnCreate`, or drop `{name}` and let CloudFormation name it"
    ));
}
