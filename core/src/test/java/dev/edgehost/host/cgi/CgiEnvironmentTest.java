package dev.edgehost.host.cgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.host.capability.GuestRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The environment a CGI program gets for a request (RFC 3875 §4.1). */
class CgiEnvironmentTest {

    private static Map<String, String> environment(GuestRequest request, Map<String, String> config) {
        return CgiEnvironment.of(request, "fn", "request-0001", config).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private static GuestRequest get(String url, List<Map.Entry<String, String>> headers) {
        return new GuestRequest("GET", url, headers, new byte[0], "2001:db8::1", "HTTP/1.0");
    }

    @Test
    void of_getWithoutBody_setsEveryVariableButContentTypeAndLength() {
        Map<String, String> environment = environment(get("https://example.com/fn", List.of()), Map.of());

        assertEquals(
                List.of("REQUEST_METHOD=GET", "PATH_INFO=", "QUERY_STRING=", "SERVER_NAME=example.com", "SERVER_PORT=443",
                        "SERVER_PROTOCOL=HTTP/1.0", "SERVER_SOFTWARE=edge-host", "REMOTE_ADDR=2001:db8::1", "SCRIPT_NAME=/fn",
                        "GATEWAY_INTERFACE=CGI/1.1", "X_FULL_URL=https://example.com/fn", "X_REQUEST_ID=request-0001"),
                environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    @Test
    void of_postWithBody_setsContentTypeAndLengthOnce() {
        GuestRequest post =
                new GuestRequest("POST", "http://h/fn", List.of(Map.entry("Content-Type", "application/json"),
                        Map.entry("Content-Length", "2")), "{}".getBytes(StandardCharsets.UTF_8));

        Map<String, String> environment = environment(post, Map.of());

        assertEquals("application/json", environment.get("CONTENT_TYPE"));
        assertEquals("2", environment.get("CONTENT_LENGTH"));
        assertEquals(null, environment.get("HTTP_CONTENT_TYPE"));
        assertEquals(null, environment.get("HTTP_CONTENT_LENGTH"));
    }

    @Test
    void of_emptyBodyDeclared_setsContentLengthZero() {
        GuestRequest post = new GuestRequest("POST", "http://h/fn", List.of(Map.entry("content-length", "0")), new byte[0]);

        assertEquals("0", environment(post, Map.of()).get("CONTENT_LENGTH"));
    }

    @Test
    void of_headers_oneVariableEachJoinedInOrder() {
        Map<String, String> environment =
                environment(get("http://h/fn", List.of(
                        Map.entry("Accept", "text/html"),
                        Map.entry("X-Forwarded-For", "10.0.0.1"),
                        Map.entry("x-forwarded-for", "10.0.0.2"),
                        Map.entry("X_Forwarded_For", "spoofed"),
                        Map.entry("X.Dotted", "left out"),
                        Map.entry("Proxy", "http://evil.example"),
                        Map.entry("Authorization", "Bearer t"))),
                        Map.of());

        assertEquals("text/html", environment.get("HTTP_ACCEPT"));
        assertEquals("10.0.0.1, 10.0.0.2", environment.get("HTTP_X_FORWARDED_FOR"));
        assertEquals("Bearer t", environment.get("HTTP_AUTHORIZATION"));
        assertEquals(null, environment.get("HTTP_PROXY"));
        assertEquals(List.of("HTTP_ACCEPT", "HTTP_X_FORWARDED_FOR", "HTTP_AUTHORIZATION"),
                environment.keySet().stream().filter(name -> name.startsWith("HTTP_")).toList());
    }

    @Test
    void of_config_comesLastAndNeverReplacesTheHostsVariables() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("GREETING", "hi");
        config.put("SCRIPT_NAME", "forged");
        config.put("HTTP_X_ROLE", "operator");
        config.put("A=B", "left out");
        Map<String, String> environment =
                environment(get("http://h/fn", List.of(Map.entry("X-Role", "client"))), config);

        assertEquals("/fn", environment.get("SCRIPT_NAME"));
        assertEquals("operator", environment.get("HTTP_X_ROLE"));
        assertEquals(null, environment.get("A=B"));
        List<String> names = List.copyOf(environment.keySet());
        assertEquals(List.of("X_REQUEST_ID", "GREETING", "HTTP_X_ROLE"), names.subList(names.size() - 3, names.size()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://h/fn|''|''",
        "http://h/fn/|/|''",
        "http://h/fn/a/b?x=1&y=2|/a/b|x=1&y=2",
        "http://h/fn/a%20b/%E2%82%AC?q=%20|/a b/€|q=%20",
        "http://h/fn/a%2Fb|/a/b|''",
        "http://h/fn/100%|/100%|''",
        "http://h/mount/fn/x?|/x|''",
        "http://h/%66n/x|/x|''",
        "http://h/other|''|''",
    })
    void of_pathInfoAndQuery_followRfc3875(String url, String pathInfo, String query) {
        Map<String, String> environment = environment(get(url, List.of()), Map.of());

        assertEquals(pathInfo, environment.get("PATH_INFO"));
        assertEquals(query, environment.get("QUERY_STRING"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://h/fn|h|80",
        "https://h/fn|h|443",
        "http://h:8080/fn|h|8080",
        "http://[::1]:9/fn|[::1]|9",
        "http://[::1]/fn|[::1]|80",
        "http://user@h:81/fn|h|81",
    })
    void of_serverNameAndPort_comeFromTheUrl(String url, String name, String port) {
        Map<String, String> environment = environment(get(url, List.of()), Map.of());

        assertEquals(name, environment.get("SERVER_NAME"));
        assertEquals(port, environment.get("SERVER_PORT"));
    }
}
