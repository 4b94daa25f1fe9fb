//! The response being built (§5); the host sends it when `handle` returns, or at [`flush`].

use crate::{check, sys, Result};

/// Sets the status, 200 to 599 (§5.1).
pub fn set_status(status: u16) -> Result<()> {
    check(unsafe { sys::resp_set_status(status as i32) }).map(|_| ())
}

/// Sets a header, replacing its earlier values (§5.2).
pub fn set_header(name: &str, value: &str) -> Result<()> {
    check(unsafe { sys::resp_set_header(name.as_ptr(), name.len() as i32, value.as_ptr(), value.len() as i32) }).map(|_| ())
}

/// Adds a header line, keeping earlier values, as for several `set-cookie` (§5.3).
pub fn add_header(name: &str, value: &str) -> Result<()> {
    check(unsafe { sys::resp_add_header(name.as_ptr(), name.len() as i32, value.as_ptr(), value.len() as i32) }).map(|_| ())
}

/// Appends bytes to the body (§5.4).
pub fn write(bytes: &[u8]) -> Result<usize> {
    check(unsafe { sys::resp_write(bytes.as_ptr(), bytes.len() as i32) })
}

/// Sends the status, the headers and the body so far to the client now (§5.6): later writes
/// go out as they are written, the head can no longer change (`InvalidArgument`), and a
/// failure after it cuts the response instead of replacing it.
pub fn flush() -> Result<()> {
    check(unsafe { sys::resp_flush() }).map(|_| ())
}

/// Status, content type and body in one call, for the common case.
pub fn send(status: u16, content_type: &str, body: &[u8]) -> Result<()> {
    set_status(status)?;
    set_header("content-type", content_type)?;
    write(body).map(|_| ())
}
