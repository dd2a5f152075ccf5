#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod clock;
mod config;
mod errors;
mod media;
mod reply;
mod routes;
mod server;
mod state;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{JobConfig, Question, defaults};
pub use errors::{ErrorBody, ErrorDetail, codes};
pub use server::{Sandbox, SandboxBuilder};
