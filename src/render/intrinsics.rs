//! Intrinsic functions and pseudo parameters as JSON values.

use serde_json::{json, Value};

/// `{"Ref": id}`
pub fn r#ref(id: &str) -> Value {
    json!({ "Ref": id })
}

/// `{"Fn::GetAtt": [id, attribute]}`
pub fn get_att(id: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [id, attribute] })
}

/// `{"Fn::Sub": text}`; callers pass text with at least one `${}`.
pub fn sub(text: impl Into<String>) -> Value {
    json!({ "Fn::Sub": text.into() })
}

/// `{"Fn::Join": [",", items]}`: how list outputs travel between stacks.
pub fn join_commas(items: Vec<Value>) -> Value {
    json!({ "Fn::Join": [",", items] })
}

/// The name of the `index`th AZ of the region, never hard-coded.
pub fn az(index: usize) -> Value {
    json!({ "Fn::Select": [index, { "Fn::GetAZs": "" }] })
}

/// `arn:${AWS::Partition}:...` built with Sub, so templates work in every partition.
pub fn arn(rest: &str) -> Value {
    sub(format!("arn:${{AWS::Partition}}:{rest}"))
}
