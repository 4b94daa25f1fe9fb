package dev.edgehost.samples;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An origin on an ephemeral port that records each request and answers 200 with a JSON (or other) body. */
final class SampleOrigin implements AutoCloseable {
    /** What the origin received. */
    record Received(String method, URI uri, Headers headers, String body) {}

    private final HttpServer server;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private volatile long delayMs;

    SampleOrigin() {
        this("{\"origin\":\"ok\"}");
    }

    /** An origin that answers 200 with the given JSON. */
    SampleOrigin(String json) {
        this(json, "application/json");
    }

    /** An origin that answers 200 with the given body and content type. */
    SampleOrigin(String body, String contentType) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(
                "/",
                exchange -> {
                    String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders(), request));
                    sleep(delayMs);
                    byte[] answer = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("content-type", contentType);
                    exchange.sendResponseHeaders(200, answer.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                });
        server.start();
    }

    /** Answers every later request after this many milliseconds (0: at once), as a slow service does. */
    void delay(long ms) {
        delayMs = ms;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code http://127.0.0.1:PORT}, the entry for a fetch allow-list. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
