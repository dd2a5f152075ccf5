//! The hand-written layer: everything MX documents that the generated code
//! cannot know, wired in through progenitor's hooks and inner type.

mod config;
pub(crate) mod headers;
mod hooks;
mod job_status;
mod secret;
mod state;

pub use config::{ClientConfig, ConfigError};
pub use job_status::JobStatus;
pub use secret::SecretString;
pub use state::ClientState;
