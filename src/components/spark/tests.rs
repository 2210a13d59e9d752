use std::path::Path;

use crate::components::{self, testkit};
use crate::render::TemplateFormat;
use crate::spec;

fn spec_with(spark: &str) -> String {
    format!("name: spark-test\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  vpc_cidr: 10.0.0.0/16\nstorage:\n  buckets:\n    - name: data\nspark:\n{spark}")
}

fn problems(spark: &str) -> Vec<(String, String)> {
    let yaml = spec_with(spark);
    let (spec, source) = spec::load_str::<components::Spec>(Path::new("s.yaml"), &yaml).unwrap();
    components::build(&spec, &source)
        .unwrap_err()
        .problems()
        .iter()
        .map(|p| (p.path.clone().unwrap_or_default(), p.message.clone()))
        .collect()
}

#[test]
fn an_application_renders_in_the_private_subnets_with_its_role_and_logs() {
    let p = testkit::platform(&spec_with(
        "  - name: compaction\n    access:\n      read_buckets: [data]\n      write_buckets: [data]\n",
    ));
    let set = components::render(&p, TemplateFormat::Json);
    let compute = set.stacks.iter().find(|s| s.name == "compute").unwrap();
    let r = &compute.template.resources;
    let app = &r["CompactionSparkApplication"];
    assert_eq!(app.kind, "AWS::EMRServerless::Application");
    assert_eq!(app.properties["Type"], "Spark");
    assert_eq!(app.properties["ReleaseLabel"], "emr-7.9.0");
    assert_eq!(app.properties["MaximumCapacity"]["Cpu"], "16 vCPU");
    assert_eq!(app.properties["MaximumCapacity"]["Memory"], "64 GB");
    assert_eq!(
        app.properties["NetworkConfiguration"]["SecurityGroupIds"][0]["Ref"],
        "CompactionSparkSecurityGroup"
    );
    let trust = r["CompactionSparkJobRole"].properties["AssumeRolePolicyDocument"].to_string();
    assert!(trust.contains("emr-serverless.amazonaws.com") && trust.contains("aws:SourceArn"));
    assert!(r.contains_key("CompactionSparkLogGroup"));
}

#[test]
fn the_demand_model_counts_one_address_per_worker() {
    let p = testkit::platform(&spec_with(
        "  - name: compaction\n    max_vcpu: 64\n    max_memory_gb: 256\n  - name: small\n    max_vcpu: 8\n    max_memory_gb: 16\n",
    ));
    let app = |n: &str| p.spark.iter().find(|s| s.name == n).unwrap();
    assert_eq!(super::model::max_workers(app("compaction")), 64);
    // 16 GB hold eight 2 GB workers at most.
    assert_eq!(super::model::max_workers(app("small")), 8);
}

#[test]
fn bad_shapes_are_located_errors() {
    let found = problems(
        "  - name: compaction\n    release_label: emr-5.36.0\n    max_vcpu: 8\n    max_memory_gb: 100\n    idle_stop_minutes: 0\n",
    );
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "spark[0].release_label",
            "spark[0].max_memory_gb",
            "spark[0].idle_stop_minutes"
        ],
        "{found:?}"
    );
    let found = problems("  - name: compaction\n    release_label: 7.9.0\n");
    assert_eq!(found[0].0, "spark[0].release_label");
}

#[test]
fn unknown_buckets_in_access_are_located_errors() {
    let found = problems("  - name: compaction\n    access:\n      read_buckets: [nope]\n");
    assert_eq!(found[0].0, "spark[0].access.read_buckets[0]", "{found:?}");
}
