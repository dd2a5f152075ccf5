//! progenitor's `ClientHooks` for the generated client: every request leaves
//! with the headers MX documents (see `headers.rs`).

use progenitor_client::{ClientHooks, OperationInfo};

use crate::generated::{Client, Error};

use super::ClientState;
use super::headers::apply_nexus_headers;

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(&self, request: &mut reqwest::Request, _info: &OperationInfo) -> Result<(), Error<E>> {
        let has_body = request.body().is_some();
        apply_nexus_headers(request.headers_mut(), has_body, self.inner.session_header());
        Ok(())
    }
}
