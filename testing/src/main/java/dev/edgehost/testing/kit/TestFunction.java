package dev.edgehost.testing.kit;

import dev.edgehost.host.FunctionInfo;
import java.util.List;

/**
 * A function deployed on a {@link TestEdge}: requests to it, its key-value data and its log.
 * Paths are below the function's own, as a client asks {@code /NAME/...}: {@code get("/users/7")}
 * of the function {@code gateway} is {@code GET /gateway/users/7}. Thread-safe.
 */
public final class TestFunction {
    private final TestEdge edge;
    private final String name;

    TestFunction(TestEdge edge, String name) {
        this.edge = edge;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** What the host says of the function: size, hash, settings, imports, exports. */
    public FunctionInfo info() {
        return edge.host().function(name).orElseThrow(() -> new IllegalStateException(name + " is no longer deployed"));
    }

    /** A request to a path below the function's, to add headers and a body to before {@link TestRequest#send()}. */
    public TestRequest request(String method, String path) {
        return new TestRequest(edge, method, path, name);
    }

    /** {@code GET} a path below the function's ({@code ""} or {@code "/"} for the function itself). */
    public TestResponse get(String path) {
        return request("GET", path).send();
    }

    /** {@code POST} a text body to a path below the function's. */
    public TestResponse post(String path, String body) {
        return request("POST", path).body(body).send();
    }

    /** The function's key-value data, in the namespace it uses (its own, or its shared store). */
    public TestKv kv() {
        return new TestKv(edge.kv(), info().settings().kvStore(), name);
    }

    /** Every line this function logged so far, in order. */
    public List<LoggedLine> logs() {
        return edge.collector().ofFunction(name);
    }
}
