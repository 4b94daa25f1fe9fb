package dev.edgehost.server;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.execution.HostCore;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host as an HTTP server: functions on the public listener, the admin API on its own listener. */
final class UndertowEdgeServer implements EdgeServer {
    private static final Logger LOG = LoggerFactory.getLogger(UndertowEdgeServer.class);
    private static final long DRAIN_MILLIS = 30_000;

    private final ServerConfig config;
    private final HostCore host;
    private final Undertow undertow;
    private final GracefulShutdownHandler publicShutdown;
    private final GracefulShutdownHandler adminShutdown;
    private final LogStreams logStreams;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UndertowEdgeServer(HostCore host, HostMetrics metrics, LogStreams logStreams, ServerConfig config) {
        this.config = config;
        this.host = host;
        this.logStreams = logStreams;
        HttpHandler admin = new AdminApi(host, metrics, logStreams).handler();
        if (config.adminToken() != null) {
            admin = new AdminAuthHandler(config.adminToken(), admin);
        }
        this.publicShutdown = new GracefulShutdownHandler(EdgeHandlers.functions(host));
        this.adminShutdown = new GracefulShutdownHandler(new RequestIdHandler(admin));
        this.undertow =
                Undertow.builder()
                        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 1 << 20)
                        .setServerOption(UndertowOptions.MAX_HEADERS, 10_000)
                        .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
                        .addHttpListener(config.port(), config.host(), publicShutdown)
                        .addHttpListener(config.adminPort(), config.adminHost(), adminShutdown)
                        .build();
    }

    /**
     * A server for a host it then owns, with the host's metrics and log streams (a log listener of
     * the host); nothing listens until {@link #start()}.
     */
    static UndertowEdgeServer create(HostCore host, HostMetrics metrics, LogStreams logStreams, ServerConfig config) {
        metrics.bind(host.runtime());
        return new UndertowEdgeServer(host, metrics, logStreams, config);
    }

    @Override
    public EdgeServer start() {
        undertow.start();
        host.deploySelfCallingSamples(SelfOrigin.of(config.host(), port()));
        LOG.info("serving functions on port {}, admin API on {}:{}", port(), config.adminHost(), adminPort());
        return this;
    }

    @Override
    public EdgeHost host() {
        return host;
    }

    @Override
    public int port() {
        return boundPort(0);
    }

    @Override
    public int adminPort() {
        return boundPort(1);
    }

    private int boundPort(int listener) {
        return ((InetSocketAddress) undertow.getListenerInfo().get(listener).getAddress()).getPort();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // New requests get 503 from here on; those in flight finish and send their responses.
        publicShutdown.shutdown();
        adminShutdown.shutdown();
        // Log streams last as long as their clients; the drain would wait for them otherwise.
        logStreams.close();
        try {
            if (!publicShutdown.awaitShutdown(DRAIN_MILLIS) || !adminShutdown.awaitShutdown(DRAIN_MILLIS)) {
                LOG.warn("requests still running after {} ms; stopping anyway", DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            undertow.stop();
            host.close();
        }
    }
}
