//! rust-cgi: a CGI program (RFC 3875) that uses nothing but Rust's standard library. It answers
//! with a plain-text report of everything it was given: its arguments, every environment
//! variable (the CGI meta-variables and the function's config entries, sorted by name) and the
//! request body. Its header block ends its lines with CR LF, the other form RFC 3875 allows.
//!
//!   ?status=201    answer with that status instead of 200
//!   ?panic=1       panic; built with panic=abort, the panic message goes to stderr and the
//!                  module traps, which the host must answer with 500
//!
//! The request body is read from stdin to its end, as a CGI program must.

use std::collections::BTreeMap;
use std::env;
use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::process;

fn lossy(s: OsString) -> String {
    s.to_string_lossy().into_owned()
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes %XX and '+' (application/x-www-form-urlencoded).
fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (bytes.get(i + 1).and_then(|&b| hex_digit(b)), bytes.get(i + 2).and_then(|&b| hex_digit(b))) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded value of the first query parameter called `name`.
fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| url_decode(value))
    })
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        418 => "I'm a teapot",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

fn main() {
    let args: Vec<String> = env::args_os().map(lossy).collect();
    // vars_os, not vars: a header value need not be UTF-8, and vars() would panic on it.
    let vars: BTreeMap<String, String> = env::vars_os().map(|(k, v)| (lossy(k), lossy(v))).collect();
    let mut body = Vec::new();
    if let Err(e) = io::stdin().read_to_end(&mut body) {
        eprintln!("rust-cgi: cannot read the request body: {}", e);
        process::exit(1);
    }

    let query = vars.get("QUERY_STRING").map(String::as_str).unwrap_or("");
    if query_param(query, "panic").is_some() {
        panic!("panic asked for by the query string");
    }
    let status = match query_param(query, "status").map(|s| s.parse::<u16>()) {
        None => 200,
        Some(Ok(code)) if (100..=599).contains(&code) => code,
        Some(_) => {
            print!("Status: 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nstatus must be a number from 100 to 599\n");
            return;
        }
    };

    let mut out = String::new();
    let var = |name: &str| vars.get(name).map(String::as_str).unwrap_or("");
    out.push_str(&format!("rust-cgi: {} {}{}\n", var("REQUEST_METHOD"), var("SCRIPT_NAME"), var("PATH_INFO")));
    out.push_str("\narguments:\n");
    for (i, arg) in args.iter().enumerate() {
        out.push_str(&format!("  {}: {}\n", i, arg));
    }
    out.push_str("\nenvironment:\n");
    for (name, value) in &vars {
        out.push_str(&format!("  {}={}\n", name, value));
    }
    let lines = body.split(|&b| b == b'\n').filter(|line| !line.is_empty()).count();
    out.push_str(&format!("\nbody: {} bytes, {} non-empty lines\n", body.len(), lines));
    out.push_str(&String::from_utf8_lossy(&body));

    let stdout = io::stdout();
    let mut stdout = stdout.lock();
    let written = write!(
        stdout,
        "Status: {} {}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Body-Bytes: {}\r\n\r\n{}",
        status,
        reason_phrase(status),
        body.len(),
        out
    )
    .and_then(|_| stdout.flush());
    if let Err(e) = written {
        eprintln!("rust-cgi: cannot write the response: {}", e);
        process::exit(1);
    }
}
