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

/// The shape shared by `fetch` and `fetch_start`: method, URL, header block and body, each a
/// pointer and a length; the answer is a handle or a negative error.
type Issue = unsafe extern "C" fn(*const u8, i32, *const u8, i32, *const u8, i32, *const u8, i32) -> i32;

/// Sends the request and waits for the whole response (§12.1).
pub fn send(request: &Request) -> Result<Response> {
    issue(request, sys::fetch)
}

/// Starts the request and returns its response at once, while it runs (§12.7); the response's
/// methods wait for it. Errors are the refusals of [`send`] (-2, -3, -4).
pub fn start(request: &Request) -> Result<Response> {
    issue(request, sys::fetch_start)
}

fn issue(request: &Request, call: Issue) -> Result<Response> {
    let headers: String = request.headers.iter().map(|(name, value)| format!("{}: {}\n", name, value)).collect();
    let handle = check(unsafe {
        call(
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

/// The index of the first of `responses` that is ready or failed, or `None` when `timeout_ms`
/// passes first (§12.9).
pub fn wait_any(responses: &[&Response], timeout_ms: i32) -> Result<Option<usize>> {
    let handles: Vec<i32> = responses.iter().map(|response| response.handle).collect();
    let index = unsafe { sys::fetch_wait_any(handles.as_ptr(), handles.len() as i32, timeout_ms) };
    if index == -1 {
        return Ok(None);
    }
    check(index).map(Some)
}

/// Join: starts every request at once, then waits until each is in, so it takes as long as the
/// slowest request rather than the sum of them. Each result is in the order of `requests`.
pub fn all(requests: &[Request]) -> Vec<Result<Response>> {
    let mut started: Vec<Result<Response>> = requests.iter().map(start).collect();
    let mut pending: Vec<usize> = (0..started.len()).filter(|&at| started[at].is_ok()).collect();
    while !pending.is_empty() {
        let ready = {
            let waiting: Vec<&Response> = pending.iter().map(|&at| started[at].as_ref().ok().unwrap()).collect();
            wait_any(&waiting, i32::MAX)
        };
        match ready {
            Ok(Some(index)) => {
                let at = pending.swap_remove(index);
                if let Err(failure) = started[at].as_ref().map(Response::wait).unwrap_or(Ok(())) {
                    started[at] = Err(failure);
                }
            }
            _ => break,
        }
    }
    started
}

impl Response {
    /// Waits until the status and headers are in (§12.8).
    pub fn wait(&self) -> Result<()> {
        check(unsafe { sys::fetch_wait(self.handle) }).map(|_| ())
    }

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
