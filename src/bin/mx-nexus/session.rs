//! `session open`: trade the one-time API token for a session token, to use
//! for several commands (`export MX_NEXUS_SESSION_TOKEN=$(mx-nexus session open)`).
//! The one place the CLI prints a token, on purpose, to stdout.

use clap::{ArgMatches, Command};
use serde_json::json;

use crate::connection::{self, API_TOKEN_VAR};
use crate::failure::Failure;
use crate::output::{Output, print_raw};

pub const NAME: &str = "session";

pub fn command() -> Command {
    Command::new(NAME)
        .about("Nexus sessions")
        .subcommand_required(true)
        .subcommand(
            Command::new("open")
                .about(format!(
                    "Open a session with the one-time API token in {API_TOKEN_VAR} and print its token"
                ))
                .long_about(format!(
                    "Open a session with the one-time API token in {API_TOKEN_VAR} (POST /sessions) and print \
                     the session token on stdout, alone on its line (with --output json or table: as \
                     {{\"session\": {{\"token\": ...}}}}). A session lasts 30 minutes after its last call. \
                     To use it for several commands:\n\n    \
                     export MX_NEXUS_SESSION_TOKEN=\"$(mx-nexus session open)\""
                )),
        )
}

pub async fn run(matches: &ArgMatches, output: Output) -> Result<(), Failure> {
    if connection::env(API_TOKEN_VAR).is_none() {
        return Err(Failure::Usage(format!(
            "session open needs {API_TOKEN_VAR}: a one-time API token from MX's SSO API"
        )));
    }
    let client = connection::client(matches)?;
    client.session().renew().await?;
    let token = client
        .session()
        .token()
        .ok_or_else(|| Failure::Flow("POST /sessions succeeded but the client holds no session token".to_owned()))?;
    if output.explicit {
        output.print(&json!({ "session": { "token": token.expose_secret() } }));
    } else {
        print_raw(&format!("{}\n", token.expose_secret()));
    }
    Ok(())
}
