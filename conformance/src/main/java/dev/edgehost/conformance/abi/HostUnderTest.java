package dev.edgehost.conformance.abi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A running host as the suite reaches it: its public URL, where functions answer under
 * {@code /NAME/...}, and its admin API (deploy with settings as query parameters, undeploy, and
 * the key-value calls), with a bearer token when it needs one.
 */
public final class HostUnderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI publicUrl;
    private final URI adminUrl;
    private final String adminToken;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param publicUrl the host's public base URL, such as {@code http://localhost:8080}
     * @param adminUrl its admin API's base URL
     * @param adminToken the admin bearer token, or {@code null}
     */
    public HostUnderTest(URI publicUrl, URI adminUrl, String adminToken) {
        this.publicUrl = withoutTrailingSlash(Objects.requireNonNull(publicUrl, "publicUrl"));
        this.adminUrl = withoutTrailingSlash(Objects.requireNonNull(adminUrl, "adminUrl"));
        this.adminToken = adminToken;
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** Deploys a module, or with {@code script} a JavaScript function sent as {@code application/javascript}. */
    HttpResponse<String> deploy(String function, byte[] wasm, boolean script, Map<String, List<String>> settings)
            throws IOException, InterruptedException {
        String query = settings.entrySet().stream()
                .flatMap(setting -> setting.getValue().stream().map(value -> encode(setting.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(adminUrl + "/functions/" + function + (query.isEmpty() ? "" : "?" + query)))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(wasm));
        if (script) {
            request.header("content-type", "application/javascript; charset=utf-8");
        }
        return admin(request);
    }

    HttpResponse<String> undeploy(String function) throws IOException, InterruptedException {
        return admin(HttpRequest.newBuilder(URI.create(adminUrl + "/functions/" + function)).DELETE());
    }

    HttpResponse<String> kvPut(String function, String key, String value) throws IOException, InterruptedException {
        return admin(HttpRequest.newBuilder(URI.create(adminUrl + "/functions/" + function + "/kv/" + encode(key).replace("+", "%20")))
                .PUT(HttpRequest.BodyPublishers.ofString(value)));
    }

    HttpResponse<String> kvGet(String function, String key) throws IOException, InterruptedException {
        return admin(HttpRequest.newBuilder(URI.create(adminUrl + "/functions/" + function + "/kv/" + encode(key).replace("+", "%20"))).GET());
    }

    /**
     * Deletes every key of the function's key-value namespace, which outlives deploys, so that a
     * case starts from the store its manifest describes however often the suite has run.
     */
    void kvClear(String function) throws IOException, InterruptedException {
        while (true) {
            HttpResponse<String> listed = admin(HttpRequest.newBuilder(URI.create(adminUrl + "/functions/" + function + "/kv?limit=1000")).GET());
            if (listed.statusCode() != 200) {
                throw new IOException("listing the keys of " + function + " answered " + listed.statusCode() + ": " + listed.body());
            }
            JsonNode keys = JSON.readTree(listed.body()).path("keys");
            if (keys.isEmpty()) {
                return;
            }
            for (JsonNode key : keys) {
                admin(HttpRequest.newBuilder(URI.create(adminUrl + "/functions/" + function + "/kv/" + encode(key.asText()).replace("+", "%20"))).DELETE());
            }
        }
    }

    Received send(String function, HttpRequest.Builder request, String pathAndQuery)
            throws IOException, InterruptedException {
        return Received.read(client.send(request.uri(URI.create(publicUrl + "/" + function + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofInputStream()));
    }

    private HttpResponse<String> admin(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (adminToken != null) {
            request.header("authorization", "Bearer " + adminToken);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
