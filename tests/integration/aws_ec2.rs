//! `aws::ec2::read_network` and `read_endpoints` against a real `moto_server` on loopback.
//!
//! The scenarios are created through boto3 (AWS's Python SDK), so these tests check the
//! requests platformctl's own EC2 client sends and the answers it reads against a client
//! it did not write, not a hand-written fake of either.
//! Needs `.venv/bin/moto_server` (`scripts/setup-tools`) or `PLATFORMCTL_MOTO_SERVER`.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::moto::{ec2_setup, MotoServer};
use platformctl::aws::ec2::{read_endpoints, read_network, LiveSubnetInfo};
use platformctl::aws::{AwsError, AwsOptions};

const REGION: &str = "us-east-1";

fn options(endpoint: &str) -> AwsOptions {
    AwsOptions {
        region: REGION.to_owned(),
        profile: None,
        endpoint_url: Some(endpoint.to_owned()),
    }
}

/// boto3 lines defining `vpc(cidr)` and `subnet(vpc_id, cidr, az)`, each returning an ID.
const HELPERS: &str = "
def vpc(cidr):
    return ec2.create_vpc(CidrBlock=cidr)['Vpc']['VpcId']
def subnet(vpc_id, cidr, az):
    return ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, AvailabilityZone=az)['Subnet']['SubnetId']
";

fn setup(endpoint: &str, body: &str) -> serde_json::Value {
    ec2_setup(endpoint, &format!("{HELPERS}\n{body}"))
}

fn string(value: &serde_json::Value) -> String {
    value.as_str().expect("a string").to_owned()
}

#[test]
fn reads_the_associated_cidrs_and_every_subnet_of_a_vpc() {
    crate::support::dummy_credentials_env();
    let moto = MotoServer::shared();
    let made = setup(
        &moto.endpoint,
        "
v = vpc('10.20.0.0/16')
ec2.associate_vpc_cidr_block(VpcId=v, CidrBlock='10.21.0.0/20')
# A block that was associated and then removed must not count as address space.
removed = ec2.associate_vpc_cidr_block(VpcId=v, CidrBlock='10.22.0.0/20')
ec2.disassociate_vpc_cidr_block(AssociationId=removed['CidrBlockAssociation']['AssociationId'])
# Created out of order, so the result's order is the function's doing.
ids = [subnet(v, c, az) for c, az in [('10.21.0.0/21', 'us-east-1c'), ('10.20.1.0/24', 'us-east-1b'),
                                      ('10.20.16.0/20', 'us-east-1a'), ('10.20.0.0/24', 'us-east-1a')]]
# Another VPC's subnet (and moto's default VPC) must be filtered out.
subnet(vpc('10.30.0.0/16'), '10.30.0.0/24', 'us-east-1a')
result = {'vpc': v, 'ids': ids}
",
    );
    let vpc_id = string(&made["vpc"]);
    let ids: Vec<String> = made["ids"].as_array().unwrap().iter().map(string).collect();

    let live = read_network(&options(&moto.endpoint), &vpc_id).expect("read the VPC");

    assert_eq!(live.vpc_id, vpc_id);
    let cidrs: Vec<String> = live.cidrs.iter().map(ToString::to_string).collect();
    assert_eq!(cidrs, ["10.20.0.0/16", "10.21.0.0/20"]);
    let subnet = |id: &str, cidr: &str, az: &str, available_ips| LiveSubnetInfo {
        id: id.to_owned(),
        cidr: cidr.parse().unwrap(),
        az: az.to_owned(),
        available_ips,
    };
    // moto, like EC2, counts a fresh subnet's size less the five reserved addresses.
    assert_eq!(
        live.subnets,
        [
            subnet(&ids[3], "10.20.0.0/24", "us-east-1a", 251),
            subnet(&ids[2], "10.20.16.0/20", "us-east-1a", 4091),
            subnet(&ids[1], "10.20.1.0/24", "us-east-1b", 251),
            subnet(&ids[0], "10.21.0.0/21", "us-east-1c", 2043),
        ]
    );
}

#[test]
fn reads_a_vpc_with_many_subnets_through_paged_requests() {
    crate::support::dummy_credentials_env();
    let moto = MotoServer::shared();
    // moto answers DescribeSubnets in one page whatever MaxResults says, so this checks
    // that the paged request is accepted and collects everything, not a page boundary.
    let vpc_id = string(&setup(
        &moto.endpoint,
        "
v = vpc('10.40.0.0/16')
for i in range(40):
    subnet(v, f'10.40.{i}.0/24', ['us-east-1a', 'us-east-1b'][i % 2])
result = v
",
    ));

    let live = read_network(&options(&moto.endpoint), &vpc_id).expect("read the VPC");

    assert_eq!(live.subnets.len(), 40);
    assert!(live.subnets.iter().all(|s| s.available_ips == 251));
    let order: Vec<(&str, u8)> = live
        .subnets
        .iter()
        .map(|s| (s.az.as_str(), s.cidr.network().octets()[2]))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "subnets are ordered by AZ, then CIDR");
}

#[test]
fn reads_the_endpoints_a_vpc_already_has_and_its_dns_attributes() {
    crate::support::dummy_credentials_env();
    let moto = MotoServer::shared();
    let made = setup(
        &moto.endpoint,
        "
v = vpc('10.60.0.0/16')
ec2.modify_vpc_attribute(VpcId=v, EnableDnsHostnames={'Value': True})
rt = ec2.create_route_table(VpcId=v)['RouteTable']['RouteTableId']
s3 = ec2.create_vpc_endpoint(VpcId=v, ServiceName='com.amazonaws.us-east-1.s3',
                             VpcEndpointType='Gateway', RouteTableIds=[rt])['VpcEndpoint']['VpcEndpointId']
logs = ec2.create_vpc_endpoint(VpcId=v, ServiceName='com.amazonaws.us-east-1.logs',
                               VpcEndpointType='Interface', PrivateDnsEnabled=True)['VpcEndpoint']['VpcEndpointId']
# Another VPC's endpoint must be filtered out.
ec2.create_vpc_endpoint(VpcId=vpc('10.61.0.0/16'), ServiceName='com.amazonaws.us-east-1.s3',
                        VpcEndpointType='Gateway')
result = {'vpc': v, 'rt': rt, 's3': s3, 'logs': logs}
",
    );

    let live = read_endpoints(&options(&moto.endpoint), &string(&made["vpc"]))
        .expect("read the endpoints");

    assert!(live.dns_support && live.dns_hostnames, "{live:?}");
    let seen: Vec<(&str, &str, &str, bool, Vec<String>)> = live
        .endpoints
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                e.kind.as_str(),
                e.short_service(),
                e.private_dns,
                e.route_table_ids.clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                made["logs"].as_str().unwrap(),
                "Interface",
                "logs",
                true,
                vec![]
            ),
            (
                made["s3"].as_str().unwrap(),
                "Gateway",
                "s3",
                false,
                vec![string(&made["rt"])]
            ),
        ]
    );
}

#[test]
fn a_vpc_that_does_not_exist_is_named_in_the_error() {
    crate::support::dummy_credentials_env();
    let moto = MotoServer::shared();
    let missing = "vpc-0123456789abcdef0";

    let err = read_network(&options(&moto.endpoint), missing).unwrap_err();

    assert_eq!(
        err,
        AwsError::VpcNotFound {
            vpc_id: missing.to_owned(),
            region: REGION.to_owned(),
        }
    );
    let message = err.to_string();
    assert!(
        message.contains(missing) && message.contains(REGION),
        "{message}"
    );
}

#[test]
fn an_endpoint_nobody_listens_on_fails_fast_as_unreachable() {
    crate::support::dummy_credentials_env();
    let endpoint = format!("http://127.0.0.1:{}", crate::support::free_loopback_port());
    let started = Instant::now();

    let err = read_network(&options(&endpoint), "vpc-0123456789abcdef0").unwrap_err();

    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(15), "took {elapsed:?}");
    match &err {
        AwsError::Unreachable {
            endpoint: named, ..
        } => assert_eq!(named, &endpoint),
        other => panic!("expected Unreachable, got {other:?}"),
    }
    assert!(err.to_string().contains(&endpoint), "{err}");
}

#[test]
fn a_named_profile_is_read_from_the_shared_files_and_wins_over_the_environment() {
    crate::support::dummy_credentials_env();
    let moto = MotoServer::shared();
    let vpc_id = string(&setup(&moto.endpoint, "result = vpc('10.50.0.0/16')"));
    let with_profile = |profile: &str| AwsOptions {
        profile: Some(profile.to_owned()),
        ..options(&moto.endpoint)
    };

    let live = read_network(&with_profile(crate::support::DUMMY_PROFILE), &vpc_id)
        .expect("read the VPC as the test profile");
    assert_eq!(live.cidrs, ["10.50.0.0/16".parse().unwrap()]);
    assert!(live.subnets.is_empty());

    // The environment holds working keys; a missing profile must not fall back to them.
    let err = read_network(&with_profile("no-such-profile"), &vpc_id).unwrap_err();
    assert_eq!(
        err,
        AwsError::NoCredentials {
            profile: Some("no-such-profile".to_owned())
        }
    );
}

/// Marks the child process of the no-credentials tests; its value is the profile to use.
const NO_CREDENTIALS_CHILD: &str = "PLATFORMCTL_TEST_NO_CREDENTIALS_PROFILE";

/// Runs [`no_credentials_child`] in a fresh process with an environment holding nothing
/// AWS could read credentials from. A separate process because the environment is global:
/// emptying it here would race the tests above that rely on it.
fn run_without_credentials(profile: &str) {
    let (config, credentials) = crate::support::empty_aws_files();
    let exe = std::env::current_exe().expect("path of this test binary");
    let output = Command::new(exe)
        .args(["--exact", "aws_ec2::no_credentials_child", "--nocapture"])
        .env_clear()
        .env(NO_CREDENTIALS_CHILD, profile)
        .env("AWS_CONFIG_FILE", config)
        .env("AWS_SHARED_CREDENTIALS_FILE", credentials)
        // A CI runner on EC2 would otherwise hand out its instance role.
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("run this test binary again");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "the no-credentials child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn no_credentials_in_the_default_chain_is_reported_before_any_request() {
    run_without_credentials("");
}

#[test]
fn a_profile_that_does_not_exist_is_reported_as_no_credentials() {
    run_without_credentials("no-such-profile");
}

/// The body of the two tests above; passes at once unless they started this process.
#[test]
fn no_credentials_child() {
    let Some(profile) = std::env::var_os(NO_CREDENTIALS_CHILD) else {
        return;
    };
    let profile = profile.into_string().expect("a UTF-8 profile name");
    let profile = (!profile.is_empty()).then_some(profile);
    // Nothing listens here: were credentials not checked first, this would be Unreachable.
    let endpoint = format!("http://127.0.0.1:{}", crate::support::free_loopback_port());
    let options = AwsOptions {
        profile: profile.clone(),
        ..options(&endpoint)
    };

    let err = read_network(&options, "vpc-0123456789abcdef0").unwrap_err();

    assert_eq!(
        err,
        AwsError::NoCredentials {
            profile: profile.clone()
        }
    );
    if let Some(profile) = profile {
        assert!(err.to_string().contains(&profile), "{err}");
    }
}
