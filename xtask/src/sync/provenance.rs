//! The `SOURCE` file written next to the spec: where it came from, when, and
//! a fingerprint of every page, so a later sync can tell what changed upstream.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Error;

/// What one page contributed.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Use {
    /// Its OpenAPI block went into the spec.
    Used,
    /// No `openapi/nexus/v1.yaml` block (a guide, an overview, rendered text).
    Skipped,
}

#[derive(Serialize, Debug, Clone)]
pub struct PageRecord {
    pub page: String,
    pub sha256: String,
    #[serde(rename = "use")]
    pub used: Use,
}

#[derive(Serialize, Debug, Clone)]
pub struct Counts {
    pub used: usize,
    pub skipped: usize,
}

#[derive(Serialize, Debug, Clone)]
pub struct Source {
    /// The index URL, or the pages directory as given.
    pub source: String,
    /// UTC, RFC 3339.
    pub synced_at: String,
    /// sha256 of the spec written, to spot a hand edit.
    pub spec_sha256: String,
    pub pages: Counts,
    pub page_hashes: Vec<PageRecord>,
}

impl Source {
    pub fn render(&self) -> Result<String, Error> {
        let value = serde_json::to_value(self).map_err(|e| Error::new(format!("cannot render SOURCE: {e}")))?;
        let body = super::yaml::render(&value);
        Ok(format!(
            "# Provenance of the Nexus spec in this directory, written by `cargo xtask sync`.\n\
             # Do not edit by hand: re-run the sync.\n{body}"
        ))
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ`; small enough not to need a date crate.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    rfc3339(secs)
}

/// Formats seconds since the Unix epoch (UTC), using Howard Hinnant's
/// days-to-civil algorithm.
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_767_225_599), "2025-12-31T23:59:59Z");
    }

    #[test]
    fn hashes_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
