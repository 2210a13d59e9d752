//! Tags that are not CloudFormation's (`!Rain::Embed handler.py`, a preprocessor's).
//! CloudFormation reads only its own short-form function tags ("Intrinsic function
//! reference", CloudFormation User Guide), so a template that still holds another has not
//! been through the tool that defines it and cannot deploy as written. The loader keeps
//! such tags on their node (`lint::normalize`); this reports each one where it is written.

use super::intrinsics::PC2030;
use crate::lint::rule::Findings;
use crate::lint::template::Template;
use crate::yaml::{KeyPath, Node, Value};

/// Reports every kept tag in `template`, unless a macro among its transforms may be the
/// tool that handles it.
pub fn check(template: &Template, out: &mut Findings) {
    if macro_transform(template.root.get("Transform")) {
        return;
    }
    scan(&template.root, &mut Vec::new(), out);
}

/// Whether the Transform section names something other than AWS's own transforms (SAM,
/// AWS::LanguageExtensions), which define no tags; a macro is code that may.
fn macro_transform(transform: Option<&Node>) -> bool {
    let Some(node) = transform else {
        return false;
    };
    let names: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    names.iter().any(|n| match &n.value {
        Value::Str(name) => !name.starts_with("AWS::"),
        // A transform written as a mapping or a function: cannot tell, so it may.
        _ => true,
    })
}

/// One step of the path to the node being scanned; a [`KeyPath`] is built only for a hit.
enum Step<'n> {
    Key(&'n str),
    Index(usize),
}

fn scan<'n>(node: &'n Node, steps: &mut Vec<Step<'n>>, out: &mut Findings) {
    if let Some(tag) = &node.tag {
        let path = steps.iter().fold(KeyPath::root(), |path, step| match step {
            Step::Key(k) => path.key(k),
            Step::Index(i) => path.index(*i),
        });
        out.push(
            &PC2030,
            node.pos,
            &path,
            format!(
                "!{tag} is not a CloudFormation function; the tool that defines it must process the template first"
            ),
        );
    }
    match &node.value {
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                steps.push(Step::Index(i));
                scan(item, steps, out);
                steps.pop();
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                steps.push(Step::Key(&k.name));
                scan(v, steps, out);
                steps.pop();
            }
        }
        _ => {}
    }
}
