/*
 * ${name}: an edge function in C. Answers JSON with a greeting (the configuration entry
 * "greeting", default "Hello") and the path it was asked for, and logs each request.
 *
 * Build: ./build.sh        Serve while editing: edge-host dev ${name}.wasm        Test: mvn test
 * The SDK is in sdk/: edge.h declares every function (docs/sdk/c.md in edge-host).
 */
#include "edge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The path of an absolute URL, without the query: "/${name}/x" of "http://host/${name}/x?y=1". */
static void path_of(const char *url, char *path, size_t cap) {
    const char *scheme = strstr(url, "://");
    const char *start = strchr(scheme == NULL ? url : scheme + 3, '/');
    if (start == NULL) start = "/";
    size_t len = strcspn(start, "?#");
    if (len >= cap) len = cap - 1;
    memcpy(path, start, len);
    path[len] = '\0';
}

/* Appends text to a JSON string being built, escaping what JSON requires. */
static void json_append(char *out, size_t cap, const char *text) {
    size_t at = strlen(out);
    for (const char *c = text; *c != '\0' && at + 7 < cap; c++) {
        if (*c == '"' || *c == '\\') {
            out[at++] = '\\';
            out[at++] = *c;
        } else if ((unsigned char)*c < 0x20) {
            at += (size_t)snprintf(out + at, cap - at, "\\u%04x", (unsigned char)*c);
        } else {
            out[at++] = *c;
        }
    }
    out[at] = '\0';
}

EDGE_HANDLER void handle(void) {
    char *greeting = NULL;
    char *url = NULL;
    char method[16];
    char path[512];
    if (edge_config_get("greeting", &greeting) < 0) {
        greeting = NULL;
    }
    if (edge_req_url(&url) < 0 || edge_req_method_into(method, sizeof method) < 0) {
        edge_resp_set_status(500);
        edge_resp_write_str("cannot read the request\n");
        free(greeting);
        return;
    }
    path_of(url, path, sizeof path);
    edge_logf(EDGE_LOG_INFO, "${name}: %s %s", method, path);

    char body[1200] = "{\"greeting\":\"";
    json_append(body, sizeof body, greeting == NULL ? "Hello" : greeting);
    json_append(body, sizeof body, " from ${name}");
    strcat(body, "\",\"path\":\"");
    json_append(body, sizeof body, path);
    strcat(body, "\"}");
    edge_resp_set_header("content-type", "application/json");
    edge_resp_write_str(body);
    free(greeting);
    free(url);
}
