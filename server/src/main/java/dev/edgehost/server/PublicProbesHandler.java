package dev.edgehost.server;

import dev.edgehost.host.registry.EdgeRuntime;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Set;

/**
 * {@code /healthz} and {@code /readyz} on the public listener too, where a newcomer and most
 * load balancers look first, unless a function is named {@code healthz} or {@code readyz}
 * (deployed or still loading): a function always wins its own path. Only those two exact paths;
 * {@code /metrics} stays on the admin and ops listeners, since it names every function. A
 * decorator over the public chain; thread-safe.
 */
final class PublicProbesHandler implements HttpHandler {
    private static final Set<String> PATHS = Set.of("/healthz", "/readyz");

    private final EdgeRuntime runtime;
    private final HttpHandler probes;
    private final HttpHandler next;

    /**
     * @param probes answers the two paths, as the ops listener does
     * @param next the public chain, for every other request
     */
    PublicProbesHandler(EdgeRuntime runtime, HttpHandler probes, HttpHandler next) {
        this.runtime = runtime;
        this.probes = probes;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        if (PATHS.contains(path)) {
            String name = path.substring(1);
            if (runtime.find(name).isEmpty() && !runtime.isLoading(name)) {
                probes.handleRequest(exchange);
                return;
            }
        }
        next.handleRequest(exchange);
    }
}
