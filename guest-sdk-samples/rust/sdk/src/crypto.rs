//! Digests, HMACs and signature checks done by the host (§13).

use crate::{check, read_value, sys, Result};

/// Hash algorithms of `crypto_digest` and `crypto_hmac` (§13.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digest {
    Sha256 = 1,
    Sha384 = 2,
    Sha512 = 3,
}

/// Signature algorithms of `crypto_verify` (§13.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256 = 1,
    /// ECDSA on P-256 with SHA-256, the signature as JWS's 64 bytes r || s.
    Es256 = 2,
}

/// The digest of the data (§13.1).
pub fn digest(algorithm: Digest, data: &[u8]) -> Result<Vec<u8>> {
    read_value(|buf, cap| unsafe { sys::crypto_digest(algorithm as i32, data.as_ptr(), data.len() as i32, buf, cap) })
}

/// The HMAC of the data under the key (§13.2).
pub fn hmac(algorithm: Digest, key: &[u8], data: &[u8]) -> Result<Vec<u8>> {
    read_value(|buf, cap| unsafe {
        sys::crypto_hmac(algorithm as i32, key.as_ptr(), key.len() as i32, data.as_ptr(), data.len() as i32, buf, cap)
    })
}

/// Whether the signature over the data is valid for the DER SubjectPublicKeyInfo key (§13.3).
pub fn verify(algorithm: Signature, key: &[u8], data: &[u8], signature: &[u8]) -> Result<bool> {
    check(unsafe {
        sys::crypto_verify(algorithm as i32, key.as_ptr(), key.len() as i32, data.as_ptr(), data.len() as i32, signature.as_ptr(), signature.len() as i32)
    })
    .map(|valid| valid == 1)
}
