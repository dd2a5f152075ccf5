//! The hand-written layer: everything MX documents that the generated code
//! cannot know, wired in through progenitor's hooks and inner type.

mod call;
mod config;
mod error;
mod error_body;
pub(crate) mod headers;
mod hooks;
mod job_status;
mod mfa;
mod operations;
mod response;
mod retry;
mod secret;
mod session;
mod state;
mod wait;

pub use config::{ClientConfig, ConfigError};
pub use error::{Error, ErrorResponse};
pub use job_status::JobStatus;
pub use mfa::MfaAnswers;
pub use retry::RetryPolicy;
pub use secret::SecretString;
pub use session::{BoxError, Session};
pub use state::ClientState;
pub use wait::WaitOptions;
