package dev.edgehost.samples;

import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.spi.ClientLocator;
import dev.edgehost.server.EdgeServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A real host on ephemeral ports, reached over HTTP: deploys through its admin API, requests through its public port. */
final class SampleHost implements AutoCloseable {
    private final EdgeServer server;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private SampleHost(EdgeServer server) {
        this.server = server;
    }

    static SampleHost start(boolean bundledSamples) {
        return new SampleHost(deployed(
                EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).bundledSamples(bundledSamples).build().start()));
    }

    /** The server once its bundled samples, which deploy after it listens, are in. */
    private static EdgeServer deployed(EdgeServer server) {
        try {
            if (!HostCore.of(server.host()).runtime().awaitStartup(Duration.ofMinutes(5))) {
                throw new IllegalStateException("the bundled samples did not deploy within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return server;
    }

    /**
     * A host that locates clients with {@code locator} and trusts this machine as a proxy, so that a
     * test names the client's address in {@code x-forwarded-for}.
     */
    static SampleHost start(boolean bundledSamples, ClientLocator locator) {
        return new SampleHost(deployed(
                EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).bundledSamples(bundledSamples)
                        .trustedProxies(List.of("127.0.0.1/32")).clientLocator(locator).build().start()));
    }

    /** Deploys the module at {@code path} (below the samples folder) with config entries and a fetch allow-list. */
    void deploy(String name, String path, Map<String, String> config, String fetchAllow) {
        deploy(name, path, config, fetchAllow, "application/wasm");
    }

    /** Deploys the JavaScript function at {@code path} with config entries and a fetch allow-list. */
    void deployScript(String name, String path, Map<String, String> config, String fetchAllow) {
        deploy(name, path, config, fetchAllow, "application/javascript");
    }

    private void deploy(String name, String path, Map<String, String> config, String fetchAllow, String contentType) {
        String query =
                config.entrySet().stream()
                        .map(entry -> encode("config." + entry.getKey()) + "=" + encode(entry.getValue()))
                        .collect(Collectors.joining("&"));
        if (!fetchAllow.isEmpty()) {
            query += (query.isEmpty() ? "" : "&") + "fetch-allow=" + encode(fetchAllow);
        }
        deploy(name, path, query, contentType);
    }

    /** Deploys the module at {@code path} (below the samples folder) with the deploy query as the admin API takes it. */
    void deploy(String name, String path, String query) {
        deploy(name, path, query, "application/wasm");
    }

    private void deploy(String name, String path, String query, String contentType) {
        byte[] wasm;
        try {
            wasm = Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<String> response =
                send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + server.adminPort() + "/functions/" + name + "?" + query))
                                .header("content-type", contentType)
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(wasm))
                                .build());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("deploy of " + name + " failed: " + response.statusCode() + " " + response.body());
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
