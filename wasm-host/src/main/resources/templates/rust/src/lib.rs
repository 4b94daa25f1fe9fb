//! ${name}: an edge function in Rust. Answers JSON with a greeting (the configuration entry
//! `greeting`, default "Hello") and the path it was asked for, and logs each request.
//!
//! Build: ./build.sh        Serve while editing: edge-host dev ${name}.wasm        Test: mvn test
//! The SDK is the `edge` crate in sdk/ (docs/sdk/rust.md in edge-host).

use edge::{request, response, Level};

/// Text as the inside of a JSON string.
fn json_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => escaped.push_str("\\\""),
            '\\' => escaped.push_str("\\\\"),
            c if (c as u32) < 0x20 => escaped.push_str(&format!("\\u{:04x}", c as u32)),
            c => escaped.push(c),
        }
    }
    escaped
}

fn respond() {
    let greeting = edge::config("greeting").unwrap_or_else(|| "Hello".to_string());
    let (method, path) = match (request::method(), request::path()) {
        (Ok(method), Ok(path)) => (method, path),
        _ => {
            let _ = response::send(500, "text/plain", b"cannot read the request\n");
            return;
        }
    };
    edge::log(Level::Info, &format!("${name}: {} {}", method, path));
    let body = format!(
        "{{\"greeting\":\"{} from ${name}\",\"path\":\"{}\"}}",
        json_escape(&greeting),
        json_escape(&path)
    );
    let _ = response::send(200, "application/json", body.as_bytes());
}

edge::entry!(respond);
