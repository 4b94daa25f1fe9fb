//! api-gateway: routes by path to two origins and merges their JSON.
//!
//! Below the function's own path segment:
//! - `/users/...` goes to the origin in config `users-origin`, `/orders/...` to `orders-origin`,
//!   with the method, query, headers and body of the request; the origin's status, headers and
//!   body come back as they are.
//! - `/summary/ID` fetches `/users/ID` and `/orders?user=ID` from the two origins at once and answers
//!   `{"user": ..., "orders": ...}` with both documents inside; 502 if either origin fails or
//!   answers anything but 200 with a JSON document.
//! - anything else is 404 with a JSON error.

use edge::{fetch, request, response, Level};

/// Headers the host sets itself on both sides (ABI §5.5, §12.1), never copied.
const HOST_OWNED: [&str; 12] = [
    "host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "expect",
    "x-request-id", "traceparent", "server-timing",
];

fn gateway() {
    let path = match request::url() {
        Ok(url) => below_function(&url),
        Err(_) => return error(400, "the request URL cannot be read"),
    };
    let (route, rest) = match path.trim_start_matches('/').split_once('/') {
        Some((route, rest)) => (route.to_string(), format!("/{}", rest)),
        None => (path.trim_start_matches('/').to_string(), "/".to_string()),
    };
    match route.as_str() {
        "users" => proxy("users-origin", &format!("/users{}", rest)),
        "orders" => proxy("orders-origin", &format!("/orders{}", rest)),
        "summary" => summary(rest.trim_start_matches('/')),
        _ => error(404, "no route"),
    }
}

/// The path and query after the first segment, which names the function.
fn below_function(url: &str) -> String {
    let after_scheme = url.find("://").map(|at| at + 3).unwrap_or(0);
    let path = url[after_scheme..].find('/').map(|at| &url[after_scheme + at..]).unwrap_or("/");
    match path[1..].find(|c| c == '/' || c == '?') {
        Some(at) => path[1 + at..].to_string(),
        None => "/".to_string(),
    }
}

fn origin(key: &str) -> Option<String> {
    edge::config(key).map(|origin| origin.trim_end_matches('/').to_string())
}

fn proxy(origin_key: &str, path_and_query: &str) {
    let origin = match origin(origin_key) {
        Some(origin) => origin,
        None => return error(500, &format!("config {} is not set", origin_key)),
    };
    let method = request::method().unwrap_or_else(|_| "GET".to_string());
    let headers = request::headers()
        .unwrap_or_default()
        .into_iter()
        .filter(|(name, _)| !HOST_OWNED.contains(&name.as_str()))
        .collect();
    let body = request::body().unwrap_or_default();
    let url = format!("{}{}", origin, path_and_query);
    let upstream = match fetch::send(&fetch::Request { method: &method, url: &url, headers, body: &body }) {
        Ok(upstream) => upstream,
        Err(failure) => {
            edge::log(Level::Warn, &format!("api-gateway: {} failed: {}", url, failure));
            return error(502, "the origin could not be reached");
        }
    };
    let (status, headers, body) = match (upstream.status(), upstream.headers(), upstream.body()) {
        (Ok(status), Ok(headers), Ok(body)) => (status, headers, body),
        _ => return error(502, "the origin's response could not be read"),
    };
    let _ = response::set_status(status);
    for (name, value) in headers.iter().filter(|(name, _)| !HOST_OWNED.contains(&name.as_str())) {
        let _ = response::add_header(name, value);
    }
    let _ = response::write(&body);
}

fn summary(id: &str) {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return error(400, "the summary needs an id of letters, digits and -");
    }
    let (users, orders) = match (origin("users-origin"), origin("orders-origin")) {
        (Some(users), Some(orders)) => (users, orders),
        _ => return error(500, "config users-origin and orders-origin must be set"),
    };
    // Both origins are asked at once: the summary takes as long as the slower of them.
    let user_url = format!("{}/users/{}", users, id);
    let orders_url = format!("{}/orders?user={}", orders, id);
    let mut answers = fetch::all(&[fetch::Request::get(&user_url), fetch::Request::get(&orders_url)]).into_iter().map(json_document);
    match (answers.next().flatten(), answers.next().flatten()) {
        (Some(user), Some(user_orders)) => {
            let merged = format!("{{\"user\":{},\"orders\":{}}}", user, user_orders);
            let _ = response::send(200, "application/json", merged.as_bytes());
        }
        _ => error(502, "an origin did not answer with a JSON document"),
    }
}

/// The body of a 200 answer that is a JSON object or array, trimmed; `None` otherwise.
fn json_document(answer: edge::Result<fetch::Response>) -> Option<String> {
    let upstream = answer.ok()?;
    if upstream.status().ok()? != 200 {
        return None;
    }
    let body = String::from_utf8(upstream.body().ok()?).ok()?;
    let document = body.trim();
    let balanced = (document.starts_with('{') && document.ends_with('}')) || (document.starts_with('[') && document.ends_with(']'));
    balanced.then(|| document.to_string())
}

fn error(status: u16, message: &str) {
    let body = format!("{{\"error\":\"{}\"}}", message.replace('\\', "\\\\").replace('"', "\\\""));
    let _ = response::send(status, "application/json", body.as_bytes());
}

edge::entry!(gateway);
