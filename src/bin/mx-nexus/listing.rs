//! The command list of `mx-nexus --help`, grouped by MX's tags.
//!
//! clap lists subcommands in one block; at MX's full size (~170 operations)
//! that is a 350-line list in which nothing says where the member or job
//! commands are. build.rs gives each operation's tag (`COMMAND_GROUPS`, in
//! the spec's tag order), and this writes one heading per tag, then the
//! commands that are not operations (the workflow: `answer-mfa`, `session`).
//! The headings and their order are the `Client` docs page's.

use std::fmt::Write as _;

use clap::Command;

use crate::generated::COMMAND_GROUPS;

/// Names longer than this put their summary on the next line, so one long
/// name does not push every summary of its group off an 80-column terminal.
const NAME_COLUMN: usize = 30;

/// The "Commands" section for `command`'s help: every subcommand once, under
/// its tag's heading, with its one-line summary.
pub fn commands_by_tag(command: &Command) -> String {
    let about = |name: &str| {
        command
            .find_subcommand(name)
            .and_then(Command::get_about)
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    let mut grouped: Vec<(String, Vec<String>)> = COMMAND_GROUPS
        .iter()
        .map(|(heading, ids)| {
            (
                (*heading).to_owned(),
                ids.iter().map(|id| id.replace('_', "-")).collect(),
            )
        })
        .collect();
    let listed: Vec<&String> = grouped.iter().flat_map(|(_, names)| names).collect();
    let workflow: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .filter(|name| !listed.contains(&name))
        .collect();
    grouped.push(("Workflow".to_owned(), workflow));

    let mut out = String::from("Commands, by MX's API reference sections:\n");
    for (heading, names) in grouped {
        let _ = writeln!(out, "\n  {heading}:");
        let width = names
            .iter()
            .map(String::len)
            .filter(|&n| n <= NAME_COLUMN)
            .max()
            .unwrap_or(0);
        for name in names {
            let summary = about(&name);
            if name.len() > NAME_COLUMN {
                let _ = writeln!(out, "    {name}\n    {:width$}  {summary}", "");
            } else {
                let _ = writeln!(out, "    {name:width$}  {summary}");
            }
        }
    }
    out
}
