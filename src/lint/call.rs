//! What counts as an intrinsic function call, shared by the walk and the rules that must
//! tell a literal value from a call.

use crate::yaml::{Node, Value};

/// Where in the template a function is used; CloudFormation allows different functions
/// in different sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Conditions,
    Resources,
    Outputs,
}

/// The function a node calls, when it is a one-key mapping whose key names a function.
pub fn function_call(node: &Node, scope: Scope) -> Option<(&str, &Node)> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    let [(key, arg)] = entries.as_slice() else {
        return None;
    };
    let name = key.name.as_str();
    let is_function = name == "Ref"
        || name.starts_with("Fn::")
        || (name == "Condition" && scope == Scope::Conditions);
    is_function.then_some((name, arg))
}
