//! rate-limit: at most `limit` requests per client in each window of `window-seconds`, counted
//! exactly with `kv_incr` however many instances and hosts serve the function. A request over
//! the limit gets 429 with `retry-after`, the seconds until the window ends.
//!
//! The client is the `x-client-id` header, else the first address of `x-forwarded-for`, else
//! `anonymous`. Every answer carries `x-ratelimit-limit` and `x-ratelimit-remaining`.

use edge::{kv, request, response, Level};

const DEFAULT_LIMIT: i64 = 5;
const DEFAULT_WINDOW_SECONDS: i64 = 60;

fn setting(key: &str, default: i64) -> i64 {
    edge::config(key).and_then(|value| value.parse().ok()).filter(|value: &i64| *value > 0).unwrap_or(default)
}

fn client() -> String {
    if let Ok(Some(id)) = request::header("x-client-id") {
        return id;
    }
    if let Ok(Some(forwarded)) = request::header("x-forwarded-for") {
        if let Some(first) = forwarded.split(',').next() {
            return first.trim().to_string();
        }
    }
    "anonymous".to_string()
}

fn rate_limit() {
    let limit = setting("limit", DEFAULT_LIMIT);
    let window = setting("window-seconds", DEFAULT_WINDOW_SECONDS);
    let now = edge::now_ms() / 1000;
    let slot = now / window;
    let key = format!("rate:{}:{}", client(), slot);
    // The counter outlives its window by one more, so a late request still finds it.
    let count = match kv::incr(key.as_bytes(), 1, (2 * window) as u32) {
        Ok(count) => count,
        Err(error) => {
            edge::log(Level::Error, &format!("rate-limit: counter unavailable: {}", error));
            let _ = response::send(503, "text/plain", b"rate limiter unavailable\n");
            return;
        }
    };
    let _ = response::set_header("x-ratelimit-limit", &limit.to_string());
    let _ = response::set_header("x-ratelimit-remaining", &(limit - count).max(0).to_string());
    if count > limit {
        let _ = response::set_header("retry-after", &((slot + 1) * window - now).to_string());
        let _ = response::send(429, "text/plain", b"rate limit exceeded\n");
    } else {
        let _ = response::send(200, "text/plain", format!("ok: request {} of {}\n", count, limit).as_bytes());
    }
}

edge::entry!(rate_limit);
