//! Rule codes reported from more than one module: the walk reports them as it meets a
//! value, and their families list them. Kept apart so that neither side imports the other.

use crate::diagnostic::Severity::Error;
use crate::lint::rule::RuleDoc;

/// A value CloudFormation requires literally (DependsOn, Condition names) given otherwise.
pub const PC1008: RuleDoc = RuleDoc {
    id: "PC1008",
    severity: Error,
    summary: "value must be written literally",
    help: "",
};
/// `Fn::FindInMap` on a mapping, or literal keys, the template does not define.
pub const PC2007: RuleDoc = RuleDoc {
    id: "PC2007",
    severity: Error,
    summary: "Fn::FindInMap on an undefined mapping or key",
    help: "",
};
