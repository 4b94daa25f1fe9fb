package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testhost.TestHost;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Web pages against the admin API, with the requests a browser sends: a page that rebinds its
 * name to 127.0.0.1, a cross-site page, a form, and an origin the operator allowed.
 */
@Timeout(60)
class AdminRequestGuardTest {
    private static final String ALLOWED = "https://console.example.com";

    private static TestHost host;
    private static TestHost guarded;
    private static TestHost allowing;

    @BeforeAll
    static void startHosts() {
        host = TestHost.start(null);
        host.deployOrFail("kv", TestHost.sample("hello"), "");
        guarded = TestHost.start(null, builder -> builder.adminToken("t0ken"));
        allowing = TestHost.start(null, builder -> builder.adminAllowedOrigins(List.of(ALLOWED + "/")));
    }

    @AfterAll
    static void stopHosts() {
        host.close();
        guarded.close();
        allowing.close();
    }

    private static RawHttp.Answer deploy(TestHost target, String name, String headers) {
        return RawHttp.send(target.server().adminPort(), "PUT /functions/" + name + " HTTP/1.1\r\n" + headers, TestHost.sample("hello"));
    }

    private static RawHttp.Answer get(TestHost target, String path, String headers) {
        return RawHttp.send(target.server().adminPort(), "GET " + path + " HTTP/1.1\r\n" + headers, new byte[0]);
    }

    private static void assertRefused(RawHttp.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.body());
        assertEquals(code, answer.errorCode(), answer.body());
    }

    @Test
    void deploy_dnsRebindingPage_isForbiddenAndDeploysNothing() {
        int port = host.server().adminPort();

        RawHttp.Answer answer =
                deploy(host, "x", "host: attacker.example:" + port + "\r\norigin: http://attacker.example:" + port + "\r\ncontent-type: text/plain\r\n");

        assertRefused(answer, 403, "forbidden_host");
        assertEquals(404, host.admin("GET", "/functions/x").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"attacker.example", "attacker.example:8081", "127.0.0.1.nip.io", "localhost.attacker.example", "0.0.0.0:8081",
        "10.0.0.1", "127.0.0.256", "[::2]:8081"})
    void anyCall_hostNotLoopbackWithoutToken_isForbiddenHost(String hostHeader) {
        // A rebound page reads what it asks for, so reads are refused as well as writes.
        assertRefused(get(host, "/functions/kv/kv/secret", "host: " + hostHeader + "\r\n"), 403, "forbidden_host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::ffff:127.0.0.1]", "localhost:80x", "[::1]x"})
    void anyCall_malformedHost_isRefused(String hostHeader) {
        // Undertow refuses some of these itself, as 400; none is served.
        int status = get(host, "/functions", "host: " + hostHeader + "\r\n").status();
        assertTrue(status == 400 || status == 403, "answered " + status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST:8081", "localhost.", "127.0.0.1", "127.0.0.1:8081", "127.1.2.3", "[::1]", "[::1]:8081"})
    void anyCall_loopbackHost_isServed(String hostHeader) {
        assertEquals(200, get(host, "/functions", "host: " + hostHeader + "\r\n").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:3000", "http://127.0.0.1:" + 8081, "null"})
    void anyCall_fromAWebPage_isForbiddenOrigin(String origin) {
        assertRefused(get(host, "/functions", "host: localhost\r\norigin: " + origin + "\r\n"), 403, "forbidden_origin");
        assertRefused(deploy(host, "x", "host: localhost\r\norigin: " + origin + "\r\ncontent-type: application/wasm\r\n"), 403, "forbidden_origin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross-site", "same-site", "Cross-Site"})
    void anyCall_fromAnotherSitesPage_isForbiddenOrigin(String site) {
        assertRefused(get(host, "/functions", "host: localhost\r\nsec-fetch-site: " + site + "\r\n"), 403, "forbidden_origin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"same-origin", "none"})
    void anyCall_typedInOrSameOrigin_isServed(String site) {
        assertEquals(200, get(host, "/functions", "host: localhost\r\nsec-fetch-site: " + site + "\r\n").status());
    }

    @Test
    void deploy_fromAnAllowedOrigin_isDeployed() {
        RawHttp.Answer answer =
                deploy(allowing, "console", "host: localhost\r\norigin: " + ALLOWED + "\r\nsec-fetch-site: cross-site\r\ncontent-type: application/wasm\r\n");

        assertEquals(201, answer.status(), answer.body());
        assertRefused(get(allowing, "/functions", "host: localhost\r\norigin: https://other.example.com\r\n"), 403, "forbidden_origin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "TEXT/PLAIN; charset=utf-8", "multipart/form-data; boundary=x"})
    void deployOrKvWrite_asAFormOrText_isUnsupportedMediaType(String type) {
        assertRefused(deploy(host, "x", "host: localhost\r\ncontent-type: " + type + "\r\n"), 415, "unsupported_media_type");
        RawHttp.Answer kvWrite =
                RawHttp.send(host.server().adminPort(), "PUT /functions/kv/kv/key HTTP/1.1\r\nhost: localhost\r\ncontent-type: " + type + "\r\n", new byte[] {1});
        assertRefused(kvWrite, 415, "unsupported_media_type");
        // With a token too: the type is refused however the request is authorized.
        assertRefused(
                deploy(guarded, "x", "host: localhost\r\nauthorization: Bearer t0ken\r\ncontent-type: " + type + "\r\n"), 415, "unsupported_media_type");
        assertEquals(404, host.admin("GET", "/functions/x").statusCode());
    }

    @Test
    void deploy_formUrlencodedFromCurl_isDeployed() {
        // What curl --data-binary sends: the form type, and no header a browser would add.
        RawHttp.Answer answer = deploy(host, "curl", "host: localhost:8081\r\nuser-agent: curl/8.5.0\r\ncontent-type: application/x-www-form-urlencoded\r\n");

        assertEquals(201, answer.status(), answer.body());
    }

    @Test
    void deploy_formUrlencodedFromABrowser_isUnsupportedMediaType() {
        String form = "content-type: application/x-www-form-urlencoded\r\n";

        assertRefused(deploy(host, "x", "host: localhost\r\nsec-fetch-mode: no-cors\r\n" + form), 415, "unsupported_media_type");
        assertRefused(deploy(allowing, "x", "host: localhost\r\norigin: " + ALLOWED + "\r\n" + form), 415, "unsupported_media_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"content-type: application/wasm\r\n", "content-type: application/octet-stream\r\n", ""})
    void deploy_wasmOctetStreamOrNoType_isDeployed(String type) {
        assertEquals(201, deploy(host, "typed" + type.length(), "host: 127.0.0.1\r\n" + type).status());
    }

    @Test
    void withToken_anyHostIsServedButPagesAreStillRefused() {
        String token = "authorization: Bearer t0ken\r\n";

        assertEquals(200, get(guarded, "/functions", "host: admin.example.com\r\n" + token).status());
        assertRefused(get(guarded, "/functions", "host: admin.example.com\r\norigin: https://admin.example.com\r\n" + token), 403, "forbidden_origin");
        assertRefused(get(guarded, "/functions", "host: admin.example.com\r\n"), 401, "unauthorized");
    }
}
