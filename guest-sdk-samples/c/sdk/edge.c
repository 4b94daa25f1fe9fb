/* edge.c - the C SDK's implementation over the raw imports of module "edge". */
#include "edge.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT(name) __attribute__((import_module("edge"), import_name(#name)))

IMPORT(req_method) int32_t raw_req_method(char *buf, int32_t cap);
IMPORT(req_url) int32_t raw_req_url(char *buf, int32_t cap);
IMPORT(req_header) int32_t raw_req_header(const char *name, int32_t name_len, char *buf, int32_t cap);
IMPORT(req_headers) int32_t raw_req_headers(char *buf, int32_t cap);
IMPORT(req_body_read) int32_t raw_req_body_read(void *buf, int32_t cap);
IMPORT(resp_set_status) int32_t raw_resp_set_status(int32_t code);
IMPORT(resp_set_header) int32_t raw_resp_set_header(const char *name, int32_t name_len, const char *value, int32_t value_len);
IMPORT(resp_add_header) int32_t raw_resp_add_header(const char *name, int32_t name_len, const char *value, int32_t value_len);
IMPORT(resp_write) int32_t raw_resp_write(const void *data, int32_t len);
IMPORT(resp_flush) int32_t raw_resp_flush(void);
IMPORT(log) void raw_log(int32_t level, const char *message, int32_t len);
IMPORT(config_get) int32_t raw_config_get(const char *key, int32_t key_len, char *buf, int32_t cap);
IMPORT(time_now_ms) int64_t raw_time_now_ms(void);
IMPORT(random_fill) int32_t raw_random_fill(void *buf, int32_t len);
IMPORT(kv_get) int32_t raw_kv_get(const char *key, int32_t key_len, void *buf, int32_t cap);
IMPORT(kv_set) int32_t raw_kv_set(const char *key, int32_t key_len, const void *value, int32_t value_len, int32_t ttl);
IMPORT(kv_delete) int32_t raw_kv_delete(const char *key, int32_t key_len);
IMPORT(kv_incr) int32_t raw_kv_incr(const char *key, int32_t key_len, int64_t delta, int32_t ttl, int64_t *out);
IMPORT(kv_list) int32_t raw_kv_list(const char *prefix, int32_t prefix_len, const char *after, int32_t after_len,
                                    void *buf, int32_t cap);
IMPORT(fetch) int32_t raw_fetch(const char *method, int32_t method_len, const char *url, int32_t url_len,
                                const char *headers, int32_t headers_len, const void *body, int32_t body_len);
IMPORT(fetch_status) int32_t raw_fetch_status(int32_t handle);
IMPORT(fetch_header) int32_t raw_fetch_header(int32_t handle, const char *name, int32_t name_len, char *buf, int32_t cap);
IMPORT(fetch_headers) int32_t raw_fetch_headers(int32_t handle, char *buf, int32_t cap);
IMPORT(fetch_body_read) int32_t raw_fetch_body_read(int32_t handle, void *buf, int32_t cap);
IMPORT(fetch_close) int32_t raw_fetch_close(int32_t handle);
IMPORT(fetch_start) int32_t raw_fetch_start(const char *method, int32_t method_len, const char *url, int32_t url_len,
                                            const char *headers, int32_t headers_len, const void *body, int32_t body_len);
IMPORT(fetch_wait) int32_t raw_fetch_wait(int32_t handle);
IMPORT(fetch_wait_any) int32_t raw_fetch_wait_any(const int32_t *handles, int32_t count, int32_t timeout_ms);
IMPORT(crypto_digest) int32_t raw_crypto_digest(int32_t alg, const void *data, int32_t len, void *buf, int32_t cap);
IMPORT(crypto_hmac) int32_t raw_crypto_hmac(int32_t alg, const void *key, int32_t key_len, const void *data, int32_t len,
                                            void *buf, int32_t cap);
IMPORT(crypto_verify) int32_t raw_crypto_verify(int32_t alg, const void *key, int32_t key_len, const void *data,
                                                int32_t len, const void *sig, int32_t sig_len);

const char *edge_strerror(int code) {
    switch (code) {
    case EDGE_NOT_FOUND: return "not found";
    case EDGE_INVALID_ARGUMENT: return "invalid argument";
    case EDGE_LIMIT_EXCEEDED: return "limit exceeded";
    case EDGE_DENIED: return "denied";
    case EDGE_UPSTREAM_FAILURE: return "upstream failure";
    case EDGE_BAD_HANDLE: return "bad handle";
    case EDGE_NO_MEMORY: return "out of memory";
    default: return code >= 0 ? "ok" : "unknown error";
    }
}

/* Lengths and capacities cross the ABI as i32; a larger buffer is only ever partly used. */
static int32_t cap32(size_t cap) {
    return cap > INT32_MAX ? INT32_MAX : (int32_t)cap;
}

static int32_t len32(const char *text) {
    return text == NULL ? 0 : cap32(strlen(text));
}

/* One call of a buffer-retry function (SPEC §3.2), with whatever it needs besides the buffer. */
typedef struct {
    int32_t (*call)(const void *args, char *buf, int32_t cap);
    const void *args;
} value_source;

/* Asks for the value into a stack buffer, then, when it did not fit, once more with exactly its length. */
static int read_value(value_source source, char **out) {
    char small[256];
    *out = NULL;
    int32_t len = source.call(source.args, small, sizeof small);
    if (len < 0) {
        return len;
    }
    char *value = malloc((size_t)len + 1);
    if (value == NULL) {
        return EDGE_NO_MEMORY;
    }
    if (len <= (int32_t)sizeof small) {
        memcpy(value, small, (size_t)len);
    } else {
        int32_t again = source.call(source.args, value, len);
        if (again != len) {
            free(value);
            return again < 0 ? again : EDGE_INVALID_ARGUMENT;
        }
    }
    value[len] = '\0';
    *out = value;
    return len;
}

/* Reads a streamed body (SPEC §4.5, §12.5) to its end. */
static int read_stream(int32_t (*read)(int32_t handle, void *buf, int32_t cap), int32_t handle, char **out) {
    size_t len = 0, cap = 4096;
    char *body = malloc(cap + 1);
    *out = NULL;
    if (body == NULL) {
        return EDGE_NO_MEMORY;
    }
    for (;;) {
        if (len == cap) {
            char *bigger = realloc(body, cap * 2 + 1);
            if (bigger == NULL) {
                free(body);
                return EDGE_NO_MEMORY;
            }
            body = bigger;
            cap *= 2;
        }
        int32_t n = read(handle, body + len, cap32(cap - len));
        if (n < 0) {
            free(body);
            return n;
        }
        if (n == 0) {
            break;
        }
        len += (size_t)n;
    }
    body[len] = '\0';
    *out = body;
    return cap32(len);
}

/* ---- Request ------------------------------------------------------------- */

static int32_t call_req_method(const void *args, char *buf, int32_t cap) {
    (void)args;
    return raw_req_method(buf, cap);
}

static int32_t call_req_url(const void *args, char *buf, int32_t cap) {
    (void)args;
    return raw_req_url(buf, cap);
}

static int32_t call_req_header(const void *args, char *buf, int32_t cap) {
    const char *name = args;
    return raw_req_header(name, len32(name), buf, cap);
}

static int32_t call_req_headers(const void *args, char *buf, int32_t cap) {
    (void)args;
    return raw_req_headers(buf, cap);
}

int edge_req_method(char **out) { return read_value((value_source){call_req_method, NULL}, out); }
int edge_req_method_into(char *buf, size_t cap) { return raw_req_method(buf, cap32(cap)); }
int edge_req_url(char **out) { return read_value((value_source){call_req_url, NULL}, out); }
int edge_req_url_into(char *buf, size_t cap) { return raw_req_url(buf, cap32(cap)); }
int edge_req_header(const char *name, char **out) { return read_value((value_source){call_req_header, name}, out); }
int edge_req_header_into(const char *name, char *buf, size_t cap) {
    return raw_req_header(name, len32(name), buf, cap32(cap));
}
int edge_req_headers(char **out) { return read_value((value_source){call_req_headers, NULL}, out); }
int edge_req_headers_into(char *buf, size_t cap) { return raw_req_headers(buf, cap32(cap)); }
int edge_req_body_read(void *buf, size_t cap) { return raw_req_body_read(buf, cap32(cap)); }

static int32_t read_req_body(int32_t handle, void *buf, int32_t cap) {
    (void)handle;
    return raw_req_body_read(buf, cap);
}

int edge_req_body(char **out) { return read_stream(read_req_body, 0, out); }

/* ---- Response ------------------------------------------------------------ */

int edge_resp_set_status(int code) { return raw_resp_set_status(code); }
int edge_resp_set_header(const char *name, const char *value) {
    return raw_resp_set_header(name, len32(name), value, len32(value));
}
int edge_resp_add_header(const char *name, const char *value) {
    return raw_resp_add_header(name, len32(name), value, len32(value));
}
int edge_resp_write(const void *data, size_t len) { return raw_resp_write(data, cap32(len)); }
int edge_resp_write_str(const char *text) { return raw_resp_write(text, len32(text)); }
int edge_resp_flush(void) { return raw_resp_flush(); }

/* ---- Log, configuration, time, randomness -------------------------------- */

void edge_log(int level, const char *message) { raw_log(level, message, len32(message)); }

void edge_logf(int level, const char *format, ...) {
    char message[1024];
    va_list args;
    va_start(args, format);
    int len = vsnprintf(message, sizeof message, format, args);
    va_end(args);
    if (len >= 0) {
        raw_log(level, message, len < (int)sizeof message ? len : (int)sizeof message - 1);
    }
}

static int32_t call_config_get(const void *args, char *buf, int32_t cap) {
    const char *key = args;
    return raw_config_get(key, len32(key), buf, cap);
}

int edge_config_get(const char *key, char **out) { return read_value((value_source){call_config_get, key}, out); }
int edge_config_get_into(const char *key, char *buf, size_t cap) {
    return raw_config_get(key, len32(key), buf, cap32(cap));
}
int64_t edge_time_now_ms(void) { return raw_time_now_ms(); }
int edge_random_fill(void *buf, size_t len) { return raw_random_fill(buf, cap32(len)); }

/* ---- Key-value store ----------------------------------------------------- */

static int32_t call_kv_get(const void *args, char *buf, int32_t cap) {
    const char *key = args;
    return raw_kv_get(key, len32(key), buf, cap);
}

int edge_kv_get(const char *key, char **out) { return read_value((value_source){call_kv_get, key}, out); }
int edge_kv_get_into(const char *key, void *buf, size_t cap) { return raw_kv_get(key, len32(key), buf, cap32(cap)); }
int edge_kv_set(const char *key, const void *value, size_t len, int ttl_seconds) {
    return raw_kv_set(key, len32(key), value, cap32(len), ttl_seconds);
}
int edge_kv_delete(const char *key) { return raw_kv_delete(key, len32(key)); }
int edge_kv_incr(const char *key, int64_t delta, int ttl_seconds, int64_t *value) {
    return raw_kv_incr(key, len32(key), delta, ttl_seconds, value);
}
int edge_kv_list(const char *prefix, const char *after, void *buf, size_t cap) {
    return raw_kv_list(prefix, len32(prefix), after, len32(after), buf, cap32(cap));
}

/* ---- Outbound fetch ------------------------------------------------------ */

int edge_fetch(const char *method, const char *url, const char *headers, const void *body, size_t body_len) {
    return raw_fetch(method, len32(method), url, len32(url), headers, len32(headers), body, cap32(body_len));
}
int edge_fetch_status(int handle) { return raw_fetch_status(handle); }

typedef struct {
    int32_t handle;
    const char *name;
} fetch_header_args;

static int32_t call_fetch_header(const void *args, char *buf, int32_t cap) {
    const fetch_header_args *header = args;
    return raw_fetch_header(header->handle, header->name, len32(header->name), buf, cap);
}

static int32_t call_fetch_headers(const void *args, char *buf, int32_t cap) {
    return raw_fetch_headers(*(const int32_t *)args, buf, cap);
}

int edge_fetch_header(int handle, const char *name, char **out) {
    fetch_header_args args = {handle, name};
    return read_value((value_source){call_fetch_header, &args}, out);
}
int edge_fetch_header_into(int handle, const char *name, char *buf, size_t cap) {
    return raw_fetch_header(handle, name, len32(name), buf, cap32(cap));
}
int edge_fetch_headers(int handle, char **out) {
    int32_t args = handle;
    return read_value((value_source){call_fetch_headers, &args}, out);
}
int edge_fetch_body_read(int handle, void *buf, size_t cap) { return raw_fetch_body_read(handle, buf, cap32(cap)); }
int edge_fetch_body(int handle, char **out) { return read_stream(raw_fetch_body_read, handle, out); }
int edge_fetch_close(int handle) { return raw_fetch_close(handle); }

int edge_fetch_start(const char *method, const char *url, const char *headers, const void *body, size_t body_len) {
    return raw_fetch_start(method, len32(method), url, len32(url), headers, len32(headers), body, cap32(body_len));
}
int edge_fetch_wait(int handle) { return raw_fetch_wait(handle); }
int edge_fetch_wait_any(const int32_t *handles, int count, int timeout_ms) { return raw_fetch_wait_any(handles, count, timeout_ms); }

int edge_fetch_all(const edge_fetch_request *requests, int count, int *handles) {
    int started = 0;
    for (int i = 0; i < count; i++) {
        handles[i] = raw_fetch_start(requests[i].method, len32(requests[i].method), requests[i].url, len32(requests[i].url),
                                     requests[i].headers, len32(requests[i].headers), requests[i].body, cap32(requests[i].body_len));
        started += handles[i] > 0;
    }
    /* Each handle is waited for in turn; they all run meanwhile, so the join takes as long as the slowest. */
    for (int i = 0; i < count; i++) {
        if (handles[i] > 0) {
            int waited = raw_fetch_wait(handles[i]);
            if (waited < 0) {
                raw_fetch_close(handles[i]);
                handles[i] = waited;
                started--;
            }
        }
    }
    return started;
}

/* ---- Cryptography -------------------------------------------------------- */

int edge_crypto_digest(int alg, const void *data, size_t len, void *out, size_t cap) {
    return raw_crypto_digest(alg, data, cap32(len), out, cap32(cap));
}
int edge_crypto_hmac(int alg, const void *key, size_t key_len, const void *data, size_t len, void *out, size_t cap) {
    return raw_crypto_hmac(alg, key, cap32(key_len), data, cap32(len), out, cap32(cap));
}
int edge_crypto_verify(int alg, const void *key, size_t key_len, const void *data, size_t len, const void *sig,
                       size_t sig_len) {
    return raw_crypto_verify(alg, key, cap32(key_len), data, cap32(len), sig, cap32(sig_len));
}

void edge_hex(const void *data, size_t len, char *out) {
    static const char digits[] = "0123456789abcdef";
    const unsigned char *bytes = data;
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * len] = '\0';
}
