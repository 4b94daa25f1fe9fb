package dev.edgehost.host.server;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeServer;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;

/** The host as an HTTP server: functions on the public listener, the admin API on its own listener. */
public final class UndertowEdgeServer implements EdgeServer {
    private static final Logger LOG = LoggerFactory.getLogger(UndertowEdgeServer.class);
    private static final long DRAIN_MILLIS = 30_000;

    private final ServerConfig config;
    private final HostCore host;
    private final EdgeListeners listeners;
    private final GracefulShutdownHandler publicShutdown;
    private final GracefulShutdownHandler adminShutdown;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UndertowEdgeServer(HostCore host, ServerConfig config) {
        this.config = config;
        this.host = host;
        // 100 Continue only once the API reads the body: an upload refused from its headers is never sent.
        HttpHandler admin = new HttpContinueReadHandler(new AdminApi(host).handler());
        if (config.adminToken() != null) {
            admin = new AdminAuthHandler(config.adminToken(), admin);
        }
        admin = new AdminRequestGuard(config.adminToken() == null, config.adminAllowedOrigins(), admin);
        ConnectionLimits connections = config.connections();
        this.publicShutdown = new GracefulShutdownHandler(new ReadTimeoutHandler(connections.readTimeoutMillis(), host.httpHandler()));
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
                        // Headers that trickle in are cut off like a body (ReadTimeoutHandler) is.
                        .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, connections.readTimeoutMillis())
                        .set(UndertowOptions.NO_REQUEST_TIMEOUT, connections.idleTimeoutMillis())
                        .getMap();
        this.listeners =
                new EdgeListeners(options, connections)
                        .add(config.host(), config.port(), publicShutdown)
                        .add(config.adminHost(), config.adminPort(), adminShutdown);
    }

    /** A server for a host it then owns; nothing listens until {@link #start()}. */
    public static UndertowEdgeServer create(EdgeHost host, ServerConfig config) {
        return new UndertowEdgeServer((HostCore) host, config);
    }

    @Override
    public EdgeServer start() {
        listeners.start();
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
        return listeners.port(listener);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // New requests get 503 from here on; those in flight finish and send their responses.
        publicShutdown.shutdown();
        adminShutdown.shutdown();
        try {
            if (!publicShutdown.awaitShutdown(DRAIN_MILLIS) || !adminShutdown.awaitShutdown(DRAIN_MILLIS)) {
                LOG.warn("requests still running after {} ms; stopping anyway", DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            listeners.stop();
            host.close();
        }
    }
}
