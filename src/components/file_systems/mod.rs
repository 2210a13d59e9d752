//! EFS file systems, backed up by AWS Backup.

pub mod model;
pub mod render;
pub mod spec;

use super::demand::{count, zones, Count, DemandRow, Pool};
use super::Platform;
use super::Spec;
use crate::model::Target;
use super::{Component, Render, Resolve, Section, Sections, Stack};

pub struct FileSystems;

impl Component for FileSystems {
    fn name(&self) -> &'static str {
        "file_systems"
    }

    fn stack(&self) -> Stack {
        Stack::Data
    }

    fn declared(&self, p: &Platform) -> bool {
        !p.file_systems.is_empty()
    }

    fn needs_vpc(&self, spec: &Spec) -> Option<&'static str> {
        (!spec.file_systems.is_empty()).then_some("a file system is mounted through targets in the private subnets")
    }

    fn demand(&self) -> &'static [DemandRow] {
        &[DemandRow {
            name: "efs-mount-targets",
            pool: Pool::Workload,
            why: "an EFS mount target is one network interface with one address in the subnet of its AZ, one per AZ (Amazon EFS User Guide, managing mount targets)",
            ips: efs_mount_targets,
        }]
    }

    fn data_types(&self) -> &'static [&'static str] {
        &["AWS::EFS::FileSystem", "AWS::Backup::BackupVault"]
    }

    /// Each file system, to mount.
    fn targets(&self, spec: &Spec) -> Vec<Target> {
        spec.file_systems
            .iter()
            .map(|f| Target::FileSystem(f.name.clone()))
            .collect()
    }
}

fn efs_mount_targets(p: &Platform) -> Option<Count> {
    if p.file_systems.is_empty() {
        return None;
    }
    let systems = count(p.file_systems.len());
    let zones = zones(p);
    Some(Count {
        ips: systems.saturating_mul(zones),
        basis: format!("{systems} file system(s) x {zones} AZ(s), one mount target each"),
    })
}

impl Section for FileSystems {
    type Spec = Vec<spec::FileSystemSpec>;
    type Model = Vec<model::FileSystem>;

    fn resolve(cx: &mut Resolve<'_, '_>, _: &Sections) -> Self::Model {
        model::resolve(cx.spec, cx.sizing, cx.problems)
    }

    fn render(_: &Self::Model, cx: &mut Render<'_>) {
        render::render(cx.s, cx.platform, cx.up);
    }
}
