/*
 * engine.c - the edge JavaScript engine: QuickJS as an ABI v1 guest (abi/SPEC.md).
 *
 * The host loads a Workers-style script once with edge_js_load, snapshots the
 * instance, and then calls handle for each request. This file holds what must
 * be native: the exports, the event loop, the error report and thin bindings
 * to the `edge` imports. The Workers API itself (Request, Response, fetch, KV,
 * crypto.subtle, ...) lives in prelude.js, which build.sh compiles to QuickJS
 * bytecode and embeds here as prelude.inc, and which receives the bindings as
 * the argument of its outer function, so user code never sees them.
 */
#include <fenv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "quickjs.h"

#define IMPORT(name) __attribute__((import_module("edge"), import_name(#name)))
#define EXPORT(name) __attribute__((export_name(#name)))

/* ---- Imports of module "edge" (SPEC appendix A) -------------------------- */

IMPORT(req_method) int32_t raw_req_method(uint8_t *buf, int32_t cap);
IMPORT(req_url) int32_t raw_req_url(uint8_t *buf, int32_t cap);
IMPORT(req_headers) int32_t raw_req_headers(uint8_t *buf, int32_t cap);
IMPORT(req_body_read) int32_t raw_req_body_read(uint8_t *buf, int32_t cap);
IMPORT(resp_set_status) int32_t raw_resp_set_status(int32_t code);
IMPORT(resp_add_header) int32_t raw_resp_add_header(const uint8_t *name, int32_t name_len, const uint8_t *value,
                                                    int32_t value_len);
IMPORT(resp_write) int32_t raw_resp_write(const uint8_t *data, int32_t len);
IMPORT(resp_flush) int32_t raw_resp_flush(void);
IMPORT(log) void raw_log(int32_t level, const uint8_t *message, int32_t len);
IMPORT(config_get) int32_t raw_config_get(const uint8_t *key, int32_t key_len, uint8_t *buf, int32_t cap);
IMPORT(time_now_ms) int64_t raw_time_now_ms(void);
IMPORT(random_fill) int32_t raw_random_fill(uint8_t *buf, int32_t len);
IMPORT(kv_get) int32_t raw_kv_get(const uint8_t *key, int32_t key_len, uint8_t *buf, int32_t cap);
IMPORT(kv_set) int32_t raw_kv_set(const uint8_t *key, int32_t key_len, const uint8_t *value, int32_t value_len,
                                  int32_t ttl);
IMPORT(kv_delete) int32_t raw_kv_delete(const uint8_t *key, int32_t key_len);
IMPORT(kv_incr) int32_t raw_kv_incr(const uint8_t *key, int32_t key_len, int64_t delta, int32_t ttl, int64_t *out);
IMPORT(kv_list) int32_t raw_kv_list(const uint8_t *prefix, int32_t prefix_len, const uint8_t *after,
                                    int32_t after_len, uint8_t *buf, int32_t cap);
IMPORT(fetch_start) int32_t raw_fetch_start(const uint8_t *method, int32_t method_len, const uint8_t *url,
                                      int32_t url_len, const uint8_t *headers, int32_t headers_len,
                                      const uint8_t *body, int32_t body_len);
IMPORT(fetch_wait_any) int32_t raw_fetch_wait_any(const uint8_t *handles, int32_t count, int32_t timeout_ms);
IMPORT(fetch_status) int32_t raw_fetch_status(int32_t handle);
IMPORT(fetch_headers) int32_t raw_fetch_headers(int32_t handle, uint8_t *buf, int32_t cap);
IMPORT(fetch_body_read) int32_t raw_fetch_body_read(int32_t handle, uint8_t *buf, int32_t cap);
IMPORT(fetch_close) int32_t raw_fetch_close(int32_t handle);
IMPORT(crypto_digest) int32_t raw_crypto_digest(int32_t alg, const uint8_t *data, int32_t len, uint8_t *buf,
                                                int32_t cap);
IMPORT(crypto_hmac) int32_t raw_crypto_hmac(int32_t alg, const uint8_t *key, int32_t key_len, const uint8_t *data,
                                            int32_t len, uint8_t *buf, int32_t cap);
IMPORT(crypto_verify) int32_t raw_crypto_verify(int32_t alg, const uint8_t *key, int32_t key_len,
                                                const uint8_t *data, int32_t len, const uint8_t *sig,
                                                int32_t sig_len);

#define LOG_ERROR 3
#define EDGE_INVALID_ARGUMENT (-2)
/* Not from the host: the engine could not allocate memory. */
#define EDGE_NO_MEMORY (-100)

/* The script's file name in stacks and error reports. */
#define SCRIPT_NAME "worker.js"
/* prelude.js as bytecode (compile-prelude.c), which loads far faster than its source parses. */
static const uint8_t prelude_bytecode[] = {
#include "prelude.inc"
};

/* QuickJS checks its recursion against this (about 1300 calls of a small function, below the
   call depth at which the host's Chicory runtime gives up); the rest of the
   640 KiB shadow stack (build.sh) is for the C code that runs below the last check. */
#define JS_STACK_LIMIT (384 * 1024)
/* Requests run in a snapshot that is thrown away afterwards, so collecting cycles early only costs time. */
#define GC_THRESHOLD (8 * 1024 * 1024)

static JSRuntime *rt;
static JSContext *ctx;
/* The object the prelude returns: the hooks this file calls (start, poll, finish, ...). */
static JSValue hooks;
static int script_loaded;

/* The last error as JSON (edge_js_error); NULL when there is none. */
static char *error_json;
static size_t error_json_len;

/* ---- Time and rounding for QuickJS (build.sh renames its calls to these) ---- */

/* Date and QuickJS's own seed read the clock through here, so the host's time_now_ms is the only clock. */
int edge_gettimeofday(struct timeval *restrict tv, void *restrict tz) {
    (void)tz;
    int64_t ms = raw_time_now_ms();
    tv->tv_sec = (time_t)(ms / 1000);
    tv->tv_usec = (suseconds_t)((ms % 1000) * 1000);
    return 0;
}

/*
 * wasm has only round-to-nearest, but QuickJS's toFixed/toPrecision/toExponential
 * print ties (1.125.toFixed(2)) with printf in the directed modes FE_UPWARD and
 * FE_DOWNWARD to round them away from zero as JS requires. fesetround records the
 * mode and snprintf applies it to the two formats QuickJS uses then.
 */
static int rounding_mode = FE_TONEAREST;

int edge_fesetround(int mode) {
    rounding_mode = mode;
    return 0;
}

/* Adds one unit in the last digit of the decimal digits [start, end), skipping the '.'; returns 1 on carry out. */
static int increment_digits(char *start, char *end) {
    for (char *p = end - 1; p >= start; p--) {
        if (*p == '.') {
            continue;
        }
        if (*p != '9') {
            (*p)++;
            return 0;
        }
        *p = '0';
    }
    return 1;
}

/* Whether rounding the exact digits after the cut towards the mode moves the magnitude up. */
static int rounds_up(int negative, const char *rest) {
    int towards_larger_magnitude = negative ? rounding_mode == FE_DOWNWARD : rounding_mode == FE_UPWARD;
    return towards_larger_magnitude && rest[strspn(rest, "0")] != '\0';
}

/* "%.*f" or "%+.*e" of d with prec digits, rounded in rounding_mode, into out (at least 1600 bytes). */
static void format_directed(char *out, int fixed, int prec, double d) {
    /* Every double has a finite decimal expansion of at most 1074 fraction digits, and printf prints it exactly. */
    char exact[1600];
    int negative = d < 0;
    if (fixed) {
        snprintf(exact, sizeof exact, "%.*f", 1100, d);
        char *dot = strchr(exact, '.');
        char *cut = dot + 1 + prec;
        int up = rounds_up(negative, cut);
        char *digits = exact + negative;
        *cut = '\0';
        if (prec == 0) {
            *dot = '\0';
        }
        if (up && increment_digits(digits, digits + strlen(digits))) {
            sprintf(out, "%s1%s", negative ? "-" : "", digits);
        } else {
            strcpy(out, exact);
        }
        return;
    }
    snprintf(exact, sizeof exact, "%+.*e", 800, d);
    char *e = strchr(exact, 'e');
    int exponent = atoi(e + 1);
    *e = '\0';
    char *mantissa = exact + 1;
    char *cut = mantissa + (prec > 0 ? 2 + prec : 1);
    int up = rounds_up(negative, mantissa[1] == '.' ? cut : mantissa + 1);
    *cut = '\0';
    if (up && increment_digits(mantissa, cut)) {
        /* 9.99 became 0.00: the result is 1.00 times ten to the next power. */
        mantissa[0] = '1';
        exponent++;
    }
    sprintf(out, "%c%se%c%02d", exact[0], mantissa, exponent < 0 ? '-' : '+', exponent < 0 ? -exponent : exponent);
}

int edge_snprintf(char *buf, size_t size, const char *format, ...) {
    va_list args;
    va_start(args, format);
    int n;
    int fixed = strcmp(format, "%.*f") == 0;
    if (rounding_mode != FE_TONEAREST && (fixed || strcmp(format, "%+.*e") == 0)) {
        int prec = va_arg(args, int);
        double d = va_arg(args, double);
        char out[1600];
        format_directed(out, fixed, prec, d);
        n = snprintf(buf, size, "%s", out);
    } else {
        n = vsnprintf(buf, size, format, args);
    }
    va_end(args);
    return n;
}

/* ---- Small helpers -------------------------------------------------------- */

static void log_text(int level, const char *text, size_t len) {
    raw_log(level, (const uint8_t *)text, (int32_t)len);
}

/* A byte range passed from JS: a Uint8Array (or other typed array), an ArrayBuffer or a string (as UTF-8). */
typedef struct {
    const uint8_t *ptr;
    size_t len;
    const char *string; /* set when the bytes are a string's UTF-8, which must be freed */
} bytes;

static int get_bytes(JSContext *c, JSValueConst value, bytes *out) {
    out->string = NULL;
    if (JS_IsString(value)) {
        out->string = JS_ToCStringLen(c, &out->len, value);
        out->ptr = (const uint8_t *)out->string;
        return out->string == NULL ? -1 : 0;
    }
    size_t offset, len, size;
    JSValue buffer = JS_GetTypedArrayBuffer(c, value, &offset, &len, NULL);
    if (!JS_IsException(buffer)) {
        uint8_t *base = JS_GetArrayBuffer(c, &size, buffer);
        JS_FreeValue(c, buffer);
        if (base == NULL) {
            return -1;
        }
        out->ptr = base + offset;
        out->len = len;
        return 0;
    }
    JS_FreeValue(c, JS_GetException(c));
    uint8_t *base = JS_GetArrayBuffer(c, &size, value);
    if (base == NULL) {
        return -1;
    }
    out->ptr = base;
    out->len = size;
    return 0;
}

static void free_bytes(JSContext *c, bytes *b) {
    if (b->string != NULL) {
        JS_FreeCString(c, b->string);
    }
}

/* Gets argument i as bytes or throws; the binding returns JS_EXCEPTION when this fails. */
static int arg_bytes(JSContext *c, int argc, JSValueConst *argv, int i, bytes *out) {
    if (i >= argc || get_bytes(c, argv[i], out) < 0) {
        JS_ThrowTypeError(c, "expected a string, an ArrayBuffer or a typed array");
        return -1;
    }
    return 0;
}

static void free_array_buffer(JSRuntime *r, void *opaque, void *ptr) {
    (void)r;
    (void)opaque;
    free(ptr);
}

/* Hands a malloc'd buffer to a new ArrayBuffer without copying it. */
static JSValue take_array_buffer(JSContext *c, uint8_t *data, size_t len) {
    return JS_NewArrayBuffer(c, data, len, free_array_buffer, NULL, 0);
}

/* One call of a buffer-retry function (SPEC §3.2) with whatever it needs besides the buffer. */
typedef struct {
    int32_t (*call)(const void *args, uint8_t *buf, int32_t cap);
    const void *args;
} value_source;

/*
 * Reads a whole value: first into a small stack buffer, then, if it did not fit,
 * again into a buffer of exactly its length. Returns its length with a malloc'd
 * copy (with a NUL after it) in *out, or the negative error.
 */
static int32_t read_value(value_source source, uint8_t **out) {
    uint8_t small[512];
    *out = NULL;
    int32_t len = source.call(source.args, small, sizeof small);
    if (len < 0) {
        return len;
    }
    uint8_t *value = malloc((size_t)len + 1);
    if (value == NULL) {
        return EDGE_NO_MEMORY;
    }
    if ((size_t)len <= sizeof small) {
        memcpy(value, small, (size_t)len);
    } else {
        int32_t again;
        while ((again = source.call(source.args, value, len)) > len) {
            uint8_t *larger = realloc(value, (size_t)again + 1);
            if (larger == NULL) {
                free(value);
                return EDGE_NO_MEMORY;
            }
            value = larger;
            len = again;
        }
        if (again < 0) {
            free(value);
            return again;
        }
        len = again;
    }
    value[len] = '\0';
    *out = value;
    return len;
}

/* Reads a streaming body (SPEC §4.5, §12.5) to its end. */
static int32_t read_stream(int32_t (*read)(int32_t handle, uint8_t *buf, int32_t cap), int32_t handle,
                           uint8_t **out) {
    size_t cap = 16384, len = 0;
    uint8_t *data = malloc(cap);
    *out = NULL;
    if (data == NULL) {
        return EDGE_NO_MEMORY;
    }
    for (;;) {
        if (cap - len < 4096) {
            uint8_t *larger = realloc(data, cap * 2);
            if (larger == NULL) {
                free(data);
                return EDGE_NO_MEMORY;
            }
            data = larger;
            cap *= 2;
        }
        int32_t n = read(handle, data + len, (int32_t)(cap - len));
        if (n < 0) {
            free(data);
            return n;
        }
        if (n == 0) {
            break;
        }
        len += (size_t)n;
    }
    *out = data;
    return (int32_t)len;
}

/* Turns a read_value/read_stream result into an ArrayBuffer, or the error code as a number. */
static JSValue buffer_or_code(JSContext *c, int32_t len, uint8_t *data) {
    if (len < 0) {
        return len == EDGE_NO_MEMORY ? JS_ThrowOutOfMemory(c) : JS_NewInt32(c, len);
    }
    return take_array_buffer(c, data, (size_t)len);
}

static JSValue string_or_code(JSContext *c, int32_t len, uint8_t *data) {
    if (len < 0) {
        return len == EDGE_NO_MEMORY ? JS_ThrowOutOfMemory(c) : JS_NewInt32(c, len);
    }
    JSValue s = JS_NewStringLen(c, (const char *)data, (size_t)len);
    free(data);
    return s;
}

static int32_t arg_int(JSContext *c, int argc, JSValueConst *argv, int i) {
    int32_t v = 0;
    if (i < argc) {
        JS_ToInt32(c, &v, argv[i]);
    }
    return v;
}

#define BINDING(name) static JSValue name(JSContext *c, JSValueConst this_val, int argc, JSValueConst *argv)
#define UNUSED_BINDING_ARGS ((void)this_val, (void)argc, (void)argv)

/* ---- Bindings: log, request, response ---------------------------------------- */

BINDING(js_log) {
    (void)this_val;
    bytes message;
    if (arg_bytes(c, argc, argv, 1, &message) < 0) {
        return JS_EXCEPTION;
    }
    raw_log(arg_int(c, argc, argv, 0), message.ptr, (int32_t)message.len);
    free_bytes(c, &message);
    return JS_UNDEFINED;
}

static int32_t call_req_method(const void *args, uint8_t *buf, int32_t cap) {
    (void)args;
    return raw_req_method(buf, cap);
}

static int32_t call_req_url(const void *args, uint8_t *buf, int32_t cap) {
    (void)args;
    return raw_req_url(buf, cap);
}

static int32_t call_req_headers(const void *args, uint8_t *buf, int32_t cap) {
    (void)args;
    return raw_req_headers(buf, cap);
}

BINDING(js_req_method) {
    UNUSED_BINDING_ARGS;
    uint8_t *data;
    int32_t len = read_value((value_source){call_req_method, NULL}, &data);
    return string_or_code(c, len, data);
}

BINDING(js_req_url) {
    UNUSED_BINDING_ARGS;
    uint8_t *data;
    int32_t len = read_value((value_source){call_req_url, NULL}, &data);
    return string_or_code(c, len, data);
}

BINDING(js_req_headers) {
    UNUSED_BINDING_ARGS;
    uint8_t *data;
    int32_t len = read_value((value_source){call_req_headers, NULL}, &data);
    return string_or_code(c, len, data);
}

static int32_t read_req_body(int32_t handle, uint8_t *buf, int32_t cap) {
    (void)handle;
    return raw_req_body_read(buf, cap);
}

BINDING(js_req_body) {
    UNUSED_BINDING_ARGS;
    uint8_t *data;
    int32_t len = read_stream(read_req_body, 0, &data);
    return buffer_or_code(c, len, data);
}

BINDING(js_resp_set_status) {
    (void)this_val;
    return JS_NewInt32(c, raw_resp_set_status(arg_int(c, argc, argv, 0)));
}

BINDING(js_resp_add_header) {
    (void)this_val;
    bytes name, value;
    if (arg_bytes(c, argc, argv, 0, &name) < 0) {
        return JS_EXCEPTION;
    }
    if (arg_bytes(c, argc, argv, 1, &value) < 0) {
        free_bytes(c, &name);
        return JS_EXCEPTION;
    }
    int32_t result = raw_resp_add_header(name.ptr, (int32_t)name.len, value.ptr, (int32_t)value.len);
    free_bytes(c, &name);
    free_bytes(c, &value);
    return JS_NewInt32(c, result);
}

BINDING(js_resp_write) {
    (void)this_val;
    bytes body;
    if (arg_bytes(c, argc, argv, 0, &body) < 0) {
        return JS_EXCEPTION;
    }
    int32_t result = raw_resp_write(body.ptr, (int32_t)body.len);
    free_bytes(c, &body);
    return JS_NewInt32(c, result);
}

BINDING(js_resp_flush) {
    UNUSED_BINDING_ARGS;
    return JS_NewInt32(c, raw_resp_flush());
}

/* Reads the next bytes of a streaming body, at most cap (SPEC §4.5, §12.5): an ArrayBuffer, empty at the end, or the error code. */
static JSValue read_chunk(JSContext *c, int32_t (*read)(int32_t handle, uint8_t *buf, int32_t cap), int32_t handle,
                          int32_t cap) {
    if (cap <= 0) {
        cap = 1;
    }
    uint8_t *data = malloc((size_t)cap);
    if (data == NULL) {
        return JS_ThrowOutOfMemory(c);
    }
    int32_t n = read(handle, data, cap);
    if (n < 0) {
        free(data);
        return JS_NewInt32(c, n);
    }
    /* A short read keeps only its bytes: the chunk may be held for a while before it is written. */
    uint8_t *exact = n < cap ? realloc(data, n > 0 ? (size_t)n : 1) : data;
    return take_array_buffer(c, exact != NULL ? exact : data, (size_t)n);
}

BINDING(js_req_body_read) {
    (void)this_val;
    return read_chunk(c, read_req_body, 0, arg_int(c, argc, argv, 0));
}

/* ---- Bindings: configuration, randomness ------------------------------------- */

typedef struct {
    const uint8_t *key;
    int32_t key_len;
} key_args;

static int32_t call_config_get(const void *args, uint8_t *buf, int32_t cap) {
    const key_args *k = args;
    return raw_config_get(k->key, k->key_len, buf, cap);
}

BINDING(js_config_get) {
    (void)this_val;
    bytes key;
    if (arg_bytes(c, argc, argv, 0, &key) < 0) {
        return JS_EXCEPTION;
    }
    key_args args = {key.ptr, (int32_t)key.len};
    uint8_t *data;
    int32_t len = read_value((value_source){call_config_get, &args}, &data);
    free_bytes(c, &key);
    return len < 0 && len != EDGE_NO_MEMORY ? JS_UNDEFINED : string_or_code(c, len, data);
}

/* Fills bytes from random_fill in the pieces of at most 64 KiB it accepts. */
static void fill_random(uint8_t *ptr, size_t len) {
    while (len > 0) {
        int32_t n = len > 65536 ? 65536 : (int32_t)len;
        raw_random_fill(ptr, n);
        ptr += n;
        len -= (size_t)n;
    }
}

BINDING(js_random_fill) {
    (void)this_val;
    bytes target;
    if (arg_bytes(c, argc, argv, 0, &target) < 0) {
        return JS_EXCEPTION;
    }
    fill_random((uint8_t *)target.ptr, target.len);
    free_bytes(c, &target);
    return JS_UNDEFINED;
}

/*
 * Math.random draws from a pool refilled by random_fill, a host call per 64
 * numbers instead of one each. The pool is emptied whenever a request or a load
 * starts, so an instance restored from a snapshot never replays the numbers the
 * snapshot holds.
 */
static uint64_t random_pool[64];
static size_t random_pool_used = 64;

BINDING(js_math_random) {
    UNUSED_BINDING_ARGS;
    if (random_pool_used == 64) {
        fill_random((uint8_t *)random_pool, sizeof random_pool);
        random_pool_used = 0;
    }
    /* 53 random bits, the precision of a double in [0, 1). */
    uint64_t bits = random_pool[random_pool_used++] >> 11;
    return JS_NewFloat64(c, (double)bits / 9007199254740992.0);
}

/* ---- Bindings: key-value store (SPEC §11) ------------------------------------ */

static int32_t call_kv_get(const void *args, uint8_t *buf, int32_t cap) {
    const key_args *k = args;
    return raw_kv_get(k->key, k->key_len, buf, cap);
}

/* kvGet(key): an ArrayBuffer, or the error code (-1 when there is no entry). */
BINDING(js_kv_get) {
    (void)this_val;
    bytes key;
    if (arg_bytes(c, argc, argv, 0, &key) < 0) {
        return JS_EXCEPTION;
    }
    key_args args = {key.ptr, (int32_t)key.len};
    uint8_t *data;
    int32_t len = read_value((value_source){call_kv_get, &args}, &data);
    free_bytes(c, &key);
    return buffer_or_code(c, len, data);
}

BINDING(js_kv_set) {
    (void)this_val;
    bytes key, value;
    if (arg_bytes(c, argc, argv, 0, &key) < 0) {
        return JS_EXCEPTION;
    }
    if (arg_bytes(c, argc, argv, 1, &value) < 0) {
        free_bytes(c, &key);
        return JS_EXCEPTION;
    }
    int32_t result =
        raw_kv_set(key.ptr, (int32_t)key.len, value.ptr, (int32_t)value.len, arg_int(c, argc, argv, 2));
    free_bytes(c, &key);
    free_bytes(c, &value);
    return JS_NewInt32(c, result);
}

BINDING(js_kv_delete) {
    (void)this_val;
    bytes key;
    if (arg_bytes(c, argc, argv, 0, &key) < 0) {
        return JS_EXCEPTION;
    }
    int32_t result = raw_kv_delete(key.ptr, (int32_t)key.len);
    free_bytes(c, &key);
    return JS_NewInt32(c, result);
}

/* kvIncr(key, delta, ttl): [0, new value as a decimal string] or [error code]. */
BINDING(js_kv_incr) {
    (void)this_val;
    bytes key;
    int64_t delta = 0;
    if (arg_bytes(c, argc, argv, 0, &key) < 0) {
        return JS_EXCEPTION;
    }
    if (argc > 1 && JS_ToInt64Ext(c, &delta, argv[1]) < 0) {
        free_bytes(c, &key);
        return JS_EXCEPTION;
    }
    int64_t value = 0;
    int32_t result = raw_kv_incr(key.ptr, (int32_t)key.len, delta, arg_int(c, argc, argv, 2), &value);
    free_bytes(c, &key);
    JSValue pair = JS_NewArray(c);
    JS_SetPropertyUint32(c, pair, 0, JS_NewInt32(c, result));
    if (result == 0) {
        char text[24];
        snprintf(text, sizeof text, "%lld", (long long)value);
        JS_SetPropertyUint32(c, pair, 1, JS_NewString(c, text));
    }
    return pair;
}

/* kvList(prefix, after): the keys of one kv_list page (an empty array at the end), or the error code. */
BINDING(js_kv_list) {
    (void)this_val;
    bytes prefix, after;
    if (arg_bytes(c, argc, argv, 0, &prefix) < 0) {
        return JS_EXCEPTION;
    }
    if (arg_bytes(c, argc, argv, 1, &after) < 0) {
        free_bytes(c, &prefix);
        return JS_EXCEPTION;
    }
    /* Room for at least 128 keys of the longest size, 512 bytes (SPEC §11.5). */
    size_t cap = 128 * 516;
    uint8_t *buf = malloc(cap);
    if (buf == NULL) {
        free_bytes(c, &prefix);
        free_bytes(c, &after);
        return JS_ThrowOutOfMemory(c);
    }
    int32_t n = raw_kv_list(prefix.ptr, (int32_t)prefix.len, after.ptr, (int32_t)after.len, buf, (int32_t)cap);
    free_bytes(c, &prefix);
    free_bytes(c, &after);
    if (n < 0) {
        free(buf);
        return JS_NewInt32(c, n);
    }
    JSValue keys = JS_NewArray(c);
    uint32_t count = 0;
    for (int32_t pos = 0; pos + 4 <= n;) {
        uint32_t len = (uint32_t)buf[pos] | (uint32_t)buf[pos + 1] << 8 | (uint32_t)buf[pos + 2] << 16 |
                       (uint32_t)buf[pos + 3] << 24;
        pos += 4;
        if (len > (uint32_t)(n - pos)) {
            break;
        }
        JS_SetPropertyUint32(c, keys, count++, JS_NewStringLen(c, (const char *)buf + pos, len));
        pos += (int32_t)len;
    }
    free(buf);
    return keys;
}

/* ---- Bindings: outbound fetch (SPEC §12) ------------------------------------- */

/* fetchStart(method, url, headers block, body): the handle of the started request, or the error code. */
BINDING(js_fetch_start) {
    (void)this_val;
    bytes parts[4];
    int got = 0;
    for (; got < 4; got++) {
        if (arg_bytes(c, argc, argv, got, &parts[got]) < 0) {
            break;
        }
    }
    int32_t result = 0;
    if (got == 4) {
        result = raw_fetch_start(parts[0].ptr, (int32_t)parts[0].len, parts[1].ptr, (int32_t)parts[1].len, parts[2].ptr,
                                 (int32_t)parts[2].len, parts[3].ptr, (int32_t)parts[3].len);
    }
    for (int i = 0; i < got; i++) {
        free_bytes(c, &parts[i]);
    }
    return got == 4 ? JS_NewInt32(c, result) : JS_EXCEPTION;
}

/* fetchWaitAny(Int32Array of handles, timeout ms): the index of a ready one, -1 on timeout, or the error code. */
BINDING(js_fetch_wait_any) {
    (void)this_val;
    bytes handles;
    if (arg_bytes(c, argc, argv, 0, &handles) < 0) {
        return JS_EXCEPTION;
    }
    int32_t result = raw_fetch_wait_any(handles.ptr, (int32_t)(handles.len / 4), arg_int(c, argc, argv, 1));
    free_bytes(c, &handles);
    return JS_NewInt32(c, result);
}

BINDING(js_fetch_status) {
    (void)this_val;
    return JS_NewInt32(c, raw_fetch_status(arg_int(c, argc, argv, 0)));
}

static int32_t call_fetch_headers(const void *args, uint8_t *buf, int32_t cap) {
    return raw_fetch_headers(*(const int32_t *)args, buf, cap);
}

BINDING(js_fetch_headers) {
    (void)this_val;
    int32_t handle = arg_int(c, argc, argv, 0);
    uint8_t *data;
    int32_t len = read_value((value_source){call_fetch_headers, &handle}, &data);
    return string_or_code(c, len, data);
}

BINDING(js_fetch_body) {
    (void)this_val;
    uint8_t *data;
    int32_t len = read_stream(raw_fetch_body_read, arg_int(c, argc, argv, 0), &data);
    return buffer_or_code(c, len, data);
}

BINDING(js_fetch_body_read) {
    (void)this_val;
    return read_chunk(c, raw_fetch_body_read, arg_int(c, argc, argv, 0), arg_int(c, argc, argv, 1));
}

/* What pipeBody returns when resp_write refused the bytes: the response is over its limit. */
#define PIPE_WRITE_REFUSED (-101)

/*
 * pipeBody(handle, max): copies a fetched body (handle >= 0) or the request body (handle -1) to the
 * response without the bytes ever becoming JS values: reads of up to 64 KiB, each written at once,
 * until max bytes are copied or a read comes back short (the body is not arriving faster than it is
 * read, so the caller may run other work meanwhile). Returns the bytes copied, 0 at the end of the
 * body, the read's error code, or PIPE_WRITE_REFUSED.
 */
BINDING(js_pipe_body) {
    (void)this_val;
    int32_t handle = arg_int(c, argc, argv, 0);
    int32_t max = arg_int(c, argc, argv, 1);
    const int32_t cap = 65536;
    uint8_t *buf = malloc((size_t)cap);
    if (buf == NULL) {
        return JS_ThrowOutOfMemory(c);
    }
    int32_t total = 0;
    int32_t result = 0;
    while (total < max) {
        int32_t n = handle < 0 ? raw_req_body_read(buf, cap) : raw_fetch_body_read(handle, buf, cap);
        if (n < 0) {
            result = n;
            break;
        }
        if (n > 0 && raw_resp_write(buf, n) < 0) {
            result = PIPE_WRITE_REFUSED;
            break;
        }
        total += n;
        if (n < cap) {
            break;
        }
    }
    free(buf);
    return JS_NewInt32(c, result < 0 ? result : total);
}

BINDING(js_fetch_close) {
    (void)this_val;
    return JS_NewInt32(c, raw_fetch_close(arg_int(c, argc, argv, 0)));
}

/* ---- Bindings: cryptography (SPEC §13) --------------------------------------- */

/* digest(alg, data): an ArrayBuffer, or the error code. */
BINDING(js_digest) {
    (void)this_val;
    bytes data;
    if (arg_bytes(c, argc, argv, 1, &data) < 0) {
        return JS_EXCEPTION;
    }
    uint8_t out[64];
    int32_t len = raw_crypto_digest(arg_int(c, argc, argv, 0), data.ptr, (int32_t)data.len, out, sizeof out);
    free_bytes(c, &data);
    return len < 0 ? JS_NewInt32(c, len) : JS_NewArrayBufferCopy(c, out, (size_t)len);
}

/* hmac(alg, key, data): an ArrayBuffer, or the error code. */
BINDING(js_hmac) {
    (void)this_val;
    bytes key, data;
    if (arg_bytes(c, argc, argv, 1, &key) < 0) {
        return JS_EXCEPTION;
    }
    if (arg_bytes(c, argc, argv, 2, &data) < 0) {
        free_bytes(c, &key);
        return JS_EXCEPTION;
    }
    uint8_t out[64];
    int32_t len = raw_crypto_hmac(arg_int(c, argc, argv, 0), key.ptr, (int32_t)key.len, data.ptr,
                                  (int32_t)data.len, out, sizeof out);
    free_bytes(c, &key);
    free_bytes(c, &data);
    return len < 0 ? JS_NewInt32(c, len) : JS_NewArrayBufferCopy(c, out, (size_t)len);
}

/* verify(alg, spki, data, signature): 1 valid, 0 not, or the error code. */
BINDING(js_verify) {
    (void)this_val;
    bytes parts[3];
    int got = 0;
    for (; got < 3; got++) {
        if (arg_bytes(c, argc, argv, got + 1, &parts[got]) < 0) {
            break;
        }
    }
    int32_t result = 0;
    if (got == 3) {
        result = raw_crypto_verify(arg_int(c, argc, argv, 0), parts[0].ptr, (int32_t)parts[0].len, parts[1].ptr,
                                   (int32_t)parts[1].len, parts[2].ptr, (int32_t)parts[2].len);
    }
    for (int i = 0; i < got; i++) {
        free_bytes(c, &parts[i]);
    }
    return got == 3 ? JS_NewInt32(c, result) : JS_EXCEPTION;
}

/* ---- Bindings: UTF-8 (TextEncoder, TextDecoder) ------------------------------ */

/* utf8Encode(string): its UTF-8 as an ArrayBuffer, lone surrogates replaced with U+FFFD as TextEncoder does. */
BINDING(js_utf8_encode) {
    (void)this_val;
    size_t len;
    const char *text = argc > 0 ? JS_ToCStringLen(c, &len, argv[0]) : NULL;
    if (text == NULL) {
        return JS_EXCEPTION;
    }
    uint8_t *data = malloc(len ? len : 1);
    if (data == NULL) {
        JS_FreeCString(c, text);
        return JS_ThrowOutOfMemory(c);
    }
    memcpy(data, text, len);
    JS_FreeCString(c, text);
    /* QuickJS writes a lone surrogate as the 3 bytes ED A0..BF xx; U+FFFD (EF BF BD) has the same length. */
    for (size_t i = 0; i + 2 < len; i++) {
        if (data[i] == 0xED && data[i + 1] >= 0xA0) {
            data[i] = 0xEF;
            data[i + 1] = 0xBF;
            data[i + 2] = 0xBD;
            i += 2;
        }
    }
    return take_array_buffer(c, data, len);
}

/* The length of the valid UTF-8 sequence at p (1 to 4), or 0 when it is invalid; end bounds the read. */
static size_t utf8_sequence(const uint8_t *p, const uint8_t *end) {
    uint8_t b = p[0];
    if (b < 0x80) {
        return 1;
    }
    size_t n;
    uint8_t lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
        n = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        n = 3;
        if (b == 0xE0) {
            lo = 0xA0;
        } else if (b == 0xED) {
            hi = 0x9F;
        }
    } else if (b >= 0xF0 && b <= 0xF4) {
        n = 4;
        if (b == 0xF0) {
            lo = 0x90;
        } else if (b == 0xF4) {
            hi = 0x8F;
        }
    } else {
        return 0;
    }
    if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < n; i++) {
        if (p[i] < 0x80 || p[i] > 0xBF) {
            return 0;
        }
    }
    return n;
}

/* The number of bytes of the maximal subpart of an invalid sequence at p (WHATWG Encoding), at least 1. */
static size_t invalid_prefix(const uint8_t *p, const uint8_t *end) {
    uint8_t b = p[0];
    size_t n = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 1;
    uint8_t lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
    uint8_t hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
    size_t i = 1;
    for (; i < n && p + i < end; i++) {
        if (p[i] < (i == 1 ? lo : 0x80) || p[i] > (i == 1 ? hi : 0xBF)) {
            break;
        }
    }
    return i;
}

/* utf8Decode(bytes, fatal): the string, invalid sequences replaced with U+FFFD; null if fatal and invalid. */
BINDING(js_utf8_decode) {
    (void)this_val;
    bytes in;
    if (arg_bytes(c, argc, argv, 0, &in) < 0) {
        return JS_EXCEPTION;
    }
    int fatal = argc > 1 && JS_ToBool(c, argv[1]);
    const uint8_t *p = in.ptr, *end = in.ptr + in.len;
    size_t valid = 0;
    while (p + valid < end && utf8_sequence(p + valid, end) != 0) {
        valid += utf8_sequence(p + valid, end);
    }
    if (p + valid == end) {
        JSValue s = JS_NewStringLen(c, (const char *)p, in.len);
        free_bytes(c, &in);
        return s;
    }
    if (fatal) {
        free_bytes(c, &in);
        return JS_NULL;
    }
    /* Each invalid byte becomes at most 3 bytes of U+FFFD. */
    uint8_t *out = malloc(in.len * 3);
    if (out == NULL) {
        free_bytes(c, &in);
        return JS_ThrowOutOfMemory(c);
    }
    size_t len = 0;
    while (p < end) {
        size_t n = utf8_sequence(p, end);
        if (n > 0) {
            memcpy(out + len, p, n);
            len += n;
            p += n;
        } else {
            memcpy(out + len, "\xEF\xBF\xBD", 3);
            len += 3;
            p += invalid_prefix(p, end);
        }
    }
    JSValue s = JS_NewStringLen(c, (const char *)out, len);
    free(out);
    free_bytes(c, &in);
    return s;
}

static const JSCFunctionListEntry bindings[] = {
    JS_CFUNC_DEF("log", 2, js_log),
    JS_CFUNC_DEF("reqMethod", 0, js_req_method),
    JS_CFUNC_DEF("reqUrl", 0, js_req_url),
    JS_CFUNC_DEF("reqHeaders", 0, js_req_headers),
    JS_CFUNC_DEF("reqBody", 0, js_req_body),
    JS_CFUNC_DEF("respSetStatus", 1, js_resp_set_status),
    JS_CFUNC_DEF("respAddHeader", 2, js_resp_add_header),
    JS_CFUNC_DEF("respWrite", 1, js_resp_write),
    JS_CFUNC_DEF("respFlush", 0, js_resp_flush),
    JS_CFUNC_DEF("reqBodyRead", 1, js_req_body_read),
    JS_CFUNC_DEF("configGet", 1, js_config_get),
    JS_CFUNC_DEF("randomFill", 1, js_random_fill),
    JS_CFUNC_DEF("random", 0, js_math_random),
    JS_CFUNC_DEF("kvGet", 1, js_kv_get),
    JS_CFUNC_DEF("kvSet", 3, js_kv_set),
    JS_CFUNC_DEF("kvDelete", 1, js_kv_delete),
    JS_CFUNC_DEF("kvIncr", 3, js_kv_incr),
    JS_CFUNC_DEF("kvList", 2, js_kv_list),
    JS_CFUNC_DEF("fetchStart", 4, js_fetch_start),
    JS_CFUNC_DEF("fetchWaitAny", 2, js_fetch_wait_any),
    JS_CFUNC_DEF("fetchStatus", 1, js_fetch_status),
    JS_CFUNC_DEF("fetchHeaders", 1, js_fetch_headers),
    JS_CFUNC_DEF("fetchBody", 1, js_fetch_body),
    JS_CFUNC_DEF("fetchBodyRead", 2, js_fetch_body_read),
    JS_CFUNC_DEF("pipeBody", 2, js_pipe_body),
    JS_CFUNC_DEF("fetchClose", 1, js_fetch_close),
    JS_CFUNC_DEF("digest", 2, js_digest),
    JS_CFUNC_DEF("hmac", 3, js_hmac),
    JS_CFUNC_DEF("verify", 4, js_verify),
    JS_CFUNC_DEF("utf8Encode", 1, js_utf8_encode),
    JS_CFUNC_DEF("utf8Decode", 2, js_utf8_decode),
};

/* ---- Errors (edge_js_error) ---------------------------------------------------- */

static void clear_error(void) {
    free(error_json);
    error_json = NULL;
    error_json_len = 0;
}

static void set_error_json(const char *json, size_t len) {
    clear_error();
    error_json = malloc(len + 1);
    if (error_json != NULL) {
        memcpy(error_json, json, len);
        error_json[len] = '\0';
        error_json_len = len;
    }
}

/* Appends text to out as the content of a JSON string; out has room for 6 bytes per input byte. */
static size_t json_escape(char *out, const char *text) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\') {
            out[n++] = '\\';
            out[n++] = (char)*p;
        } else if (*p < 0x20) {
            n += (size_t)sprintf(out + n, "\\u%04x", *p);
        } else {
            out[n++] = (char)*p;
        }
    }
    return n;
}

/* An error that JS cannot describe (the engine itself failed): kind and message only. */
static void set_error_text(const char *kind, const char *message) {
    size_t room = 64 + strlen(kind) + 6 * strlen(message);
    char *json = malloc(room);
    if (json == NULL) {
        return;
    }
    size_t n = (size_t)sprintf(json, "{\"kind\":\"%s\",\"message\":\"", kind);
    n += json_escape(json + n, message);
    n += (size_t)sprintf(json + n, "\"}");
    set_error_json(json, n);
    free(json);
}

/* Calls hooks[name](args...); returns the result (JS_EXCEPTION with the exception pending on failure). */
static JSValue call_hook(const char *name, int argc, JSValueConst *argv) {
    JSValue fn = JS_GetPropertyStr(ctx, hooks, name);
    JSValue result = JS_Call(ctx, fn, hooks, argc, argv);
    JS_FreeValue(ctx, fn);
    return result;
}

/*
 * Records the pending exception as the error of the given kind, with message,
 * line and stack as the prelude's describeError gives them, and logs it at error
 * level when log_it is set.
 */
static void record_exception(const char *kind, int log_it) {
    JSValue exception = JS_GetException(ctx);
    JSValue args[2] = {JS_NewString(ctx, kind), exception};
    JSValue described = call_hook("describeError", 2, args);
    JS_FreeValue(ctx, args[0]);
    JS_FreeValue(ctx, exception);
    size_t len;
    const char *json = JS_IsException(described) ? NULL : JS_ToCStringLen(ctx, &len, described);
    JS_FreeValue(ctx, described);
    int have_json = json != NULL;
    if (have_json) {
        set_error_json(json, len);
        JS_FreeCString(ctx, json);
    } else {
        JS_FreeValue(ctx, JS_GetException(ctx));
        set_error_text(kind, "the error could not be described (out of memory?)");
    }
    if (!log_it) {
        return;
    }
    /* logError formats what describeError recorded; without that, the JSON itself is the best there is. */
    JSValue logged = have_json ? call_hook("logError", 0, NULL) : JS_EXCEPTION;
    if (JS_IsException(logged)) {
        if (have_json) {
            JS_FreeValue(ctx, JS_GetException(ctx));
        }
        log_text(LOG_ERROR, error_json, error_json_len);
    }
    JS_FreeValue(ctx, logged);
}

/* Promises rejected with no handler yet; the prelude logs those still unhandled when a request ends. */
static void track_rejection(JSContext *c, JSValueConst promise, JSValueConst reason, JS_BOOL is_handled,
                            void *opaque) {
    (void)opaque;
    JSValue args[3] = {(JSValue)promise, (JSValue)reason, JS_NewBool(c, is_handled)};
    JSValue result = call_hook("trackRejection", 3, args);
    if (JS_IsException(result)) {
        JS_FreeValue(c, JS_GetException(c));
    }
    JS_FreeValue(c, result);
}

/* ---- Runtime set-up ------------------------------------------------------------- */

/* Creates the runtime and runs the prelude, which defines the Workers API and returns the hooks. */
static int init_runtime(void) {
    rt = JS_NewRuntime();
    if (rt == NULL) {
        return -1;
    }
    JS_SetMaxStackSize(rt, JS_STACK_LIMIT);
    JS_SetGCThreshold(rt, GC_THRESHOLD);
    ctx = JS_NewContext(rt);
    if (ctx == NULL) {
        return -1;
    }
    JS_SetHostPromiseRejectionTracker(rt, track_rejection, NULL);
    JSValue native = JS_NewObject(ctx);
    JS_SetPropertyFunctionList(ctx, native, bindings, sizeof bindings / sizeof bindings[0]);
    JSValue compiled = JS_ReadObject(ctx, prelude_bytecode, sizeof prelude_bytecode, JS_READ_OBJ_BYTECODE);
    JSValue prelude = JS_IsException(compiled) ? compiled : JS_EvalFunction(ctx, compiled);
    if (JS_IsException(prelude)) {
        JS_FreeValue(ctx, native);
        return -1;
    }
    hooks = JS_Call(ctx, prelude, JS_UNDEFINED, 1, (JSValueConst *)&native);
    JS_FreeValue(ctx, prelude);
    JS_FreeValue(ctx, native);
    return JS_IsException(hooks) ? -1 : 0;
}

/* The line "worker.js:N" in an exception's stack names, or 0. */
static int exception_line(JSValueConst exception) {
    JSValue stack = JS_GetPropertyStr(ctx, exception, "stack");
    const char *text = JS_IsString(stack) ? JS_ToCString(ctx, stack) : NULL;
    JS_FreeValue(ctx, stack);
    int line = 0;
    const char *at = text != NULL ? strstr(text, SCRIPT_NAME ":") : NULL;
    if (at != NULL) {
        line = atoi(at + strlen(SCRIPT_NAME ":"));
    }
    JS_FreeCString(ctx, text);
    return line;
}

/* Whether line (from 1) of source has an import or export keyword where a statement could start. */
static int line_has_module_keyword(const char *source, size_t len, int line) {
    const char *p = source, *end = source + len;
    for (int n = 1; n < line && p < end; p++) {
        if (*p == '\n') {
            n++;
        }
    }
    const char *line_end = memchr(p, '\n', (size_t)(end - p));
    if (line_end == NULL) {
        line_end = end;
    }
    for (const char *q = p; q + 6 <= line_end; q++) {
        int starts = q == p || strchr(" \t;{}", q[-1]) != NULL;
        int keyword = strncmp(q, "import", 6) == 0 || strncmp(q, "export", 6) == 0;
        if (starts && keyword && (q + 6 == line_end || strchr(" \t{*\"'", q[6]) != NULL)) {
            return 1;
        }
    }
    return 0;
}

/*
 * Compiles the script. A script that starts with import or export is a module;
 * otherwise it is tried as a classic script and, when that fails to parse, as a
 * module, since bundlers put `export` at the end. When both fail, the module's
 * error is reported if the classic parse stopped on a line with an import or
 * export statement (the script is a module with another error), the classic
 * script's error otherwise.
 */
static JSValue compile_script(const char *source, size_t len, int *is_module) {
    int flags = JS_EVAL_FLAG_COMPILE_ONLY;
    *is_module = JS_DetectModule(source, len);
    if (*is_module) {
        return JS_Eval(ctx, source, len, SCRIPT_NAME, flags | JS_EVAL_TYPE_MODULE);
    }
    JSValue script = JS_Eval(ctx, source, len, SCRIPT_NAME, flags | JS_EVAL_TYPE_GLOBAL);
    if (!JS_IsException(script)) {
        return script;
    }
    JSValue script_error = JS_GetException(ctx);
    JSValue module = JS_Eval(ctx, source, len, SCRIPT_NAME, flags | JS_EVAL_TYPE_MODULE);
    if (!JS_IsException(module)) {
        JS_FreeValue(ctx, script_error);
        *is_module = 1;
        return module;
    }
    JSValue module_error = JS_GetException(ctx);
    if (line_has_module_keyword(source, len, exception_line(script_error))) {
        JS_FreeValue(ctx, script_error);
        JS_Throw(ctx, module_error);
    } else {
        JS_FreeValue(ctx, module_error);
        JS_Throw(ctx, script_error);
    }
    return JS_EXCEPTION;
}

/* Evaluates the module and hands its namespace to the prelude through a module that imports it. */
static int run_module(JSValue module) {
    JSValue ran = JS_EvalFunction(ctx, module);
    if (JS_IsException(ran)) {
        return -1;
    }
    JS_FreeValue(ctx, ran);
    static const char entry[] = "import * as worker from '" SCRIPT_NAME "';\n"
                                "globalThis[Symbol.for('edge.registerModule')](worker);\n";
    JSValue registered = JS_Eval(ctx, entry, sizeof entry - 1, "edge:entry", JS_EVAL_TYPE_MODULE);
    if (JS_IsException(registered)) {
        return -1;
    }
    JS_FreeValue(ctx, registered);
    return 0;
}

/* ---- Exports ----------------------------------------------------------------------- */

/* Room for a script of len bytes and the NUL that QuickJS's parser needs after it. */
EXPORT(edge_js_alloc) uint8_t *edge_js_alloc(int32_t len) {
    if (len < 0) {
        return NULL;
    }
    uint8_t *buf = malloc((size_t)len + 1);
    if (buf != NULL) {
        buf[len] = '\0';
    }
    return buf;
}

/*
 * Evaluates the script's top level once; takes ownership of the buffer from
 * edge_js_alloc and frees it. Returns 0 when the script registered a fetch
 * handler, 1 when it failed to compile or to run, 2 when it has no fetch handler.
 */
EXPORT(edge_js_load) int32_t edge_js_load(char *source, int32_t len) {
    clear_error();
    random_pool_used = 64;
    if (script_loaded) {
        free(source);
        set_error_text("invalid_script", "a script is already loaded in this instance");
        return 1;
    }
    if (rt == NULL && init_runtime() < 0) {
        free(source);
        if (ctx != NULL) {
            record_exception("invalid_script", 1);
        } else {
            set_error_text("invalid_script", "the JavaScript engine could not start (out of memory)");
        }
        return 1;
    }
    JS_UpdateStackTop(rt);
    int is_module;
    JSValue compiled = compile_script(source, len < 0 ? 0 : (size_t)len, &is_module);
    free(source);
    if (JS_IsException(compiled)) {
        record_exception("invalid_script", 0);
        return 1;
    }
    JSValue form = JS_NewString(ctx, is_module ? "module" : "service-worker");
    JSValue prepared = call_hook("beforeScript", 1, (JSValueConst *)&form);
    JS_FreeValue(ctx, form);
    if (JS_IsException(prepared)) {
        JS_FreeValue(ctx, compiled);
        record_exception("invalid_script", 0);
        return 1;
    }
    JS_FreeValue(ctx, prepared);
    int failed;
    if (is_module) {
        failed = run_module(compiled) < 0;
    } else {
        JSValue ran = JS_EvalFunction(ctx, compiled);
        failed = JS_IsException(ran);
        JS_FreeValue(ctx, ran);
    }
    if (failed) {
        record_exception("invalid_script", 0);
        return 1;
    }
    JSValue handler = call_hook("afterScript", 0, NULL);
    if (JS_IsException(handler)) {
        record_exception("invalid_script", 0);
        return 1;
    }
    int has_fetch = JS_ToBool(ctx, handler);
    JS_FreeValue(ctx, handler);
    JS_RunGC(rt);
    if (!has_fetch) {
        set_error_text("missing_export", is_module
                                             ? "the module has no default export with a fetch method: "
                                               "export default { fetch(request, env, ctx) { ... } }"
                                             : "the script registers no fetch handler: "
                                               "addEventListener(\"fetch\", event => event.respondWith(...))");
        return 2;
    }
    script_loaded = 1;
    return 0;
}

/*
 * Runs one event: the prelude's start calls the handler, then the job queue is
 * drained and the prelude's poll fires timers until the handler's promise and
 * every waitUntil promise settled (poll returns 0) or nothing is left to run
 * (poll returns 2); finish then writes the response or throws the error.
 */
static void run_event(const char *type) {
    clear_error();
    random_pool_used = 64;
    if (!script_loaded) {
        set_error_text("invalid_script", "no script is loaded: edge_js_load must succeed before requests");
        log_text(LOG_ERROR, error_json, error_json_len);
        return;
    }
    JS_UpdateStackTop(rt);
    JSValue name = JS_NewString(ctx, type);
    JSValue started = call_hook("start", 1, (JSValueConst *)&name);
    JS_FreeValue(ctx, name);
    if (JS_IsException(started)) {
        record_exception("script_error", 1);
        return;
    }
    JS_FreeValue(ctx, started);
    for (;;) {
        JSContext *job_ctx;
        int ran;
        while ((ran = JS_ExecutePendingJob(rt, &job_ctx)) > 0) {
        }
        if (ran < 0) {
            record_exception("script_error", 1);
            return;
        }
        JSValue polled = call_hook("poll", 0, NULL);
        if (JS_IsException(polled)) {
            record_exception("script_error", 1);
            return;
        }
        int32_t state = 0;
        JS_ToInt32(ctx, &state, polled);
        JS_FreeValue(ctx, polled);
        if (state != 1) {
            break;
        }
    }
    JSValue finished = call_hook("finish", 0, NULL);
    if (JS_IsException(finished)) {
        record_exception("script_error", 1);
        return;
    }
    JS_FreeValue(ctx, finished);
}

/* ABI v1 entry point: answers the request with the script's fetch handler. */
EXPORT(handle) void handle(void) {
    run_event("fetch");
}

/* Runs the script's scheduled handler; errors are reported as for handle. */
EXPORT(edge_js_scheduled) void edge_js_scheduled(void) {
    run_event("scheduled");
}

/* The last error as UTF-8 JSON, following the buffer-retry convention (SPEC §3.2); 0 when there is none. */
EXPORT(edge_js_error) int32_t edge_js_error(uint8_t *buf, int32_t cap) {
    if (cap < 0) {
        return EDGE_INVALID_ARGUMENT;
    }
    if (error_json_len > 0 && (size_t)cap >= error_json_len) {
        memcpy(buf, error_json, error_json_len);
    }
    return (int32_t)error_json_len;
}
