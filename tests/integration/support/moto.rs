//! A real `moto_server` on loopback, started once for the whole test binary.
//!
//! One Python start costs seconds of CPU, so every test shares the server and keeps to
//! its own resources (VPCs it creates, stacks and buckets of its own names). A watchdog
//! process kills the server once the test binary is gone: statics are never dropped, and
//! a test that fails or is interrupted must not leave a server behind.

use std::fs::File;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long moto may take to start answering; a cold Python start takes a few seconds
/// on a busy CI machine.
const STARTUP_DEADLINE: Duration = Duration::from_secs(30);
/// A port picked as free can be taken by another process before moto binds it.
const PORT_ATTEMPTS: usize = 3;

pub struct MotoServer {
    child: Child,
    /// `http://127.0.0.1:PORT`, for `--endpoint-url` and SDK clients.
    pub endpoint: String,
}

impl MotoServer {
    /// The binary's one server, started by the first test that asks.
    pub fn shared() -> &'static MotoServer {
        static SERVER: OnceLock<MotoServer> = OnceLock::new();
        SERVER.get_or_init(|| {
            let server = MotoServer::start();
            watch(server.child.id());
            server
        })
    }

    /// Starts moto and waits until it answers HTTP. Panics, naming the fix, when the
    /// binary is missing: a test that needs moto must never pass silently without it.
    fn start() -> MotoServer {
        let binary = binary();
        assert!(
            binary.is_file(),
            "moto_server not found at {}: run `scripts/setup-tools` to install the test tools \
             into .venv, or set PLATFORMCTL_MOTO_SERVER to a moto_server binary",
            binary.display()
        );
        let mut last_failure = String::new();
        for _ in 0..PORT_ATTEMPTS {
            match try_start(&binary) {
                Ok(server) => return server,
                Err(failure) => last_failure = failure,
            }
        }
        panic!("moto_server did not start: {last_failure}");
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a shell that waits for this test process to end, then kills the server.
// The watchdog must outlive this process, so it is never waited for.
#[allow(clippy::zombie_processes)]
fn watch(server: u32) {
    let script = format!(
        "while kill -0 {} 2>/dev/null; do sleep 1; done; kill {server} 2>/dev/null",
        std::process::id()
    );
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the moto_server watchdog (sh)");
}

/// `PLATFORMCTL_MOTO_SERVER`, or the repository's `.venv/bin/moto_server`.
fn binary() -> PathBuf {
    match std::env::var_os("PLATFORMCTL_MOTO_SERVER") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/moto_server"),
    }
}

fn try_start(binary: &PathBuf) -> Result<MotoServer, String> {
    let port = super::free_loopback_port();
    // In cargo's per-target scratch directory, where a failed run's log can be read.
    let log_path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("moto-{port}.log"));
    let log = File::create(&log_path).map_err(|err| format!("log file: {err}"))?;
    let log_err = log.try_clone().map_err(|err| format!("log file: {err}"))?;
    // moto logs every request; a file, unlike an unread pipe, never fills up and blocks it.
    let child = Command::new(binary)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .spawn()
        .map_err(|err| format!("cannot run {}: {err}", binary.display()))?;
    // From here on the server is owned, so an early return below kills it.
    let mut server = MotoServer {
        child,
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while started.elapsed() < STARTUP_DEADLINE {
        if let Ok(Some(status)) = server.child.try_wait() {
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            return Err(format!(
                "exited with {status} on port {port}: {}",
                log.trim()
            ));
        }
        if answers_http(port) {
            return Ok(server);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    Err(format!(
        "no answer on port {port} within {} s: {}",
        STARTUP_DEADLINE.as_secs(),
        log.trim()
    ))
}

/// Whether an HTTP server answers on the port: an open socket alone could be the
/// listener before the app is ready, or another process that took the port.
fn answers_http(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 8];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.")
}

/// Runs one SDK call (or a few) from a synchronous test.
pub fn block_on<T>(work: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(work)
}

/// SDK configuration for moto at `endpoint`: us-east-1 and the static test credentials, so
/// that tests set up (and inspect) moto through the same SDK the binary uses.
pub async fn sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(platformctl::aws::https_client())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(aws_sdk_s3::config::Credentials::new(
            "testing", "testing", None, None, "test",
        ))
        .load()
        .await
}

/// An S3 client for moto: path-style addressing, since bucket names are not host names on
/// loopback.
pub fn s3_client(config: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(config)
            .force_path_style(true)
            .build(),
    )
}

/// Sets up EC2 state on moto through boto3, AWS's Python SDK (installed with moto), and
/// returns what `body` leaves in `result`, as JSON. platformctl reads EC2 through its own
/// Query client, so its tests build their scenarios through a client it did not write.
/// `body` sees `ec2`, a boto3 EC2 client for `us-east-1` at `endpoint`.
pub fn ec2_setup(endpoint: &str, body: &str) -> serde_json::Value {
    boto3_setup("ec2", endpoint, body)
}

/// The same for any service: `body` sees a boto3 client of `service` named after it
/// (`ec2`, `secretsmanager`).
pub fn boto3_setup(service: &str, endpoint: &str, body: &str) -> serde_json::Value {
    let script = format!(
        "import json, sys\nimport boto3\n{service} = boto3.client('{service}', region_name='us-east-1', endpoint_url=sys.argv[1], aws_access_key_id='testing', aws_secret_access_key='testing')\nresult = None\n{body}\nprint(json.dumps(result))\n"
    );
    let output = std::process::Command::new(super::tool("python"))
        .arg("-c")
        .arg(&script)
        .arg(endpoint)
        .output()
        .expect("run the virtualenv's python");
    assert!(
        output.status.success(),
        "{service} setup through boto3 failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the setup prints JSON")
}
