package dev.edgehost.testing.kit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An origin a function fetches from, answered by the test: a real HTTP server on a free loopback
 * port, so the function's fetches go through the host's real fetch path (allow-list, limits,
 * headers), with no network beyond this machine. Give its {@link #url()} to the function in its
 * configuration; {@link TestEdge} puts every origin it started on the fetch allow-list of the
 * functions it deploys. Requests no answer matches get 404 {@code no stub for METHOD PATH}.
 * Thread-safe.
 *
 * <pre>{@code
 * StubOrigin users = edge.origin()
 *         .answer("GET", "/users/7", 200, "{\"name\":\"Ada\"}", "content-type", "application/json");
 * TestFunction gateway = edge.deploy("gateway", module, settings -> settings.config("users-origin", users.url()));
 * }</pre>
 */
public final class StubOrigin implements AutoCloseable {

    /** What the origin received: header names in lower case, the path with its query. */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {

        /** A header's values joined by {@code ", "}, or {@code null}. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer: status, headers as name and value pairs, body. */
    public record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {

        /** A text answer, with headers as alternating names and values. */
        public static Answer of(int status, String body, String... headers) {
            if (headers.length % 2 != 0) {
                throw new IllegalArgumentException("headers are names and values in pairs");
            }
            List<Map.Entry<String, String>> pairs = new ArrayList<>();
            for (int i = 0; i < headers.length; i += 2) {
                pairs.add(Map.entry(headers[i], headers[i + 1]));
            }
            return new Answer(status, pairs, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Route(String method, String path, Function<Received, Answer> answer) {
        boolean matches(Received request) {
            String path = request.path();
            int query = path.indexOf('?');
            String withoutQuery = query < 0 ? path : path.substring(0, query);
            return (method.equals("*") || method.equalsIgnoreCase(request.method()))
                    && (this.path.equals(path) || this.path.equals(withoutQuery)
                            || (this.path.endsWith("*") && path.startsWith(this.path.substring(0, this.path.length() - 1))));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private StubOrigin() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a stub origin on loopback", e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "edge-stub-origin");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static StubOrigin start() {
        return new StubOrigin();
    }

    /** {@code http://127.0.0.1:PORT}: the origin to configure and allow. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /**
     * Answers requests of a method ({@code *} for any) to a path: exactly, with or without the
     * query, or every path below a prefix written {@code /users/*}. Later answers for the same
     * request win.
     */
    public StubOrigin answer(String method, String path, Function<Received, Answer> answer) {
        routes.add(0, new Route(Objects.requireNonNull(method, "method"), Objects.requireNonNull(path, "path"),
                Objects.requireNonNull(answer, "answer")));
        return this;
    }

    /** Answers with a fixed status, text body and headers (names and values alternating). */
    public StubOrigin answer(String method, String path, int status, String body, String... headers) {
        Answer fixed = Answer.of(status, body, headers);
        return answer(method, path, request -> fixed);
    }

    /** Every request received, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
            received.add(request);
            Answer answer = Answer.of(404, "no stub for " + request.method() + " " + request.path());
            for (Route route : routes) {
                if (route.matches(request)) {
                    answer = route.answer().apply(request);
                    break;
                }
            }
            answer.headers().forEach(header -> exchange.getResponseHeaders().add(header.getKey(), header.getValue()));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
