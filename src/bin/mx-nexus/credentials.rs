//! `create-member-credentials` without writing a JSON file: the generated
//! command only takes the whole body (`--json-body FILE`), because the body
//! is nested (`{"member": {"credential_guid", "value", "metadata"}}`). These
//! flags build it instead. The value is a password or an MFA answer, so it is
//! typed at a prompt without echo, or read from stdin (`--value-stdin`), and
//! only taken from the command line when the user insists (`--insecure-value`).

use std::io::{IsTerminal, Read};

use clap::{Arg, ArgAction, ArgGroup, ArgMatches, Command};
use mx_nexus::{SecretString, types};

use crate::failure::Failure;

/// Adds the flags to the generated command.
pub fn extend(command: Command) -> Command {
    command
        .arg(
            Arg::new("credential-guid")
                .long("credential-guid")
                .value_name("GUID")
                .help("The credential (MFA question) to answer; the value is asked for without echo"),
        )
        .arg(
            Arg::new("metadata")
                .long("metadata")
                .value_name("TEXT")
                .requires("credential-guid")
                .help("Additional information to store on the member credential"),
        )
        .arg(
            Arg::new("value-stdin")
                .long("value-stdin")
                .action(ArgAction::SetTrue)
                .requires("credential-guid")
                .help("Read the value from stdin (one trailing newline is dropped) instead of a prompt"),
        )
        .arg(
            Arg::new("insecure-value")
                .long("insecure-value")
                .value_name("VALUE")
                .requires("credential-guid")
                .conflicts_with("value-stdin")
                .help("The value on the command line, where shell history and `ps` see it: prefer the prompt"),
        )
        // `--value` would put a secret in shell history: `check` says what
        // to use instead.
        .arg(Arg::new("value").long("value").value_name("VALUE").hide(true))
        // One of the two is needed; `check` says so, after refusing `--value`.
        .override_usage(
            "mx-nexus create-member-credentials [OPTIONS] --member-guid <GUID> \
             <--json-body <JSON-FILE>|--credential-guid <GUID>>",
        )
        .after_help(
            "The body is the file given with --json-body, or {\"member\": {\"credential_guid\", \"value\", \
             \"metadata\"}} made from --credential-guid, the value and --metadata. The value is a password or \
             an MFA answer: without --value-stdin or --insecure-value it is asked for on the terminal, without echo.",
        )
        .group(
            ArgGroup::new("body")
                .args(["json-body", "credential-guid"])
                .multiple(false),
        )
        // progenitor requires `--json-body` (the body is required); either of
        // the group does, and `check` says so in one line.
        .mut_arg("json-body", |arg| arg.required(false))
}

/// Refuses `--value`, and a command without a body, before anything is read
/// or sent.
pub fn check(matches: &ArgMatches) -> Result<(), Failure> {
    if matches.get_one::<String>("value").is_some() {
        return Err(Failure::Usage(
            "--value is not taken: a credential value is a secret and would stay in your shell history; \
             type it at the prompt (leave --value out), pipe it with --value-stdin, or insist with --insecure-value"
                .to_owned(),
        ));
    }
    if !matches.contains_id("body") {
        return Err(Failure::Usage(
            "no body: pass --json-body FILE, or --credential-guid GUID and the value".to_owned(),
        ));
    }
    Ok(())
}

/// The body from `--credential-guid` and the value, or `None` when the body
/// comes from `--json-body`.
pub fn body(matches: &ArgMatches) -> Result<Option<types::MemberCredentialRequestBody>, Failure> {
    let Some(credential_guid) = matches.get_one::<String>("credential-guid") else {
        return Ok(None);
    };
    let value = if let Some(value) = matches.get_one::<String>("insecure-value") {
        SecretString::from(value.as_str())
    } else if matches.get_flag("value-stdin") {
        read_stdin()?
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("value for credential {credential_guid} (not shown): "))
            .map(SecretString::from)
            .map_err(|e| Failure::Usage(format!("cannot read the value at the prompt: {e}")))?
    } else {
        return Err(Failure::Usage(
            "stdin is not a terminal to ask for the value on: pass --value-stdin to read it from stdin".to_owned(),
        ));
    };
    let member = types::MemberCredentialRequest::builder()
        .credential_guid(credential_guid.clone())
        .value(value)
        .metadata(matches.get_one::<String>("metadata").cloned());
    let body = types::MemberCredentialRequestBody::builder().member(member);
    // Both required fields are set above, so this cannot fail; say so if it does.
    body.build()
        .map(Some)
        .map_err(|e| Failure::Usage(format!("cannot build the request body: {e}")))
}

fn read_stdin() -> Result<SecretString, Failure> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::Usage(format!("cannot read the value from stdin: {e}")))?;
    let value = text
        .strip_suffix('\n')
        .map(|rest| rest.strip_suffix('\r').unwrap_or(rest))
        .unwrap_or(&text);
    if value.is_empty() {
        return Err(Failure::Usage("--value-stdin: stdin was empty".to_owned()));
    }
    Ok(SecretString::from(value))
}
