package dev.edgehost.testing;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP origin on a free loopback port for fetch tests: handlers per path prefix, and a
 * record of every request it received (method, path, headers, body).
 */
public final class TestOrigin implements AutoCloseable {
    private final PathHandler paths = new PathHandler();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Undertow server;

    /** What the origin received; header names in lower case. */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }
    }

    private TestOrigin() {
        this.server = Undertow.builder().addHttpListener(0, "127.0.0.1", new BlockingHandler(paths)).build();
        server.start();
    }

    public static TestOrigin start() {
        return new TestOrigin();
    }

    /** Answers requests below {@code path} with the handler, after recording them. */
    public TestOrigin route(String path, HttpHandler handler) {
        paths.addPrefixPath(path, exchange -> {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (HeaderValues values : exchange.getRequestHeaders()) {
                headers.put(values.getHeaderName().toString().toLowerCase(Locale.ROOT), new ArrayList<>(values));
            }
            String query = exchange.getQueryString();
            received.add(new Received(
                    exchange.getRequestMethod().toString(),
                    exchange.getRequestPath() + (query.isEmpty() ? "" : "?" + query),
                    headers,
                    exchange.getInputStream().readAllBytes()));
            handler.handleRequest(exchange);
        });
        return this;
    }

    /** A handler answering a status, headers (name, value, name, value, ...) and a body. */
    public static HttpHandler answer(int status, String body, String... headers) {
        return exchange -> {
            for (int i = 0; i + 1 < headers.length; i += 2) {
                exchange.getResponseHeaders().add(new HttpString(headers[i]), headers[i + 1]);
            }
            send(exchange, status, body);
        };
    }

    /**
     * A handler that sends its headers, a body of {@code length} bytes declared, and then one byte
     * of it every {@code interval}, until it is done or the client goes away.
     */
    public static HttpHandler trickle(int length, Duration interval) {
        return exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, length);
            OutputStream body = exchange.getOutputStream();
            try {
                body.flush();
                for (int i = 0; i < length; i++) {
                    Thread.sleep(interval.toMillis());
                    body.write('x');
                    body.flush();
                }
            } catch (IOException e) {
                // The client gave up on the body: the trickle ends.
                exchange.getConnection().close();
            }
        };
    }

    public static void send(HttpServerExchange exchange, int status, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseSender().send(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** {@code http://127.0.0.1:port}, the origin as an allow-list names it. */
    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    public List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop();
    }
}
