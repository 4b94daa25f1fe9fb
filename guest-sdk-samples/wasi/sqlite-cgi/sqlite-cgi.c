/*
 * sqlite-cgi: SQLite as a CGI program. Every request gets a fresh database in memory (memvfs.c),
 * filled with two small tables, and runs the SQL it was given against it:
 *
 *   GET  /sqlite-cgi?q=select+name+from+cities     the SQL in the q query parameter
 *   POST /sqlite-cgi  (body: SQL)                  or the body, when there is no q
 *
 * Without either it runs DEFAULT_QUERY. Several statements separated by ';' run in order, and
 * writes are allowed: they last only until the response is sent. The answer is JSON,
 *
 *   {"results":[{"sql":"...","columns":["a","b"],"rows":[[1,"x"],...]}, {"sql":"...","changes":1}]}
 *
 * with integers and reals as JSON numbers, text as strings, NULL as null and blobs as
 * {"blob":"HEX"}; a statement that returns rows gives at most MAX_ROWS of them and then
 * "truncated":true. SQL that does not compile or fails while running gets
 * "Status: 400 Bad Request" and {"error":"SQLite's message","sql":"the statement"}.
 */
#define _DEFAULT_SOURCE /* open_memstream beside strict C11 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3.h"

#define MAX_ROWS 1000
#define DEFAULT_QUERY "SELECT name, country, population FROM cities ORDER BY population DESC"

static const char SCHEMA[] =
    "BEGIN;"
    "CREATE TABLE countries(code TEXT PRIMARY KEY, name TEXT NOT NULL, continent TEXT NOT NULL);"
    "INSERT INTO countries VALUES"
    " ('JP','Japan','Asia'), ('IN','India','Asia'), ('NG','Nigeria','Africa'),"
    " ('BR','Brazil','South America'), ('DE','Germany','Europe'), ('AU','Australia','Oceania');"
    "CREATE TABLE cities(name TEXT PRIMARY KEY, country TEXT NOT NULL REFERENCES countries(code),"
    " population INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL);"
    "INSERT INTO cities VALUES"
    " ('Tokyo','JP',37115000,35.6897,139.6922), ('Osaka','JP',19013000,34.6937,135.5023),"
    " ('Delhi','IN',33807000,28.6139,77.2090), ('Lagos','NG',16637000,6.4550,3.3841),"
    " ('São Paulo','BR',22619000,-23.5505,-46.6333), ('Berlin','DE',3878000,52.5200,13.4050),"
    " ('Sydney','AU',5450000,-33.8688,151.2093);"
    "COMMIT;";

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

/* The decoded value of the first query parameter called name, malloc'd, or NULL. */
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

/* Reads all of stdin into a malloc'd, NUL-terminated buffer. */
static char *read_stdin(void) {
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n - 1, stdin);
        n += got;
        if (got == 0) break;
        if (n == cap - 1) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    if (buf) buf[n] = 0;
    return buf;
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

/* A JSON string; SQLite text need not be valid UTF-8, so invalid bytes become U+FFFD. */
static void json_string(FILE *out, const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', out);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        size_t len = utf8_sequence(p + i, n - i);
        if (len == 0) {
            fputs("\\ufffd", out);
            i++;
            continue;
        }
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c == '\n') fputs("\\n", out);
        else if (c == '\r') fputs("\\r", out);
        else if (c == '\t') fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f) fprintf(out, "\\u%04x", c);
        else fwrite(p + i, 1, len, out);
        i += len;
    }
    fputc('"', out);
}

static void json_cstring(FILE *out, const char *s) {
    json_string(out, s, strlen(s));
}

static void json_value(FILE *out, sqlite3_stmt *stmt, int column) {
    switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
        fprintf(out, "%lld", (long long)sqlite3_column_int64(stmt, column));
        break;
    case SQLITE_FLOAT:
        /* SQLite's own text form is the shortest that reads back the same; JSON has no Inf. */
        if (isfinite(sqlite3_column_double(stmt, column))) fputs((const char *)sqlite3_column_text(stmt, column), out);
        else fputs("null", out);
        break;
    case SQLITE_TEXT:
        json_string(out, (const char *)sqlite3_column_text(stmt, column), (size_t)sqlite3_column_bytes(stmt, column));
        break;
    case SQLITE_BLOB: {
        const unsigned char *blob = sqlite3_column_blob(stmt, column);
        int n = sqlite3_column_bytes(stmt, column);
        fputs("{\"blob\":\"", out);
        for (int i = 0; i < n; i++) fprintf(out, "%02x", blob[i]);
        fputs("\"}", out);
        break;
    }
    default:
        fputs("null", out);
    }
}

/* Answers 400 with SQLite's message and the statement it was about. */
static void sql_error(sqlite3 *db, const char *sql) {
    printf("Status: 400 Bad Request\nContent-Type: application/json\n\n{\"error\":");
    json_cstring(stdout, sqlite3_errmsg(db));
    printf(",\"sql\":");
    json_cstring(stdout, sql);
    printf("}\n");
}

/*
 * Runs every statement of sql, writing the JSON results to out. Returns 0 when all ran;
 * otherwise it has answered 400 on stdout and returns -1.
 */
static int run(sqlite3 *db, const char *sql, FILE *out) {
    fputs("{\"results\":[", out);
    int first = 1;
    for (const char *next = sql;;) {
        while (isspace((unsigned char)*next)) next++;
        if (!*next) break;
        sqlite3_stmt *stmt;
        const char *start = next;
        if (sqlite3_prepare_v2(db, start, -1, &stmt, &next) != SQLITE_OK) {
            /* No statement came of it, so report what was left of the SQL. */
            sql_error(db, start);
            return -1;
        }
        if (!stmt) continue; /* only white space or a comment */
        if (!first) fputc(',', out);
        first = 0;
        fputs("{\"sql\":", out);
        json_cstring(out, sqlite3_sql(stmt));
        int columns = sqlite3_column_count(stmt);
        if (columns > 0) {
            fputs(",\"columns\":[", out);
            for (int c = 0; c < columns; c++) {
                if (c > 0) fputc(',', out);
                json_cstring(out, sqlite3_column_name(stmt, c));
            }
            fputs("],\"rows\":[", out);
        }
        sqlite3_int64 changes_before = sqlite3_total_changes64(db);
        int rows = 0, rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            if (rows == MAX_ROWS) break;
            fputs(rows++ ? ",[" : "[", out);
            for (int c = 0; c < columns; c++) {
                if (c > 0) fputc(',', out);
                json_value(out, stmt, c);
            }
            fputc(']', out);
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            sql_error(db, sqlite3_sql(stmt));
            sqlite3_finalize(stmt);
            return -1;
        }
        if (columns > 0) fprintf(out, "]%s}", rc == SQLITE_ROW ? ",\"truncated\":true" : "");
        else fprintf(out, ",\"changes\":%lld}", (long long)(sqlite3_total_changes64(db) - changes_before));
        sqlite3_finalize(stmt);
    }
    fputs("]}\n", out);
    return 0;
}

int main(void) {
    char *sql = query_param(getenv("QUERY_STRING"), "q");
    const char *method = getenv("REQUEST_METHOD");
    if (!sql && method && strcmp(method, "POST") == 0) {
        sql = read_stdin();
        if (!sql) {
            fputs("sqlite-cgi: out of memory reading the request body\n", stderr);
            return 1;
        }
    }
    if (!sql || !*sql) sql = DEFAULT_QUERY;

    sqlite3 *db;
    /* A named database, so that it and its rollback journal are files of memvfs. */
    int rc = sqlite3_open_v2("demo.db", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "sqlite-cgi: cannot open the database: %s\n", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        return 1;
    }
    char *error = NULL;
    if (sqlite3_exec(db, SCHEMA, NULL, NULL, &error) != SQLITE_OK) {
        fprintf(stderr, "sqlite-cgi: cannot create the tables: %s\n", error ? error : sqlite3_errmsg(db));
        return 1;
    }

    /* The results are collected first: only when every statement has run is the status known. */
    char *json = NULL;
    size_t json_len = 0;
    FILE *out = open_memstream(&json, &json_len);
    if (!out) {
        fputs("sqlite-cgi: out of memory\n", stderr);
        return 1;
    }
    if (run(db, sql, out) == 0) {
        fclose(out);
        printf("Content-Type: application/json\n\n");
        fwrite(json, 1, json_len, stdout);
    }
    sqlite3_close(db);
    return 0;
}
