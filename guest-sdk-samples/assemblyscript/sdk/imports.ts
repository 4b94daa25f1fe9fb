// The host's imports, module "edge", exactly as ABI v1 declares them (abi/SPEC.md, Appendix A).

@external("edge", "req_method") export declare function req_method(buf: usize, cap: i32): i32;
@external("edge", "req_url") export declare function req_url(buf: usize, cap: i32): i32;
@external("edge", "req_header") export declare function req_header(name: usize, nameLen: i32, buf: usize, cap: i32): i32;
@external("edge", "req_headers") export declare function req_headers(buf: usize, cap: i32): i32;
@external("edge", "req_body_read") export declare function req_body_read(buf: usize, cap: i32): i32;
@external("edge", "resp_set_status") export declare function resp_set_status(status: i32): i32;
@external("edge", "resp_set_header") export declare function resp_set_header(name: usize, nameLen: i32, value: usize, valueLen: i32): i32;
@external("edge", "resp_add_header") export declare function resp_add_header(name: usize, nameLen: i32, value: usize, valueLen: i32): i32;
@external("edge", "resp_write") export declare function resp_write(ptr: usize, len: i32): i32;
@external("edge", "resp_flush") export declare function resp_flush(): i32;
@external("edge", "log") export declare function log(level: i32, ptr: usize, len: i32): void;
@external("edge", "config_get") export declare function config_get(key: usize, keyLen: i32, buf: usize, cap: i32): i32;
@external("edge", "time_now_ms") export declare function time_now_ms(): i64;
@external("edge", "random_fill") export declare function random_fill(ptr: usize, len: i32): i32;
@external("edge", "kv_get") export declare function kv_get(key: usize, keyLen: i32, buf: usize, cap: i32): i32;
@external("edge", "kv_set") export declare function kv_set(key: usize, keyLen: i32, value: usize, valueLen: i32, ttlSeconds: i32): i32;
@external("edge", "kv_delete") export declare function kv_delete(key: usize, keyLen: i32): i32;
@external("edge", "kv_incr") export declare function kv_incr(key: usize, keyLen: i32, delta: i64, ttlSeconds: i32, out: usize): i32;
@external("edge", "kv_list") export declare function kv_list(prefix: usize, prefixLen: i32, after: usize, afterLen: i32, buf: usize, cap: i32): i32;
@external("edge", "fetch") export declare function fetch(method: usize, methodLen: i32, url: usize, urlLen: i32,
  headers: usize, headersLen: i32, body: usize, bodyLen: i32): i32;
@external("edge", "fetch_status") export declare function fetch_status(handle: i32): i32;
@external("edge", "fetch_header") export declare function fetch_header(handle: i32, name: usize, nameLen: i32, buf: usize, cap: i32): i32;
@external("edge", "fetch_headers") export declare function fetch_headers(handle: i32, buf: usize, cap: i32): i32;
@external("edge", "fetch_body_read") export declare function fetch_body_read(handle: i32, buf: usize, cap: i32): i32;
@external("edge", "fetch_close") export declare function fetch_close(handle: i32): i32;
@external("edge", "fetch_start") export declare function fetch_start(method: usize, methodLen: i32, url: usize, urlLen: i32,
  headers: usize, headersLen: i32, body: usize, bodyLen: i32): i32;
@external("edge", "fetch_wait") export declare function fetch_wait(handle: i32): i32;
@external("edge", "fetch_wait_any") export declare function fetch_wait_any(handles: usize, count: i32, timeoutMs: i32): i32;
@external("edge", "crypto_digest") export declare function crypto_digest(alg: i32, data: usize, dataLen: i32, buf: usize, cap: i32): i32;
@external("edge", "crypto_hmac") export declare function crypto_hmac(alg: i32, key: usize, keyLen: i32, data: usize, dataLen: i32,
  buf: usize, cap: i32): i32;
@external("edge", "crypto_verify") export declare function crypto_verify(alg: i32, key: usize, keyLen: i32, data: usize, dataLen: i32,
  sig: usize, sigLen: i32): i32;
