//! A server that misbehaves on purpose, on a loopback address: it reads each
//! request, records it, and answers with raw bytes from a script (a cut-off
//! body, a stall, a huge head, a redirect, nothing). Bounded: it accepts at
//! most `MAX_CONNECTIONS` and stops by itself after `LIFETIME`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MAX_CONNECTIONS: usize = 16;
const LIFETIME: Duration = Duration::from_secs(20);

/// What the server does with one connection, after reading the request.
#[derive(Clone)]
pub enum Reply {
    /// Writes these bytes and closes the connection.
    Bytes(Vec<u8>),
    /// Writes these bytes, then holds the connection open this long.
    Stall(Vec<u8>, Duration),
    /// Closes the connection without a byte of answer.
    Close,
}

impl Reply {
    /// A whole HTTP/1.1 answer with `status` (e.g. `"302 Found"`), extra
    /// header lines and a body.
    pub fn http(status: &str, headers: &[&str], body: &str) -> Reply {
        Reply::Bytes(
            answer_head(status, headers, body.len())
                .into_iter()
                .chain(body.bytes())
                .collect(),
        )
    }
}

/// The head of an answer announcing `content_length` bytes of body.
pub fn answer_head(status: &str, headers: &[&str], content_length: usize) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status}\r\ncontent-length: {content_length}\r\nconnection: close\r\n");
    for header in headers {
        head.push_str(header);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    head.into_bytes()
}

pub struct FaultServer {
    pub base_url: String,
    pub port: u16,
    requests: Arc<Mutex<Vec<String>>>,
}

impl FaultServer {
    /// Listens on `ip` (a loopback address such as `127.0.0.1` or
    /// `127.0.0.2`); the n-th connection gets `replies[n]` (the last one
    /// again when there are more connections than replies).
    pub fn start(ip: &str, replies: Vec<Reply>) -> FaultServer {
        assert!(ip.starts_with("127."), "fault servers listen on loopback only");
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback port");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&requests);
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut served = 0;
            while served < MAX_CONNECTIONS && started.elapsed() < LIFETIME {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let reply = replies[served.min(replies.len() - 1)].clone();
                        served += 1;
                        let recorded = Arc::clone(&recorded);
                        std::thread::spawn(move || serve(stream, reply, &recorded));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        FaultServer {
            base_url: format!("http://{ip}:{port}"),
            port,
            requests,
        }
    }

    /// Every request received so far, as text (head and body).
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(mut stream: TcpStream, reply: Reply, recorded: &Mutex<Vec<String>>) {
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let request = read_request(&mut stream);
    recorded
        .lock()
        .unwrap()
        .push(String::from_utf8_lossy(&request).into_owned());
    match reply {
        Reply::Bytes(bytes) => {
            let _ = stream.write_all(&bytes);
        }
        Reply::Stall(bytes, hold) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
            std::thread::sleep(hold);
        }
        Reply::Close => {}
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// The request's head and, when it announces one, its body (bounded).
fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    while request.len() < 1 << 20 {
        let Ok(n) = stream.read(&mut buffer) else { break };
        if n == 0 {
            break;
        }
        request.extend_from_slice(&buffer[..n]);
        if request[0] == 0x16 {
            break; // a TLS ClientHello: this server answers it with plain bytes at once
        }
        if let Some(end) = find(&request, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                break;
            }
        }
    }
    request
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
