package dev.edgehost.testhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.server.EdgeServer;
import dev.edgehost.testing.TestGuests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real host on ephemeral loopback ports with a real HTTP client, for integration tests:
 * deploys go through the admin API, requests through the public port.
 */
public final class TestHost implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EdgeServer server;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private TestHost(EdgeServer server) {
        this.server = server;
    }

    /**
     * A host keeping its functions in {@code dataDir} ({@code null}: in memory), with its stored
     * functions loaded and its bundled samples, if any, deployed.
     */
    public static TestHost start(Path dataDir) {
        return start(dataDir, builder -> builder);
    }

    public static TestHost start(Path dataDir, UnaryOperator<EdgeServer.Builder> customize) {
        TestHost host = startLoading(dataDir, customize);
        try {
            EdgeRuntime runtime = HostCore.of(host.server.host()).runtime();
            if (!runtime.awaitLoaded(Duration.ofMinutes(5)) || !runtime.awaitStartup(Duration.ofMinutes(5))) {
                throw new IllegalStateException("the stored functions and samples did not load within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return host;
    }

    /** A listening host that may still be loading its stored functions in the background. */
    public static TestHost startLoading(Path dataDir, UnaryOperator<EdgeServer.Builder> customize) {
        EdgeServer.Builder builder =
                EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).dataDir(dataDir);
        return new TestHost(customize.apply(builder).build().start());
    }

    public EdgeServer server() {
        return server;
    }

    /** The bytes of a sample guest bundled in the jar. */
    public static byte[] sample(String name) {
        return TestGuests.sample(name);
    }

    /** See {@link TestGuests#largeModule}. */
    public static byte[] largeModule(int functions, int bodyBytes) {
        return TestGuests.largeModule(functions, bodyBytes);
    }

    /** A module compiled from WAT text. */
    public static byte[] wat(String text) {
        return TestGuests.wat(text);
    }

    /** A guest that spins for {@code iterations} loop rounds, then answers the two-letter {@code text}. */
    public static byte[] slowGuest(String text, int iterations) {
        return TestGuests.slowGuest(text, iterations);
    }

    /** A WASI program for CGI mode that writes {@code stdout} and {@code stderr}, then returns from {@code _start}. */
    public static byte[] cgiProgram(String stdout, String stderr) {
        return TestGuests.cgiProgram(stdout, stderr);
    }

    /** A WASI program for CGI mode that writes {@code stdout} and {@code stderr}, then calls {@code proc_exit(exitCode)}. */
    public static byte[] cgiProgram(String stdout, String stderr, int exitCode) {
        return TestGuests.cgiProgram(stdout, stderr, exitCode);
    }

    /** A valid module of {@code functions} empty functions, the first exported as {@code handle}. */
    public static byte[] emptyFunctions(int functions) {
        return TestGuests.emptyFunctions(functions);
    }

    /** A valid module whose one function {@code handle} has about {@code codeBytes} bytes of code. */
    public static byte[] bigFunction(int codeBytes) {
        return TestGuests.bigFunction(codeBytes);
    }

    /** {@code PUT /functions/{name}?query} with the module; the response as the admin API sends it. */
    public HttpResponse<String> deploy(String name, byte[] wasm, String query) {
        return send(
                HttpRequest.newBuilder(adminUri("/functions/" + name + (query.isEmpty() ? "" : "?" + query)))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(wasm))
                        .build());
    }

    /** {@code PUT /functions/{name}?query} with a JavaScript function's script, sent with that content type. */
    public HttpResponse<String> deployScript(String name, String script, String query, String contentType) {
        return send(
                HttpRequest.newBuilder(adminUri("/functions/" + name + (query.isEmpty() ? "" : "?" + query)))
                        .header("content-type", contentType)
                        .PUT(HttpRequest.BodyPublishers.ofString(script))
                        .build());
    }

    /** Deploys a script as {@code application/javascript} and fails the test unless the admin API accepted it. */
    public void deployScriptOrFail(String name, String script, String query) {
        HttpResponse<String> response = deployScript(name, script, query, "application/javascript");
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("deploy of " + name + " failed: " + response.statusCode() + " " + response.body());
        }
    }

    /** Deploys and fails the test unless the admin API accepted the module. */
    public void deployOrFail(String name, byte[] wasm, String query) {
        HttpResponse<String> response = deploy(name, wasm, query);
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("deploy of " + name + " failed: " + response.statusCode() + " " + response.body());
        }
    }

    public HttpResponse<String> admin(String method, String path) {
        return send(
                HttpRequest.newBuilder(adminUri(path)).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The response with its body as bytes, for binary bodies such as key-value data. */
    public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + server.adminPort() + path);
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The stable error code of an error response. */
    public static String errorCode(HttpResponse<String> response) {
        return json(response).path("error").asText();
    }

    @Override
    public void close() {
        server.close();
    }
}
