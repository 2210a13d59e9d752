//! The sections beyond the data platform's core (secrets, functions, load balancers, file
//! systems, DNS, Kubernetes, cache, Spark): bad values are input errors with file, line and key
//! path, and the examples that use them render the resources a reader expects.

use std::fs;

use crate::support::{root, run, snapshot_cli, synth};

#[test]
fn bad_section_values_are_all_reported_with_their_key_paths() {
    snapshot_cli(
        "cli_validate_bad_sections",
        &["validate", "tests/fixtures/bad-sections.yaml"],
    );
    let (code, _, stderr) = run(&[
        "synth",
        "tests/fixtures/bad-sections.yaml",
        "-o",
        "never-written",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!root().join("never-written").exists(), "nothing is written");
    for path in [
        "secrets[0].length",
        "functions[0].runtime",
        "functions[0].memory_mb",
        "functions[0].access.secrets[0]",
        "services[0].access.secrets[0]",
        "load_balancers[0].scheme",
        "load_balancers[0].listeners[0]",
        "file_systems[0].infrequent_access_after_days",
        "dns.zone_name",
        "dns.records[0].load_balancer",
        "kubernetes.min_nodes",
        "kubernetes.node_instance_type",
        "cache.replicas_per_shard",
        "cache.engine_version",
        "apis[0].load_balancer",
        "apis[0].authorization",
        "spark[0].release_label",
        "spark[0].max_memory_gb",
    ] {
        assert!(stderr.contains(path), "no error at {path}:\n{stderr}");
    }
}

fn template(dir: &std::path::Path, stack: &str) -> serde_json::Value {
    let text = fs::read_to_string(dir.join(format!("out/{stack}.template.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn resource<'a>(t: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    t["Resources"]
        .get(id)
        .unwrap_or_else(|| panic!("no resource {id}"))
}

#[test]
fn depot_example_puts_the_connector_behind_an_internal_nlb_and_the_gateway_in_the_vpc() {
    let out = synth(&root().join("examples/depot.yaml"));
    let compute = template(out.path(), "compute");
    let nlb = &resource(&compute, "ConnectorLoadBalancer")["Properties"];
    assert_eq!(nlb["Type"], "network");
    assert_eq!(nlb["Scheme"], "internal");
    let attributes = nlb["LoadBalancerAttributes"].to_string();
    assert!(
        attributes.contains("deletion_protection.enabled")
            && attributes.contains("access_logs.s3.enabled")
    );
    assert_eq!(
        resource(&compute, "ConnectorTargetGroup")["Properties"]["TargetType"],
        "ip"
    );
    assert_eq!(
        resource(&compute, "ConnectorListener443")["Properties"]["Protocol"],
        "TLS"
    );
    let function = &resource(&compute, "GatewayFunction")["Properties"];
    assert_eq!(function["TracingConfig"]["Mode"], "Active");
    assert!(function["VpcConfig"].is_object());
    assert!(function["DeadLetterConfig"].is_object());
    assert!(function["ReservedConcurrentExecutions"].as_u64().unwrap() > 0);
    // The seed's external path: API Gateway through a VPC link to the load balancer,
    // which lets the link's PrivateLink traffic past its security group.
    assert_eq!(
        nlb["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"],
        "off"
    );
    let link = &resource(&compute, "ConnectorVpcLink")["Properties"];
    assert_eq!(link["TargetArns"][0]["Ref"], "ConnectorLoadBalancer");
    let method = &resource(&compute, "ConnectorApiProxyMethod")["Properties"];
    assert_eq!(method["AuthorizationType"], "AWS_IAM");
    assert_eq!(method["Integration"]["ConnectionType"], "VPC_LINK");
    assert_eq!(
        method["Integration"]["Uri"],
        "https://connector.depot.example.com:443/{proxy}"
    );
    let stage = &resource(&compute, "ConnectorApiStage")["Properties"];
    assert_eq!(stage["TracingEnabled"], true);
    assert!(stage["AccessLogSetting"]["DestinationArn"].is_object());
    assert_eq!(
        resource(&compute, "ConnectorApiDomainName")["Properties"]["SecurityPolicy"],
        "TLS_1_2"
    );
    // The seed's OpenSearch in the private subnets.
    let data = template(out.path(), "data");
    assert!(resource(&data, "SearchDomain")["Properties"]["VPCOptions"].is_object());
    let security = template(out.path(), "security");
    let secret = resource(&security, "LocationCredentialsSecret");
    assert_eq!(secret["DeletionPolicy"], "RetainExceptOnCreate");
    assert_eq!(secret["UpdateReplacePolicy"], "Retain");
    assert!(secret["Properties"]["KmsKeyId"].is_object());
}

#[test]
fn usage_engine_example_has_eks_efs_backup_memorydb_and_a_delegated_zone_with_a_certificate() {
    let out = synth(&root().join("examples/usage-engine.yaml"));
    let kubernetes = template(out.path(), "kubernetes");
    let cluster = &resource(&kubernetes, "Cluster")["Properties"];
    assert_eq!(cluster["ResourcesVpcConfig"]["EndpointPublicAccess"], false);
    assert_eq!(cluster["EncryptionConfig"][0]["Resources"][0], "secrets");
    let nodes = &resource(&kubernetes, "NodeGroup")["Properties"];
    assert_eq!(nodes["InstanceTypes"][0], "m5.large");
    assert!(nodes["ScalingConfig"]["MinSize"].as_u64().unwrap() >= 3);
    let data = template(out.path(), "data");
    for zone in ["A", "B", "C"] {
        resource(&data, &format!("WorkflowDataFileSystemMountTarget{zone}"));
    }
    assert_eq!(
        resource(&data, "WorkflowDataFileSystem")["Properties"]["Encrypted"],
        true
    );
    resource(&data, "WorkflowDataBackupSelection");
    assert_eq!(resource(&data, "Cache")["Properties"]["TLSEnabled"], true);
    // As the installation sets it up: the database named after the cluster, its
    // coordinates in SSM, a public zone delegated from its parent and a DNS-validated
    // certificate that waits for the delegation.
    assert_eq!(
        resource(&data, "Database")["Properties"]["DBInstanceIdentifier"],
        "usage-prod-db"
    );
    assert_eq!(
        resource(&data, "DatabaseEndpointParameter")["Properties"]["Name"],
        "/usage-prod/database/endpoint"
    );
    let dns = template(out.path(), "dns");
    assert!(resource(&dns, "HostedZone")["Properties"]["VPCs"].is_null());
    let delegation = &resource(&dns, "ParentZoneDelegation")["Properties"];
    assert_eq!(delegation["Type"], "NS");
    assert_eq!(delegation["HostedZoneId"], "Z04417213D9X7RQ2EXAMPL");
    let certificate = resource(&dns, "Certificate");
    assert_eq!(certificate["DependsOn"][0], "ParentZoneDelegation");
    assert_eq!(certificate["Properties"]["DomainName"], "usage.example.com");
    // Usage Engine runs on the cluster through its charts: no ECS, and a values file per
    // release, listed in the manifest.
    assert!(!out.path().join("out/compute.template.json").exists());
    let manifest = fs::read_to_string(out.path().join("out/manifest.json")).unwrap();
    assert!(
        manifest.contains("helm/mz-platform.values.yaml"),
        "{manifest}"
    );
}

/// Guards that an internet-facing load balancer lands in the public subnets (which the
/// network stack then exports) and admits only the client blocks the spec names.
#[test]
fn internet_facing_load_balancer_uses_public_subnets_and_named_clients_only() {
    let text = fs::read_to_string(root().join("examples/depot.yaml")).unwrap();
    let text = text.replace(
        "    service: connector-api\n",
        "    service: connector-api\n    scheme: internet-facing\n    allowed_cidrs: [203.0.113.0/24]\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("public.yaml");
    fs::write(&spec, text).unwrap();
    let out = synth(&spec);
    let network = template(out.path(), "network");
    assert!(network["Outputs"].get("PublicSubnetIds").is_some());
    let compute = template(out.path(), "compute");
    let nlb = &resource(&compute, "ConnectorLoadBalancer")["Properties"];
    assert_eq!(nlb["Scheme"], "internet-facing");
    assert_eq!(nlb["Subnets"]["Ref"], "PublicSubnetIds");
    let ingress = &resource(&compute, "ConnectorLoadBalancerSecurityGroup")["Properties"]
        ["SecurityGroupIngress"];
    let sources: Vec<&str> = ingress
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["CidrIp"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["203.0.113.0/24"]);
}

/// Guards the secure default: without `scheme`, a load balancer is internal and the
/// network stack exports no public subnets for it.
#[test]
fn load_balancers_are_internal_unless_the_spec_says_otherwise() {
    let out = synth(&root().join("examples/depot.yaml"));
    let network = template(out.path(), "network");
    assert!(network["Outputs"].get("PublicSubnetIds").is_none());
}

/// Guards least privilege for secrets: a role can read exactly the secrets its
/// `access.secrets` names.
#[test]
fn secrets_are_readable_only_by_what_names_them() {
    let out = synth(&root().join("examples/depot.yaml"));
    let compute = template(out.path(), "compute");
    let api = resource(&compute, "ConnectorApiExecutionRole")["Properties"]["Policies"].to_string();
    assert!(
        api.contains("ReadLocationCredentialsSecret") && api.contains("ReadJdbcConnectionSecret")
    );
    let gateway = resource(&compute, "GatewayFunctionRole")["Properties"]["Policies"].to_string();
    assert!(gateway.contains("ReadLocationCredentialsSecret"));
    assert!(!gateway.contains("JdbcConnection"), "{gateway}");
}

#[test]
fn bad_pipelines_are_reported_at_their_keys_with_exit_code_2() {
    let (code, _, stderr) = run(&["validate", "tests/fixtures/bad-pipelines.yaml"]);
    assert_eq!(code, 2, "{stderr}");
    for path in [
        "pipelines.max_concurrent_tasks",
        "pipelines.capacity.fargate_spot_weight",
        "pipelines.capacity.fargate_base",
        "pipelines.tasks[0].memory",
        "pipelines.tasks[1].name",
        "pipelines.tasks[2].image",
        "pipelines.tasks[2].cpu",
        "pipelines.tasks[2].access.read_buckets[0]",
    ] {
        assert!(stderr.contains(path), "no error at {path}:\n{stderr}");
    }
}

/// `organizations` problems are input errors (exit 2) at their key paths, all at once.
#[test]
fn bad_organizations_are_input_errors_at_their_keys() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("orgs.yaml");
    fs::write(
        &spec,
        "name: acme\nregion: us-east-1\nenvironment_size: Small\n\
         storage:\n  buckets:\n    - name: datalake\n    - name: raw\n\
         organizations:\n  - name: globex\n    key_deletion_window_days: 40\n  - name: globex\n",
    )
    .unwrap();
    let (code, _, stderr) = run(&["validate", spec.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    for needle in [
        "organizations[0].key_deletion_window_days",
        "organizations[1].name",
        "organizations: true",
    ] {
        assert!(stderr.contains(needle), "no {needle}:\n{stderr}");
    }
}

/// `streams` and `pipelines.workflow` problems are input errors (exit 2) at their key
/// paths, all at once: an unknown bucket, stream, step and queue.
#[test]
fn bad_streams_and_workflow_are_input_errors_at_their_keys() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("streams.yaml");
    fs::write(
        &spec,
        "name: acme\nregion: us-east-1\nenvironment_size: Small\n\
         network:\n  vpc_cidr: 10.0.0.0/16\n\
         storage:\n  buckets:\n    - name: datalake\n\
         messaging:\n  queues:\n    - name: files\n\
         streams:\n  - name: telemetry\n    retention_hours: 9000\n    deliver_to: { bucket: lake }\n\
         pipelines:\n  tasks:\n    - name: parser\n      image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/parser:1.0.0\n\
         \x20     access: { write_streams: [telemetri] }\n\
         \x20 workflow:\n    steps: [parser, loader]\n    source_queue: uploads\n",
    )
    .unwrap();
    let (code, _, stderr) = run(&["validate", spec.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    for needle in [
        "streams[0].retention_hours",
        "streams[0].deliver_to.bucket",
        "pipelines.tasks[0].access.write_streams[0]",
        "pipelines.workflow.steps[1]",
        "pipelines.workflow.source_queue",
    ] {
        assert!(stderr.contains(needle), "no {needle}:\n{stderr}");
    }
}

/// A certificate outside us-east-1, an unknown load balancer, a regional web ACL, a bad
/// mail domain and a sender without egress: input errors (exit 2), each at its key.
#[test]
fn bad_email_and_data_apps_are_located_input_errors() {
    let (code, _, stderr) = run(&["validate", "tests/fixtures/bad-email-data-apps.yaml"]);
    assert_eq!(code, 2, "{stderr}");
    for path in [
        "email.domain",
        "email:",
        "data_apps[0].load_balancer",
        "data_apps[0].certificate_arn",
        "data_apps[1].web_acl_arn",
    ] {
        assert!(stderr.contains(path), "no error at {path}:\n{stderr}");
    }
    assert!(stderr.contains("us-east-1 only"), "{stderr}");
}
