package dev.edgehost.testing.kit;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.spi.FunctionLogListener;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A request being built: headers and a body, then {@link #send()}. Not thread-safe. */
public final class TestRequest {
    /** The host the guest sees in its URL. */
    static final String ORIGIN = "http://localhost";

    private final TestEdge edge;
    private final String method;
    private final String path;
    private final String function;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    TestRequest(TestEdge edge, String method, String path, String function) {
        this.edge = edge;
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.function = function;
    }

    public TestRequest header(String name, String value) {
        headers.add(Map.entry(name, value));
        return this;
    }

    public TestRequest body(byte[] body) {
        this.body = body.clone();
        return this;
    }

    public TestRequest body(String body) {
        return body(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs the request and waits for its answer: the guest's, or the one the host gives instead
     * (a trap, a limit), which the response carries as its {@link TestResponse#error()}.
     */
    public TestResponse send() {
        String full = function == null ? path : "/" + function + (path.isEmpty() || path.startsWith("/") ? path : "/" + path);
        EdgeRequest.Builder request = EdgeRequest.builder(method, URI.create(ORIGIN + (full.startsWith("/") ? full : "/" + full)))
                .requestId(EdgeRequest.requestIdFor(null));
        headers.forEach(header -> request.header(header.getKey(), header.getValue()));
        EdgeRequest built = request.body(body).build();
        try {
            EdgeResponse response = edge.host().handle(built);
            return TestResponse.of(response, edge.collector().ofRequest(built.requestId()));
        } catch (EdgeException failure) {
            FunctionLogListener.RequestLine record = edge.collector().request(built.requestId());
            return TestResponse.of(failure, built.requestId(), record == null ? 0 : record.fuelUsed(),
                    edge.collector().ofRequest(built.requestId()));
        }
    }
}
