/*
 * geo - routing and personalization by the client's country.
 *
 * The country comes from the host-owned request header x-edge-geo-country
 * (ABI spec 4.6), which the host sets from its GeoIP database and removes from
 * every client request, so a client cannot choose its country. Config
 * country_header names another header instead, one that a proxy in front of
 * the host sets and strips from clients. A country with a config entry
 * redirect.<CC> is sent
 * there with a 302; any other gets a JSON body with its currency, language
 * and greeting, content-language and x-currency headers, and an ETag, and an
 * If-None-Match that matches it gets a 304.
 */
#include <edge.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Set by the host alone: a client's header of this name never reaches the guest. */
#define HOST_COUNTRY_HEADER "x-edge-geo-country"

typedef struct {
    const char *country;
    const char *currency;
    const char *language;
    const char *greeting;
} locale;

static const locale LOCALES[] = {
    {"US", "USD", "en-US", "Hello"},      {"GB", "GBP", "en-GB", "Hello"},     {"CA", "CAD", "en-CA", "Hello"},
    {"DE", "EUR", "de-DE", "Hallo"},      {"AT", "EUR", "de-AT", "Servus"},    {"FR", "EUR", "fr-FR", "Bonjour"},
    {"ES", "EUR", "es-ES", "Hola"},       {"IT", "EUR", "it-IT", "Ciao"},      {"NL", "EUR", "nl-NL", "Hallo"},
    {"CH", "CHF", "de-CH", "Grüezi"},     {"JP", "JPY", "ja-JP", "こんにちは"}, {"IN", "INR", "hi-IN", "नमस्ते"},
    {"BR", "BRL", "pt-BR", "Olá"},        {"MX", "MXN", "es-MX", "Hola"},      {"AU", "AUD", "en-AU", "G'day"},
};

/* For every country without an entry of its own. */
static const locale FALLBACK = {"", "USD", "en", "Hello"};

/* The country as two upper-case letters, or "" when the header is absent or no country code. */
static void client_country(char country[3]) {
    char *header_name = NULL;
    char value[8];
    country[0] = '\0';
    int got = edge_config_get("country_header", &header_name);
    int len = edge_req_header_into(got > 0 ? header_name : HOST_COUNTRY_HEADER, value, sizeof value);
    free(header_name);
    if (len != 2) {
        return;
    }
    for (int i = 0; i < 2; i++) {
        char c = value[i];
        if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') {
            country[0] = '\0';
            return;
        }
        country[i] = c;
    }
    country[2] = '\0';
}

static const locale *locale_of(const char *country) {
    for (size_t i = 0; i < sizeof LOCALES / sizeof LOCALES[0]; i++) {
        if (strcmp(LOCALES[i].country, country) == 0) return &LOCALES[i];
    }
    return &FALLBACK;
}

/* Answers with a redirect when the country has one configured. */
static int redirected(const char *country) {
    char key[16];
    char *target = NULL;
    snprintf(key, sizeof key, "redirect.%s", country);
    if (country[0] == '\0' || edge_config_get(key, &target) <= 0) {
        free(target);
        return 0;
    }
    char *url = NULL;
    edge_req_url(&url);
    edge_logf(EDGE_LOG_INFO, "geo: %s redirected from %s to %s", country, url == NULL ? "?" : url, target);
    edge_resp_set_status(302);
    edge_resp_set_header("location", target);
    edge_resp_set_header("cache-control", "private, no-store");
    free(url);
    free(target);
    return 1;
}

EDGE_HANDLER void handle(void) {
    char method[8];
    int method_len = edge_req_method_into(method, sizeof method - 1);
    method[method_len >= 0 && method_len < (int)sizeof method ? method_len : 0] = '\0';
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        edge_resp_set_status(405);
        edge_resp_set_header("allow", "GET, HEAD");
        return;
    }

    char country[3];
    client_country(country);
    if (redirected(country)) {
        return;
    }
    const locale *l = locale_of(country);
    char body[256];
    int body_len = snprintf(body, sizeof body,
                            "{\"country\":\"%s\",\"currency\":\"%s\",\"language\":\"%s\",\"greeting\":\"%s\"}\n",
                            country[0] ? country : "unknown", l->currency, l->language, l->greeting);

    unsigned char digest[EDGE_DIGEST_MAX];
    char etag[2 + 32 + 1];
    char hex[2 * EDGE_DIGEST_MAX + 1];
    edge_crypto_digest(EDGE_SHA256, body, (size_t)body_len, digest, sizeof digest);
    edge_hex(digest, 16, hex);
    snprintf(etag, sizeof etag, "\"%s\"", hex);

    /* A cache in front sees a proxy's header, never the host's own: only the former can vary. */
    char *header_name = NULL;
    if (edge_config_get("country_header", &header_name) > 0) {
        edge_resp_set_header("vary", header_name);
    }
    free(header_name);
    edge_resp_set_header("etag", etag);
    edge_resp_set_header("content-language", l->language);
    edge_resp_set_header("x-currency", l->currency);
    edge_resp_set_header("cache-control", "private, max-age=60");

    char if_none_match[64];
    int match_len = edge_req_header_into("if-none-match", if_none_match, sizeof if_none_match);
    if (match_len == (int)strlen(etag) && memcmp(if_none_match, etag, (size_t)match_len) == 0) {
        edge_resp_set_status(304);
        return;
    }
    edge_resp_set_header("content-type", "application/json; charset=utf-8");
    if (strcmp(method, "GET") == 0) {
        edge_resp_write(body, (size_t)body_len);
    }
}
