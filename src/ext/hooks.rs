//! progenitor's `ClientHooks` for the generated client: `pre` gives every
//! request the headers MX documents and the session, `exec` runs the call
//! (retries, session renewal, bounded reading; see `call.rs`), and `post`
//! keeps progenitor from parsing a success body the hooks found unreadable,
//! or notes which call a body it will parse belongs to (`SuccessBody`).

use progenitor_client::{ClientHooks, OperationInfo};

use super::error::session_failure_text;
use super::headers::apply_nexus_headers;
use super::response::{remember_success, unreadable_success};
use super::session::OpenError;
use super::{ClientState, call};
use crate::generated::{Client, Error};

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(&self, request: &mut reqwest::Request, info: &OperationInfo) -> Result<(), Error<E>> {
        let session = self.inner.session().header().await.map_err(|why| match why {
            // No answer from POST /sessions is the network, as for the call itself.
            OpenError::Transport(e) => Error::CommunicationError(e),
            OpenError::Refused(why) => Error::Custom(session_failure_text(info.operation_id, &why)),
        })?;
        let has_body = request.body().is_some();
        apply_nexus_headers(request.headers_mut(), has_body, &session);
        if let Some(timeout) = self.inner.timeout() {
            *request.timeout_mut() = Some(timeout);
        }
        Ok(())
    }

    async fn exec(&self, request: reqwest::Request, info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        call::execute(&self.client, &self.inner, request, info.operation_id).await
    }

    async fn post<E>(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        let Ok(response) = result else { return Ok(()) };
        match unreadable_success(response) {
            Some(unreadable) => Err(Error::UnexpectedResponse(unreadable)),
            None => {
                remember_success(response);
                Ok(())
            }
        }
    }
}
