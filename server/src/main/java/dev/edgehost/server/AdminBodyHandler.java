package dev.edgehost.server;

import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.AttachmentKey;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an admin request's body without blocking, before the admin API's blocking handlers run on
 * a worker: a slow or stalled upload holds no thread, and the connection can be closed when it
 * takes too long. It buffers at most what the addressed resource accepts: a module up to the
 * host's upload limit, a key-value value up to its function's value limit, traffic settings up to 64 KiB. A body declared larger
 * is read to its end and thrown away, so that a client that is sending it sees the refusal rather
 * than a reset connection; a client that waits for {@code 100 Continue} is refused before it sends any.
 */
final class AdminBodyHandler implements HttpHandler {
    private static final AttachmentKey<Body> KEY = AttachmentKey.create(Body.class);
    /** The largest traffic settings {@code PUT /functions/{name}/traffic} accepts. */
    static final long MAX_TRAFFIC_BYTES = 65_536;
    private static final Pattern KV_PATH = Pattern.compile("/functions/([^/]+)/kv/.*");
    private static final Pattern TRAFFIC_PATH = Pattern.compile("/functions/[^/]+/traffic");

    private final EdgeRuntime runtime;
    private final long maxModuleBytes;
    private final HttpHandler next;

    /** The body as read: the bytes, or none when it is larger than the resource accepts. */
    private record Body(byte[] bytes) {}

    AdminBodyHandler(EdgeRuntime runtime, long maxModuleBytes, HttpHandler next) {
        this.runtime = runtime;
        this.maxModuleBytes = maxModuleBytes;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long limit = limit(exchange.getRelativePath());
        if (exchange.getRequestContentLength() > limit) {
            if (HttpContinue.requiresContinueResponse(exchange)) {
                // The client waits for a go-ahead before it sends the body, and gets none.
                exchange.setPersistent(false);
                exchange.putAttachment(KEY, new Body(null));
                next.handleRequest(exchange);
                return;
            }
            BodyReceiver.discard(
                    exchange,
                    (ex, none) -> {
                        ex.putAttachment(KEY, new Body(null));
                        next.handleRequest(ex);
                    });
            return;
        }
        BodyReceiver.receive(
                exchange,
                limit,
                (ex, bytes) -> {
                    ex.putAttachment(KEY, new Body(bytes));
                    next.handleRequest(ex);
                });
    }

    private long limit(String path) {
        Matcher kv = KV_PATH.matcher(path);
        if (kv.matches()) {
            Optional<Deployment> function = runtime.find(kv.group(1));
            return function.map(deployment -> (long) deployment.settings().limits().kvMaxValueBytes()).orElse(0L);
        }
        if (TRAFFIC_PATH.matcher(path).matches()) {
            return MAX_TRAFFIC_BYTES;
        }
        return maxModuleBytes;
    }

    /** The request's body, or {@code null} when it is larger than the addressed resource accepts. */
    static byte[] body(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY).bytes();
    }
}
