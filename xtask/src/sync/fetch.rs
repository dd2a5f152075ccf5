//! Get the pages: from the docs site (index, then every Nexus page) or from a
//! directory of saved pages.
//!
//! The network side is built to fail loudly rather than produce a partial
//! spec: a page that still fails after the retries, or answers 404, aborts the
//! sync (a missing page would silently drop an operation).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{StatusCode, Url};
use tokio::sync::Semaphore;

use super::Error;
use super::index;
use super::page::Page;

/// Knobs of the network fetch. The defaults suit docs.mx.com; tests shorten
/// the backoff.
#[derive(Clone, Debug)]
pub struct FetchConfig {
    /// Pages fetched at the same time.
    pub concurrency: usize,
    /// Whole-request timeout (connect + response + body).
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Attempts per URL, the first included.
    pub tries: u32,
    /// Wait before the second attempt; doubled before each next one.
    pub backoff: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            concurrency: 8,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            tries: 3,
            backoff: Duration::from_millis(500),
        }
    }
}

/// Every file of `dir`, sorted by name, as pages named by their file name.
/// Subdirectories are ignored; nothing else is filtered, so a stray file is
/// reported as a skipped page rather than silently dropped.
pub fn read_dir(dir: &Path) -> Result<Vec<Page>, Error> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::new(format!("cannot read pages directory {}: {e}", dir.display())))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::new(format!("cannot read pages directory {}: {e}", dir.display())))?;
        let path = entry.path();
        if path.is_file() {
            files.push((entry.file_name().to_string_lossy().into_owned(), path));
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|(name, path)| {
            let body =
                std::fs::read(&path).map_err(|e| Error::new(format!("cannot read page {}: {e}", path.display())))?;
            Ok(Page { name, body })
        })
        .collect()
}

/// Fetches the index, then every Nexus reference page it lists, in index order.
pub fn fetch_index(index_url: &str, config: &FetchConfig) -> Result<Vec<Page>, Error> {
    let base = Url::parse(index_url).map_err(|e| Error::new(format!("invalid index URL {index_url}: {e}")))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("mx-nexus-xtask/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::new(format!("cannot build the HTTP client: {e}")))?;
        let index = get_text(&client, &base, config).await?;
        let urls = index::nexus_pages(&String::from_utf8_lossy(&index), &base);
        if urls.is_empty() {
            return Err(Error::new(format!(
                "the index {index_url} lists no page under `{}`",
                index::NEXUS_PREFIX
            )));
        }
        fetch_all(&client, urls, config).await
    })
}

/// Fetches the URLs with at most `config.concurrency` in flight, keeping the
/// input order in the result (the merge and SOURCE depend on a stable order).
async fn fetch_all(client: &reqwest::Client, urls: Vec<Url>, config: &FetchConfig) -> Result<Vec<Page>, Error> {
    let permits = Arc::new(Semaphore::new(config.concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, url) in urls.iter().enumerate() {
        let (client, url, config, permits) = (client.clone(), url.clone(), config.clone(), permits.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            (i, get_text(&client, &url, &config).await)
        });
    }
    let mut bodies: Vec<Option<Vec<u8>>> = vec![None; urls.len()];
    let mut first_error: Option<(usize, Error)> = None;
    while let Some(joined) = tasks.join_next().await {
        let (i, result) = joined.map_err(|e| Error::new(format!("a fetch task failed: {e}")))?;
        match result {
            Ok(body) => bodies[i] = Some(body),
            // Report the failing page that comes first in the index, so the
            // message does not depend on timing.
            Err(e) if first_error.as_ref().is_none_or(|(j, _)| i < *j) => {
                first_error = Some((i, e));
            }
            Err(_) => {}
        }
    }
    if let Some((_, e)) = first_error {
        return Err(e);
    }
    Ok(urls
        .into_iter()
        .zip(bodies)
        .map(|(url, body)| Page {
            name: url.to_string(),
            body: body.unwrap_or_default(),
        })
        .collect())
}

/// GET with retries on what is likely transient: connection errors,
/// timeouts, 429 and 5xx. Any other non-success status fails at once.
async fn get_text(client: &reqwest::Client, url: &Url, config: &FetchConfig) -> Result<Vec<u8>, Error> {
    let tries = config.tries.max(1);
    let mut delay = config.backoff;
    let mut attempt = 1;
    loop {
        let failure = match client.get(url.clone()).send().await {
            Ok(response) if response.status().is_success() => match response.bytes().await {
                Ok(body) => return Ok(body.to_vec()),
                Err(e) => format!("reading the body failed: {}", error_chain(&e)),
            },
            Ok(response) => {
                let status = response.status();
                if !retryable(status) {
                    return Err(Error::new(format!("GET {url} answered {status}")));
                }
                format!("answered {status}")
            }
            Err(e) => error_chain(&e),
        };
        if attempt >= tries {
            return Err(Error::new(format!("GET {url} failed after {tries} tries: {failure}")));
        }
        tokio::time::sleep(delay).await;
        delay = delay.saturating_mul(2);
        attempt += 1;
    }
}

fn retryable(status: StatusCode) -> bool {
    status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS
}

/// reqwest's top-level message is often just "error sending request"; the
/// cause (connection refused, timed out…) is in the source chain.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
