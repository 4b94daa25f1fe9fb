//! The request being handled (§4).

use crate::{check, read_value, sys, text, Result};

/// The method, such as `GET` (§4.1).
pub fn method() -> Result<String> {
    read_value(|buf, cap| unsafe { sys::req_method(buf, cap) }).map(text)
}

/// The absolute URL as sent, with path and query (§4.2).
pub fn url() -> Result<String> {
    read_value(|buf, cap| unsafe { sys::req_url(buf, cap) }).map(text)
}

/// The path of the URL, without the query.
pub fn path() -> Result<String> {
    let url = url()?;
    let after_scheme = url.find("://").map(|at| at + 3).unwrap_or(0);
    let path = url[after_scheme..].find('/').map(|at| &url[after_scheme + at..]).unwrap_or("/");
    Ok(path.split('?').next().unwrap_or("/").to_string())
}

/// A header's value, several lines joined with `", "`, or `None` (§4.3).
pub fn header(name: &str) -> Result<Option<String>> {
    crate::read_optional(|buf, cap| unsafe { sys::req_header(name.as_ptr(), name.len() as i32, buf, cap) }).map(|value| value.map(text))
}

/// Every header line as (lower-case name, value), in the order received (§4.4).
pub fn headers() -> Result<Vec<(String, String)>> {
    read_value(|buf, cap| unsafe { sys::req_headers(buf, cap) }).map(|block| parse_header_block(&text(block)))
}

/// The whole body (§4.5).
pub fn body() -> Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut chunk = vec![0u8; 16384];
    loop {
        let read = check(unsafe { sys::req_body_read(chunk.as_mut_ptr(), chunk.len() as i32) })?;
        if read == 0 {
            return Ok(body);
        }
        body.extend_from_slice(&chunk[..read]);
    }
}

/// Splits a block of `name: value\n` lines (§4.4, §12.4).
pub(crate) fn parse_header_block(block: &str) -> Vec<(String, String)> {
    block
        .lines()
        .filter_map(|line| line.split_once(": ").map(|(name, value)| (name.to_string(), value.to_string())))
        .collect()
}
