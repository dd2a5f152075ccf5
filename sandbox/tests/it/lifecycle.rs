//! Starting, stopping and embedding a sandbox.

use std::net::{Ipv4Addr, SocketAddr};

use crate::support::*;
use mx_nexus_sandbox::Sandbox;
use serde_json::Value;

#[tokio::test]
async fn shutdown_stops_serving_even_with_a_kept_alive_connection() {
    let sandbox = Sandbox::start().await.unwrap();
    let url = format!("{}/sessions", sandbox.base_url());
    // One client for both calls: its idle keep-alive connection must not
    // hold the shutdown up.
    let client = reqwest::Client::new();
    let open = || {
        client
            .post(&url)
            .header("accept", VENDOR)
            .header("md-api-token", api_token())
            .send()
    };
    let _: Value = ok_json(open().await.unwrap()).await;
    sandbox.shutdown().await.expect("a clean stop");
    let after = open().await;
    assert!(after.is_err(), "nothing listens any more: {after:?}");
}

#[tokio::test]
async fn the_base_url_is_the_bound_address_without_a_trailing_slash() {
    let sandbox = Sandbox::builder()
        .bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .start()
        .await
        .unwrap();
    let addr = sandbox.local_addr();
    assert_ne!(addr.port(), 0);
    assert_eq!(sandbox.base_url(), format!("http://127.0.0.1:{}", addr.port()));
}

#[tokio::test]
async fn the_router_can_be_served_by_another_server() {
    let router = Sandbox::builder().api_tokens(["embedded"]).into_router();
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, router).await });

    let response = reqwest::Client::new()
        .post(format!("http://{addr}/sessions"))
        .header("accept", VENDOR)
        .header("md-api-token", "embedded")
        .send()
        .await
        .unwrap();
    let body: Value = ok_json(response).await;
    assert_eq!(body["session"]["token"], "SANDBOX-SESSION-1");
    server.abort();
}
