//! From a spec file to a [`Platform`]: the spec's core resolved into an [`Environment`]
//! (sized by the endpoints the declared components need), every section resolved in
//! registry order, and every problem collected, located, in file order.

use std::path::Path;

use super::kubernetes::releases::ReleaseValue;
use super::{endpoints, Platform, Resolve, Sections, Spec, REGISTRY};
use crate::model::{self, Environment, Offered, Problems};
use crate::render::TemplateSet;
use crate::spec::{self, Source, SpecError};
use crate::yaml::KeyPath;

impl std::ops::Deref for Platform {
    type Target = Environment;

    fn deref(&self) -> &Environment {
        &self.env
    }
}

impl std::ops::DerefMut for Platform {
    fn deref_mut(&mut self) -> &mut Environment {
        &mut self.env
    }
}

/// Checks that every output a Helm release's values name is an output of one of `set`'s
/// parents,
/// so that `platformctl outputs` can fill it in after deploy.
pub fn check_release_outputs(
    platform: &Platform,
    set: &TemplateSet,
    source: &Source,
) -> Result<(), SpecError> {
    let mut problems = Problems::new(source);
    let Some(k) = &platform.kubernetes else {
        return Ok(());
    };
    let at = KeyPath::root().key("kubernetes").key("releases");
    for (i, release) in k.releases.iter().enumerate() {
        for (path, value) in &release.values {
            if let ReleaseValue::Output(name) = value {
                let outputs = || set.parents.iter().flat_map(|p| p.template.outputs.keys());
                if !outputs().any(|o| o == name) {
                    let known: Vec<&str> = outputs().map(String::as_str).collect();
                    problems.error(
                        "spec/kubernetes",
                        &at.index(i).key("values").key(&path.join(".")),
                        format!(
                            "no top-level stack has an output {name}; they have {}",
                            known.join(", ")
                        ),
                    );
                }
            }
        }
    }
    problems.finish(Some(()))
}

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<(Spec, Source), SpecError> {
    spec::load(path)
}

/// Resolves `spec` (read from `source`) into a [`Platform`], or returns every problem
/// found: the network is sized for the endpoints the declared components need, and
/// `access:` blocks are checked against the targets they offer.
pub fn build(spec: &Spec, source: &Source) -> Result<Platform, SpecError> {
    let mut problems = Problems::new(source);
    let offered = Offered::new(REGISTRY.iter().flat_map(|c| c.targets(spec)));
    let sizing = model::sizing(spec.environment_size);
    let core = model::Core {
        name: &spec.name,
        region: &spec.region,
        size: spec.environment_size,
        tags: &spec.tags,
        network: spec.network.as_ref(),
        teardown: spec.teardown,
    };
    let env = model::environment(&core, &endpoints(spec), &mut problems);
    if spec.network.is_none() {
        for c in REGISTRY {
            if let Some(why) = c.needs_vpc(spec) {
                problems.error(
                    "spec/network-missing",
                    &KeyPath::root().key(c.name()),
                    format!("`{}` needs a VPC ({why}): add a `network` section with `vpc_cidr` or `existing_vpc`", c.name()),
                );
            }
        }
    }
    let sections = Sections::resolve(&mut Resolve {
        spec,
        size: spec.environment_size,
        sizing: &sizing,
        zones: env.as_ref().map(|e| e.network.zone_count),
        offered: &offered,
        problems: &mut problems,
    });
    problems.finish(env).map(|env| sections.into_platform(env))
}
