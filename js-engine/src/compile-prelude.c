/*
 * compile-prelude.c - a build tool: compiles prelude.js to QuickJS bytecode and
 * writes it as a C initializer list, which engine.c embeds as prelude.inc.
 *
 *   compile-prelude PRELUDE.js OUT.inc
 *
 * build.sh compiles this natively against the same patched QuickJS sources and
 * configuration as the engine, so the bytecode matches the engine's format.
 * Loading bytecode instead of parsing the source saves most of the work of
 * edge_js_load, which every request of a function is charged for.
 */
#include <stdio.h>
#include <stdlib.h>

#include "quickjs.h"

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
        return NULL;
    }
    long size = ftell(f);
    rewind(f);
    char *text = malloc((size_t)size + 1);
    if (text == NULL || fread(text, 1, (size_t)size, f) != (size_t)size) {
        return NULL;
    }
    fclose(f);
    text[size] = '\0';
    *len = (size_t)size;
    return text;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: compile-prelude PRELUDE.js OUT.inc\n");
        return 2;
    }
    size_t len;
    char *source = read_file(argv[1], &len);
    if (source == NULL) {
        perror(argv[1]);
        return 1;
    }
    JSRuntime *rt = JS_NewRuntime();
    JSContext *ctx = JS_NewContext(rt);
    JSValue compiled = JS_Eval(ctx, source, len, "edge:prelude", JS_EVAL_TYPE_GLOBAL | JS_EVAL_FLAG_COMPILE_ONLY);
    if (JS_IsException(compiled)) {
        JSValue error = JS_GetException(ctx);
        const char *message = JS_ToCString(ctx, error);
        JSValue stack = JS_GetPropertyStr(ctx, error, "stack");
        const char *where = JS_ToCString(ctx, stack);
        fprintf(stderr, "%s: %s\n%s", argv[1], message, where);
        return 1;
    }
    size_t size;
    uint8_t *bytecode = JS_WriteObject(ctx, &size, compiled, JS_WRITE_OBJ_BYTECODE);
    FILE *out = fopen(argv[2], "w");
    if (bytecode == NULL || out == NULL) {
        perror(argv[2]);
        return 1;
    }
    for (size_t i = 0; i < size; i++) {
        fprintf(out, "0x%02x,%s", bytecode[i], i % 16 == 15 ? "\n" : "");
    }
    fprintf(out, "\n");
    return fclose(out) == 0 ? 0 : 1;
}
