package dev.edgehost.server;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.execution.HostCore;
import io.undertow.server.HttpHandler;

/**
 * Undertow handlers for embedders who run their own Undertow server, in the style of Undertow's
 * {@code Handlers}:
 *
 * <pre>{@code
 * Handlers.path().addPrefixPath("/edge", EdgeHandlers.functions(host))
 * }</pre>
 */
public final class EdgeHandlers {

    private EdgeHandlers() {}

    /**
     * Serves the host's functions at {@code /{name}} below wherever the handler is mounted. The
     * guest sees the full URL the client asked for, mount point included; guests run on the host's
     * workers, never on the IO thread. The handler does not close the host.
     *
     * @throws IllegalArgumentException when the host was not built by {@link EdgeHost#builder()}
     */
    public static HttpHandler functions(EdgeHost host) {
        return functions(HostCore.of(host), () -> { }, TrustedProxies.none());
    }

    /**
     * The same, telling {@code notFound} of every request for no deployed function, and taking the
     * client's address from the forwarding headers of trusted proxies.
     */
    static HttpHandler functions(HostCore core, Runnable notFound, TrustedProxies trustedProxies) {
        return new RequestIdHandler(
                new ClientAddressHandler(
                        trustedProxies,
                        new FunctionRoutingHandler(
                                core.runtime(), notFound,
                                new RequestLimitsHandler(new BodyReadingHandler(new GuestHandler(core.executor()))))));
    }
}
