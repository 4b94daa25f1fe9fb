/*
 * edge.h - C SDK for guests of the edge host, ABI v1 (abi/SPEC.md).
 *
 * Build a guest with clang and wasi-libc as a reactor that exports `handle`:
 *
 *   clang --target=wasm32-wasi -O2 -mexec-model=reactor -I sdk \
 *         -o guest.wasm guest.c sdk/edge.c
 *
 * and define the entry point with EDGE_HANDLER:
 *
 *   EDGE_HANDLER void handle(void) { edge_resp_write_str("hello\n"); }
 *
 * Conventions:
 *  - Functions that can fail return a negative EDGE_* error code (SPEC §3.3);
 *    edge_strerror() names it. Non-negative results are lengths, counts or 0.
 *  - Names, keys, URLs and header blocks are NUL-terminated C strings.
 *  - Values the host returns come in two flavours: the plain function
 *    allocates (`char **out` receives a malloc'd buffer with a NUL after the
 *    value, which the caller frees; NULL on error), and the `_into` variant
 *    writes into a caller's buffer following the buffer-retry convention
 *    (SPEC §3.2): it writes at most `cap` bytes and returns the full length,
 *    so a result larger than `cap` means the value was truncated.
 *  - A pointer range outside the guest's memory traps (SPEC §3.4); the SDK
 *    only passes ranges it owns.
 */
#ifndef EDGE_H
#define EDGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the request entry point: EDGE_HANDLER void handle(void) { ... } */
#define EDGE_HANDLER __attribute__((export_name("handle")))

/* ---- Errors (SPEC §3.3) -------------------------------------------------- */

#define EDGE_OK 0
#define EDGE_NOT_FOUND (-1)
#define EDGE_INVALID_ARGUMENT (-2)
#define EDGE_LIMIT_EXCEEDED (-3)
#define EDGE_DENIED (-4)
#define EDGE_UPSTREAM_FAILURE (-5)
#define EDGE_BAD_HANDLE (-6)
/* Not from the host: the SDK could not allocate memory. */
#define EDGE_NO_MEMORY (-100)

/* A short English name of a result: "ok", "not found", ... */
const char *edge_strerror(int code);

/* ---- Request (SPEC §4) --------------------------------------------------- */

int edge_req_method(char **out);
int edge_req_method_into(char *buf, size_t cap);
int edge_req_url(char **out);
int edge_req_url_into(char *buf, size_t cap);
/* EDGE_NOT_FOUND when the request has no such header. */
int edge_req_header(const char *name, char **out);
int edge_req_header_into(const char *name, char *buf, size_t cap);
/* All headers, one "name: value\n" line each, names in lower case. */
int edge_req_headers(char **out);
int edge_req_headers_into(char *buf, size_t cap);
/* Reads the rest of the body; 0 at its end (streaming, SPEC §4.5). */
int edge_req_body_read(void *buf, size_t cap);
/* The whole body (what is left of it). */
int edge_req_body(char **out);

/* ---- Response (SPEC §5) -------------------------------------------------- */

int edge_resp_set_status(int code);
int edge_resp_set_header(const char *name, const char *value);
int edge_resp_add_header(const char *name, const char *value);
int edge_resp_write(const void *data, size_t len);
int edge_resp_write_str(const char *text);
/* Sends the status, headers and body so far now; later writes stream and the
 * head can no longer change (-2). A failure after it cuts the response (§5.6). */
int edge_resp_flush(void);

/* ---- Log, configuration, time, randomness (SPEC §6) ---------------------- */

#define EDGE_LOG_DEBUG 0
#define EDGE_LOG_INFO 1
#define EDGE_LOG_WARN 2
#define EDGE_LOG_ERROR 3

void edge_log(int level, const char *message);
/* printf-style; the message is cut at 1023 bytes. */
void edge_logf(int level, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* EDGE_NOT_FOUND when the function has no such configuration entry. */
int edge_config_get(const char *key, char **out);
int edge_config_get_into(const char *key, char *buf, size_t cap);

int64_t edge_time_now_ms(void);
/* At most 65536 bytes per call (SPEC §6.4). */
int edge_random_fill(void *buf, size_t len);

/* ---- Key-value store (SPEC §11) ------------------------------------------ */

int edge_kv_get(const char *key, char **out);
int edge_kv_get_into(const char *key, void *buf, size_t cap);
/* ttl_seconds 0: never expires. */
int edge_kv_set(const char *key, const void *value, size_t len, int ttl_seconds);
int edge_kv_delete(const char *key);
int edge_kv_incr(const char *key, int64_t delta, int ttl_seconds, int64_t *value);
/* One page of keys as SPEC §11.5 encodes them; after NULL or "": from the first. */
int edge_kv_list(const char *prefix, const char *after, void *buf, size_t cap);

/* ---- Outbound fetch (SPEC §12) ------------------------------------------- */

/*
 * Returns a handle (> 0) to the complete response, or an error. headers is
 * NULL or "name: value\n" lines; body may be NULL when body_len is 0.
 */
int edge_fetch(const char *method, const char *url, const char *headers, const void *body, size_t body_len);
int edge_fetch_status(int handle);
int edge_fetch_header(int handle, const char *name, char **out);
int edge_fetch_header_into(int handle, const char *name, char *buf, size_t cap);
int edge_fetch_headers(int handle, char **out);
int edge_fetch_body_read(int handle, void *buf, size_t cap);
/* The whole body (what is left of it). */
int edge_fetch_body(int handle, char **out);
int edge_fetch_close(int handle);

/* Concurrent fetches (SPEC §12.7 to §12.9). edge_fetch_start checks a request as edge_fetch does
 * and returns its handle at once, while the request runs; edge_fetch_wait waits until the status
 * and headers are in (0, or -4/-5 as edge_fetch would have returned, -6 for a bad handle);
 * edge_fetch_wait_any returns the index of the first of count handles whose response is ready or
 * failed, or -1 when timeout_ms passes first. The other edge_fetch_* calls wait as edge_fetch_wait. */
int edge_fetch_start(const char *method, const char *url, const char *headers, const void *body, size_t body_len);
int edge_fetch_wait(int handle);
int edge_fetch_wait_any(const int32_t *handles, int count, int timeout_ms);

/* One request of edge_fetch_all. */
typedef struct {
    const char *method;
    const char *url;
    const char *headers;
    const void *body;
    size_t body_len;
} edge_fetch_request;

/* Join: starts every request, then waits for all of them; handles[i] is the response of
 * requests[i] (a handle > 0) or its negative error code. Returns how many succeeded. Takes as
 * long as the slowest request, not the sum of them. */
int edge_fetch_all(const edge_fetch_request *requests, int count, int *handles);

/* ---- Cryptography (SPEC §13) --------------------------------------------- */

#define EDGE_SHA256 1
#define EDGE_SHA384 2
#define EDGE_SHA512 3
/* Room for the output of any digest or HMAC algorithm. */
#define EDGE_DIGEST_MAX 64

#define EDGE_RS256 1
#define EDGE_ES256 2

/* Write the digest / HMAC into out (cap >= EDGE_DIGEST_MAX always suffices); return its length. */
int edge_crypto_digest(int alg, const void *data, size_t len, void *out, size_t cap);
int edge_crypto_hmac(int alg, const void *key, size_t key_len, const void *data, size_t len, void *out, size_t cap);
/*
 * 1 if sig is a valid signature of data under the public key (DER
 * SubjectPublicKeyInfo), 0 if not, EDGE_INVALID_ARGUMENT for an unusable key.
 * ES256 signatures are JWS's raw 64-byte r || s.
 */
int edge_crypto_verify(int alg, const void *key, size_t key_len, const void *data, size_t len, const void *sig,
                       size_t sig_len);

/* Writes len bytes as 2 * len lowercase hex digits and a NUL to out. */
void edge_hex(const void *data, size_t len, char *out);

#ifdef __cplusplus
}
#endif

#endif
