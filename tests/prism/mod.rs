//! Stoplight Prism (`prism mock`) on the spec the client is generated from,
//! for `tests/it/contract.rs`.
//!
//! Prism comes from, in order: `prism` on `PATH`, the copy cached under
//! `<target dir>/prism`, or a fresh `npm ci` of `tests/prism/package.json` +
//! `package-lock.json` (Prism 5.14.2 and its whole tree, pinned) into that
//! cache. Only when npm itself is missing is there no Prism; the caller then
//! skips, after [`skip_banner`] said so on stderr.

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// `$OUT_DIR/nexus-spec.json`: `openapi/nexus/v1.yaml` with
/// `openapi/nexus/overlay.yaml` applied and MX's vendor media type kept,
/// written by build.rs from the same document progenitor generates from.
pub const SPEC: &str = concat!(env!("OUT_DIR"), "/nexus-spec.json");

const PACKAGE_JSON: &str = include_str!("package.json");
const PACKAGE_LOCK: &str = include_str!("package-lock.json");

/// The Prism version `package-lock.json` pins, for messages.
pub const PINNED_VERSION: &str = "5.14.2";

/// How long Prism may take to start listening (Node's first start on a cold
/// disk is the slow part).
const STARTUP_DEADLINE: Duration = Duration::from_secs(60);

/// Where the pinned Prism is installed: `<target dir>/prism`.
fn cache_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is `<target dir>/tmp`, wherever the target dir is.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target dir")
        .join("prism")
}

/// The `prism` executable: on `PATH`, cached, or installed now. `Ok(None)`
/// means npm is missing, so nothing can be installed. Installs once per test
/// binary; concurrent test binaries each install into their own scratch
/// directory and the first to finish provides the cache.
pub fn executable() -> Result<Option<PathBuf>, String> {
    static FOUND: OnceLock<Result<Option<PathBuf>, String>> = OnceLock::new();
    FOUND.get_or_init(find_or_install).clone()
}

fn find_or_install() -> Result<Option<PathBuf>, String> {
    if let Some(on_path) = on_path("prism") {
        return Ok(Some(on_path));
    }
    let cache = cache_dir();
    if is_current_install(&cache) {
        return Ok(Some(bin(&cache)));
    }
    match Command::new("npm")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot run npm: {e}")),
        Ok(_) => {}
    }
    install(&cache)?;
    Ok(Some(bin(&cache)))
}

fn bin(install_dir: &Path) -> PathBuf {
    install_dir.join("node_modules/.bin/prism")
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A complete install of exactly the pinned tree: the lock file is copied in
/// last, after `npm ci` succeeded.
fn is_current_install(dir: &Path) -> bool {
    bin(dir).is_file() && std::fs::read_to_string(dir.join("package-lock.json")).is_ok_and(|lock| lock == PACKAGE_LOCK)
}

fn install(cache: &Path) -> Result<(), String> {
    // Direct to stderr, not `eprintln!`: libtest would swallow it, and the
    // person waiting should see why this test takes seconds.
    let _ = writeln!(
        std::io::stderr(),
        "contract tests: installing Stoplight Prism {PINNED_VERSION} with npm into {} (once per target dir)",
        cache.display()
    );
    let started = Instant::now();
    let scratch = cache.with_file_name(format!("prism.install-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    std::fs::write(scratch.join("package.json"), PACKAGE_JSON)
        .map_err(|e| format!("cannot write package.json: {e}"))?;
    // The lock is what makes `npm ci` install the same tree every time; it
    // is also the mark of a finished install (see `is_current_install`).
    std::fs::write(scratch.join("package-lock.json"), PACKAGE_LOCK)
        .map_err(|e| format!("cannot write package-lock.json: {e}"))?;
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&scratch)
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !output.status.success() {
        let _ = std::fs::remove_dir_all(&scratch);
        return Err(format!(
            "`npm ci` of @stoplight/prism-cli {PINNED_VERSION} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    // Swap the finished install in. Another test binary may have done the
    // same meanwhile: then keep its copy.
    if cache.exists() && !is_current_install(cache) {
        let _ = std::fs::remove_dir_all(cache);
    }
    if let Err(e) = std::fs::rename(&scratch, cache) {
        let _ = std::fs::remove_dir_all(&scratch);
        if !is_current_install(cache) {
            return Err(format!("cannot move Prism into {}: {e}", cache.display()));
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "contract tests: Prism {PINNED_VERSION} installed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The notice for a skipped contract test, written straight to stderr so it
/// shows even though the test passes (libtest hides a passing test's
/// `eprintln!`).
pub fn skip_banner(test: &str) {
    let line = "=".repeat(78);
    let _ = writeln!(
        std::io::stderr(),
        "\n{line}\nSKIPPED {test}: npm is not installed, so Stoplight Prism {PINNED_VERSION} cannot be \
         installed\nand the client was NOT checked against the spec. Install Node.js 20+ with npm (the \
         test then\ninstalls Prism into target/prism itself) or put `prism` on PATH.\n{line}\n"
    );
}

/// A running `prism mock --errors` on [`SPEC`], killed on drop.
pub struct Prism {
    child: Child,
    base_url: String,
    log_path: PathBuf,
}

impl Prism {
    /// Starts Prism on a free port and waits until it accepts connections.
    /// `None` when npm is missing (after printing [`skip_banner`]). Panics
    /// with Prism's output when it cannot start.
    pub fn start(test: &str) -> Option<Self> {
        let executable = match executable() {
            Ok(Some(executable)) => executable,
            Ok(None) => {
                skip_banner(test);
                return None;
            }
            Err(message) => panic!("no Prism for the contract tests: {message}"),
        };
        let port = free_port();
        let log_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{test}.log"));
        // Prism writes to the file directly (a pipe nobody drains could
        // fill up and stall it); `output` reads it back.
        let log =
            std::fs::File::create(&log_path).unwrap_or_else(|e| panic!("cannot create {}: {e}", log_path.display()));
        let child = Command::new(&executable)
            // --errors: a request that breaks the spec gets Prism's 4xx
            // instead of a mocked 200.
            .args(["mock", "--errors", "-h", "127.0.0.1", "-p", &port.to_string(), SPEC])
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log file handle"))
            .stderr(log.try_clone().expect("log file handle"))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", executable.display()));
        let mut prism = Self {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log_path,
        };
        prism.wait_until_listening(port);
        Some(prism)
    }

    fn wait_until_listening(&mut self, port: u16) {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + STARTUP_DEADLINE;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "Prism exited before listening ({status}); its output:\n{}",
                    self.output()
                );
            }
            // A bare connection: an HTTP probe would add a "no path matched"
            // error to the log that `violations` reads.
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "Prism did not listen on {} within {STARTUP_DEADLINE:?}; its output:\n{}",
                    self.base_url,
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Everything Prism printed so far (one block per request: what its
    /// validator and negotiator decided).
    pub fn output(&self) -> String {
        let text = std::fs::read_to_string(&self.log_path).unwrap_or_default();
        format!("{text}(log: {})", self.log_path.display())
    }

    /// The lines where Prism reported a violation of the spec or a failed
    /// request: its `✖ error` and `⚠ warning` lines.
    pub fn violations(&self) -> Vec<String> {
        self.output()
            .lines()
            .filter(|line| line.contains('✖') || line.contains('⚠'))
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port on 127.0.0.1");
    listener.local_addr().expect("bound").port()
}
