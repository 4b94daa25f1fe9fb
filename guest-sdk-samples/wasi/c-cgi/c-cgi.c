/*
 * c-cgi: a CGI program (RFC 3875) in plain C with wasi-libc. It answers with a JSON
 * description of the request it was given: method, path info, query string, the User-Agent
 * header, its arguments and the body, echoed. Query parameters change the response so that a
 * host's handling of each part of a CGI response can be seen:
 *
 *   ?status=404        a "Status: 404 Not Found" line
 *   ?redirect=URL      "Status: 302 Found" and "Location: URL"
 *   ?stderr=TEXT       TEXT written to stderr as one line (the host logs it)
 *   ?plain=1           text only, with no header block at all
 *   ?exit=3            writes a full response, then exits with status 3 (the host must
 *                      discard the response and answer 500)
 *
 * It needs nothing but the CGI environment, stdin and stdout, so it runs unchanged on any
 * host that follows the WAGI convention.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decodes %XX and '+' in place (application/x-www-form-urlencoded); returns s. */
static char *url_decode(char *s) {
    char *out = s;
    for (const char *in = s; *in; in++) {
        if (*in == '+') {
            *out++ = ' ';
        } else if (*in == '%' && in[1] && in[2] && strchr("0123456789abcdefABCDEF", in[1]) &&
                   strchr("0123456789abcdefABCDEF", in[2])) {
            char hex[3] = {in[1], in[2], 0};
            *out++ = (char)strtol(hex, NULL, 16);
            in += 2;
        } else {
            *out++ = *in;
        }
    }
    *out = 0;
    return s;
}

/*
 * The decoded value of the first parameter called name in the query string, or NULL. The
 * result is a malloc'd copy so that decoding never changes the environment.
 */
static char *query_param(const char *query, const char *name) {
    size_t name_len = strlen(name);
    for (const char *p = query; p && *p;) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len >= name_len && strncmp(p, name, name_len) == 0 && (len == name_len || p[name_len] == '=')) {
            const char *value = len == name_len ? p + len : p + name_len + 1;
            size_t value_len = (size_t)(p + len - value);
            char *copy = malloc(value_len + 1);
            if (!copy) return NULL;
            memcpy(copy, value, value_len);
            copy[value_len] = 0;
            return url_decode(copy);
        }
        p = end ? end + 1 : NULL;
    }
    return NULL;
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

/*
 * Writes s as a JSON string. The body is arbitrary bytes, so bytes that are not UTF-8 become
 * U+FFFD: the output stays valid JSON for any input.
 */
static void json_string(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    putchar('"');
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        size_t len = utf8_sequence(p + i, n - i);
        if (len == 0) {
            fputs("\\ufffd", stdout);
            i++;
            continue;
        }
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c == '\n') fputs("\\n", stdout);
        else if (c == '\r') fputs("\\r", stdout);
        else if (c == '\t') fputs("\\t", stdout);
        else if (c < 0x20 || c == 0x7f) printf("\\u%04x", c);
        else fwrite(p + i, 1, len, stdout);
        i += len;
    }
    putchar('"');
}

/* A JSON string, or null when the variable is not set. */
static void json_env(const char *name) {
    const char *value = getenv(name);
    if (value) json_string(value, strlen(value));
    else fputs("null", stdout);
}

static const char *reason_phrase(int status) {
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 418: return "I'm a teapot";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
    }
}

/* Reads all of stdin (the request body) into a malloc'd buffer; *len is its length. */
static char *read_body(size_t *len) {
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, stdin);
        n += got;
        if (got == 0) break;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    const char *query = getenv("QUERY_STRING");
    char *status_param = query_param(query, "status");
    char *redirect = query_param(query, "redirect");
    char *plain = query_param(query, "plain");
    char *log_line = query_param(query, "stderr");
    char *exit_param = query_param(query, "exit");
    size_t body_len;
    char *body = read_body(&body_len);
    if (!body) {
        fputs("c-cgi: out of memory reading the request body\n", stderr);
        return 1;
    }

    if (log_line) fprintf(stderr, "%s\n", log_line);

    if (plain) {
        /* No header block: the first line must not look like a header field. */
        printf("hello from c-cgi\n%s %s\n", getenv("REQUEST_METHOD") ? getenv("REQUEST_METHOD") : "-",
               getenv("PATH_INFO") && *getenv("PATH_INFO") ? getenv("PATH_INFO") : "/");
    } else if (redirect) {
        printf("Status: 302 Found\nLocation: %s\nContent-Type: text/plain\n\nredirecting to %s\n", redirect, redirect);
    } else {
        int status = status_param ? atoi(status_param) : 200;
        if (status < 100 || status > 599) {
            printf("Status: 400 Bad Request\nContent-Type: text/plain\n\nstatus must be a number from 100 to 599\n");
            return 0;
        }
        /* Only a status other than 200 needs a Status line; 200 shows the default. */
        if (status != 200) printf("Status: %d %s\n", status, reason_phrase(status));
        printf("Content-Type: application/json\nCache-Control: no-store\n\n");
        printf("{\"method\":");
        json_env("REQUEST_METHOD");
        printf(",\"script_name\":");
        json_env("SCRIPT_NAME");
        printf(",\"path_info\":");
        json_env("PATH_INFO");
        printf(",\"query\":");
        json_env("QUERY_STRING");
        printf(",\"user_agent\":");
        json_env("HTTP_USER_AGENT");
        printf(",\"content_type\":");
        json_env("CONTENT_TYPE");
        printf(",\"content_length\":");
        json_env("CONTENT_LENGTH");
        printf(",\"args\":[");
        for (int i = 0; i < argc; i++) {
            if (i > 0) putchar(',');
            json_string(argv[i], strlen(argv[i]));
        }
        printf("],\"body_length\":%zu,\"body\":", body_len);
        json_string(body, body_len);
        printf("}\n");
    }

    if (exit_param) {
        /* exit() flushes stdout, so the host does receive the response it must discard. */
        int code = atoi(exit_param);
        fprintf(stderr, "c-cgi: exiting with status %d as asked\n", code);
        exit(code);
    }
    return 0;
}
