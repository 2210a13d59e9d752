//! References: every Ref, GetAtt, Sub variable, DependsOn, Condition and FindInMap names
//! something the template defines (or a pseudo parameter), GetAtt reads an attribute the
//! type has, and what is defined is used. CloudFormation rejects a dangling name when the
//! template is submitted; unused declarations are dead weight that hides mistakes.

use std::collections::HashSet;

use crate::cfn::store;
use crate::diagnostic::Severity::{Error, Warning};
use crate::lint::codes::PC2007;
use crate::lint::rule::{Findings, RuleDoc};
use crate::lint::template::{entries, Index, Template};
use crate::lint::walk::{RefKind, Reference, Scope};
use crate::yaml::KeyPath;

/// `Ref` to a name that is neither a parameter, a resource nor a pseudo parameter.
pub const PC2001: RuleDoc = RuleDoc {
    id: "PC2001",
    severity: Error,
    summary: "Ref to an undefined parameter or resource",
    help: "",
};
/// `Fn::GetAtt` on a logical ID the template does not define.
pub const PC2002: RuleDoc = RuleDoc {
    id: "PC2002",
    severity: Error,
    summary: "Fn::GetAtt on an undefined resource",
    help: "",
};
/// `Fn::GetAtt` of an attribute the resource type does not return (from the provider
/// schema's read-only properties; types without a kept schema are not judged).
pub const PC2003: RuleDoc = RuleDoc {
    id: "PC2003",
    severity: Error,
    summary: "Fn::GetAtt attribute the resource type does not have",
    help: "",
};
/// A `${Name}` in Fn::Sub that is no parameter, resource, pseudo parameter or variable.
pub const PC2004: RuleDoc = RuleDoc {
    id: "PC2004",
    severity: Error,
    summary: "Fn::Sub variable that is not defined",
    help: "",
};
/// `DependsOn` naming a resource that does not exist.
pub const PC2005: RuleDoc = RuleDoc {
    id: "PC2005",
    severity: Error,
    summary: "DependsOn an undefined resource",
    help: "",
};
/// A condition name (resource/output Condition, Fn::If, Condition) not in Conditions.
pub const PC2006: RuleDoc = RuleDoc {
    id: "PC2006",
    severity: Error,
    summary: "undefined condition",
    help: "",
};
/// `Ref` to a resource inside Conditions, which are evaluated before resources exist.
pub const PC2008: RuleDoc = RuleDoc {
    id: "PC2008",
    severity: Error,
    summary: "Conditions may only Ref parameters and pseudo parameters",
    help: "",
};
/// A parameter nothing refers to: it asks the deployer for a value that changes nothing.
pub const PC2010: RuleDoc = RuleDoc {
    id: "PC2010",
    severity: Warning,
    summary: "parameter is never used",
    help: "",
};
/// A condition nothing uses.
pub const PC2011: RuleDoc = RuleDoc {
    id: "PC2011",
    severity: Warning,
    summary: "condition is never used",
    help: "",
};
/// A mapping nothing reads.
pub const PC2012: RuleDoc = RuleDoc {
    id: "PC2012",
    severity: Warning,
    summary: "mapping is never used",
    help: "",
};

pub const RULES: &[RuleDoc] = &[
    PC2001, PC2002, PC2003, PC2004, PC2005, PC2006, PC2007, PC2008, PC2010, PC2011, PC2012,
];

/// Whether resources of `kind` return `attribute`. `None` when the type's schema is not
/// kept, so nothing can be said. Properties count too: CloudFormation returns several
/// writable properties (a VPC's CidrBlock) although the schemas list them as writable.
pub fn has_attribute(kind: &str, attribute: &str) -> Option<bool> {
    if kind.starts_with("Custom::") || kind == "AWS::CloudFormation::CustomResource" {
        return Some(true);
    }
    if kind == "AWS::CloudFormation::Stack" {
        return Some(
            attribute.starts_with("Outputs.")
                || store::get(kind).is_none_or(|s| s.attributes().any(|a| a == attribute)),
        );
    }
    let schema = store::get(kind)?;
    let first = attribute.split('.').next().unwrap_or(attribute);
    Some(
        schema.properties.contains_key(first)
            || schema
                .attributes()
                .any(|a| a == attribute || a.split('.').next() == Some(first)),
    )
}

/// Judges the references the walk collected.
pub fn check(template: &Template, index: &Index, refs: &[Reference], out: &mut Findings) {
    // A transform (SAM, macros, Fn::ForEach) defines names this template does not show,
    // so dangling names and unused declarations are left to the expanded template.
    if template.has_transform() {
        return;
    }
    for r in refs {
        let t = r.target.as_str();
        match &r.kind {
            RefKind::Ref | RefKind::SubRef => {
                if r.scope == Scope::Conditions && index.resources.contains_key(t) {
                    out.push(
                        &PC2008,
                        r.pos,
                        &r.path,
                        format!("{t} is a resource; Conditions cannot refer to resources"),
                    );
                } else if !index.can_ref(t) {
                    let rule = if r.kind == RefKind::Ref {
                        &PC2001
                    } else {
                        &PC2004
                    };
                    out.push(
                        rule,
                        r.pos,
                        &r.path,
                        format!("{t} is not a parameter, resource or pseudo parameter"),
                    );
                }
            }
            RefKind::GetAtt(attribute) => get_att(index, r, attribute.as_deref(), &PC2002, out),
            RefKind::SubGetAtt(attribute) => get_att(index, r, Some(attribute), &PC2004, out),
            RefKind::Condition => {
                if !index.conditions.contains_key(t) {
                    out.push(
                        &PC2006,
                        r.pos,
                        &r.path,
                        format!("condition {t} is not defined in Conditions"),
                    );
                }
            }
            RefKind::Mapping => {
                if !index.mappings.contains_key(t) {
                    out.push(
                        &PC2007,
                        r.pos,
                        &r.path,
                        format!("mapping {t} is not defined in Mappings"),
                    );
                }
            }
            RefKind::DependsOn => {
                if !index.is_resource(t) {
                    out.push(
                        &PC2005,
                        r.pos,
                        &r.path,
                        format!("DependsOn {t}, which is not a resource of this template"),
                    );
                }
            }
        }
    }
    unused(template, refs, out);
}

fn get_att(
    index: &Index,
    r: &Reference,
    attribute: Option<&str>,
    missing: &RuleDoc,
    out: &mut Findings,
) {
    let t = r.target.as_str();
    if !index.is_resource(t) {
        out.push(
            missing,
            r.pos,
            &r.path,
            format!("{t} is not a resource of this template"),
        );
        return;
    }
    let (Some(kind), Some(attribute)) = (index.types.get(t), attribute) else {
        return;
    };
    if has_attribute(kind, attribute) == Some(false) {
        out.push(
            &PC2003,
            r.pos,
            &r.path,
            format!("{kind} has no attribute {attribute}"),
        );
    }
}

fn unused(template: &Template, refs: &[Reference], out: &mut Findings) {
    let used = |kinds: &[fn(&RefKind) -> bool]| -> HashSet<&str> {
        refs.iter()
            .filter(|r| kinds.iter().any(|k| k(&r.kind)))
            .map(|r| r.target.as_str())
            .collect()
    };
    let values = used(&[|k| matches!(k, RefKind::Ref | RefKind::SubRef)]);
    let conditions = used(&[|k| matches!(k, RefKind::Condition)]);
    let mappings = used(&[|k| matches!(k, RefKind::Mapping)]);
    let sections: [(&str, &HashSet<&str>, &RuleDoc, &str); 3] = [
        ("Parameters", &values, &PC2010, "parameter"),
        ("Conditions", &conditions, &PC2011, "condition"),
        ("Mappings", &mappings, &PC2012, "mapping"),
    ];
    for (section, used, rule, what) in sections {
        let path = KeyPath::root().key(section);
        for (k, _) in entries(template.root.get(section)) {
            if !used.contains(k.name.as_str()) {
                out.push(
                    rule,
                    k.pos,
                    &path.key(&k.name),
                    format!("{what} {} is never used", k.name),
                );
            }
        }
    }
}
