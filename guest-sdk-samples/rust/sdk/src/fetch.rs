//! Outbound HTTP requests to the origins the function may reach (§12).

use crate::{check, read_optional, read_value, request::parse_header_block, sys, text, Result};

/// A request to send with [`send`].
pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
}

impl<'a> Request<'a> {
    /// A GET of the URL, without headers.
    pub fn get(url: &'a str) -> Request<'a> {
        Request { method: "GET", url, headers: Vec::new(), body: &[] }
    }
}

/// A complete response, released when dropped (§12.6).
pub struct Response {
    handle: i32,
}

/// Sends the request and waits for the whole response (§12.1).
pub fn send(request: &Request) -> Result<Response> {
    let headers: String = request.headers.iter().map(|(name, value)| format!("{}: {}\n", name, value)).collect();
    let handle = check(unsafe {
        sys::fetch(
            request.method.as_ptr(),
            request.method.len() as i32,
            request.url.as_ptr(),
            request.url.len() as i32,
            headers.as_ptr(),
            headers.len() as i32,
            request.body.as_ptr(),
            request.body.len() as i32,
        )
    })?;
    Ok(Response { handle: handle as i32 })
}

impl Response {
    /// The status code (§12.2).
    pub fn status(&self) -> Result<u16> {
        check(unsafe { sys::fetch_status(self.handle) }).map(|status| status as u16)
    }

    /// A header's value, several lines joined with `", "`, or `None` (§12.3).
    pub fn header(&self, name: &str) -> Result<Option<String>> {
        read_optional(|buf, cap| unsafe { sys::fetch_header(self.handle, name.as_ptr(), name.len() as i32, buf, cap) })
            .map(|value| value.map(text))
    }

    /// Every header line as (lower-case name, value) (§12.4).
    pub fn headers(&self) -> Result<Vec<(String, String)>> {
        read_value(|buf, cap| unsafe { sys::fetch_headers(self.handle, buf, cap) }).map(|block| parse_header_block(&text(block)))
    }

    /// The whole body (§12.5).
    pub fn body(&self) -> Result<Vec<u8>> {
        let mut body = Vec::new();
        let mut chunk = vec![0u8; 16384];
        loop {
            let read = check(unsafe { sys::fetch_body_read(self.handle, chunk.as_mut_ptr(), chunk.len() as i32) })?;
            if read == 0 {
                return Ok(body);
            }
            body.extend_from_slice(&chunk[..read]);
        }
    }
}

impl Drop for Response {
    fn drop(&mut self) {
        unsafe {
            sys::fetch_close(self.handle);
        }
    }
}
