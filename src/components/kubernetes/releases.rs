//! `kubernetes.releases`: the Helm releases installed on the cluster after deploy, and
//! their values files. CloudFormation does not install charts; what a chart needs from the
//! platform (the database's host, a file system's ID) is an output of the deployed stacks,
//! known only after deploy. So `synth` writes each values file with those values as
//! `<output:Name>` placeholders, and `platformctl outputs` writes it again filled in.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};
use thiserror::Error;

use super::spec::ReleaseSpec;
use super::workloads::is_dns_label;
use crate::model::names::named;
use crate::model::Problems;
use crate::yaml::KeyPath;

/// What marks a value as an output of the parent stack.
const OUTPUT_PREFIX: &str = "output:";

/// One release and its values, by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub name: String,
    pub chart: String,
    pub version: Option<String>,
    pub namespace: String,
    /// Values by path segments (`database.host` → `["database", "host"]`), in path order.
    pub values: BTreeMap<Vec<String>, ReleaseValue>,
}

/// A value of a release: given in the spec, or an output of the deployed parent stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReleaseValue {
    Literal(Value),
    Output(String),
}

/// An output a values file names that neither deployed top-level stack has.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("release {release}: value `{path}` names output {output}, which neither deployed stack has")]
pub struct MissingOutput {
    pub release: String,
    pub path: String,
    pub output: String,
}

impl Release {
    /// The values file's name in the synthesized set and in `outputs --helm-dir`.
    pub fn file_name(&self) -> String {
        format!("{}.values.yaml", self.name)
    }

    /// The outputs this release's values name, each once.
    pub fn outputs(&self) -> BTreeSet<&str> {
        self.values
            .values()
            .filter_map(|v| match v {
                ReleaseValue::Output(name) => Some(name.as_str()),
                ReleaseValue::Literal(_) => None,
            })
            .collect()
    }

    /// The values file `synth` writes: outputs as `<output:Name>` placeholders, under a
    /// header that says how to fill them in.
    pub fn template(&self, environment: &str) -> String {
        let values = self.tree(|name| Value::String(format!("<{OUTPUT_PREFIX}{name}>")));
        let mut text = format!(
            "# Helm values of release {} ({}{}) in namespace {}, environment {environment}.\n",
            self.name,
            self.chart,
            self.version
                .as_deref()
                .map(|v| format!(" {v}"))
                .unwrap_or_default(),
            self.namespace,
        );
        if !self.outputs().is_empty() {
            text.push_str(
                "# <output:Name> marks an output of the deployed parent stack. After deploy,\n\
                 #   platformctl outputs SPEC --stack-name STACK --helm-dir DIR\n\
                 # writes this file with every one filled in; one by one:\n\
                 #   aws cloudformation describe-stacks --stack-name STACK \\\n\
                 #     --query \"Stacks[0].Outputs[?OutputKey=='Name'].OutputValue\" --output text\n",
            );
        }
        text.push_str(&crate::yaml::emit::to_string(&values));
        text
    }

    /// The values file with every output taken from `outputs` (the deployed parent's).
    pub fn resolved(&self, outputs: &BTreeMap<String, String>) -> Result<String, MissingOutput> {
        let mut missing = None;
        let values = self.tree(|name| match outputs.get(name) {
            Some(value) => Value::String(value.clone()),
            None => {
                missing.get_or_insert_with(|| name.to_owned());
                Value::Null
            }
        });
        if let Some(output) = missing {
            let path = self
                .values
                .iter()
                .find(|(_, v)| **v == ReleaseValue::Output(output.clone()))
                .map(|(k, _)| k.join("."))
                .unwrap_or_default();
            return Err(MissingOutput {
                release: self.name.clone(),
                path,
                output,
            });
        }
        let mut text = format!(
            "# Helm values of release {} ({}) in namespace {}, with the deployed stack's outputs.\n",
            self.name, self.chart, self.namespace
        );
        text.push_str(&crate::yaml::emit::to_string(&values));
        Ok(text)
    }

    /// The values as a nested mapping, each output replaced by `output(name)`.
    fn tree(&self, mut output: impl FnMut(&str) -> Value) -> Value {
        let mut root = Map::new();
        for (path, value) in &self.values {
            let leaf = match value {
                ReleaseValue::Literal(v) => v.clone(),
                ReleaseValue::Output(name) => output(name),
            };
            insert(&mut root, path, leaf);
        }
        Value::Object(root)
    }
}

/// Puts `leaf` at `path`; resolution has refused paths where one is a prefix of another.
fn insert(map: &mut Map<String, Value>, path: &[String], leaf: Value) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        map.insert(first.clone(), leaf);
        return;
    }
    let child = map
        .entry(first.clone())
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(child) = child {
        insert(child, rest, leaf);
    }
}

pub(crate) fn resolve(specs: &[ReleaseSpec], at: &KeyPath, p: &mut Problems) -> Vec<Release> {
    named(specs, |r| &r.name, at, p)
        .into_iter()
        .map(|(r, _, here)| {
            if !is_dns_label(&r.namespace) {
                p.error(
                    "spec/kubernetes",
                    &here.key("namespace"),
                    format!("{:?} is not a DNS label (lowercase letters, digits and hyphens, at most 63)", r.namespace),
                );
            }
            if r.chart.trim().is_empty() {
                p.error("spec/kubernetes", &here.key("chart"), "name the chart");
            }
            Release {
                name: r.name.clone(),
                chart: r.chart.clone(),
                version: r.version.clone(),
                namespace: r.namespace.clone(),
                values: values(&r.values, &here.key("values"), p),
            }
        })
        .collect()
}

fn values(
    given: &BTreeMap<String, Value>,
    at: &KeyPath,
    p: &mut Problems,
) -> BTreeMap<Vec<String>, ReleaseValue> {
    let mut out = BTreeMap::new();
    for (key, value) in given {
        let here = at.key(key);
        let path: Vec<String> = key.split('.').map(str::to_owned).collect();
        if path.iter().any(String::is_empty) {
            p.error(
                "spec/kubernetes",
                &here,
                format!("{key:?}: a values path is keys joined by single dots"),
            );
            continue;
        }
        let value = match value {
            Value::String(s) => match s.strip_prefix(OUTPUT_PREFIX) {
                Some(name) if is_output_name(name) => ReleaseValue::Output(name.to_owned()),
                Some(name) => {
                    p.error(
                        "spec/kubernetes",
                        &here,
                        format!("{name:?} is not an output name (letters and digits, such as DatabaseEndpoint)"),
                    );
                    continue;
                }
                None => ReleaseValue::Literal(value.clone()),
            },
            Value::Bool(_) | Value::Number(_) => ReleaseValue::Literal(value.clone()),
            _ => {
                p.error(
                    "spec/kubernetes",
                    &here,
                    "a value is a string, number or boolean; nest with dotted paths",
                );
                continue;
            }
        };
        out.insert(path, value);
    }
    let paths: Vec<&Vec<String>> = out.keys().collect();
    for pair in paths.windows(2) {
        if pair[1].starts_with(pair[0]) {
            p.error(
                "spec/kubernetes",
                &at.key(&pair[1].join(".")),
                format!(
                    "`{}` is already a value, so it cannot hold `{}`",
                    pair[0].join("."),
                    pair[1].join(".")
                ),
            );
        }
    }
    out
}

/// CloudFormation output names are alphanumeric (CloudFormation User Guide, "Outputs
/// syntax": the logical ID must be alphanumeric).
fn is_output_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 255 && name.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release(values: &[(&str, ReleaseValue)]) -> Release {
        Release {
            name: "mz-platform".into(),
            chart: "usage-engine/platform".into(),
            version: Some("4.3.0".into()),
            namespace: "usage".into(),
            values: values
                .iter()
                .map(|(k, v)| (k.split('.').map(str::to_owned).collect(), v.clone()))
                .collect(),
        }
    }

    #[test]
    fn dotted_paths_nest_and_outputs_are_placeholders_until_resolved() {
        let r = release(&[
            ("db.host", ReleaseValue::Output("DatabaseEndpoint".into())),
            ("db.port", ReleaseValue::Literal(Value::from(5432))),
            ("replicas", ReleaseValue::Literal(Value::from(3))),
        ]);
        let template = r.template("usage-prod");
        assert!(template.contains("db:\n  host: \"<output:DatabaseEndpoint>\"\n  port: 5432\n"), "{template}");
        let outputs = BTreeMap::from([("DatabaseEndpoint".to_owned(), "db.internal".to_owned())]);
        let resolved = r.resolved(&outputs).unwrap();
        assert!(resolved.contains("  host: db.internal\n"), "{resolved}");
        assert!(!resolved.contains("<output:"), "{resolved}");
    }

    #[test]
    fn a_missing_output_names_the_release_the_value_and_the_output() {
        let r = release(&[("fs.id", ReleaseValue::Output("FileSystemId".into()))]);
        assert_eq!(
            r.resolved(&BTreeMap::new()).unwrap_err().to_string(),
            "release mz-platform: value `fs.id` names output FileSystemId, which neither deployed stack has"
        );
    }
}
