//! The property rules' identities. Each says what it checks and why CloudFormation cares.

use super::RuleDoc;
use crate::diagnostic::Severity;

/// A `Type` that is neither a resource type AWS publishes in a supported region nor a
/// custom resource: CloudFormation rejects the template before creating anything.
pub const UNKNOWN_TYPE: RuleDoc = RuleDoc {
    id: "PC3000",
    severity: Severity::Error,
    summary: "unknown resource type",
    help: "",
};

/// A property the provider schema lists as required is absent: the resource handler
/// refuses the create, and the stack rolls back.
pub const REQUIRED_PROPERTY: RuleDoc = RuleDoc {
    id: "PC3001",
    severity: Severity::Error,
    summary: "required property missing",
    help: "",
};

/// A property the type does not have (often a typo or the wrong nesting level):
/// CloudFormation fails the resource with "extraneous key".
pub const UNKNOWN_PROPERTY: RuleDoc = RuleDoc {
    id: "PC3002",
    severity: Severity::Error,
    summary: "unknown property",
    help: "",
};

/// A value of the wrong JSON type. CloudFormation converts scalars the way its templates
/// allow (numbers and booleans as strings, numeric and "true"/"false" strings as numbers
/// and booleans), so only conversions it cannot make are reported.
pub const WRONG_TYPE: RuleDoc = RuleDoc {
    id: "PC3003",
    severity: Severity::Error,
    summary: "value has the wrong type",
    help: "",
};

/// A value outside the schema's `enum`/`const`: the service API would reject it.
pub const NOT_ALLOWED: RuleDoc = RuleDoc {
    id: "PC3004",
    severity: Severity::Error,
    summary: "value not among the allowed values",
    help: "",
};

/// A number below the schema's `minimum` or above its `maximum`.
pub const OUT_OF_RANGE: RuleDoc = RuleDoc {
    id: "PC3005",
    severity: Severity::Error,
    summary: "number out of range",
    help: "",
};

/// A string shorter than `minLength` or longer than `maxLength`.
pub const LENGTH: RuleDoc = RuleDoc {
    id: "PC3006",
    severity: Severity::Error,
    summary: "string length out of range",
    help: "",
};

/// A string that does not match the schema's `pattern` (names, ARNs, identifiers): the
/// service validates the same pattern and fails the create.
pub const PATTERN: RuleDoc = RuleDoc {
    id: "PC3007",
    severity: Severity::Error,
    summary: "string does not match the pattern",
    help: "",
};

/// A list with fewer than `minItems` or more than `maxItems` entries.
pub const ITEM_COUNT: RuleDoc = RuleDoc {
    id: "PC3008",
    severity: Severity::Error,
    summary: "list has too few or too many items",
    help: "",
};

/// A value that fits none of the shapes an `anyOf`/`oneOf` offers (for example neither
/// of two mutually exclusive ways to configure a property).
pub const NO_BRANCH: RuleDoc = RuleDoc {
    id: "PC3009",
    severity: Severity::Error,
    summary: "value matches none of the allowed shapes",
    help: "",
};

/// A property that needs a companion (`dependentRequired`) is set without it.
pub const DEPENDENT_REQUIRED: RuleDoc = RuleDoc {
    id: "PC3010",
    severity: Severity::Error,
    summary: "property set without the property it depends on",
    help: "",
};

/// A property the provider schema lists as read-only (computed by the resource, such as
/// an ARN or an endpoint address): CloudFormation does not pass it to the resource
/// handler, so what the template says is not what the resource gets.
pub const READ_ONLY_PROPERTY: RuleDoc = RuleDoc {
    id: "PC3011",
    severity: Severity::Error,
    summary: "read-only property set",
    help: "",
};

/// The same item twice in a list the schema marks `uniqueItems` (security group IDs,
/// subnet lists, ...): the service refuses duplicates.
pub const DUPLICATE_ITEMS: RuleDoc = RuleDoc {
    id: "PC3012",
    severity: Severity::Error,
    summary: "duplicate item in a list that must hold unique items",
    help: "AWS CloudFormation resource provider schemas (uniqueItems), as published in the CloudFormation Registry",
};

/// An SNS subscription protocol outside the set the Subscribe API accepts: the schema types
/// `Protocol` as any string, CloudFormation fails at deploy time.
pub const SNS_PROTOCOL: RuleDoc = RuleDoc {
    id: "PC3901",
    severity: Severity::Error,
    summary: "SNS subscription protocol not supported",
    help: "Amazon SNS API Reference, Subscribe, Protocol",
};

/// An RDS engine name outside the set CreateDBInstance/CreateDBCluster accept: the schema
/// types `Engine` as any string.
pub const RDS_ENGINE: RuleDoc = RuleDoc {
    id: "PC3902",
    severity: Severity::Error,
    summary: "RDS engine not supported",
    help: "Amazon RDS API Reference, CreateDBInstance and CreateDBCluster, Engine",
};

/// Every property rule, in id order.
pub const RULES: &[RuleDoc] = &[
    UNKNOWN_TYPE,
    REQUIRED_PROPERTY,
    UNKNOWN_PROPERTY,
    WRONG_TYPE,
    NOT_ALLOWED,
    OUT_OF_RANGE,
    LENGTH,
    PATTERN,
    ITEM_COUNT,
    NO_BRANCH,
    DEPENDENT_REQUIRED,
    READ_ONLY_PROPERTY,
    DUPLICATE_ITEMS,
    SNS_PROTOCOL,
    RDS_ENGINE,
];
