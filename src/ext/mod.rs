//! The hand-written layer: everything MX documents that the generated code
//! cannot know. Each generated `send()` ends in `call.rs` (build.rs rewrites
//! it so), with the state of progenitor's inner type.

pub(crate) mod call;
mod config;
mod error;
mod error_body;
pub(crate) mod headers;
mod job_status;
mod mfa;
#[cfg(feature = "mock")]
pub(crate) mod mock_answers;
pub(crate) mod operations;
mod response;
mod retry;
mod secret;
mod session;
mod state;
mod strategy;
mod timestamp;
mod transport;
mod wait;

pub use config::{ClientConfig, ConfigError};
pub use error::{Delivery, Error, ErrorResponse};
pub use job_status::JobStatus;
pub use mfa::MfaAnswers;
pub use retry::RetryPolicy;
pub use secret::SecretString;
pub use session::{BoxError, Session};
pub(crate) use state::ClientState;
pub use timestamp::Timestamp;
pub use transport::TransportStage;
pub use wait::WaitOptions;
