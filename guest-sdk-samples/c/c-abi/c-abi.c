/*
 * c-abi: the default response of the CGI program wasi/c-cgi, written as an ABI guest with the
 * C SDK, so that the two ways of serving the same C logic can be measured side by side
 * (benchmarks' CgiAbiReport). It answers with the same JSON description of the request:
 * method, script name, path info, query string, the User-Agent, Content-Type and
 * Content-Length headers, its "arguments" (the function name, as c-cgi's argv[0]) and the
 * body, echoed. Where c-cgi reads the CGI environment, stdin and stdout, this reads the
 * request through the edge ABI and writes one response buffer.
 */
#include <edge.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The response body, grown as it is written; a failed allocation sets failed. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} buffer;

static void put(buffer *out, const char *bytes, size_t n) {
    if (out->failed) return;
    if (out->len + n > out->cap) {
        size_t cap = out->cap ? out->cap : 1024;
        while (cap < out->len + n) cap *= 2;
        char *bigger = realloc(out->data, cap);
        if (!bigger) {
            out->failed = 1;
            return;
        }
        out->data = bigger;
        out->cap = cap;
    }
    memcpy(out->data + out->len, bytes, n);
    out->len += n;
}

static void puts_to(buffer *out, const char *text) {
    put(out, text, strlen(text));
}

static void printf_to(buffer *out, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void printf_to(buffer *out, const char *format, ...) {
    char small[64];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (n > 0) put(out, small, (size_t)n < sizeof small ? (size_t)n : sizeof small - 1);
}

/* Length of the well-formed UTF-8 sequence at s (at most n bytes), or 0 if there is none. */
static size_t utf8_sequence(const unsigned char *s, size_t n) {
    size_t len;
    unsigned min;
    unsigned cp;
    if (s[0] < 0x80) return 1;
    if ((s[0] & 0xe0) == 0xc0) { len = 2; min = 0x80; cp = s[0] & 0x1f; }
    else if ((s[0] & 0xf0) == 0xe0) { len = 3; min = 0x800; cp = s[0] & 0x0f; }
    else if ((s[0] & 0xf8) == 0xf0) { len = 4; min = 0x10000; cp = s[0] & 0x07; }
    else return 0;
    if (len > n) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
    return len;
}

/* Writes s as a JSON string, bytes that are not UTF-8 as U+FFFD, exactly as c-cgi does. */
static void json_string(buffer *out, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    put(out, "\"", 1);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        size_t len = utf8_sequence(p + i, n - i);
        if (len == 0) {
            puts_to(out, "\\ufffd");
            i++;
            continue;
        }
        if (c == '"' || c == '\\') printf_to(out, "\\%c", c);
        else if (c == '\n') puts_to(out, "\\n");
        else if (c == '\r') puts_to(out, "\\r");
        else if (c == '\t') puts_to(out, "\\t");
        else if (c < 0x20 || c == 0x7f) printf_to(out, "\\u%04x", c);
        else put(out, (const char *)p + i, len);
        i += len;
    }
    put(out, "\"", 1);
}

/* A JSON string of a request header, or null when the request has none. */
static void json_header(buffer *out, const char *name) {
    char *value = NULL;
    if (edge_req_header(name, &value) >= 0 && value) json_string(out, value, strlen(value));
    else puts_to(out, "null");
    free(value);
}

EDGE_HANDLER void handle(void) {
    char *method = NULL;
    char *url = NULL;
    char *body = NULL;
    edge_req_method(&method);
    edge_req_url(&url);
    int body_len = edge_req_body(&body);
    if (!method || !url || body_len < 0) {
        edge_resp_set_status(500);
        edge_resp_write_str("c-abi: could not read the request\n");
        return;
    }

    /* The URL is absolute: the path starts after the authority, the query after '?'. */
    const char *path = strstr(url, "://");
    path = path ? strchr(path + 3, '/') : url;
    if (!path) path = "/";
    const char *mark = strchr(path, '?');
    size_t path_len = mark ? (size_t)(mark - path) : strlen(path);
    const char *query = mark ? mark + 1 : "";
    /* The script name is the function's segment, /NAME, as the CGI host sets SCRIPT_NAME. */
    const char *rest = memchr(path + 1, '/', path_len > 0 ? path_len - 1 : 0);
    size_t script_len = rest ? (size_t)(rest - path) : path_len;

    buffer out = {0};
    puts_to(&out, "{\"method\":");
    json_string(&out, method, strlen(method));
    puts_to(&out, ",\"script_name\":");
    json_string(&out, path, script_len);
    puts_to(&out, ",\"path_info\":");
    json_string(&out, path + script_len, path_len - script_len);
    puts_to(&out, ",\"query\":");
    json_string(&out, query, strlen(query));
    puts_to(&out, ",\"user_agent\":");
    json_header(&out, "user-agent");
    puts_to(&out, ",\"content_type\":");
    json_header(&out, "content-type");
    puts_to(&out, ",\"content_length\":");
    json_header(&out, "content-length");
    puts_to(&out, ",\"args\":[");
    json_string(&out, path + 1, script_len > 0 ? script_len - 1 : 0);
    printf_to(&out, "],\"body_length\":%d,\"body\":", body_len);
    json_string(&out, body ? body : "", (size_t)body_len);
    puts_to(&out, "}\n");

    if (out.failed) {
        edge_resp_set_status(500);
        edge_resp_write_str("c-abi: out of memory\n");
    } else {
        edge_resp_set_header("content-type", "application/json");
        edge_resp_set_header("cache-control", "no-store");
        edge_resp_write(out.data, out.len);
    }
    free(out.data);
    free(body);
    free(url);
    free(method);
}
