//! `aws::ec2::read_network` against a real `moto_server` on loopback.
//!
//! The VPCs are created through the same SDK the module uses, so these tests check the
//! requests platformctl sends and the answers it reads, not a hand-written fake of them.
//! Needs `.venv/bin/moto_server` (`scripts/setup-tools`) or `PLATFORMCTL_MOTO_SERVER`.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::moto::MotoServer;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_ec2::Client;
use platformctl::aws::ec2::{read_network, LiveSubnetInfo};
use platformctl::aws::{AwsError, AwsOptions};

const REGION: &str = "us-east-1";

fn options(endpoint: &str) -> AwsOptions {
    AwsOptions {
        region: REGION.to_owned(),
        profile: None,
        endpoint_url: Some(endpoint.to_owned()),
    }
}

/// Runs SDK calls that set up a scenario. `read_network` starts its own runtime, so the
/// setup runtime must be gone (it is, when this returns) before it is called.
fn setup<T>(endpoint: &str, work: impl AsyncFnOnce(Client) -> T) -> T {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime for setup");
    runtime.block_on(async {
        let config = aws_config::defaults(BehaviorVersion::latest())
            .http_client(platformctl::aws::https_client())
            .region(Region::new(REGION))
            .endpoint_url(endpoint)
            .load()
            .await;
        work(Client::new(&config)).await
    })
}

async fn create_vpc(client: &Client, cidr: &str) -> String {
    let vpc = client
        .create_vpc()
        .cidr_block(cidr)
        .send()
        .await
        .expect("CreateVpc");
    vpc.vpc.and_then(|vpc| vpc.vpc_id).expect("a VPC ID")
}

async fn create_subnet(client: &Client, vpc_id: &str, cidr: &str, az: &str) -> String {
    let subnet = client
        .create_subnet()
        .vpc_id(vpc_id)
        .cidr_block(cidr)
        .availability_zone(az)
        .send()
        .await
        .unwrap_or_else(|err| panic!("CreateSubnet {cidr}: {err:?}"));
    subnet
        .subnet
        .and_then(|s| s.subnet_id)
        .expect("a subnet ID")
}

#[test]
fn reads_the_associated_cidrs_and_every_subnet_of_a_vpc() {
    crate::support::dummy_credentials_env();
    let moto = MotoServer::shared();
    let (vpc_id, ids) = setup(&moto.endpoint, async |client| {
        let vpc_id = create_vpc(&client, "10.20.0.0/16").await;
        client
            .associate_vpc_cidr_block()
            .vpc_id(&vpc_id)
            .cidr_block("10.21.0.0/20")
            .send()
            .await
            .expect("associate a secondary CIDR");
        // A block that was associated and then removed must not count as address space.
        let removed = client
            .associate_vpc_cidr_block()
            .vpc_id(&vpc_id)
            .cidr_block("10.22.0.0/20")
            .send()
            .await
            .expect("associate a second secondary CIDR");
        let association_id = removed
            .cidr_block_association
            .and_then(|a| a.association_id)
            .expect("an association ID");
        client
            .disassociate_vpc_cidr_block()
            .association_id(association_id)
            .send()
            .await
            .expect("disassociate it");
        // Created out of order, so the result's order is the function's doing.
        let mut ids = Vec::new();
        for (cidr, az) in [
            ("10.21.0.0/21", "us-east-1c"),
            ("10.20.1.0/24", "us-east-1b"),
            ("10.20.16.0/20", "us-east-1a"),
            ("10.20.0.0/24", "us-east-1a"),
        ] {
            ids.push(create_subnet(&client, &vpc_id, cidr, az).await);
        }
        // Another VPC's subnet (and moto's default VPC) must be filtered out.
        let other = create_vpc(&client, "10.30.0.0/16").await;
        create_subnet(&client, &other, "10.30.0.0/24", "us-east-1a").await;
        (vpc_id, ids)
    });

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
fn reads_a_vpc_with_many_subnets_through_the_paginator() {
    crate::support::dummy_credentials_env();
    let moto = MotoServer::shared();
    // moto answers DescribeSubnets in one page whatever MaxResults says, so this checks
    // that the paged request is accepted and collects everything, not a page boundary.
    let vpc_id = setup(&moto.endpoint, async |client| {
        let vpc_id = create_vpc(&client, "10.40.0.0/16").await;
        for i in 0..40u8 {
            let az = ["us-east-1a", "us-east-1b"][usize::from(i % 2)];
            create_subnet(&client, &vpc_id, &format!("10.40.{i}.0/24"), az).await;
        }
        vpc_id
    });

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
    let vpc_id = setup(&moto.endpoint, async |client| {
        create_vpc(&client, "10.50.0.0/16").await
    });
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
