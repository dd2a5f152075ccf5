//! Which server, and which session: global flags and `MX_NEXUS_*` variables
//! to a [`mx_nexus::Client`]. Tokens come from the environment only, never
//! from a flag, so they stay out of shell history and `ps`.

use std::sync::{Arc, Mutex, PoisonError};

use clap::{Arg, ArgAction, ArgMatches};
use mx_nexus::{BoxError, Client, ClientConfig, SecretString};

use crate::failure::Failure;

pub const BASE_URL_VAR: &str = "MX_NEXUS_BASE_URL";
pub const ENVIRONMENT_VAR: &str = "MX_NEXUS_ENVIRONMENT";
pub const SESSION_TOKEN_VAR: &str = "MX_NEXUS_SESSION_TOKEN";
pub const API_TOKEN_VAR: &str = "MX_NEXUS_API_TOKEN";

/// The help heading of the options every command takes.
pub const GLOBAL: &str = "Global options";

pub fn args() -> [Arg; 4] {
    [
        Arg::new("base-url")
            .long("base-url")
            .global(true)
            .help_heading(GLOBAL)
            .value_name("URL")
            .conflicts_with("environment")
            .help(format!(
                "The Nexus server, e.g. http://127.0.0.1:8080 for a local sandbox [env: {BASE_URL_VAR}]"
            )),
        Arg::new("environment")
            .long("environment")
            .global(true)
            .help_heading(GLOBAL)
            .value_name("NAME")
            .value_parser(["integration", "production"])
            .help(format!(
                "One of MX's servers: integration (https://int-data.moneydesktop.com) or production \
                 (https://data.moneydesktop.com) [env: {ENVIRONMENT_VAR}]"
            )),
        Arg::new("skip-aggregation")
            .long("skip-aggregation")
            .global(true)
            .help_heading(GLOBAL)
            .action(ArgAction::SetTrue)
            .help("When opening a session, ask MX not to aggregate the user's members"),
        Arg::new("allow-insecure-http")
            .long("allow-insecure-http")
            .global(true)
            .help_heading(GLOBAL)
            .action(ArgAction::SetTrue)
            .help(
                "Allow a plain http:// server other than this machine (a gateway on a private network you \
                 trust): the tokens then cross the network in clear text",
            ),
    ]
}

/// A variable's value; unset and empty are the same.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// The server: `--base-url`, `--environment`, `MX_NEXUS_BASE_URL`, then
/// `MX_NEXUS_ENVIRONMENT`. There is no default: a command never goes to
/// production by accident.
fn server(matches: &ArgMatches) -> Result<ClientConfig, Failure> {
    let environment = |name: &str, source: &str| match name {
        "integration" => Ok(ClientConfig::integration()),
        "production" => Ok(ClientConfig::production()),
        other => Err(Failure::Usage(format!(
            "{source} is {other:?}: it must be integration or production"
        ))),
    };
    if let Some(url) = matches.get_one::<String>("base-url") {
        Ok(ClientConfig::new(url))
    } else if let Some(name) = matches.get_one::<String>("environment") {
        environment(name, "--environment")
    } else if let Some(url) = env(BASE_URL_VAR) {
        Ok(ClientConfig::new(url))
    } else if let Some(name) = env(ENVIRONMENT_VAR) {
        environment(&name, ENVIRONMENT_VAR)
    } else {
        Err(Failure::Usage(format!(
            "no Nexus server: pass --base-url URL or --environment integration|production, or set {BASE_URL_VAR}"
        )))
    }
}

/// The client for this run. A session token is used as given; an API token
/// (one-time, from MX's SSO API) opens a session before the first call.
/// With both, the session token is used and the API token opens a new
/// session should it expire.
pub fn client(matches: &ArgMatches) -> Result<Client, Failure> {
    let mut config = server(matches)?;
    if matches.get_flag("skip-aggregation") {
        config = config.skip_aggregation(true);
    }
    if matches.get_flag("allow-insecure-http") {
        config = config.allow_insecure_http(true);
    }
    let session_token = env(SESSION_TOKEN_VAR);
    let api_token = env(API_TOKEN_VAR);
    if session_token.is_none() && api_token.is_none() {
        return Err(Failure::Usage(format!(
            "no credentials: set {SESSION_TOKEN_VAR} to a session token, or {API_TOKEN_VAR} to a one-time API \
             token (the client opens the session)"
        )));
    }
    if let Some(token) = session_token {
        config = config.session_token(token);
    }
    if let Some(token) = api_token {
        config = config.api_token_source(once(SecretString::from(token)));
    }
    Ok(config.build()?)
}

/// An API token source that gives its token once: MX accepts each API token
/// for one session, so a second session needs a new token, and saying so
/// beats sending the used one.
fn once(
    token: SecretString,
) -> impl Fn() -> std::future::Ready<Result<SecretString, BoxError>> + Send + Sync + 'static {
    let token = Arc::new(Mutex::new(Some(token)));
    move || {
        let next = token.lock().unwrap_or_else(PoisonError::into_inner).take();
        std::future::ready(next.ok_or_else(|| {
            format!("{API_TOKEN_VAR} was already used to open a session (API tokens are one-time): set a new one")
                .into()
        }))
    }
}
