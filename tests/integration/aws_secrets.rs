//! `aws::secrets::describe_secrets` against a real `moto_server` on loopback: the secrets
//! are made through boto3, so the test checks platformctl's own JSON-protocol client
//! against a client it did not write. Needs `.venv/bin/moto_server` (`scripts/setup-tools`).

use crate::support::moto::{boto3_setup, MotoServer};
use platformctl::aws::secrets::{describe_secrets, SecretState};
use platformctl::aws::AwsOptions;

/// Regression for supplied secrets: `plan` must tell a secret that still holds the
/// stack's placeholder from one whose value the operator has put, from metadata alone.
#[test]
fn a_secret_s_versions_tell_the_placeholder_from_a_put_value() {
    crate::support::dummy_credentials_env();
    let moto = MotoServer::shared();
    boto3_setup(
        "secretsmanager",
        &moto.endpoint,
        "
secretsmanager.create_secret(Name='acme/placeholder', SecretString='PLACEHOLDER')
secretsmanager.create_secret(Name='acme/put', SecretString='PLACEHOLDER')
secretsmanager.put_secret_value(SecretId='acme/put', SecretString='the real value')
",
    );
    let options = AwsOptions {
        region: "us-east-1".to_owned(),
        profile: None,
        endpoint_url: Some(moto.endpoint.clone()),
    };
    let names: Vec<String> = ["acme/placeholder", "acme/put", "acme/never-created"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let states = describe_secrets(&options, &names).expect("describe the secrets");
    assert_eq!(
        states[0],
        SecretState::Present {
            labelled_versions: 1
        }
    );
    assert!(
        matches!(states[1], SecretState::Present { labelled_versions } if labelled_versions >= 2),
        "{states:?}"
    );
    assert_eq!(states[2], SecretState::Absent);
}
