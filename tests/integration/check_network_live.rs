//! `platformctl check-network --vpc-id` run as a user would, against a real `moto_server`
//! on loopback: the VPC and subnets are created through the EC2 API first.

use std::process::{Command, Output};

use crate::support::moto::{ec2_setup, MotoServer};
use crate::support::platformctl;

/// A VPC like the seed's failing one: a /22 with two /23 workload subnets. Returns the VPC
/// id and the subnet ids.
fn small_vpc(endpoint: &str) -> (String, Vec<String>) {
    let made = ec2_setup(
        endpoint,
        "
v = ec2.create_vpc(CidrBlock='10.0.0.0/22')['Vpc']['VpcId']
ids = [ec2.create_subnet(VpcId=v, CidrBlock=c, AvailabilityZone=az)['Subnet']['SubnetId']
       for c, az in [('10.0.0.0/23', 'us-east-1a'), ('10.0.2.0/23', 'us-east-1b')]]
result = [v, ids]
",
    );
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_owned();
    let ids = made[1].as_array().unwrap().iter().map(text).collect();
    (text(&made[0]), ids)
}

fn spec_for(dir: &std::path::Path, vpc: &str, subnets: &[String]) -> String {
    let text = format!(
        "name: live-check\nregion: us-east-1\nenvironment_size: Large\nnetwork:\n  existing_vpc:\n    id: {vpc}\n    cidrs: [10.0.0.0/22]\n    private_subnets:\n      - {{ id: {}, cidr: 10.0.0.0/23, az: us-east-1a }}\n      - {{ id: {}, cidr: 10.0.2.0/23, az: us-east-1b }}\n  egress: nat\n  endpoints: []\n",
        subnets[0], subnets[1]
    );
    let path = dir.join("live.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// The binary with test credentials only: nothing of the machine's AWS setup leaks in.
fn with_credentials(mut cmd: Command) -> Command {
    let empty = tempfile::tempdir().unwrap().keep();
    std::fs::write(empty.join("config"), "").unwrap();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", empty.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", empty.join("config"));
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

#[test]
fn a_live_vpc_of_two_slash_23s_fails_for_large_with_a_fix_and_real_free_counts() {
    let moto = MotoServer::shared();
    let (vpc, subnets) = small_vpc(&moto.endpoint);
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_for(dir.path(), &vpc, &subnets);
    let mut cmd = with_credentials(platformctl());
    cmd.args([
        "check-network",
        &spec,
        "--vpc-id",
        &vpc,
        "--endpoint-url",
        &moto.endpoint,
        "--format",
        "json",
    ]);
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["verdict"], "fail");
    assert_eq!(report["capacity"]["usable"], 1014);
    assert_eq!(
        report["capacity"]["available"], 1014,
        "moto reports every address of a new subnet free"
    );
    assert_eq!(report["capacity"]["subnets"][0]["id"], subnets[0].as_str());
    let fix = &report["remediation"];
    assert_eq!(fix["vpc_id"], vpc.as_str());
    assert_eq!(
        fix["secondary_cidr"], "10.1.0.0/20",
        "the lowest /20 AWS allows beside a primary in 10.0.0.0/15"
    );

    let mut cmd = with_credentials(platformctl());
    cmd.args([
        "check-network",
        &spec,
        "--vpc-id",
        &vpc,
        "--endpoint-url",
        &moto.endpoint,
    ]);
    let (code, stdout, _) = run(&mut cmd);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(&format!("live VPC {vpc}: FAIL")),
        "{stdout}"
    );
    assert!(
        stdout.contains("available"),
        "the text report shows live free addresses: {stdout}"
    );
}

#[test]
fn an_unknown_vpc_is_an_input_error_naming_it() {
    let moto = MotoServer::shared();
    let mut cmd = with_credentials(platformctl());
    cmd.args([
        "check-network",
        "examples/tdp.yaml",
        "--vpc-id",
        "vpc-0123456789abcdef0",
        "--endpoint-url",
        &moto.endpoint,
    ]);
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("vpc-0123456789abcdef0 was not found in us-east-1"),
        "{stderr}"
    );
}

#[test]
fn an_unreachable_endpoint_is_an_error_quickly() {
    let port = crate::support::free_loopback_port();
    let started = std::time::Instant::now();
    let mut cmd = with_credentials(platformctl());
    cmd.args([
        "check-network",
        "examples/tdp.yaml",
        "--vpc-id",
        "vpc-0123456789abcdef0",
        "--endpoint-url",
        &format!("http://127.0.0.1:{port}"),
    ]);
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot reach AWS"), "{stderr}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn missing_credentials_are_an_error_that_says_how_to_provide_them() {
    let moto = MotoServer::shared();
    let mut cmd = with_credentials(platformctl());
    cmd.env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY");
    cmd.args([
        "check-network",
        "examples/tdp.yaml",
        "--vpc-id",
        "vpc-0123456789abcdef0",
        "--endpoint-url",
        &moto.endpoint,
    ]);
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 2);
    assert!(stderr.contains("no AWS credentials found"), "{stderr}");
}

/// Regression for deploying into a VPC that already has endpoints: a second gateway
/// endpoint on the same route tables, or a second private-DNS interface endpoint, fails
/// to create, and private DNS needs both VPC DNS attributes. The VPC is made through
/// boto3; the endpoint this environment's own stack made (its tag) is not a conflict.
#[test]
fn existing_endpoints_and_dns_attributes_are_judged_against_the_spec() {
    let moto = MotoServer::shared();
    let made = ec2_setup(
        &moto.endpoint,
        "
v = ec2.create_vpc(CidrBlock='10.8.0.0/20')['Vpc']['VpcId']
ec2.modify_vpc_attribute(VpcId=v, EnableDnsHostnames={'Value': False})
ids = [ec2.create_subnet(VpcId=v, CidrBlock=c, AvailabilityZone=az)['Subnet']['SubnetId']
       for c, az in [('10.8.0.0/21', 'us-east-1a'), ('10.8.8.0/21', 'us-east-1b')]]
rt = ec2.create_route_table(VpcId=v)['RouteTable']['RouteTableId']
s3 = ec2.create_vpc_endpoint(VpcId=v, ServiceName='com.amazonaws.us-east-1.s3',
                             VpcEndpointType='Gateway', RouteTableIds=[rt])['VpcEndpoint']['VpcEndpointId']
ec2.create_vpc_endpoint(VpcId=v, ServiceName='com.amazonaws.us-east-1.logs',
                        VpcEndpointType='Interface', PrivateDnsEnabled=True)
# Made by this environment's own network stack earlier: tagged, so neither a conflict nor
# the existing endpoint the spec asks for.
ec2.create_vpc_endpoint(VpcId=v, ServiceName='com.amazonaws.us-east-1.sts',
                        VpcEndpointType='Interface', PrivateDnsEnabled=True,
                        TagSpecifications=[{'ResourceType': 'vpc-endpoint',
                            'Tags': [{'Key': 'platformctl:environment', 'Value': 'live-endpoints'}]}])
result = [v, ids, rt, s3]
",
    );
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_owned();
    let (vpc, rt, s3) = (text(&made[0]), text(&made[2]), text(&made[3]));
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("endpoints.yaml");
    std::fs::write(
        &spec,
        format!(
            "name: live-endpoints\nregion: us-east-1\nenvironment_size: Small\nnetwork:\n  existing_vpc:\n    id: {vpc}\n    cidrs: [10.8.0.0/20]\n    private_subnets:\n      - {{ id: {}, cidr: 10.8.0.0/21, az: us-east-1a }}\n      - {{ id: {}, cidr: 10.8.8.0/21, az: us-east-1b }}\n    route_table_ids: [{rt}]\n    existing_endpoints: [logs, sts]\n  egress: nat\n  endpoints: [s3]\n",
            text(&made[1][0]),
            text(&made[1][1])
        ),
    )
    .unwrap();
    let mut cmd = with_credentials(platformctl());
    cmd.arg("check-network").arg(&spec).args([
        "--vpc-id",
        &vpc,
        "--endpoint-url",
        &moto.endpoint,
        "--format",
        "json",
    ]);
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["code"].as_str().unwrap().starts_with("network/e") || f["code"] == "network/vpc-dns"
        })
        .map(|f| (text(&f["code"]), text(&f["message"])))
        .collect();
    let codes: Vec<&str> = findings.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        codes,
        [
            "network/endpoint-conflict",
            "network/endpoint-missing",
            "network/vpc-dns"
        ],
        "{findings:?}"
    );
    assert!(findings[0].1.contains(&s3), "{}", findings[0].1);
    assert!(findings[1].1.contains("`sts`"), "{}", findings[1].1);
    assert!(
        findings[2].1.contains("enableDnsHostnames off"),
        "{}",
        findings[2].1
    );
}

/// Guards `--stack-name`: the VPC comes from the deployed foundation's `VpcId` output, and
/// the verdict is the one `--vpc-id` gives for that VPC.
#[test]
fn the_deployed_foundation_names_the_vpc_to_judge() {
    let moto = MotoServer::shared();
    let (vpc, subnets) = small_vpc(&moto.endpoint);
    let template = serde_json::json!({
        "Resources": { "Marker": { "Type": "AWS::SQS::Queue" } },
        "Outputs": { "VpcId": { "Value": vpc } },
    });
    crate::support::moto::block_on(async {
        let config = crate::support::moto::sdk_config(&moto.endpoint).await;
        aws_sdk_cloudformation::Client::new(&config)
            .create_stack()
            .stack_name("live-check-foundation")
            .template_body(template.to_string())
            .send()
            .await
            .unwrap();
    });
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_for(dir.path(), &vpc, &subnets);
    let mut cmd = with_credentials(platformctl());
    cmd.args([
        "check-network",
        &spec,
        "--stack-name",
        "live-check",
        "--endpoint-url",
        &moto.endpoint,
        "--format",
        "json",
    ]);
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["remediation"]["vpc_id"], vpc.as_str());
    assert_eq!(report["capacity"]["subnets"][0]["id"], subnets[0].as_str());

    let mut cmd = with_credentials(platformctl());
    cmd.args([
        "check-network",
        &spec,
        "--stack-name",
        "never-deployed",
        "--endpoint-url",
        &moto.endpoint,
    ]);
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("stack never-deployed-foundation was not found"),
        "{stderr}"
    );
}
