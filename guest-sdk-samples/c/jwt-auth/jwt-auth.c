/*
 * jwt-auth - validates a JWT at the edge and forwards its claims to an origin.
 *
 * Authorization: Bearer <token> with alg HS256 (secret: config jwt_secret) or
 * RS256 (public key: config jwt_public_key, PEM or base64 DER
 * SubjectPublicKeyInfo). No token or a malformed one: 401. A bad signature,
 * an algorithm without a configured key, or a token outside exp/nbf: 403.
 * Otherwise the request goes to config origin (plus the path after the
 * function's name and the query) with every flat claim as a header
 * x-jwt-<claim> and the SHA-256 of the claims as x-jwt-claims-sha256; the
 * origin's status, content-type and body are the response.
 */
#include <edge.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLAIMS 32
#define MAX_HEADER_BLOCK 8192

/* ---- Answers ------------------------------------------------------------- */

static void answer(int status, const char *error, const char *authenticate) {
    edge_resp_set_status(status);
    edge_resp_set_header("content-type", "application/json");
    if (authenticate != NULL) {
        edge_resp_set_header("www-authenticate", authenticate);
    }
    edge_resp_write_str("{\"error\":\"");
    edge_resp_write_str(error);
    edge_resp_write_str("\"}\n");
}

static void unauthorized(const char *error) { answer(401, error, "Bearer"); }
static void forbidden(const char *error) { answer(403, error, "Bearer error=\"invalid_token\""); }

/* ---- Base64 (RFC 4648: both alphabets, padding optional) ------------------ */

static int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

/* Decodes into out (room for len * 3 / 4 bytes); skips whitespace when asked. -1 if malformed. */
static long base64_decode(const char *in, size_t len, unsigned char *out, bool skip_space) {
    unsigned bits = 0;
    int count = 0;
    long n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = in[i];
        if (c == '=') {
            break;
        }
        if (skip_space && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
            continue;
        }
        int v = base64_value(c);
        if (v < 0) {
            return -1;
        }
        bits = (bits << 6) | (unsigned)v;
        count += 6;
        if (count >= 8) {
            count -= 8;
            out[n++] = (unsigned char)(bits >> count);
        }
    }
    return count >= 6 ? -1 : n;
}

/* The key of a PEM block (or bare base64) as DER; NULL if malformed. */
static unsigned char *pem_to_der(const char *pem, long *der_len) {
    const char *body = strstr(pem, "-----BEGIN PUBLIC KEY-----");
    body = body == NULL ? pem : body + strlen("-----BEGIN PUBLIC KEY-----");
    const char *end = strstr(body, "-----END");
    size_t len = end == NULL ? strlen(body) : (size_t)(end - body);
    unsigned char *der = malloc(len * 3 / 4 + 1);
    if (der != NULL && (*der_len = base64_decode(body, len, der, true)) <= 0) {
        free(der);
        der = NULL;
    }
    return der;
}

static bool equal_in_constant_time(const unsigned char *a, const unsigned char *b, size_t len) {
    unsigned char diff = 0;
    for (size_t i = 0; i < len; i++) {
        diff |= a[i] ^ b[i];
    }
    return diff == 0;
}

/* ---- The members of a JSON object whose values are strings, numbers or literals ---- */

/*
 * A member kept for forwarding. Members whose value is an object, an array or
 * a string with escapes other than \" \\ \/ or with non-ASCII characters are
 * skipped, not refused: they are valid JSON this sample simply does not forward.
 */
typedef struct {
    char name[64];
    char value[256];
    bool is_string;
} claim;

static const char *skip_space(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

/*
 * Reads the JSON string at p (after its opening quote) into out, and returns the
 * position after its closing quote, or NULL if it never ends. *kept is false when
 * the string does not fit or holds characters a header value must not carry.
 */
static const char *read_string(const char *p, char *out, size_t cap, bool *kept) {
    size_t n = 0;
    *kept = true;
    for (;;) {
        char c = *p++;
        if (c == '\0') return NULL;
        if (c == '"') break;
        if (c == '\\') {
            c = *p++;
            if (c == '\0') return NULL;
            if (c != '"' && c != '\\' && c != '/') *kept = false;
        } else if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e) {
            *kept = false;
        }
        if (n + 1 < cap) {
            out[n++] = c;
        } else {
            *kept = false;
        }
    }
    out[n] = '\0';
    return p;
}

/* The position after the object or array that starts at p, or NULL if it never ends. */
static const char *skip_nested(const char *p) {
    int depth = 0;
    char scratch[2];
    bool kept;
    do {
        char c = *p++;
        if (c == '\0') return NULL;
        if (c == '{' || c == '[') depth++;
        if (c == '}' || c == ']') depth--;
        if (c == '"' && (p = read_string(p, scratch, sizeof scratch, &kept)) == NULL) return NULL;
    } while (depth > 0);
    return p;
}

/* Parses a JSON object into at most max members; -1 if it is no well-formed object. */
static int parse_claims(const char *json, claim *claims, int max) {
    const char *p = skip_space(json);
    int count = 0;
    if (*p++ != '{') return -1;
    p = skip_space(p);
    if (*p == '}') return skip_space(p + 1)[0] == '\0' ? 0 : -1;
    for (;;) {
        claim scratch, *c = count < max ? &claims[count] : &scratch;
        bool name_kept, value_kept = true;
        if (*p++ != '"' || (p = read_string(p, c->name, sizeof c->name, &name_kept)) == NULL) return -1;
        p = skip_space(p);
        if (*p++ != ':') return -1;
        p = skip_space(p);
        c->is_string = *p == '"';
        if (c->is_string) {
            p = read_string(p + 1, c->value, sizeof c->value, &value_kept);
        } else if (*p == '{' || *p == '[') {
            p = skip_nested(p);
            value_kept = false;
        } else {
            size_t n = strspn(p, "0123456789+-.eEtrufalsn");
            if (n == 0) return -1;
            value_kept = n < sizeof c->value;
            if (value_kept) {
                memcpy(c->value, p, n);
                c->value[n] = '\0';
            }
            p += n;
        }
        if (p == NULL) return -1;
        if (name_kept && value_kept && c != &scratch) count++;
        p = skip_space(p);
        if (*p == '}') return skip_space(p + 1)[0] == '\0' ? count : -1;
        if (*p++ != ',') return -1;
        p = skip_space(p);
    }
}

static const claim *find_claim(const claim *claims, int count, const char *name) {
    for (int i = 0; i < count; i++) {
        if (strcmp(claims[i].name, name) == 0) return &claims[i];
    }
    return NULL;
}

/* The numeric claim as whole seconds, or false when it is absent. */
static bool seconds_claim(const claim *claims, int count, const char *name, long long *seconds) {
    const claim *c = find_claim(claims, count, name);
    if (c == NULL || c->is_string) return false;
    *seconds = strtoll(c->value, NULL, 10);
    return true;
}

/* ---- Signature ----------------------------------------------------------- */

typedef enum { SIGNATURE_VALID, SIGNATURE_INVALID, ALG_NOT_ACCEPTED, KEY_UNUSABLE } verdict;

static verdict check_signature(const char *alg, const char *signed_part, size_t signed_len,
                               const unsigned char *sig, long sig_len) {
    char *key = NULL;
    verdict result = ALG_NOT_ACCEPTED;
    if (strcmp(alg, "HS256") == 0 && edge_config_get("jwt_secret", &key) > 0) {
        unsigned char mac[EDGE_DIGEST_MAX];
        int mac_len = edge_crypto_hmac(EDGE_SHA256, key, strlen(key), signed_part, signed_len, mac, sizeof mac);
        result = mac_len != 32 ? KEY_UNUSABLE
                 : sig_len == 32 && equal_in_constant_time(mac, sig, 32) ? SIGNATURE_VALID : SIGNATURE_INVALID;
    } else if (strcmp(alg, "RS256") == 0 && edge_config_get("jwt_public_key", &key) > 0) {
        long der_len = 0;
        unsigned char *der = pem_to_der(key, &der_len);
        int ok = der == NULL ? EDGE_INVALID_ARGUMENT
                             : edge_crypto_verify(EDGE_RS256, der, (size_t)der_len, signed_part, signed_len, sig, (size_t)sig_len);
        free(der);
        result = ok < 0 ? KEY_UNUSABLE : ok == 1 ? SIGNATURE_VALID : SIGNATURE_INVALID;
    }
    free(key);
    return result;
}

/* ---- Forwarding ---------------------------------------------------------- */

/* The part of the request URL after the function's name: "/rest?query", "?query" or "". */
static const char *after_function_name(const char *url) {
    const char *path = strstr(url, "://");
    path = path == NULL ? url : strchr(path + 3, '/');
    if (path == NULL) return "";
    return path + 1 + strcspn(path + 1, "/?");
}

static bool is_header_token(const char *name) {
    if (*name == '\0') return false;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
            return false;
        }
    }
    return true;
}

static void append(char *block, const char *text) {
    size_t used = strlen(block);
    size_t len = strlen(text);
    if (used + len < MAX_HEADER_BLOCK) memcpy(block + used, text, len + 1);
}

static void forward(const claim *claims, int count, const char *payload_json) {
    char *origin = NULL, *url = NULL, *method = NULL, *body = NULL;
    if (edge_config_get("origin", &origin) <= 0 || edge_req_url(&url) < 0 || edge_req_method(&method) < 0) {
        edge_log(EDGE_LOG_ERROR, "jwt-auth: config origin is not set");
        answer(500, "no_origin", NULL);
        goto done;
    }
    const char *rest = after_function_name(url);
    char *target = malloc(strlen(origin) + strlen(rest) + 1);
    char *headers = calloc(1, MAX_HEADER_BLOCK);
    int body_len = edge_req_body(&body);
    if (target == NULL || headers == NULL || body_len < 0) {
        answer(500, "no_memory", NULL);
        free(target);
        free(headers);
        goto done;
    }
    strcpy(target, origin);
    strcat(target, rest);

    for (int i = 0; i < count; i++) {
        if (!is_header_token(claims[i].name)) continue;
        append(headers, "x-jwt-");
        append(headers, claims[i].name);
        append(headers, ": ");
        append(headers, claims[i].value);
        append(headers, "\n");
    }
    unsigned char digest[EDGE_DIGEST_MAX];
    char hex[2 * EDGE_DIGEST_MAX + 1];
    int digest_len = edge_crypto_digest(EDGE_SHA256, payload_json, strlen(payload_json), digest, sizeof digest);
    edge_hex(digest, (size_t)digest_len, hex);
    append(headers, "x-jwt-claims-sha256: ");
    append(headers, hex);
    append(headers, "\n");

    int handle = edge_fetch(method, target, headers, body, (size_t)body_len);
    free(target);
    free(headers);
    if (handle < 0) {
        edge_logf(EDGE_LOG_ERROR, "jwt-auth: fetch of the origin failed: %s", edge_strerror(handle));
        answer(502, "origin_unreachable", NULL);
        goto done;
    }
    char *content_type = NULL;
    edge_resp_set_status(edge_fetch_status(handle));
    if (edge_fetch_header(handle, "content-type", &content_type) >= 0) {
        edge_resp_set_header("content-type", content_type);
    }
    /* The head goes to the client now and the origin's body follows as it is read, a chunk at a
     * time: a large body never sits whole in the guest's memory. */
    edge_resp_flush();
    static char chunk[16384];
    int read;
    while ((read = edge_fetch_body_read(handle, chunk, sizeof chunk)) > 0) {
        edge_resp_write(chunk, (size_t)read);
    }
    edge_fetch_close(handle);
    free(content_type);
done:
    free(origin);
    free(url);
    free(method);
    free(body);
}

/* ---- The request --------------------------------------------------------- */

static void authorize(const char *token) {
    const char *dot1 = strchr(token, '.');
    const char *dot2 = dot1 == NULL ? NULL : strchr(dot1 + 1, '.');
    if (dot2 == NULL || strchr(dot2 + 1, '.') != NULL) {
        unauthorized("malformed_token");
        return;
    }
    size_t header_len = (size_t)(dot1 - token), payload_len = (size_t)(dot2 - dot1 - 1), sig_text_len = strlen(dot2 + 1);
    char *header = malloc(header_len + 1), *payload = malloc(payload_len + 1);
    unsigned char *sig = malloc(sig_text_len + 1);
    claim header_fields[8], *claims = malloc(sizeof(claim) * MAX_CLAIMS);
    long n1 = -1, n2 = -1, sig_len = -1;
    if (header != NULL && payload != NULL && sig != NULL && claims != NULL) {
        n1 = base64_decode(token, header_len, (unsigned char *)header, false);
        n2 = base64_decode(dot1 + 1, payload_len, (unsigned char *)payload, false);
        sig_len = base64_decode(dot2 + 1, sig_text_len, sig, false);
    }
    int header_count = -1, claim_count = -1;
    if (n1 >= 0 && n2 >= 0 && sig_len >= 0) {
        header[n1] = '\0';
        payload[n2] = '\0';
        header_count = parse_claims(header, header_fields, 8);
        claim_count = parse_claims(payload, claims, MAX_CLAIMS);
    }
    const claim *alg = header_count < 0 ? NULL : find_claim(header_fields, header_count, "alg");
    if (claim_count < 0 || alg == NULL || !alg->is_string) {
        unauthorized("malformed_token");
        goto done;
    }
    switch (check_signature(alg->value, token, (size_t)(dot2 - token), sig, sig_len)) {
    case ALG_NOT_ACCEPTED:
        forbidden("algorithm_not_accepted");
        goto done;
    case KEY_UNUSABLE:
        edge_log(EDGE_LOG_ERROR, "jwt-auth: the configured key is unusable");
        answer(500, "bad_key", NULL);
        goto done;
    case SIGNATURE_INVALID:
        forbidden("bad_signature");
        goto done;
    case SIGNATURE_VALID:
        break;
    }
    long long now = edge_time_now_ms() / 1000, exp, nbf;
    if (seconds_claim(claims, claim_count, "exp", &exp) && now >= exp) {
        forbidden("token_expired");
        goto done;
    }
    if (seconds_claim(claims, claim_count, "nbf", &nbf) && now < nbf) {
        forbidden("token_not_yet_valid");
        goto done;
    }
    const claim *sub = find_claim(claims, claim_count, "sub");
    edge_logf(EDGE_LOG_INFO, "jwt-auth: %s token of %s accepted", alg->value, sub == NULL ? "(no sub)" : sub->value);
    forward(claims, claim_count, payload);
done:
    free(header);
    free(payload);
    free(sig);
    free(claims);
}

EDGE_HANDLER void handle(void) {
    char *authorization = NULL;
    if (edge_req_header("authorization", &authorization) < 0 || strncmp(authorization, "Bearer ", 7) != 0) {
        unauthorized("missing_token");
    } else {
        authorize(authorization + 7);
    }
    free(authorization);
}
