//! Shared helpers for the integration tests: paths, the binary, external tools, and a
//! local AWS (moto) with credentials that cannot reach a real account.
#![allow(dead_code)]

pub mod moto;
pub mod tools;

pub use tools::tool;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every example spec, sorted by file name.
pub fn examples() -> Vec<PathBuf> {
    let yaml_in = |dir: PathBuf| {
        std::fs::read_dir(dir)
            .expect("examples/ exists")
            .map(|e| e.expect("readable entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect::<Vec<_>>()
    };
    let mut found = yaml_in(root().join("examples"));
    // The fleet's environments; its base is no environment of its own.
    found.extend(
        yaml_in(root().join("examples/fleet"))
            .into_iter()
            .filter(|p| !p.ends_with("base.yaml")),
    );
    found.sort();
    assert!(!found.is_empty(), "no examples found");
    found
}

/// The example's name: `examples/tdp.yaml` → `tdp`, `examples/fleet/acme.yaml` →
/// `fleet-acme`.
pub fn stem(path: &Path) -> String {
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    match path.parent().and_then(Path::file_name) {
        Some(dir) if dir == "fleet" => format!("fleet-{stem}"),
        _ => stem,
    }
}

/// A command running the platformctl binary built for these tests.
pub fn platformctl() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_platformctl"));
    cmd.current_dir(root());
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs `synth` for `spec` into a new temporary directory and returns it.
pub fn synth(spec: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = platformctl()
        .arg("synth")
        .arg(spec)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "synth {} failed: {}",
        spec.display(),
        String::from_utf8_lossy(&status.stderr)
    );
    dir
}

/// Runs the binary with `args` and returns (exit code, stdout, stderr) with the machine's
/// paths replaced by placeholders, ready for snapshots.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let output = platformctl().args(args).output().unwrap();
    let clean = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .replace(&root().display().to_string(), "[ROOT]")
            .replace(&std::env::temp_dir().display().to_string(), "[TMP]")
    };
    (
        output.status.code().unwrap_or(-1),
        clean(&output.stdout),
        clean(&output.stderr),
    )
}

/// insta settings shared by every snapshot test: snapshots live in `snapshots/`.
pub fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(root().join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

/// Snapshots a whole CLI run: the command line, exit code, stdout and stderr.
pub fn snapshot_cli(name: &str, args: &[&str]) {
    let (code, stdout, stderr) = run(args);
    let shown = format!(
        "$ platformctl {}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
        args.join(" ")
    );
    snapshot_settings().bind(|| insta::assert_snapshot!(name, shown));
}

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

/// Gives a child command dummy static credentials (moto accepts any), empty AWS config
/// files and no profile or instance metadata, so nothing of the machine's own AWS setup
/// reaches it.
pub fn test_credentials(cmd: &mut Command) -> &mut Command {
    let (config, credentials) = empty_aws_files();
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", config)
        .env("AWS_SHARED_CREDENTIALS_FILE", credentials)
        .env_remove("AWS_PROFILE")
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

/// Every file under `dir` (folders included), as sorted `/`-separated relative paths.
pub fn files_below(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            found.extend(
                files_below(&entry.path())
                    .into_iter()
                    .map(|f| format!("{name}/{f}")),
            );
        } else {
            found.push(name);
        }
    }
    found.sort();
    found
}
