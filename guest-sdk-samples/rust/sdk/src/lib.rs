//! Guest SDK for ABI v1 of the edge host (`abi/SPEC.md`): the request, the response, the
//! key-value store, outbound fetch, configuration, logging, time, randomness and crypto, as
//! safe Rust over the host's imports. Every call that can fail returns [`Result`]; values of
//! unknown length are read with the spec's buffer-retry convention (§3.2) into a `Vec`.
//!
//! A guest is a `cdylib` built for `wasm32-unknown-unknown` that names its handler with
//! [`entry!`]:
//!
//! ```ignore
//! fn hello() {
//!     edge::response::set_header("content-type", "text/plain").unwrap();
//!     edge::response::write(b"Hello from Rust!\n").unwrap();
//! }
//! edge::entry!(hello);
//! ```

mod sys;

pub mod crypto;
pub mod fetch;
pub mod kv;
pub mod request;
pub mod response;

use std::fmt;

/// An error code of the ABI (§3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeError {
    /// -1: the thing asked for does not exist.
    NotFound,
    /// -2: an argument is outside its domain.
    InvalidArgument,
    /// -3: the call would exceed a limit of the function.
    LimitExceeded,
    /// -4: the host refuses the operation.
    Denied,
    /// -5: a service the host called (the key-value store, an origin) failed.
    UpstreamFailure,
    /// -6: the handle names no live resource of this request.
    BadHandle,
    /// A negative value this SDK does not know.
    Unknown(i32),
}

impl EdgeError {
    fn from_code(code: i32) -> EdgeError {
        match code {
            -1 => EdgeError::NotFound,
            -2 => EdgeError::InvalidArgument,
            -3 => EdgeError::LimitExceeded,
            -4 => EdgeError::Denied,
            -5 => EdgeError::UpstreamFailure,
            -6 => EdgeError::BadHandle,
            other => EdgeError::Unknown(other),
        }
    }
}

impl fmt::Display for EdgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EdgeError::NotFound => f.write_str("not found"),
            EdgeError::InvalidArgument => f.write_str("invalid argument"),
            EdgeError::LimitExceeded => f.write_str("limit exceeded"),
            EdgeError::Denied => f.write_str("denied"),
            EdgeError::UpstreamFailure => f.write_str("upstream failure"),
            EdgeError::BadHandle => f.write_str("bad handle"),
            EdgeError::Unknown(code) => write!(f, "error {}", code),
        }
    }
}

impl std::error::Error for EdgeError {}

/// The result of an ABI call.
pub type Result<T> = std::result::Result<T, EdgeError>;

/// A non-negative result as a length or count; a negative one as its error.
fn check(code: i32) -> Result<usize> {
    if code < 0 {
        Err(EdgeError::from_code(code))
    } else {
        Ok(code as usize)
    }
}

/// Reads a value of unknown length (§3.2): a first call into a small buffer, and a second one
/// with exactly the length the first reported when the value did not fit.
fn read_value(call: impl Fn(*mut u8, i32) -> i32) -> Result<Vec<u8>> {
    let mut buffer = vec![0u8; 256];
    let length = check(call(buffer.as_mut_ptr(), buffer.len() as i32))?;
    if length > buffer.len() {
        buffer.resize(length, 0);
        let again = check(call(buffer.as_mut_ptr(), buffer.len() as i32))?;
        buffer.truncate(again);
    } else {
        buffer.truncate(length);
    }
    Ok(buffer)
}

/// A value of unknown length, or `None` when the host reports it absent.
fn read_optional(call: impl Fn(*mut u8, i32) -> i32) -> Result<Option<Vec<u8>>> {
    match read_value(call) {
        Ok(value) => Ok(Some(value)),
        Err(EdgeError::NotFound) => Ok(None),
        Err(error) => Err(error),
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// Log levels (§6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Debug = 0,
    Info = 1,
    Warn = 2,
    Error = 3,
}

/// Writes one line to the function's log (§6.1); logging never fails.
pub fn log(level: Level, message: &str) {
    unsafe { sys::log(level as i32, message.as_ptr(), message.len() as i32) }
}

/// A configuration value given at deploy (§6.2), or `None`.
pub fn config(key: &str) -> Option<String> {
    read_optional(|buf, cap| unsafe { sys::config_get(key.as_ptr(), key.len() as i32, buf, cap) })
        .ok()
        .flatten()
        .map(text)
}

/// Wall-clock milliseconds since the Unix epoch (§6.3).
pub fn now_ms() -> i64 {
    unsafe { sys::time_now_ms() }
}

/// Fills the buffer with secure random bytes (§6.4), 64 KiB at a time.
pub fn random_fill(buffer: &mut [u8]) -> Result<()> {
    for chunk in buffer.chunks_mut(65536) {
        check(unsafe { sys::random_fill(chunk.as_mut_ptr(), chunk.len() as i32) })?;
    }
    Ok(())
}

/// Exports `handle`, the guest's entry point (§2.2), calling the given function.
#[macro_export]
macro_rules! entry {
    ($handler:path) => {
        #[no_mangle]
        pub extern "C" fn handle() {
            $handler()
        }
    };
}
