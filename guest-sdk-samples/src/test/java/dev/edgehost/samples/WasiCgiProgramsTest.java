package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WASI programs of {@code wasi/}, built from C (wasi-libc), Rust's std and SQLite, served
 * unchanged in CGI mode by a real host: deployed without any mode, since each exports
 * {@code _start} and no {@code handle}.
 */
class WasiCgiProgramsTest {
    private static SampleHost host;

    @BeforeAll
    static void start() {
        host = SampleHost.start(false);
        host.deploy("c-cgi", "wasi/c-cgi/c-cgi.wasm", "arg=--verbose");
        host.deploy("rust-cgi", "wasi/rust-cgi/rust-cgi.wasm", "arg=first&config.greeting=hello");
        // Compiling SQLite's 750 KB to bytecode takes most of a minute on a small machine; the
        // interpreter deploys it in seconds and runs it the same, given a longer deadline.
        host.deploy("sqlite-cgi", "wasi/sqlite-cgi/sqlite-cgi.wasm", "engine=interpreter&timeout-ms=60000");
        host.deploy("wasi-check-c", "wasi/wasi-check-c/wasi-check-c.wasm", "");
        host.deploy("wasi-check-rust", "wasi/wasi-check-rust/wasi-check-rust.wasm", "");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static HttpResponse<String> get(String path) {
        return host.send(host.request(path).build());
    }

    private static HttpResponse<String> post(String path, String body) {
        return host.send(host.request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String query(String sql) {
        return URLEncoder.encode(sql, StandardCharsets.UTF_8);
    }

    @Test
    void cCgi_post_seesTheRequestItsArgumentsAndBody() {
        HttpResponse<String> response =
                host.send(host.request("/c-cgi/items/7?x=1&y=%41+b")
                        .header("User-Agent", "demo/1")
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("h\u00e9llo \"w\"\t!"))
                        .build());

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("cache-control").orElseThrow());
        assertEquals(
                "{\"method\":\"POST\",\"script_name\":\"/c-cgi\",\"path_info\":\"/items/7\",\"query\":\"x=1&y=%41+b\","
                        + "\"user_agent\":\"demo/1\",\"content_type\":\"text/plain\",\"content_length\":\"12\","
                        + "\"args\":[\"c-cgi\",\"--verbose\"],\"body_length\":12,\"body\":\"h\u00e9llo \\\"w\\\"\\t!\"}\n",
                response.body());
    }

    @Test
    void cCgi_statusRedirectPlainAndExit_areServedAsCgiSays() {
        HttpResponse<String> notFound = get("/c-cgi?status=404");
        HttpResponse<String> redirect = get("/c-cgi?redirect=https%3A%2F%2Fexample.com%2Fnext");
        HttpResponse<String> plain = get("/c-cgi/page?plain=1&stderr=hello+from+the+log");
        HttpResponse<String> exit = get("/c-cgi?exit=3");

        assertEquals(404, notFound.statusCode());
        assertTrue(notFound.body().startsWith("{\"method\":\"GET\""), notFound.body());
        assertEquals(302, redirect.statusCode());
        assertEquals("https://example.com/next", redirect.headers().firstValue("location").orElseThrow());
        assertEquals(200, plain.statusCode());
        assertEquals("text/plain; charset=utf-8", plain.headers().firstValue("content-type").orElseThrow());
        assertEquals("hello from c-cgi\nGET /page\n", plain.body());
        assertEquals(500, exit.statusCode());
        assertTrue(exit.body().contains("\"error\":\"guest_exit\""), exit.body());
    }

    @Test
    void rustCgi_crLfHeaders_andTheWholeEnvironment() {
        HttpResponse<String> response =
                host.send(host.request("/rust-cgi/report?status=201").header("X-Trace", "abc")
                        .POST(HttpRequest.BodyPublishers.ofString("line one\nline two\n")).build());

        assertEquals(201, response.statusCode());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("18", response.headers().firstValue("x-body-bytes").orElseThrow());
        String body = response.body();
        for (String line : new String[] {"REQUEST_METHOD=POST", "PATH_INFO=/report", "QUERY_STRING=status=201",
                "SCRIPT_NAME=/rust-cgi", "HTTP_X_TRACE=abc", "GATEWAY_INTERFACE=CGI/1.1", "REMOTE_ADDR=127.0.0.1",
                "greeting=hello", "first"}) {
            assertTrue(body.contains(line), () -> line + " missing from\n" + body);
        }
    }

    @Test
    void rustCgi_panic_isATrap() {
        HttpResponse<String> response = get("/rust-cgi?panic=1");

        assertEquals(500, response.statusCode());
        assertTrue(response.body().contains("\"error\":\"trap\""), response.body());
    }

    @Test
    void sqliteCgi_defaultQuery_answersTheCitiesByPopulation() {
        HttpResponse<String> response = get("/sqlite-cgi");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(response.body().startsWith(
                "{\"results\":[{\"sql\":\"SELECT name, country, population FROM cities ORDER BY population DESC\","
                        + "\"columns\":[\"name\",\"country\",\"population\"],\"rows\":[["), response.body());
        assertEquals(7, response.body().split("\\],\\[", -1).length, response.body());
    }

    @Test
    void sqliteCgi_queryAndPost_runTheirSql() {
        HttpResponse<String> count = get("/sqlite-cgi?q=" + query("SELECT count(*) AS n FROM countries"));
        HttpResponse<String> written =
                post("/sqlite-cgi", "INSERT INTO countries VALUES ('FR', 'France', 'Europe'); SELECT count(*) FROM countries");

        assertEquals(
                "{\"results\":[{\"sql\":\"SELECT count(*) AS n FROM countries\",\"columns\":[\"n\"],\"rows\":[[6]]}]}",
                count.body().strip());
        assertEquals(200, written.statusCode());
        assertTrue(written.body().contains("\"changes\":1"), written.body());
        assertTrue(written.body().contains("\"rows\":[[7]]"), written.body());
    }

    @Test
    void sqliteCgi_everyRequest_startsFromAFreshDatabase() {
        post("/sqlite-cgi", "DELETE FROM cities");

        HttpResponse<String> after = get("/sqlite-cgi?q=" + query("SELECT count(*) FROM cities"));

        assertTrue(after.body().contains("\"rows\":[[7]]"), after.body());
    }

    @Test
    void sqliteCgi_badSql_is400WithSqlitesMessage() {
        HttpResponse<String> response = get("/sqlite-cgi?q=SELEC+1");

        assertEquals(400, response.statusCode());
        assertEquals("{\"error\":\"near \\\"SELEC\\\": syntax error\",\"sql\":\"SELEC 1\"}", response.body().strip());
    }

    @Test
    void wasiCheckC_everyCheckPasses() {
        assertNoFailedCheck(post("/wasi-check-c", "twelve bytes"));
    }

    @Test
    void wasiCheckRust_everyCheckPasses() {
        assertNoFailedCheck(post("/wasi-check-rust", "twelve bytes"));
    }

    private static void assertNoFailedCheck(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        assertFalse(response.body().contains("\nFAIL "), response.body());
        assertTrue(response.body().contains(" passed, 0 failed"), response.body());
    }
}
