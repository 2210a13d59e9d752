//! Helpers shared by the integration tests. Each test binary uses a different subset.
#![allow(dead_code)]

pub mod moto;

use std::path::PathBuf;
use std::sync::Once;

/// An empty AWS config file and an empty credentials file, so that no profile of the
/// machine running the tests (a developer's `~/.aws`) can leak into them. They live in
/// cargo's per-target scratch directory, which outlives every test.
pub fn empty_aws_files() -> (PathBuf, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("empty-aws-files");
    std::fs::create_dir_all(&dir).expect("create the scratch directory for AWS files");
    let config = dir.join("config");
    let credentials = dir.join("credentials");
    for file in [&config, &credentials] {
        std::fs::write(file, "").expect("write an empty AWS file");
    }
    (config, credentials)
}

/// A profile in the test credentials file, for tests of `--profile`.
pub const DUMMY_PROFILE: &str = "platformctl-test";
const DUMMY_PROFILE_FILE: &str =
    "[platformctl-test]\naws_access_key_id = testing\naws_secret_access_key = testing\n";

/// Gives this test process dummy static credentials through the standard chain (moto
/// accepts any), plus the profile [`DUMMY_PROFILE`] in a credentials file of its own, and
/// shuts out everything else the chain could find.
///
/// Call it first in every test that talks to moto. The environment is written once, while
/// every other test that needs it waits on the `Once`, so no thread reads the environment
/// while it changes.
pub fn dummy_credentials_env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dummy-aws-files");
        std::fs::create_dir_all(&dir).expect("create the scratch directory for AWS files");
        let config = dir.join("config");
        let credentials = dir.join("credentials");
        std::fs::write(&config, "").expect("write an empty AWS config file");
        std::fs::write(&credentials, DUMMY_PROFILE_FILE).expect("write a credentials file");
        for name in [
            "AWS_SESSION_TOKEN",
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_EC2",
            "AWS_ROLE_ARN",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        ] {
            std::env::remove_var(name);
        }
        std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
        std::env::set_var("AWS_CONFIG_FILE", config);
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", credentials);
    });
}

/// A loopback port that was free a moment ago: bound, read, released.
pub fn free_loopback_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("read the bound port").port()
}
