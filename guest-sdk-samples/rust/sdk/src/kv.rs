//! The function's key-value store (§11).

use crate::{check, read_optional, sys, EdgeError, Result};

/// The value under the key, or `None` (§11.1).
pub fn get(key: &[u8]) -> Result<Option<Vec<u8>>> {
    read_optional(|buf, cap| unsafe { sys::kv_get(key.as_ptr(), key.len() as i32, buf, cap) })
}

/// Stores a value; `ttl_seconds` 0 keeps it until deleted (§11.2).
pub fn set(key: &[u8], value: &[u8], ttl_seconds: u32) -> Result<()> {
    check(unsafe { sys::kv_set(key.as_ptr(), key.len() as i32, value.as_ptr(), value.len() as i32, ttl_seconds as i32) }).map(|_| ())
}

/// Deletes the entry; whether there was one (§11.3).
pub fn delete(key: &[u8]) -> Result<bool> {
    match check(unsafe { sys::kv_delete(key.as_ptr(), key.len() as i32) }) {
        Ok(_) => Ok(true),
        Err(EdgeError::NotFound) => Ok(false),
        Err(error) => Err(error),
    }
}

/// Adds `delta` atomically and returns the new value; a missing entry starts at `delta` with
/// the expiry (§11.4).
pub fn incr(key: &[u8], delta: i64, ttl_seconds: u32) -> Result<i64> {
    let mut value: i64 = 0;
    check(unsafe { sys::kv_incr(key.as_ptr(), key.len() as i32, delta, ttl_seconds as i32, &mut value) })?;
    Ok(value)
}

/// Every key with the prefix, in byte order, page by page (§11.5).
pub fn list(prefix: &[u8]) -> Result<Vec<Vec<u8>>> {
    let mut keys: Vec<Vec<u8>> = Vec::new();
    let mut buffer = vec![0u8; 4096];
    loop {
        let after = keys.last().cloned().unwrap_or_default();
        let written = check(unsafe {
            sys::kv_list(prefix.as_ptr(), prefix.len() as i32, after.as_ptr(), after.len() as i32, buffer.as_mut_ptr(), buffer.len() as i32)
        })?;
        if written == 0 {
            return Ok(keys);
        }
        let mut at = 0;
        while at + 4 <= written {
            let length = u32::from_le_bytes([buffer[at], buffer[at + 1], buffer[at + 2], buffer[at + 3]]) as usize;
            keys.push(buffer[at + 4..at + 4 + length].to_vec());
            at += 4 + length;
        }
    }
}
