//! The host's imports, module `edge`, exactly as ABI v1 declares them (Appendix A).

#[link(wasm_import_module = "edge")]
extern "C" {
    pub fn req_method(buf: *mut u8, cap: i32) -> i32;
    pub fn req_url(buf: *mut u8, cap: i32) -> i32;
    pub fn req_header(name: *const u8, name_len: i32, buf: *mut u8, cap: i32) -> i32;
    pub fn req_headers(buf: *mut u8, cap: i32) -> i32;
    pub fn req_body_read(buf: *mut u8, cap: i32) -> i32;
    pub fn resp_set_status(status: i32) -> i32;
    pub fn resp_set_header(name: *const u8, name_len: i32, value: *const u8, value_len: i32) -> i32;
    pub fn resp_add_header(name: *const u8, name_len: i32, value: *const u8, value_len: i32) -> i32;
    pub fn resp_write(ptr: *const u8, len: i32) -> i32;
    pub fn resp_flush() -> i32;
    pub fn log(level: i32, ptr: *const u8, len: i32);
    pub fn config_get(key: *const u8, key_len: i32, buf: *mut u8, cap: i32) -> i32;
    pub fn time_now_ms() -> i64;
    pub fn random_fill(ptr: *mut u8, len: i32) -> i32;
    pub fn kv_get(key: *const u8, key_len: i32, buf: *mut u8, cap: i32) -> i32;
    pub fn kv_set(key: *const u8, key_len: i32, value: *const u8, value_len: i32, ttl_seconds: i32) -> i32;
    pub fn kv_delete(key: *const u8, key_len: i32) -> i32;
    pub fn kv_incr(key: *const u8, key_len: i32, delta: i64, ttl_seconds: i32, out: *mut i64) -> i32;
    pub fn kv_list(prefix: *const u8, prefix_len: i32, after: *const u8, after_len: i32, buf: *mut u8, cap: i32) -> i32;
    pub fn fetch(
        method: *const u8,
        method_len: i32,
        url: *const u8,
        url_len: i32,
        headers: *const u8,
        headers_len: i32,
        body: *const u8,
        body_len: i32,
    ) -> i32;
    pub fn fetch_status(handle: i32) -> i32;
    pub fn fetch_header(handle: i32, name: *const u8, name_len: i32, buf: *mut u8, cap: i32) -> i32;
    pub fn fetch_headers(handle: i32, buf: *mut u8, cap: i32) -> i32;
    pub fn fetch_body_read(handle: i32, buf: *mut u8, cap: i32) -> i32;
    pub fn fetch_close(handle: i32) -> i32;
    pub fn fetch_start(
        method: *const u8,
        method_len: i32,
        url: *const u8,
        url_len: i32,
        headers: *const u8,
        headers_len: i32,
        body: *const u8,
        body_len: i32,
    ) -> i32;
    pub fn fetch_wait(handle: i32) -> i32;
    pub fn fetch_wait_any(handles: *const i32, count: i32, timeout_ms: i32) -> i32;
    pub fn crypto_digest(alg: i32, data: *const u8, data_len: i32, buf: *mut u8, cap: i32) -> i32;
    pub fn crypto_hmac(alg: i32, key: *const u8, key_len: i32, data: *const u8, data_len: i32, buf: *mut u8, cap: i32) -> i32;
    pub fn crypto_verify(alg: i32, key: *const u8, key_len: i32, data: *const u8, data_len: i32, sig: *const u8, sig_len: i32) -> i32;
}
