//! The grant of `access.send_email`.

use serde_json::{json, Value};

use crate::model::Grants;
use crate::render::iam;
use crate::render::intrinsics::r#ref;
use crate::render::link::Upstream;

/// Sending from the one identity through its configuration set: SES authorizes a send on
/// the identity and on the configuration set it names (Amazon SES Developer Guide,
/// "Controlling access to Amazon SES"). No `ses:FromAddress` condition: the identity ARN
/// already confines the role to addresses of its domain, and a condition would refuse
/// the subdomains the domain's verification covers. `EMAIL_CONFIGURATION_SET` tells the code
/// which set to name.
pub(super) fn send_email(
    up: &Upstream,
    a: &Grants,
    statements: &mut Vec<Value>,
    env: &mut Vec<Value>,
) {
    let (true, Some(email)) = (a.send_email, &up.messaging.email) else {
        return;
    };
    statements.push(iam::allow(
        "SendEmail",
        &["ses:SendEmail", "ses:SendRawEmail"],
        vec![
            r#ref(email.identity_arn.name()),
            r#ref(email.configuration_set_arn.name()),
        ],
    ));
    env.push(json!({ "Name": "EMAIL_CONFIGURATION_SET", "Value": r#ref(email.configuration_set_name.name()) }));
}
