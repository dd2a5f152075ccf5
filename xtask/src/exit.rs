//! How every subcommand ends, one way for all of them (`cargo xtask --help`
//! and `xtask/README.md` say it): exit 0 when it did its job and found
//! nothing to report, 1 when a check found a difference or `--fail-on` was
//! met, 2 on bad input or any failure, which prints one `error: …` line (and
//! at most one `hint: …` line) on stderr, so a CI log shows the cause in one
//! place and scripts can tell a finding from a failure.

use std::process::ExitCode;

/// What a subcommand that did not fail reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    /// Done; nothing to report (exit 0).
    Clean,
    /// A check found a difference or `--fail-on` was met (exit 1).
    Found,
}

impl Done {
    /// `Found` when `found`, else `Clean`.
    pub fn found_if(found: bool) -> Self {
        if found { Done::Found } else { Done::Clean }
    }
}

/// Why a subcommand failed (exit 2): what went wrong and, where there is
/// one, what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::new(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Failure::new(message)
    }
}

impl From<crate::sync::Error> for Failure {
    fn from(e: crate::sync::Error) -> Self {
        Failure::new(e.to_string())
    }
}

/// What every subcommand returns.
pub type Outcome = Result<Done, Failure>;

/// Prints a failure and turns the outcome into the process's exit code.
pub fn finish(outcome: Outcome) -> ExitCode {
    match outcome {
        Ok(Done::Clean) => ExitCode::SUCCESS,
        Ok(Done::Found) => ExitCode::from(1),
        Err(failure) => {
            eprintln!("error: {}", one_line(&failure.message));
            if let Some(hint) = &failure.hint {
                eprintln!("hint: {}", one_line(hint));
            }
            ExitCode::from(2)
        }
    }
}

/// Prints a report on stdout. When the reader has gone (`cargo xtask diff
/// A B | head`), the process ends quietly with 0, as ripgrep does, instead
/// of `print!`'s panic; any other write error is a failure.
pub fn print_out(text: &str) -> Result<(), Failure> {
    use std::io::Write as _;

    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(Failure::new(format!("cannot write the report: {e}"))),
    }
}

/// A failure from clap (unknown flag, invalid value, missing argument) in
/// the same shape: its first paragraph as the error, its usage line as the
/// hint.
pub fn usage_failure(error: &clap::Error) -> Failure {
    let text = error.render().to_string();
    let mut paragraphs = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let message = paragraphs.next().unwrap_or("invalid arguments");
    let failure = Failure::new(message.strip_prefix("error: ").unwrap_or(message));
    match paragraphs.find_map(|p| p.strip_prefix("Usage: ")) {
        Some(usage) => failure.with_hint(format!("usage: {usage}; `--help` says more")),
        None => failure.with_hint("`--help` lists the options and the values they take"),
    }
}

/// Parser and network messages span lines; the error stays one line.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn one_line_folds_lines_and_keeps_the_rest() {
        assert_eq!(one_line("a  b\n  c\n\nd"), "a  b c d");
    }
}
