//! Properties of the sandbox's request handling, driven in process through
//! its router: whatever a request holds (method, path, headers, body), the
//! sandbox answers without panicking, with a status a client can act on, in
//! MX's media type, with the error shape for every failure and without
//! repeating a token or anything of the body; a request no route takes is
//! 501 (code 5010) on a Nexus-shaped path and 404 (code 4040) elsewhere; and
//! after any such requests the documented flow still works.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderValue, Method, Request, StatusCode};
use mx_nexus::MEDIA_TYPE;
use mx_nexus_sandbox::{ErrorBody, ManualClock, Sandbox, codes, defaults};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Every code an error answer may carry (`codes::INTERNAL` is not one: it
/// would mean the sandbox failed to write an answer).
const ERROR_CODES: [u32; 9] = [
    codes::BAD_REQUEST,
    codes::API_TOKEN_INVALID,
    codes::SESSION_INVALID,
    codes::NOT_FOUND,
    codes::NOT_ACCEPTABLE,
    codes::PAYLOAD_TOO_LARGE,
    codes::UNSUPPORTED_MEDIA_TYPE,
    codes::UNPROCESSABLE,
    codes::NOT_IMPLEMENTED,
];
/// The routes the sandbox serves, with their methods: any other method and
/// path that passes the media-type checks is 501 or 404.
const ROUTES: [(&str, &str); 5] = [
    ("POST", "/sessions"),
    ("GET", "/jobs/{}"),
    ("GET", "/jobs/{}/mfa_credentials"),
    ("GET", "/jobs/{}/resume"),
    ("POST", "/members/{}/credentials"),
];
/// The one key of each success body: `POST /sessions`, readJob and
/// resumeJob, listJobMfaCredentials, createMemberCredentials.
const SUCCESS_KEYS: [&str; 4] = ["session", "job", "credentials", "member_credential"];
/// Strings a request sends that no answer may repeat start with this, so a
/// find cannot be a coincidence with the sandbox's own words.
const SENT: &str = "sent-";
/// One byte more than the sandbox reads (`defaults::BODY_LIMIT_BYTES`).
const TOO_LARGE: usize = defaults::BODY_LIMIT_BYTES + 1;

/// How a junk request names its session.
#[derive(Debug, Clone)]
enum Session {
    Missing,
    /// The session opened before the junk: junk with it reaches the routes.
    Live,
    Other(HeaderValue),
}

/// How a junk request frames its body (the in-process router sees the
/// headers as sent, so a lying or missing length is tried too).
#[derive(Debug, Clone)]
enum Length {
    Exact,
    Missing,
    Chunked,
    Other(HeaderValue),
}

#[derive(Debug, Clone)]
struct Junk {
    method: Method,
    uri: String,
    accept: Option<HeaderValue>,
    content_type: Option<HeaderValue>,
    session: Session,
    api_token: Option<HeaderValue>,
    length: Length,
    body: Vec<u8>,
    /// The strings of `body` (all starting with [`SENT`]).
    body_strings: Vec<String>,
}

impl Junk {
    fn request(&self, live_session: &str) -> Request<Body> {
        let mut request = Request::builder().method(self.method.clone()).uri(&self.uri);
        let session = match &self.session {
            Session::Missing => None,
            Session::Live => Some(HeaderValue::from_str(live_session).unwrap()),
            Session::Other(value) => Some(value.clone()),
        };
        let length = match &self.length {
            Length::Exact => Some(("content-length", HeaderValue::from(self.body.len()))),
            Length::Missing => None,
            Length::Chunked => Some(("transfer-encoding", HeaderValue::from_static("chunked"))),
            Length::Other(value) => Some(("content-length", value.clone())),
        };
        let headers = [
            self.accept.clone().map(|value| ("accept", value)),
            self.content_type.clone().map(|value| ("content-type", value)),
            session.map(|value| ("md-session-token", value)),
            self.api_token.clone().map(|value| ("md-api-token", value)),
            length,
        ];
        for (name, value) in headers.into_iter().flatten() {
            request = request.header(name, value);
        }
        request
            .body(Body::from(self.body.clone()))
            .expect("a request the router can take")
    }

    /// What the answer to this request must not repeat: its tokens and the
    /// strings of its body.
    fn sent_secrets(&self, live_session: &str) -> Vec<String> {
        let tokens = [
            match &self.session {
                Session::Live => Some(live_session.to_owned()),
                Session::Other(value) => Some(text_of(value)),
                Session::Missing => None,
            },
            self.api_token.as_ref().map(text_of),
        ];
        tokens
            .into_iter()
            .flatten()
            .chain(self.body_strings.iter().cloned())
            .collect()
    }
}

fn text_of(value: &HeaderValue) -> String {
    String::from_utf8_lossy(value.as_bytes()).into_owned()
}

/// A method and a URI: mostly one of the sandbox's routes, with its method
/// or another, and any path parameter (its guids, dot segments, empty ones,
/// percent escapes of any byte, non-UTF-8 included, very long ones, other
/// URI characters); else any segments; sometimes a query; sometimes not a
/// path at all.
fn target() -> impl Strategy<Value = (Method, String)> {
    let odd = vec![
        "",
        ".",
        "..",
        "%2e%2e",
        "%2F",
        "%00",
        "%FF%FE",
        "%C3%A9",
        "JOB-1%2Fresume",
        "%",
    ];
    let segment = prop_oneof![
        4 => select(vec![defaults::JOB_GUID, defaults::MEMBER_GUID, "JOB-2", "sessions", "jobs", "resume"]).prop_map(str::to_owned),
        2 => select(odd).prop_map(str::to_owned),
        1 => vec(any::<u8>(), 1..4).prop_map(|bytes| bytes.iter().map(|b| format!("%{b:02X}")).collect()),
        1 => "[A-Za-z0-9._~!$&'()*+,;=:@-]{1,12}",
        1 => (1..20_000usize).prop_map(|len| "a".repeat(len)),
    ];
    // Each route with its method and the parameter it knows.
    let routes: Vec<(Method, &str, &str)> = ROUTES
        .iter()
        .map(|&(method, route)| {
            let param = match route {
                "/sessions" => "",
                _ if route.starts_with("/jobs") => defaults::JOB_GUID,
                _ => defaults::MEMBER_GUID,
            };
            (Method::from_bytes(method.as_bytes()).unwrap(), route, param)
        })
        .collect();
    // Paths of Nexus (and MX's other APIs) the sandbox does not serve.
    let unserved = vec![
        "/users",
        "/users/USR-1/members/MBR-1/accounts",
        "/vc/users/USR-1/accounts/ACT-1/transactions",
        "/institutions/INS-1/credentials",
        "/jobs/JOB-1/credentials",
        "/members/MBR-1",
    ];
    let any_method = prop_oneof![
        select(vec![
            Method::GET,
            Method::POST,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS
        ]),
        "[A-Z]{1,12}".prop_map(|name| Method::from_bytes(name.as_bytes()).unwrap()),
    ];
    let other_method = prop_oneof![3 => Just(None), 1 => any_method.clone().prop_map(Some)];
    let other_param = prop_oneof![1 => Just(None), 1 => segment.clone().prop_map(Some)];
    let path = prop_oneof![
        4 => (select(routes), other_method, other_param).prop_map(|((method, route, param), other_method, other_param)| {
            let param = other_param.unwrap_or_else(|| param.to_owned());
            (other_method.unwrap_or(method), route.replace("{}", &param))
        }),
        1 => (any_method.clone(), vec(segment, 0..5)).prop_map(|(method, segments)| (method, format!("/{}", segments.join("/")))),
        1 => (any_method.clone(), select(unserved)).prop_map(|(method, path)| (method, path.to_owned())),
    ];
    let with_query =
        (path, proptest::option::of("[A-Za-z0-9=&]{0,12}")).prop_map(|((method, path), query)| match query {
            Some(query) => (method, format!("{path}?{query}")),
            None => (method, path),
        });
    let not_a_path = select(vec!["*", "http://sandbox.test/jobs/JOB-1", "http://sandbox.test"]).prop_map(str::to_owned);
    prop_oneof![
        12 => with_query,
        1 => (any_method, not_a_path),
    ]
}

/// Header bytes of any kind a header may hold, after `prefix`.
fn header_value(prefix: &'static str) -> impl Strategy<Value = HeaderValue> {
    let byte = prop_oneof![Just(b'\t'), 0x20..0x7fu8, 0x80..=0xffu8];
    vec(byte, 0..16).prop_map(move |bytes| HeaderValue::from_bytes(&[prefix.as_bytes(), &bytes].concat()).unwrap())
}

/// A media-type header: the vendor type most of the time, else a near
/// miss, garbage, or nothing.
fn media_header() -> impl Strategy<Value = Option<HeaderValue>> {
    let misses = vec![
        "*/*",
        "application/json",
        "text/plain",
        "application/vnd.mx.nexus.v1+json;q=0",
        "APPLICATION/VND.MX.NEXUS.V1+JSON; charset=utf-8",
        ",;=;,",
    ];
    prop_oneof![
        20 => Just(Some(HeaderValue::from_static(MEDIA_TYPE))),
        1 => select(misses).prop_map(|value| Some(HeaderValue::from_static(value))),
        1 => header_value("").prop_map(Some),
        1 => Just(None),
    ]
}

fn session() -> impl Strategy<Value = Session> {
    prop_oneof![
        6 => Just(Session::Live),
        1 => Just(Session::Missing),
        1 => Just(Session::Other(HeaderValue::from_static(""))),
        1 => header_value(SENT).prop_map(Session::Other),
    ]
}

fn api_token() -> impl Strategy<Value = Option<HeaderValue>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(HeaderValue::from_static(""))),
        4 => header_value(SENT).prop_map(Some),
    ]
}

fn length() -> impl Strategy<Value = Length> {
    let lies = vec!["0", "1", "-1", "abc", "99999999999999999999999"];
    prop_oneof![
        12 => Just(Length::Exact),
        1 => Just(Length::Missing),
        1 => Just(Length::Chunked),
        1 => select(lies).prop_map(|value| Length::Other(HeaderValue::from_static(value))),
    ]
}

/// A string a request sends: characters JSON escapes, past ASCII, and
/// plain ones, after [`SENT`].
fn sent_string() -> impl Strategy<Value = String> {
    let chars = vec!['"', '\\', '\n', '\u{1}', '/', '<', ' ', 'é', '😀', 'a', 'Z', '7'];
    vec(select(chars), 0..8).prop_map(|chars| format!("{SENT}{}", String::from_iter(chars)))
}

/// JSON whose every string is a sent one, under the keys the sandbox's
/// bodies use (`credential_guid` aside: a 422 names it back, as documented).
fn json_of_sent_strings() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        sent_string().prop_map(Value::String),
    ];
    let keys = vec!["member", "value", "metadata", "session", "skip_aggregation", "token"];
    leaf.prop_recursive(4, 24, 4, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((select(keys.clone()), inner), 0..4).prop_map(|entries| {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(key, value)| (key.to_owned(), value))
                        .collect(),
                )
            }),
        ]
    })
}

fn strings_of(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::String(text) => into.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| strings_of(item, into)),
        Value::Object(map) => map.values().for_each(|item| strings_of(item, into)),
        _ => {}
    }
}

/// A sent string where the documented shapes want something else: where a
/// parser's own message would quote it.
fn near_miss() -> impl Strategy<Value = Value> {
    let shapes: Vec<fn(Value) -> Value> = vec![
        |sent| sent,
        |sent| json!({ "member": sent }),
        |sent| json!({ "session": sent }),
        |sent| json!({"session": {"skip_aggregation": sent}}),
        |sent| json!({"member": {"value": sent}}),
        |sent| json!({"member": {"credential_guid": defaults::QUESTION_1_GUID, "value": [sent]}}),
    ];
    (select(shapes), sent_string()).prop_map(|(shape, sent)| shape(Value::String(sent)))
}

/// A body and the strings it sends: none, random bytes, JSON nested past
/// any parser's limit, numbers past any type, the documented shape with
/// a (wrong) answer, near misses, other shapes, or one byte over the limit.
fn body() -> impl Strategy<Value = (Vec<u8>, Vec<String>)> {
    let huge_numbers = vec![
        r#"{"member": {"credential_guid": 1e99999, "value": 123456789012345678901234567890}}"#,
        r#"{"session": {"skip_aggregation": -1e400}}"#,
        "184467440737095516160000",
    ];
    let guids = vec![defaults::QUESTION_1_GUID, defaults::QUESTION_2_GUID, "CRD-9", ""];
    prop_oneof![
        2 => Just((Vec::new(), Vec::new())),
        2 => vec(any::<u8>(), 1..512).prop_map(|bytes| (bytes, Vec::new())),
        1 => (1..5000usize, select(vec!["[", r#"{"member":"#])).prop_map(|(depth, open)| (open.repeat(depth).into_bytes(), Vec::new())),
        1 => select(huge_numbers).prop_map(|text| (text.as_bytes().to_vec(), Vec::new())),
        3 => (select(guids), sent_string(), proptest::option::of(sent_string())).prop_map(|(guid, value, metadata)| {
            let mut member = json!({"credential_guid": guid, "value": value});
            if let Some(metadata) = &metadata {
                member["metadata"] = json!(metadata);
            }
            (json!({ "member": member }).to_string().into_bytes(), [Some(value), metadata].into_iter().flatten().collect())
        }),
        3 => prop_oneof![near_miss(), json_of_sent_strings()].prop_map(|json| {
            let mut strings = Vec::new();
            strings_of(&json, &mut strings);
            (json.to_string().into_bytes(), strings)
        }),
        1 => Just((vec![b' '; TOO_LARGE], Vec::new())),
    ]
}

fn junk() -> impl Strategy<Value = Junk> {
    (
        (target(), media_header(), media_header()),
        (session(), api_token(), length(), body()),
    )
        .prop_map(
            |(((method, uri), accept, content_type), (session, api_token, length, (body, body_strings)))| Junk {
                method,
                uri,
                accept,
                content_type,
                session,
                api_token,
                length,
                body,
                body_strings,
            },
        )
}

/// A body sent the documented way (headers, live session, fresh API token)
/// to a route that reads one: most bodies reach the parsers this way.
fn documented_post() -> impl Strategy<Value = Junk> {
    let paths = vec![
        "/sessions".to_owned(),
        format!("/members/{}/credentials", defaults::MEMBER_GUID),
    ];
    (select(paths), header_value(SENT), body()).prop_map(|(uri, api_token, (body, body_strings))| Junk {
        method: Method::POST,
        uri,
        accept: Some(HeaderValue::from_static(MEDIA_TYPE)),
        content_type: Some(HeaderValue::from_static(MEDIA_TYPE)),
        session: Session::Live,
        api_token: Some(api_token),
        length: Length::Exact,
        body,
        body_strings,
    })
}

/// The answer the router gives a request with this method and URI that no
/// route takes, or `None` when a route takes it (HEAD goes where GET does; a
/// parameter may be empty, `/jobs//resume`, and the route answers it):
/// 501 (code 5010) on a Nexus-shaped path (`/`, a lowercase resource name,
/// no empty segment), 404 (code 4040) elsewhere.
fn unserved_answer(method: &Method, uri: &str) -> Option<(StatusCode, u32)> {
    let uri: axum::http::Uri = uri.parse().ok()?;
    let path = uri.path();
    let segments: Vec<&str> = path.split('/').collect();
    let routed = ROUTES.iter().any(|&(route_method, route)| {
        let same_method = method.as_str() == route_method || (*method == Method::HEAD && route_method == "GET");
        let route: Vec<&str> = route.split('/').collect();
        same_method
            && route.len() == segments.len()
            && route
                .iter()
                .zip(&segments)
                .all(|(part, segment)| *part == "{}" || part == segment)
    });
    if routed {
        return None;
    }
    let rest = path.strip_prefix('/').unwrap_or("");
    let resource = rest.split('/').next().unwrap_or_default();
    let nexus_shaped = path.starts_with('/')
        && resource.starts_with(|c: char| c.is_ascii_lowercase())
        && resource
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && rest.split('/').all(|segment| !segment.is_empty());
    Some(if nexus_shaped {
        (StatusCode::NOT_IMPLEMENTED, codes::NOT_IMPLEMENTED)
    } else {
        (StatusCode::NOT_FOUND, codes::NOT_FOUND)
    })
}

/// The router runs on a runtime of its own per case.
fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
        .block_on(future)
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, Option<HeaderValue>, Vec<u8>) {
    let response = app.clone().oneshot(request).await.expect("the router never fails");
    let status = response.status();
    let content_type = response.headers().get("content-type").cloned();
    let body = to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a readable body");
    (status, content_type, body.to_vec())
}

/// A request sent the documented way.
fn documented(method: Method, path: &str, header: (&str, &str), body: Option<Value>) -> Request<Body> {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("accept", MEDIA_TYPE)
        .header(header.0, header.1);
    match body {
        Some(body) => request
            .header("content-type", MEDIA_TYPE)
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap()
}

/// The body of a 200 answer to a documented request.
async fn ok(app: &Router, request: Request<Body>) -> Result<Value, TestCaseError> {
    let (status, _, body) = send(app, request).await;
    prop_assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    Ok(serde_json::from_slice(&body).expect("JSON"))
}

async fn open_session(app: &Router, api_token: &str) -> Result<String, TestCaseError> {
    let opened = ok(
        app,
        documented(Method::POST, "/sessions", ("md-api-token", api_token), None),
    )
    .await?;
    Ok(opened["session"]["token"].as_str().expect("a token").to_owned())
}

/// What every answer to `junk` must be.
fn check_answer(
    junk: &Junk,
    live_session: &str,
    answer: &(StatusCode, Option<HeaderValue>, Vec<u8>),
) -> Result<(), TestCaseError> {
    let (status, content_type, body) = answer;
    prop_assert_eq!(
        content_type.as_ref().and_then(|value| value.to_str().ok()),
        Some(MEDIA_TYPE)
    );
    // Past the media-type checks (406, 415, first for every request), a
    // request no route takes is 501 or 404, and one a route takes never 501.
    let unserved = unserved_answer(&junk.method, &junk.uri);
    let media_refused = matches!(*status, StatusCode::NOT_ACCEPTABLE | StatusCode::UNSUPPORTED_MEDIA_TYPE);
    match unserved {
        Some((expected, _)) if !media_refused => prop_assert_eq!(*status, expected, "{:?}", junk.uri),
        None => prop_assert_ne!(*status, StatusCode::NOT_IMPLEMENTED, "{:?}", junk.uri),
        Some(_) => {}
    }
    if junk.method == Method::HEAD {
        // An answer to HEAD has no body; its head alone says what happened.
        prop_assert!(body.is_empty());
        prop_assert!(
            *status == StatusCode::OK || status.is_client_error() || *status == StatusCode::NOT_IMPLEMENTED,
            "{status}"
        );
        return Ok(());
    }
    if *status == StatusCode::OK {
        let json: Value = serde_json::from_slice(body).expect("a JSON success body");
        let keys: Vec<&str> = json
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        prop_assert!(keys.len() == 1 && SUCCESS_KEYS.contains(&keys[0]), "{json}");
        return Ok(());
    }
    let error: ErrorBody = serde_json::from_slice(body).expect("the error shape");
    prop_assert!(ERROR_CODES.contains(&error.error.code), "{status} {error:?}");
    if let Some((_, code)) = unserved.filter(|_| !media_refused) {
        prop_assert_eq!(error.error.code, code);
        if code == codes::NOT_IMPLEMENTED {
            prop_assert!(
                error.error.message.starts_with("the sandbox does not serve "),
                "{error:?}"
            );
        }
    }
    // The code's first three digits are the status.
    prop_assert_eq!(u32::from(status.as_u16()), error.error.code / 10);
    prop_assert!(!error.error.message.is_empty());
    let text = String::from_utf8_lossy(body);
    for sent in junk.sent_secrets(live_session).iter().filter(|sent| !sent.is_empty()) {
        let escaped = serde_json::to_string(sent).unwrap();
        prop_assert!(!error.error.message.contains(sent.as_str()), "{sent:?} in {error:?}");
        prop_assert!(!text.contains(&escaped[1..escaped.len() - 1]), "{sent:?} in {text}");
    }
    Ok(())
}

/// The legacy MFA flow of the default job, as a client follows it: read
/// until CHALLENGED, list the questions, answer them (on a session opened
/// now), resume, read: COMPLETED. Junk can move the job up to CHALLENGED
/// and store wrong answers, never the right ones, so the flow must end
/// the same way whatever came before.
async fn documented_flow(app: &Router, live_session: &str) -> Result<(), TestCaseError> {
    let session = ("md-session-token", live_session);
    let job_path = format!("/jobs/{}", defaults::JOB_GUID);
    let mut status = String::new();
    for _ in 0..3 {
        let read = ok(app, documented(Method::GET, &job_path, session, None)).await?;
        status = read["job"]["status_name"].as_str().unwrap_or_default().to_owned();
        if status == "CHALLENGED" {
            break;
        }
    }
    prop_assert_eq!(status.as_str(), "CHALLENGED");

    let new_session = open_session(app, "flow-api-token").await?;
    let new_session = ("md-session-token", new_session.as_str());
    let listed = ok(
        app,
        documented(Method::GET, &format!("{job_path}/mfa_credentials"), new_session, None),
    )
    .await?;
    let asked: Vec<&str> = listed["credentials"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|credential| credential["guid"].as_str())
        .collect();
    prop_assert_eq!(asked, [defaults::QUESTION_1_GUID, defaults::QUESTION_2_GUID]);
    for (guid, answer) in [
        (defaults::QUESTION_1_GUID, defaults::QUESTION_1_ANSWER),
        (defaults::QUESTION_2_GUID, defaults::QUESTION_2_ANSWER),
    ] {
        let body = json!({"member": {"credential_guid": guid, "value": answer}});
        let path = format!("/members/{}/credentials", defaults::MEMBER_GUID);
        ok(app, documented(Method::POST, &path, new_session, Some(body))).await?;
    }
    let resumed = ok(
        app,
        documented(Method::GET, &format!("{job_path}/resume"), session, None),
    )
    .await?;
    prop_assert_eq!(&resumed["job"]["status_name"], "REQUESTED");
    let read = ok(app, documented(Method::GET, &job_path, session, None)).await?;
    prop_assert_eq!(&read["job"]["status_name"], "COMPLETED");
    Ok(())
}

/// Sends `junk` to a new sandbox, checking each answer, then follows the
/// documented flow.
fn check_junk_then_flow(junk: &[Junk]) -> Result<(), TestCaseError> {
    block_on(async {
        let app = Sandbox::builder().clock(ManualClock::new()).into_router();
        let live_session = open_session(&app, "setup-api-token").await?;
        for junk in junk {
            let answer = send(&app, junk.request(&live_session)).await;
            check_answer(junk, &live_session, &answer)?;
        }
        documented_flow(&app, &live_session).await
    })
}

proptest! {
    // Bounded for CI (together about a second in a debug build); no
    // regression files: a failure prints its minimal input.
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any requests: no panic, a status a client can act on (200, a
    /// documented 4xx, or 501 for what the sandbox does not serve; never a
    /// 500), the documented answer to a request no route takes, MX's media
    /// type on every answer, the
    /// error shape with a code matching the status on every failure, no
    /// token or body string repeated in an error; then the documented flow
    /// still works, on the session opened before them and on a new one.
    #[test]
    fn any_requests_get_answers_a_client_can_act_on_and_leave_the_flow_working(junk in vec(junk(), 1..8)) {
        check_junk_then_flow(&junk)?;
    }

    /// The same for any body sent the documented way to the routes that
    /// read one, where it reaches the JSON parsers.
    #[test]
    fn any_documented_post_gets_an_answer_a_client_can_act_on_and_leaves_the_flow_working(
        junk in vec(documented_post(), 1..8),
    ) {
        check_junk_then_flow(&junk)?;
    }
}
