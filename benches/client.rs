//! The client's own cost per call: the same `GET /jobs/JOB-1` and
//! `POST /members/MBR-1/credentials` through mx-nexus and through a
//! hand-written `reqwest` + `serde_json` baseline, against one in-process
//! HTTP/1.1 server on loopback; and serde_json's time on a list of 10,000 MFA
//! credentials, alone and fetched through both clients.
//!
//! `cargo bench --bench client` (about 1.5 minutes on 2 cores). Criterion prints
//! `get/mx-nexus` next to `get/baseline`, and so on. `get-cpu/...` and
//! `post-cpu/...` are the same calls measured in CPU time of the client's
//! thread only (see [`ThreadCpu`]): the client's own cost without the
//! server's. Criterion runs the two clients seconds apart, and on a shared
//! machine the load changes in between, so the ratios the README reports are
//! `ratio/get` and `ratio/post` (see [`ratios`]), measured interleaved.
//!
//! Why it is set up this way:
//! - The server runs on its own thread with a current-thread runtime, and each
//!   client is driven by another current-thread runtime on criterion's thread:
//!   on a 2-core machine that is one core each, and no work-stealing noise.
//! - The server answers with fixed bytes (the fixtures) and reads every request
//!   body, whichever client asks: the difference between the two timings is
//!   the clients' own work.
//! - Both clients use the same `reqwest` (`mx_nexus::reqwest`) with the same
//!   settings mx-nexus gives its own (User-Agent, connect timeout, per-request
//!   timeout), keep-alive connections, the same headers and bodies, and end
//!   with the same typed value.

// These tests call resume job and member credentials, which MX deprecated
// but still serves: their `#[deprecated]` warning is expected here.
#![allow(deprecated)]

use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::routing::{get, post};
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{Criterion, criterion_group, criterion_main};
use mx_nexus::reqwest::{self, header};
use mx_nexus::types;
use serde_json::Value;

const MEDIA_TYPE: &str = mx_nexus::MEDIA_TYPE;
const SESSION_TOKEN: &str = "CWforZl1Vn2vC_bench-session-token";
/// What mx-nexus sends; the baseline sends the same bytes.
const USER_AGENT: &str = concat!("mx-nexus/", env!("CARGO_PKG_VERSION"));
/// The 10,000-credential list, for the deserialize and list benchmarks.
const CREDENTIALS: usize = 10_000;

/// CPU time of the calling thread (`CLOCK_THREAD_CPUTIME_ID`). The client
/// runs on a current-thread runtime on criterion's thread, so this is all of
/// its work (reqwest, hyper's connection task, tokio's I/O driver and timers,
/// mx-nexus's hooks) and none of the server's, nor of other processes.
struct ThreadCpu;

/// Criterion's own nanosecond formatting, for [`ThreadCpu`] too.
static WALL_TIME: WallTime = WallTime;

impl Measurement for ThreadCpu {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        thread_cpu_time()
    }
    fn end(&self, started: Duration) -> Duration {
        thread_cpu_time().saturating_sub(started)
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        WALL_TIME.formatter()
    }
}

fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `now` is a valid, writable timespec; the clock id is a constant Linux knows.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

fn fixture(name: &str) -> Bytes {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    Bytes::from(std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

/// `tests/fixtures/mfa_credentials.json`'s one credential, repeated with its
/// guid, label and order changed: about 6 MB of compact JSON.
fn credentials_body(count: usize) -> Bytes {
    let fixture: Value = serde_json::from_slice(&fixture("mfa_credentials.json")).unwrap();
    let template = fixture["credentials"][0].clone();
    let credentials: Vec<Value> = (0..count)
        .map(|i| {
            let mut credential = template.clone();
            credential["guid"] = format!("CRD-9f61fb4c-912c-bd1e-b175-{i:012}").into();
            credential["label"] = format!("What is the answer to question {i}?").into();
            credential["display_order"] = i.into();
            credential["mfa"] = (i % 2 == 1).into();
            credential
        })
        .collect();
    Bytes::from(serde_json::to_vec(&serde_json::json!({ "credentials": credentials })).unwrap())
}

/// What the server answers, and the headers of one request when asked to keep them.
struct Answers {
    job: Bytes,
    member_credential: Bytes,
    credentials: Bytes,
    record: AtomicBool,
    recorded: Mutex<Vec<HeaderMap>>,
}

impl Answers {
    /// Same for every request and both clients: one relaxed load, except
    /// during the header check before measuring.
    fn seen(&self, headers: &HeaderMap) {
        if self.record.load(Ordering::Relaxed) {
            self.recorded.lock().unwrap().push(headers.clone());
        }
    }
}

fn vendor(body: &Bytes) -> ([(axum::http::HeaderName, &'static str); 1], Bytes) {
    ([(CONTENT_TYPE, MEDIA_TYPE)], body.clone())
}

/// Starts the server on 127.0.0.1 on a thread of its own; returns its base URL.
fn start_server(answers: Arc<Answers>) -> String {
    let app = Router::new()
        .route(
            "/jobs/{job_guid}",
            get(|State(a): State<Arc<Answers>>, headers: HeaderMap| async move {
                a.seen(&headers);
                vendor(&a.job)
            }),
        )
        .route(
            "/jobs/{job_guid}/mfa_credentials",
            get(|State(a): State<Arc<Answers>>, headers: HeaderMap| async move {
                a.seen(&headers);
                vendor(&a.credentials)
            }),
        )
        .route(
            "/members/{member_guid}/credentials",
            // `Bytes` reads the whole request body.
            post(
                |State(a): State<Arc<Answers>>, headers: HeaderMap, body: Bytes| async move {
                    a.seen(&headers);
                    black_box(body);
                    vendor(&a.member_credential)
                },
            ),
        )
        .with_state(answers);
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            // `tokio::net` comes with axum's `tokio` feature.
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://{}", rx.recv().unwrap())
}

/// The hand-written client: what a careful caller writes with `reqwest` and
/// `serde_json` alone (status check, whole body, typed parse), no retries,
/// no session renewal, no tracing.
struct Baseline {
    http: reqwest::Client,
    base_url: String,
    session: header::HeaderValue,
}

impl Baseline {
    fn new(base_url: &str) -> Self {
        let mut session = header::HeaderValue::from_static(SESSION_TOKEN);
        session.set_sensitive(true);
        Self {
            // mx-nexus's own defaults (`ClientConfig::build`), so both pay
            // the same for timers.
            http: reqwest::Client::builder()
                .user_agent(USER_AGENT)
                .connect_timeout(Duration::from_secs(10))
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
            base_url: base_url.to_owned(),
            session,
        }
    }

    async fn typed<T: serde::de::DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> T {
        let response = request
            .header(header::ACCEPT, MEDIA_TYPE)
            .header("md-session-token", self.session.clone())
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
    }

    async fn read_job(&self, guid: &str) -> types::JobResponseBody {
        self.typed(self.http.get(format!("{}/jobs/{guid}", self.base_url)))
            .await
    }

    async fn list_job_mfa_credentials(&self, guid: &str) -> types::CredentialsResponseBody {
        self.typed(self.http.get(format!("{}/jobs/{guid}/mfa_credentials", self.base_url)))
            .await
    }

    async fn create_member_credentials(
        &self,
        guid: &str,
        body: types::MemberCredentialRequestBody,
    ) -> types::MemberCredentialResponseBody {
        let request = self
            .http
            .post(format!("{}/members/{guid}/credentials", self.base_url))
            .header(header::CONTENT_TYPE, MEDIA_TYPE)
            .body(serde_json::to_vec(&body).unwrap());
        self.typed(request).await
    }
}

fn request_body() -> types::MemberCredentialRequestBody {
    types::MemberCredentialRequestBody::builder()
        .member(
            types::MemberCredentialRequest::builder()
                .credential_guid("CRD-9f61fb4c-912c-bd1e-b175-ccc7f0275cc1")
                .value("my first car"),
        )
        .build()
        .unwrap()
}

async fn nexus_read_job(client: &mx_nexus::Client) -> types::JobResponseBody {
    client.read_job().job_guid("JOB-1").send().await.unwrap().into_inner()
}

async fn nexus_create(
    client: &mx_nexus::Client,
    body: types::MemberCredentialRequestBody,
) -> types::MemberCredentialResponseBody {
    client
        .create_member_credentials()
        .member_guid("MBR-1")
        .body(body)
        .send()
        .await
        .unwrap()
        .into_inner()
}

async fn nexus_list(client: &mx_nexus::Client) -> types::CredentialsResponseBody {
    client
        .list_job_mfa_credentials()
        .job_guid("JOB-1")
        .send()
        .await
        .unwrap()
        .into_inner()
}

/// Before measuring: both clients get the same typed values, and the server
/// saw the same request headers from both (same names and values, in any order).
fn check_same_work(runtime: &tokio::runtime::Runtime, answers: &Answers, nexus: &mx_nexus::Client, base: &Baseline) {
    let job: types::JobResponseBody = serde_json::from_slice(&answers.job).unwrap();
    let created: types::MemberCredentialResponseBody = serde_json::from_slice(&answers.member_credential).unwrap();
    answers.record.store(true, Ordering::Relaxed);
    runtime.block_on(async {
        assert_eq!(nexus_read_job(nexus).await, job);
        assert_eq!(base.read_job("JOB-1").await, job);
        assert_eq!(nexus_create(nexus, request_body()).await, created);
        assert_eq!(base.create_member_credentials("MBR-1", request_body()).await, created);
        let list = nexus_list(nexus).await;
        assert_eq!(list.credentials.len(), CREDENTIALS);
        assert_eq!(base.list_job_mfa_credentials("JOB-1").await, list);
    });
    answers.record.store(false, Ordering::Relaxed);
    let recorded = std::mem::take(&mut *answers.recorded.lock().unwrap());
    let sorted = |headers: &HeaderMap| {
        let mut pairs: Vec<_> = headers
            .iter()
            .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap()))
            .collect();
        pairs.sort();
        pairs
    };
    for pair in recorded.chunks(2) {
        assert_eq!(sorted(&pair[0]), sorted(&pair[1]), "both clients send the same headers");
    }
    eprintln!("headers of the POST, both clients: {:?}", sorted(&recorded[2]));
}

/// The server and both clients, shared by the wall-time and CPU-time benchmarks.
struct Setup {
    answers: Arc<Answers>,
    runtime: tokio::runtime::Runtime,
    nexus: mx_nexus::Client,
    base: Baseline,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let answers = Arc::new(Answers {
        job: fixture("job_completed.json"),
        member_credential: fixture("member_credential.json"),
        credentials: credentials_body(CREDENTIALS),
        record: AtomicBool::new(false),
        recorded: Mutex::new(Vec::new()),
    });
    let base_url = start_server(answers.clone());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let nexus = mx_nexus::ClientConfig::new(&base_url)
        .session_token(SESSION_TOKEN)
        .build()
        .unwrap();
    let base = Baseline::new(&base_url);
    check_same_work(&runtime, &answers, &nexus, &base);
    eprintln!("credentials list: {} bytes", answers.credentials.len());
    Setup {
        answers,
        runtime,
        nexus,
        base,
    }
});

/// `{prefix}get/...` and `{prefix}post/...`, mx-nexus then the baseline.
fn calls<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let Setup {
        runtime, nexus, base, ..
    } = &*SETUP;
    // One call is tens of microseconds: 100 samples over 4 s each.
    let mut group = c.benchmark_group(format!("get{prefix}"));
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    group.bench_function("mx-nexus", |b| b.to_async(runtime).iter(|| nexus_read_job(nexus)));
    group.bench_function("baseline", |b| b.to_async(runtime).iter(|| base.read_job("JOB-1")));
    group.finish();

    let mut group = c.benchmark_group(format!("post{prefix}"));
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    let body = request_body();
    group.bench_function("mx-nexus", |b| {
        b.to_async(runtime).iter(|| nexus_create(nexus, body.clone()))
    });
    group.bench_function("baseline", |b| {
        b.to_async(runtime)
            .iter(|| base.create_member_credentials("MBR-1", body.clone()))
    });
    group.finish();
}

fn wall_time(c: &mut Criterion) {
    calls(c, "");
    let Setup {
        answers,
        runtime,
        nexus,
        base,
    } = &*SETUP;

    // Tens of milliseconds per iteration: 20 samples.
    let mut group = c.benchmark_group("deserialize");
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    let bytes = answers.credentials.clone();
    group.bench_function("credentials_10k", |b| {
        b.iter(|| serde_json::from_slice::<types::CredentialsResponseBody>(black_box(&bytes)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("list_10k");
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(7));
    group.bench_function("mx-nexus", |b| b.to_async(runtime).iter(|| nexus_list(nexus)));
    group.bench_function("baseline", |b| {
        b.to_async(runtime).iter(|| base.list_job_mfa_credentials("JOB-1"))
    });
    group.finish();
}

/// Wall and client-thread CPU time of one block of `calls` calls.
fn time_block<F: Future>(runtime: &tokio::runtime::Runtime, calls: usize, call: impl Fn() -> F) -> (f64, f64) {
    let (wall, cpu) = (std::time::Instant::now(), thread_cpu_time());
    runtime.block_on(async {
        for _ in 0..calls {
            black_box(call().await);
        }
    });
    let per_call = |d: Duration| d.as_secs_f64() * 1e6 / calls as f64;
    (per_call(wall.elapsed()), per_call(thread_cpu_time() - cpu))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// mx-nexus ÷ baseline from interleaved rounds: each round times a block of
/// calls of each client back to back (which goes first alternates), so a
/// change of load on the machine between criterion's separate runs of
/// `get/mx-nexus` and `get/baseline` cannot skew the ratio; the medians of
/// the per-round ratios are printed. Runs with no filter, or one matching
/// `ratio`; not in `--test`/`--list` mode.
fn ratios(_: &mut Criterion) {
    let mut args = std::env::args().skip(1);
    let filtered_out = args.any(|a| a == "--test" || a == "--list" || (!a.starts_with('-') && !"ratio".contains(&a)));
    if filtered_out {
        return;
    }
    let Setup {
        runtime, nexus, base, ..
    } = &*SETUP;
    const ROUNDS: usize = 60;
    const CALLS: usize = 100;
    let body = request_body();
    let report = |label: &str, blocks: &dyn Fn(bool) -> (f64, f64)| {
        let (mut walls, mut cpus, mut wall_ratios, mut cpu_ratios) = (vec![], vec![], vec![], vec![]);
        for round in 0..ROUNDS {
            let ((nexus_wall, nexus_cpu), (base_wall, base_cpu)) = if round % 2 == 0 {
                let n = blocks(true);
                (n, blocks(false))
            } else {
                let b = blocks(false);
                (blocks(true), b)
            };
            walls.push((nexus_wall, base_wall));
            cpus.push((nexus_cpu, base_cpu));
            wall_ratios.push(nexus_wall / base_wall);
            cpu_ratios.push(nexus_cpu / base_cpu);
        }
        let column =
            |pairs: &[(f64, f64)], nexus: bool| median(pairs.iter().map(|p| if nexus { p.0 } else { p.1 }).collect());
        println!(
            "ratio/{label}: wall mx-nexus {:.1} µs, baseline {:.1} µs, ratio {:.3}; \
             client CPU mx-nexus {:.1} µs, baseline {:.1} µs, ratio {:.3} \
             (medians of {ROUNDS} interleaved rounds of {CALLS} calls each)",
            column(&walls, true),
            column(&walls, false),
            median(wall_ratios),
            column(&cpus, true),
            column(&cpus, false),
            median(cpu_ratios),
        );
    };
    report("get", &|mx| {
        if mx {
            time_block(runtime, CALLS, || nexus_read_job(nexus))
        } else {
            time_block(runtime, CALLS, || base.read_job("JOB-1"))
        }
    });
    report("post", &|mx| {
        if mx {
            time_block(runtime, CALLS, || nexus_create(nexus, body.clone()))
        } else {
            time_block(runtime, CALLS, || base.create_member_credentials("MBR-1", body.clone()))
        }
    });
}

fn client_cpu_time(c: &mut Criterion<ThreadCpu>) {
    calls(c, "-cpu");
}

criterion_group!(wall, wall_time, ratios);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = client_cpu_time
}
criterion_main!(wall, cpu);
