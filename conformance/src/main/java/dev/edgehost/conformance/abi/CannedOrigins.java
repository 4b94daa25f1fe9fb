package dev.edgehost.conformance.abi;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The origins a case asks the runner to stand up ({@code deploy.origins}), each a loopback HTTP
 * server on an ephemeral port that answers every request with its canned response, or, with
 * {@code "echo": true}, with what it received: the method and path, the header lines in lower case
 * and sorted, an empty line and the body. In a canned body, {@code ${count}} is the number of
 * requests the origin has received, this one included, and {@code ${header.NAME}} the value of
 * the request's header NAME (empty if absent); with {@code "etag"}, the origin sends that ETag and
 * answers a request whose {@code If-None-Match} is it with {@code 304} and no body; with
 * {@code "delayMs"}, it waits that long before answering (for cases about concurrent fetches).
 */
final class CannedOrigins implements AutoCloseable {
    private final Map<String, HttpServer> servers = new LinkedHashMap<>();

    CannedOrigins(JsonNode origins) throws IOException {
        for (Map.Entry<String, JsonNode> origin : iterable(origins)) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            JsonNode canned = origin.getValue();
            AtomicInteger count = new AtomicInteger();
            server.createContext("/", exchange -> answer(exchange, canned, count.incrementAndGet()));
            server.start();
            servers.put(origin.getKey(), server);
        }
    }

    /** {@code ${origin.NAME}} in the text replaced by that origin's base URL. */
    String substitute(String text) {
        String result = text;
        for (Map.Entry<String, HttpServer> server : servers.entrySet()) {
            result = result.replace("${origin." + server.getKey() + "}",
                    "http://127.0.0.1:" + server.getValue().getAddress().getPort());
        }
        return result;
    }

    private static void answer(HttpExchange exchange, JsonNode canned, int count) throws IOException {
        try {
            Thread.sleep(canned.path("delayMs").asLong(0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while delaying the answer", e);
        }
        byte[] received;
        try (InputStream in = exchange.getRequestBody()) {
            received = in.readAllBytes();
        }
        byte[] body;
        if (canned.path("echo").asBoolean(false)) {
            StringBuilder echo = new StringBuilder(exchange.getRequestMethod()).append(' ')
                    .append(exchange.getRequestURI()).append('\n');
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            headers.forEach((name, values) -> values.forEach(value -> echo.append(name).append(": ").append(value).append('\n')));
            echo.append('\n').append(new String(received, StandardCharsets.UTF_8));
            body = echo.toString().getBytes(StandardCharsets.UTF_8);
        } else {
            body = cannedBody(canned.path("body").asText(""), exchange, count).getBytes(StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, JsonNode> header : iterable(canned.path("headers"))) {
            for (String value : values(header.getValue())) {
                exchange.getResponseHeaders().add(header.getKey(), value);
            }
        }
        int status = canned.path("status").asInt(200);
        String etag = canned.path("etag").asText(null);
        if (etag != null) {
            exchange.getResponseHeaders().add("etag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("if-none-match"))) {
                status = 304;
                body = new byte[0];
            }
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String cannedBody(String body, HttpExchange exchange, int count) {
        StringBuilder result = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int start = body.indexOf("${", at);
            int end = start < 0 ? -1 : body.indexOf('}', start);
            if (end < 0) {
                result.append(body, at, body.length());
                break;
            }
            result.append(body, at, start);
            String name = body.substring(start + 2, end);
            if (name.equals("count")) {
                result.append(count);
            } else if (name.startsWith("header.")) {
                String value = exchange.getRequestHeaders().getFirst(name.substring("header.".length()));
                result.append(value == null ? "" : value);
            } else {
                result.append(body, start, end + 1);
            }
            at = end + 1;
        }
        return result.toString();
    }

    static List<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        fields.addAll(object.properties());
        return fields;
    }

    /** A string, or an array of strings, as a list. */
    static List<String> values(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }

    @Override
    public void close() {
        servers.values().forEach(server -> server.stop(0));
    }
}
