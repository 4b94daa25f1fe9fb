/*
 * render: a C guest of typical size for the upload and instantiation
 * benchmarks. It answers every request with a small HTML page that reports
 * the method, the URL, the route matched by a regular expression, the query
 * parameters sorted by name and read as numbers, the user agent, the body's
 * length and SHA-256, and a few numbers formatted with printf, so that it
 * links a realistic part of wasi-libc (stdio with floating point, malloc,
 * regex, qsort, strtod, string functions).
 *
 * Built as a WASI reactor: the host calls _initialize (which runs the C
 * constructors) and then handle. build.sh beside this file rebuilds
 * render.wasm.
 */
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EDGE(name) __attribute__((import_module("edge"), import_name(#name)))

EDGE(req_method) int32_t req_method(char *buf, int32_t cap);
EDGE(req_url) int32_t req_url(char *buf, int32_t cap);
EDGE(req_header) int32_t req_header(const char *name, int32_t name_len, char *buf, int32_t cap);
EDGE(req_body_read) int32_t req_body_read(uint8_t *buf, int32_t cap);
EDGE(resp_set_header) int32_t resp_set_header(const char *name, int32_t name_len, const char *value, int32_t value_len);
EDGE(resp_write) int32_t resp_write(const void *buf, int32_t len);

/* SHA-256 (FIPS 180-4). */
typedef struct {
    uint32_t state[8];
    uint64_t length;
    uint8_t block[64];
    size_t used;
} sha256_ctx;

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha256_block(sha256_ctx *ctx, const uint8_t *p) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = ctx->state[0], b = ctx->state[1], c = ctx->state[2], d = ctx->state[3];
    uint32_t e = ctx->state[4], f = ctx->state[5], g = ctx->state[6], h = ctx->state[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    ctx->state[0] += a; ctx->state[1] += b; ctx->state[2] += c; ctx->state[3] += d;
    ctx->state[4] += e; ctx->state[5] += f; ctx->state[6] += g; ctx->state[7] += h;
}

static void sha256_init(sha256_ctx *ctx) {
    static const uint32_t initial[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    memcpy(ctx->state, initial, sizeof initial);
    ctx->length = 0;
    ctx->used = 0;
}

static void sha256_update(sha256_ctx *ctx, const uint8_t *data, size_t len) {
    ctx->length += len;
    while (len > 0) {
        size_t take = 64 - ctx->used < len ? 64 - ctx->used : len;
        memcpy(ctx->block + ctx->used, data, take);
        ctx->used += take;
        data += take;
        len -= take;
        if (ctx->used == 64) {
            sha256_block(ctx, ctx->block);
            ctx->used = 0;
        }
    }
}

static void sha256_final(sha256_ctx *ctx, uint8_t out[32]) {
    uint64_t bits = ctx->length * 8;
    uint8_t pad = 0x80;
    sha256_update(ctx, &pad, 1);
    uint8_t zero = 0;
    while (ctx->used != 56) {
        sha256_update(ctx, &zero, 1);
    }
    uint8_t len[8];
    for (int i = 0; i < 8; i++) {
        len[i] = (uint8_t)(bits >> (56 - 8 * i));
    }
    sha256_update(ctx, len, 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(ctx->state[i] >> 24);
        out[4 * i + 1] = (uint8_t)(ctx->state[i] >> 16);
        out[4 * i + 2] = (uint8_t)(ctx->state[i] >> 8);
        out[4 * i + 3] = (uint8_t)ctx->state[i];
    }
}

/* A growable string: the page is built in one buffer and written once. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
} text;

static void text_append(text *t, const char *s, size_t n) {
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (t->len + n + 1 > cap) {
            cap *= 2;
        }
        t->data = realloc(t->data, cap);
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = 0;
}

static void text_printf(text *t, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void text_printf(text *t, const char *format, ...) {
    char line[512];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (n > 0) {
        text_append(t, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    }
}

/* HTML-escapes untrusted text from the request. */
static void text_escaped(text *t, const char *s) {
    for (; *s; s++) {
        switch (*s) {
            case '<': text_append(t, "&lt;", 4); break;
            case '>': text_append(t, "&gt;", 4); break;
            case '&': text_append(t, "&amp;", 5); break;
            case '"': text_append(t, "&quot;", 6); break;
            default: text_append(t, s, 1); break;
        }
    }
}

/* Reads a byte-string result, growing the buffer when the host says it did not fit. */
static char *read_string(int32_t (*read)(char *, int32_t)) {
    int32_t cap = 128;
    char *buf = malloc((size_t)cap + 1);
    int32_t len = read(buf, cap);
    if (len > cap) {
        buf = realloc(buf, (size_t)len + 1);
        len = read(buf, len);
    }
    buf[len < 0 ? 0 : len] = 0;
    return buf;
}

static char *header(const char *name) {
    char *buf = malloc(257);
    int32_t len = req_header(name, (int32_t)strlen(name), buf, 256);
    if (len < 0) {
        strcpy(buf, "(none)");
    } else {
        buf[len < 256 ? len : 256] = 0;
    }
    return buf;
}

/* Set up by a C constructor, which _initialize runs: a snapshot taken after it holds them. */
static double weights[64];

__attribute__((constructor)) static void init_weights(void) {
    for (int i = 0; i < 64; i++) {
        weights[i] = 1.0 / (1.0 + i);
    }
}

/* One query parameter, split in place. */
typedef struct {
    char *name;
    char *value;
} param;

static int by_name(const void *a, const void *b) {
    return strcmp(((const param *)a)->name, ((const param *)b)->name);
}

/* Lists the query parameters sorted by name, each with its value read as a number. */
static void render_query(text *page, char *query) {
    param params[32];
    size_t count = 0;
    for (char *next = query; next && *next && count < 32;) {
        char *pair = next;
        next = strchr(pair, '&');
        if (next) {
            *next++ = 0;
        }
        char *eq = strchr(pair, '=');
        params[count].name = pair;
        params[count].value = eq ? (*eq = 0, eq + 1) : "";
        count++;
    }
    qsort(params, count, sizeof params[0], by_name);
    text_printf(page, "<ul>\n");
    for (size_t i = 0; i < count; i++) {
        char *end;
        double number = strtod(params[i].value, &end);
        text_printf(page, "<li>");
        text_escaped(page, params[i].name);
        text_printf(page, " = ");
        text_escaped(page, params[i].value);
        if (end != params[i].value && *end == 0) {
            text_printf(page, " (%g)", number);
        }
        text_printf(page, "</li>\n");
    }
    text_printf(page, "</ul>\n");
}

/* Matches the path against /render/NAME/NUMBER; compiled once, by a constructor. */
static regex_t route;
static int route_ok;

__attribute__((constructor)) static void init_route(void) {
    route_ok = regcomp(&route, "^https?://[^/]*/render/([a-z]+)/([0-9]+)", REG_EXTENDED) == 0;
}

static void render_route(text *page, const char *url) {
    regmatch_t match[3];
    if (route_ok && regexec(&route, url, 3, match, 0) == 0) {
        text_printf(page, "<p>route: name %.*s, number %ld</p>\n",
                    (int)(match[1].rm_eo - match[1].rm_so), url + match[1].rm_so,
                    strtol(url + match[2].rm_so, NULL, 10));
    } else {
        text_printf(page, "<p>route: none</p>\n");
    }
}

__attribute__((export_name("handle"))) void handle(void) {
    char *method = read_string(req_method);
    char *url = read_string(req_url);
    char *agent = header("user-agent");

    sha256_ctx ctx;
    sha256_init(&ctx);
    uint8_t chunk[4096];
    size_t body = 0;
    for (int32_t n; (n = req_body_read(chunk, sizeof chunk)) > 0;) {
        sha256_update(&ctx, chunk, (size_t)n);
        body += (size_t)n;
    }
    uint8_t digest[32];
    sha256_final(&ctx, digest);

    double score = 0;
    for (int i = 0; i < 64; i++) {
        score += weights[i] * (double)(digest[i % 32] + 1);
    }

    text page = {0};
    text_printf(&page, "<!doctype html>\n<title>render</title>\n<h1>%s ", method);
    text_escaped(&page, url);
    text_printf(&page, "</h1>\n<p>user agent: ");
    text_escaped(&page, agent);
    text_printf(&page, "</p>\n<p>body: %zu bytes, sha-256 ", body);
    for (int i = 0; i < 32; i++) {
        text_printf(&page, "%02x", digest[i]);
    }
    text_printf(&page, "</p>\n<p>score: %.6f (%e)</p>\n", score, score / 1e6);
    render_route(&page, url);
    char *query = strchr(url, '?');
    if (query) {
        render_query(&page, query + 1);
    }

    static const char type[] = "content-type";
    static const char html[] = "text/html; charset=utf-8";
    resp_set_header(type, sizeof type - 1, html, sizeof html - 1);
    resp_write(page.data, (int32_t)page.len);

    free(page.data);
    free(agent);
    free(url);
    free(method);
}
