package dev.edgehost.server;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.registry.EdgeRuntime;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /functions/{name}/logs}: a function's log as server-sent events ({@link LogStreams}),
 * the recent events first, then each new one for as long as the client stays connected;
 * {@code ?follow=false} ends after the recent ones, {@code ?backlog=N} (0 to 100, default 100)
 * says how many recent ones, and a reconnecting client's {@code Last-Event-ID} skips those it
 * has. Each stream is written by a thread of its own, never an Undertow worker or a guest worker,
 * and at most {@link #MAX_FOLLOWERS} are open at once. Thread-safe.
 */
final class AdminLogsApi {
    static final int MAX_FOLLOWERS = 64;
    private static final Pattern ROUTE = Pattern.compile("/functions/([^/]+)/logs/?");
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final EdgeRuntime runtime;
    private final LogStreams streams;
    private final AtomicInteger open = new AtomicInteger();
    private final ExecutorService writers =
            Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "edge-log-stream");
                thread.setDaemon(true);
                return thread;
            });

    AdminLogsApi(EdgeRuntime runtime, LogStreams streams) {
        this.runtime = runtime;
        this.streams = streams;
    }

    /** Serves the log streams and hands every other admin request to {@code next}. */
    HttpHandler in(HttpHandler next) {
        return exchange -> {
            Matcher route = ROUTE.matcher(exchange.getRequestPath());
            if (!route.matches()) {
                next.handleRequest(exchange);
            } else if (!exchange.getRequestMethod().equals(Methods.GET)) {
                ErrorResponder.send(
                        exchange, HttpError.METHOD_NOT_ALLOWED, exchange.getRequestMethod() + " is not supported on " + exchange.getRequestPath());
            } else {
                stream(exchange, route.group(1));
            }
        };
    }

    private void stream(HttpServerExchange exchange, String name) {
        if (runtime.find(name).isEmpty()) {
            ErrorResponder.send(exchange, HttpError.NOT_FOUND, "no function named \"" + name + "\"");
            return;
        }
        String follow = parameter(exchange, "follow", "true");
        if (!follow.equals("true") && !follow.equals("false")) {
            ErrorResponder.send(exchange, HttpError.BAD_REQUEST, "follow must be true or false: " + follow);
            return;
        }
        int backlog;
        long afterId;
        try {
            backlog = Integer.parseInt(parameter(exchange, "backlog", String.valueOf(LogStreams.BACKLOG_EVENTS)));
            String lastEventId = exchange.getRequestHeaders().getFirst("last-event-id");
            afterId = lastEventId == null ? 0 : Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException e) {
            ErrorResponder.send(exchange, HttpError.BAD_REQUEST, "backlog and Last-Event-ID must be whole numbers");
            return;
        }
        if (backlog < 0 || backlog > LogStreams.BACKLOG_EVENTS) {
            ErrorResponder.send(exchange, HttpError.BAD_REQUEST, "backlog must be between 0 and " + LogStreams.BACKLOG_EVENTS);
            return;
        }
        if (open.incrementAndGet() > MAX_FOLLOWERS) {
            open.decrementAndGet();
            ErrorResponder.send(exchange, HttpError.OVERLOADED, "at most " + MAX_FOLLOWERS + " log streams at once");
            return;
        }
        boolean following = follow.equals("true");
        exchange.dispatch(writers, () -> {
            try {
                write(exchange, name, backlog, afterId, following);
            } finally {
                open.decrementAndGet();
            }
        });
    }

    private void write(HttpServerExchange exchange, String name, int backlog, long afterId, boolean follow) {
        LogFollower follower = new LogFollower();
        if (!streams.subscribe(name, follower, backlog, afterId, follow)) {
            ErrorResponder.send(exchange, HttpError.OVERLOADED, "the host is shutting down");
            return;
        }
        exchange.startBlocking();
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=UTF-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        try (OutputStream out = exchange.getOutputStream()) {
            // The headers now, so that the client knows it is connected before the first event.
            out.flush();
            follower.write(out, follow, KEEP_ALIVE_MILLIS);
        } catch (IOException e) {
            // The client went away; nothing to tell it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.unsubscribe(name, follower);
            exchange.endExchange();
        }
    }

    private static String parameter(HttpServerExchange exchange, String name, String fallback) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? fallback : values.getFirst();
    }
}
