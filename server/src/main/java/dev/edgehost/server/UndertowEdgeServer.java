package dev.edgehost.server;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.execution.HostCore;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;

/** The host as an HTTP server: functions on the public listener, the admin API on its own listener. */
final class UndertowEdgeServer implements EdgeServer {
    private static final Logger LOG = LoggerFactory.getLogger(UndertowEdgeServer.class);
    private static final long DRAIN_MILLIS = 30_000;

    private final ServerConfig config;
    private final HostCore host;
    private final EdgeListeners listeners;
    private final GracefulShutdownHandler publicShutdown;
    private final GracefulShutdownHandler adminShutdown;
    private final HostMetrics metrics;
    private final LogStreams logStreams;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UndertowEdgeServer(HostCore host, HostMetrics metrics, LogStreams logStreams, ServerConfig config) {
        this.config = config;
        this.host = host;
        this.metrics = metrics;
        this.logStreams = logStreams;
        // 100 Continue only once the API reads the body: an upload refused from its headers is never sent.
        HttpHandler admin = new HttpContinueReadHandler(new AdminApi(host, logStreams).handler());
        if (config.adminToken() != null) {
            admin = new AdminAuthHandler(config.adminToken(), admin);
        }
        admin = new AdminCallCounter(metrics, new AdminRequestGuard(config.adminToken() == null, config.adminAllowedOrigins(), admin));
        ConnectionLimits connections = config.connections();
        this.publicShutdown =
                new GracefulShutdownHandler(
                        new ReadTimeoutHandler(connections.readTimeoutMillis(), EdgeHandlers.functions(host, metrics::notFound, config.trustedProxies())));
        this.adminShutdown =
                new GracefulShutdownHandler(new ReadTimeoutHandler(connections.readTimeoutMillis(), new RequestIdHandler(admin)));
        OptionMap options =
                OptionMap.builder()
                        .set(UndertowOptions.MAX_HEADER_SIZE, 1 << 20)
                        .set(UndertowOptions.MAX_HEADERS, 10_000)
                        // Undertow's own body cap (2 MiB) is fixed for a chunked body before any handler
                        // could raise it; the host's readers enforce each body limit themselves.
                        .set(UndertowOptions.MAX_ENTITY_SIZE, Long.MAX_VALUE)
                        .set(UndertowOptions.ALWAYS_SET_DATE, true)
                        // Headers that trickle in are cut off as a body is (ReadTimeoutHandler).
                        .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, connections.readTimeoutMillis())
                        .set(UndertowOptions.NO_REQUEST_TIMEOUT, connections.idleTimeoutMillis())
                        .getMap();
        // Health and metrics answer without a token, and while the server drains (readiness says 503 then).
        this.listeners =
                new EdgeListeners(options, connections)
                        .add(config.host(), config.port(),
                                new PublicProbesHandler(host.runtime(), new OpsHandler(host, metrics, closed::get, null), publicShutdown))
                        .add(config.adminHost(), config.adminPort(), new OpsHandler(host, metrics, closed::get, adminShutdown));
        if (config.opsPort() >= 0) {
            listeners.add(config.opsHost(), config.opsPort(), new OpsHandler(host, metrics, closed::get, null));
        }
    }

    /**
     * A server for a host it then owns, with the host's metrics and log streams (a log listener of
     * the host); nothing listens until {@link #start()}.
     */
    static UndertowEdgeServer create(HostCore host, HostMetrics metrics, LogStreams logStreams, ServerConfig config) {
        metrics.bind(host);
        return new UndertowEdgeServer(host, metrics, logStreams, config);
    }

    @Override
    public EdgeServer start() {
        listeners.start();
        host.listensAt(SelfOrigin.of(config.host(), port()));
        host.deploySelfCallingSamples(SelfOrigin.of(config.host(), port()));
        LOG.atInfo()
                .addKeyValue("event", "serving")
                .addKeyValue("port", port())
                .addKeyValue("adminPort", adminPort())
                .addKeyValue("opsPort", opsPort())
                .log("serving functions on port {}, admin API on {}:{}{}", port(), config.adminHost(), adminPort(),
                        opsPort() < 0 ? "" : ", health and metrics also on " + config.opsHost() + ":" + opsPort());
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

    @Override
    public int opsPort() {
        return config.opsPort() < 0 ? -1 : boundPort(2);
    }

    private int boundPort(int listener) {
        return listeners.port(listener);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        LOG.atInfo()
                .addKeyValue("event", "shutdown")
                .log("shutting down: refusing new requests, letting those in flight finish (up to {} s)", DRAIN_MILLIS / 1000);
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
            listeners.stop();
            host.close();
            metrics.close();
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.atInfo().addKeyValue("event", "stopped").addKeyValue("drainMs", millis).log("stopped after {} ms", millis);
        }
    }
}
