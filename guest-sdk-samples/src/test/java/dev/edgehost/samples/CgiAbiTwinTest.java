package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code c/c-abi} is the ABI twin of the CGI program {@code wasi/c-cgi}: on a real host, the two
 * answer the same request with the same JSON, but for the name each is served under, so that the
 * benchmark beside them compares the same work.
 */
class CgiAbiTwinTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SampleHost host;

    @BeforeAll
    static void start() {
        host = SampleHost.start(false);
        host.deploy("c-cgi", "wasi/c-cgi/c-cgi.wasm", "");
        host.deploy("c-abi", "c/c-abi/c-abi.wasm", "");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static JsonNode post(String name) throws Exception {
        HttpResponse<String> response = host.send(host.request("/" + name + "/a/b?x=1&y=two")
                .header("user-agent", "twin-test")
                .header("content-type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("body \"quoted\"\n\u00e9"))
                .build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("cache-control").orElseThrow());
        return JSON.readTree(response.body());
    }

    @Test
    void sameRequest_bothAnswerTheSameJsonButForTheirNames() throws Exception {
        ObjectNode cgi = (ObjectNode) post("c-cgi");
        ObjectNode abi = (ObjectNode) post("c-abi");

        assertEquals("/c-cgi", cgi.path("script_name").asText());
        assertEquals("/c-abi", abi.path("script_name").asText());
        assertEquals("[\"c-cgi\"]", cgi.path("args").toString());
        assertEquals("[\"c-abi\"]", abi.path("args").toString());
        assertEquals("/a/b", abi.path("path_info").asText(), abi.toString());
        assertEquals("body \"quoted\"\n\u00e9", abi.path("body").asText());
        cgi.remove(List.of("script_name", "args"));
        abi.remove(List.of("script_name", "args"));
        assertEquals(cgi, abi);
    }
}
