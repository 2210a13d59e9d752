//! Property test: every valid spec the generator makes (sizes, AZ counts, sections
//! present or absent, Kubernetes workloads, any subset of accesses, services calling a
//! service) builds, renders templates that `verify` passes (every access open, nothing
//! undeclared), and lints with no finding at any level.

use std::fmt::Write;

use proptest::prelude::*;

use crate::components::{self, testkit};
use crate::lint;
use crate::output;
use crate::render::TemplateFormat;
use crate::verify::{verify, Templates};

/// What one generated spec declares.
#[derive(Debug, Clone)]
pub(super) struct Shape {
    size: &'static str,
    zones: u8,
    buckets: usize,
    queues: usize,
    topic: bool,
    secret: bool,
    file_system: bool,
    database: bool,
    search: bool,
    audit: bool,
    cache: bool,
    services: Vec<u16>,
    function: Option<u16>,
    /// An EKS cluster with one workload, and its access mask.
    workload: Option<u16>,
}

/// The names a mask of `n` items picks: bit i keeps `{prefix}{i}`.
fn pick(mask: u16, n: usize, prefix: &str) -> Vec<String> {
    (0..n)
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| format!("{prefix}{i}"))
        .collect()
}

/// An `access:` block from a mask of bits over everything the spec declares, for a
/// consumer that may mount file systems (`mounts`), indented by `indent` and not the
/// service `svc0` itself (`first_service`).
fn access(s: &Shape, mask: u16, mounts: bool, first_service: bool, indent: &str) -> String {
    let mut a = String::from("    access:\n");
    let list = |key: &str, names: Vec<String>| {
        if names.is_empty() {
            String::new()
        } else {
            format!("      {key}: [{}]\n", names.join(", "))
        }
    };
    a += &list("read_buckets", pick(mask, s.buckets, "b"));
    a += &list("write_buckets", pick(mask >> 2, s.buckets, "b"));
    a += &list("consume_queues", pick(mask >> 4, s.queues, "q"));
    a += &list("send_queues", pick(mask >> 6, s.queues, "q"));
    if s.topic && mask & (1 << 8) != 0 {
        a += "      publish_topics: [t0]\n";
    }
    if s.secret && mask & (1 << 9) != 0 {
        a += "      secrets: [s0]\n";
    }
    if s.database && mask & (1 << 10) != 0 {
        a += "      database: true\n";
    }
    if s.search && mask & (1 << 11) != 0 {
        a += "      search: true\n";
    }
    if s.cache && mask & (1 << 14) != 0 {
        a += "      cache: true\n";
    }
    if mounts && s.file_system && mask & (1 << 12) != 0 {
        a += "      file_systems: [f0]\n";
    }
    if !s.services.is_empty() && !first_service && mask & (1 << 13) != 0 {
        a += "      services: [svc0]\n";
    }
    if a.ends_with("access:\n") {
        a = String::from("    access: {}\n");
    }
    a.lines().map(|l| format!("{indent}{l}\n")).collect()
}

pub(super) fn yaml(s: &Shape) -> String {
    let mut y = format!(
        "name: gen\nregion: us-east-1\nenvironment_size: {}\nnetwork:\n  vpc_cidr: 10.0.0.0/16\n  availability_zones: {}\n",
        s.size, s.zones
    );
    if s.buckets > 0 {
        y += "storage:\n  buckets:\n";
        for i in 0..s.buckets {
            let _ = writeln!(y, "    - name: b{i}");
        }
    }
    if s.queues > 0 || s.topic {
        y += "messaging:\n";
        if s.queues > 0 {
            y += "  queues:\n";
            for i in 0..s.queues {
                let _ = writeln!(y, "    - name: q{i}");
            }
        }
        if s.topic {
            let subscribers = if s.queues > 0 { "[q0]" } else { "[]" };
            let _ = writeln!(
                y,
                "  topics:\n    - name: t0\n      subscribers: {subscribers}"
            );
        }
    }
    if s.secret {
        y += "secrets:\n  - name: s0\n";
    }
    if s.file_system {
        y += "file_systems:\n  - name: f0\n";
    }
    if s.database {
        y += "database: {}\n";
    }
    if s.search {
        y += "search: {}\n";
    }
    if s.audit {
        y += "audit: {}\n";
    }
    if s.cache {
        y += "cache: {}\n";
    }
    if !s.services.is_empty() {
        y += "services:\n";
        for (i, mask) in s.services.iter().enumerate() {
            let _ = writeln!(
                y,
                "  - name: svc{i}\n    image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/svc:1.0.0\n    port: 8080"
            );
            y += &access(s, *mask, true, i == 0, "");
        }
    }
    if let Some(mask) = s.function {
        y += "functions:\n  - name: fn0\n    runtime: python3.13\n    handler: app.handler\n    code: { s3_bucket: code-bucket, s3_key: fn.zip }\n";
        y += &access(s, mask, false, false, "");
    }
    if let Some(mask) = s.workload {
        y += "kubernetes:\n  workloads:\n    - name: wl0\n      namespace: gen\n      service_account: wl0\n";
        y += &access(s, mask, false, false, "  ");
    }
    y
}

pub(super) fn shape() -> impl Strategy<Value = Shape> {
    (
        prop::sample::select(vec!["Small", "Medium", "Large", "X-Large"]),
        2u8..=3,
        (
            0usize..=2,
            0usize..=2,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        prop::collection::vec(any::<u16>(), 0..=2),
        prop::option::of(any::<u16>()),
        prop::option::of(any::<u16>()),
    )
        .prop_map(
            |(
                size,
                zones,
                (buckets, queues, topic, secret, file_system),
                (database, search, audit, cache),
                services,
                function,
                workload,
            )| Shape {
                size,
                zones,
                buckets,
                queues,
                topic,
                secret,
                file_system,
                database,
                search,
                audit,
                cache,
                services,
                function,
                workload,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_generated_spec_verifies_and_lints_clean(s in shape()) {
        let text = yaml(&s);
        let platform = testkit::platform(&text);
        let set = components::render(&platform, TemplateFormat::Json);
        let report = verify(&platform, &Templates::from_set(&set));
        prop_assert!(report.passes(), "{}\n{}", text, crate::verify::text(&report));

        let dir = tempfile::tempdir().unwrap();
        let (_, files) = output::files(&platform, &set, false);
        for f in files.iter().filter(|f| f.name.ends_with(".template.json")) {
            std::fs::write(dir.path().join(&f.name), &f.bytes).unwrap();
        }
        let linted = lint::lint(&[dir.path().to_path_buf()], &lint::Options::default()).unwrap();
        // Clean at every level: no error, warning or note.
        let found: Vec<String> = linted.diagnostics.iter().map(|d| d.to_string()).collect();
        prop_assert!(found.is_empty(), "{}\n{:#?}", text, found);
    }
}
