package dev.edgehost.server;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Optional;

/**
 * Finds the function a public request is for: the first path segment names it, {@code /{name}} or
 * {@code /{name}/...}. The deployment found is the one the whole request runs on.
 */
final class FunctionRoutingHandler implements HttpHandler {
    private static final AttachmentKey<Deployment> KEY = AttachmentKey.create(Deployment.class);

    private final EdgeRuntime runtime;
    private final Runnable notFound;
    private final HttpHandler next;

    /**
     * @param notFound told of every request for no deployed function, for metrics
     */
    FunctionRoutingHandler(EdgeRuntime runtime, Runnable notFound, HttpHandler next) {
        this.runtime = runtime;
        this.notFound = notFound;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String name = EdgeRequest.functionIn(exchange.getRelativePath());
        Optional<Deployment> deployment = name.isEmpty() ? Optional.empty() : runtime.find(name);
        if (deployment.isEmpty() && runtime.isLoading(name)) {
            ErrorResponder.send(exchange, HostCore.loading(name));
            return;
        }
        if (deployment.isEmpty()) {
            String message = name.isEmpty() ? "the path names no function" : "no function named \"" + name + "\"";
            notFound.run();
            ErrorResponder.send(exchange, HttpError.NOT_FOUND, message);
            return;
        }
        exchange.putAttachment(KEY, deployment.get());
        next.handleRequest(exchange);
    }

    static Deployment deployment(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY);
    }
}
