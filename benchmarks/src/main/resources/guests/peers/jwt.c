/*
 * run(n): n times, sign a JWT (HS256: base64url of a JSON header and payload, HMAC-SHA256) and
 * verify it (split, decode the payload, tokenize its JSON for "sub" and "exp", check the
 * signature): what an authenticating edge function does per request.
 */
#include "sha256.h"

static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const u8 KEY[] = "a-secret-key-of-thirty-two-bytes";

static u32 encode(const u8 *in, u32 n, char *out) {
    u32 at = 0;
    u32 i = 0;
    for (; i + 2 < n; i += 3) {
        u32 v = (u32) in[i] << 16 | (u32) in[i + 1] << 8 | in[i + 2];
        out[at++] = ALPHABET[v >> 18];
        out[at++] = ALPHABET[(v >> 12) & 63];
        out[at++] = ALPHABET[(v >> 6) & 63];
        out[at++] = ALPHABET[v & 63];
    }
    if (n - i == 1) {
        u32 v = (u32) in[i] << 16;
        out[at++] = ALPHABET[v >> 18];
        out[at++] = ALPHABET[(v >> 12) & 63];
    } else if (n - i == 2) {
        u32 v = (u32) in[i] << 16 | (u32) in[i + 1] << 8;
        out[at++] = ALPHABET[v >> 18];
        out[at++] = ALPHABET[(v >> 12) & 63];
        out[at++] = ALPHABET[(v >> 6) & 63];
    }
    return at;
}

static int value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

static int decode(const char *in, u32 n, u8 *out) {
    u32 at = 0;
    u32 bits = 0;
    int count = 0;
    for (u32 i = 0; i < n; i++) {
        int v = value(in[i]);
        if (v < 0) return -1;
        bits = bits << 6 | (u32) v;
        count += 6;
        if (count >= 8) {
            count -= 8;
            out[at++] = (u8) (bits >> count);
        }
    }
    return (int) at;
}

static u32 text(char *out, const char *s) {
    u32 n = 0;
    while (s[n]) {
        out[n] = s[n];
        n++;
    }
    return n;
}

static u32 number(char *out, u64 v) {
    char digits[20];
    u32 n = 0;
    do {
        digits[n++] = (char) ('0' + v % 10);
        v /= 10;
    } while (v);
    for (u32 i = 0; i < n; i++) out[i] = digits[n - 1 - i];
    return n;
}

/* The value of a top-level number field of a flat JSON object, or -1: a small tokenizer. */
static long long field(const u8 *json, int n, const char *name) {
    int i = 0;
    while (i < n) {
        if (json[i] != '"') {
            i++;
            continue;
        }
        int start = ++i;
        while (i < n && json[i] != '"') {
            if (json[i] == '\\') i++;
            i++;
        }
        int end = i++;
        while (i < n && (json[i] == ' ' || json[i] == ':')) i++;
        int match = 1;
        int k = 0;
        for (; start + k < end; k++) {
            if (name[k] != (char) json[start + k]) {
                match = 0;
                break;
            }
        }
        if (match && name[k] == 0 && i < n && json[i] >= '0' && json[i] <= '9') {
            long long v = 0;
            while (i < n && json[i] >= '0' && json[i] <= '9') v = v * 10 + (json[i++] - '0');
            return v;
        }
        if (i < n && json[i] == '"') {
            i++;
            while (i < n && json[i] != '"') {
                if (json[i] == '\\') i++;
                i++;
            }
            i++;
        }
    }
    return -1;
}

long long run(long long n) {
    static char token[512];
    static char json[256];
    static u8 decoded[256];
    u64 result = 0;
    for (long long round = 0; round < n; round++) {
        u32 at = encode((const u8 *) "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", 27, token);
        token[at++] = '.';
        u32 length = text(json, "{\"iss\":\"edge-host\",\"name\":\"A \\\"quoted\\\" user\",\"sub\":");
        length += number(json + length, (u64) round);
        length += text(json + length, ",\"exp\":");
        length += number(json + length, 1700000000ULL + (u64) round);
        json[length++] = '}';
        at += encode((const u8 *) json, length, token + at);
        u32 signedLength = at;
        u8 mac[32];
        hmac_sha256(KEY, 32, (const u8 *) token, signedLength, mac);
        token[at++] = '.';
        at += encode(mac, 32, token + at);

        u32 firstDot = 0;
        while (token[firstDot] != '.') firstDot++;
        u32 secondDot = firstDot + 1;
        while (token[secondDot] != '.') secondDot++;
        int payload = decode(token + firstDot + 1, secondDot - firstDot - 1, decoded);
        long long sub = field(decoded, payload, "sub");
        long long exp = field(decoded, payload, "exp");
        u8 expected[32];
        u8 given[32];
        hmac_sha256(KEY, 32, (const u8 *) token, secondDot, expected);
        int signature = decode(token + secondDot + 1, at - secondDot - 1, given);
        int valid = signature == 32;
        for (int i = 0; i < 32 && valid; i++) valid = expected[i] == given[i];
        result = result * 31 + (u64) (valid ? sub + exp : -1);
    }
    return (long long) result;
}
