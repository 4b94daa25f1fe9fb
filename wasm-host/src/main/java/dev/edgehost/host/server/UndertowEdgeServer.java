package dev.edgehost.host.server;

import dev.edgehost.host.EdgeServer;
import dev.edgehost.host.StorageException;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.kv.KvBackend;
import dev.edgehost.host.kv.KvUnavailableException;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.kv.RedisConnection;
import dev.edgehost.host.kv.RedisKvBackend;
import dev.edgehost.host.runtime.EdgeRuntime;
import dev.edgehost.host.store.FunctionRepository;
import dev.edgehost.host.store.FunctionStore;
import dev.edgehost.host.store.RedisFunctionRepository;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host as an HTTP server: functions on the public listener, the admin API on its own
 * listener, guests on a bounded worker pool.
 */
public final class UndertowEdgeServer implements EdgeServer {
    private static final Logger LOG = LoggerFactory.getLogger(UndertowEdgeServer.class);
    private static final long DRAIN_MILLIS = 30_000;

    private final ServerConfig config;
    private final KvBackend kv;
    private final FunctionRepository repository;
    private final EdgeRuntime runtime;
    private final ExecutorService workers;
    private final Undertow undertow;
    private final GracefulShutdownHandler publicShutdown;
    private final GracefulShutdownHandler adminShutdown;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UndertowEdgeServer(ServerConfig config) {
        this.config = config;
        try {
            if (config.redis() != null) {
                RedisConnection redis = RedisConnection.connect(config.redis());
                this.kv = new RedisKvBackend(redis);
                this.repository = new RedisFunctionRepository(redis);
            } else {
                this.repository = config.dataDir() == null ? null : FunctionStore.open(config.dataDir());
                this.kv = config.dataDir() == null ? MvStoreKvBackend.inMemory() : MvStoreKvBackend.open(config.dataDir().resolve("kv.mv.db"));
            }
        } catch (KvUnavailableException e) {
            throw new StorageException(e.getMessage(), e);
        }
        this.runtime = new EdgeRuntime(repository, config.maxCachedModuleBytes(), kv, new FetchClients());
        this.workers = newWorkerPool(config.workers());
        HttpHandler functions =
                new RequestIdHandler(
                        new FunctionRoutingHandler(
                                runtime,
                                new RequestLimitsHandler(
                                        new BodyReadingHandler(
                                                new GuestHandler(runtime, workers, config.workers() + config.queueSize())))));
        HttpHandler admin = new AdminApi(runtime, kv, config.defaultLimits(), config.maxModuleBytes()).handler();
        if (config.adminToken() != null) {
            admin = new AdminAuthHandler(config.adminToken(), admin);
        }
        this.publicShutdown = new GracefulShutdownHandler(functions);
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

    /** Creates a server; nothing listens until {@link #start()}. */
    public static UndertowEdgeServer create(ServerConfig config) {
        return new UndertowEdgeServer(config);
    }

    private static ExecutorService newWorkerPool(int size) {
        AtomicInteger ids = new AtomicInteger();
        // The queue is unbounded here because admission is bounded before dispatch (GuestHandler).
        return new ThreadPoolExecutor(
                size,
                size,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "edge-worker-" + ids.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public EdgeServer start() {
        int loaded = runtime.loadStored();
        if (repository != null) {
            LOG.info("loaded {} stored functions from {}", loaded, config.redis() != null ? config.redis() : config.dataDir());
        }
        if (config.bundledSamples()) {
            BundledSamples.deployMissing(
                    runtime, FunctionSettings.builder().limits(config.defaultLimits()).build());
        }
        undertow.start();
        LOG.info("serving functions on port {}, admin API on {}:{}", port(), config.adminHost(), adminPort());
        return this;
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
        try {
            if (!publicShutdown.awaitShutdown(DRAIN_MILLIS) || !adminShutdown.awaitShutdown(DRAIN_MILLIS)) {
                LOG.warn("requests still running after {} ms; stopping anyway", DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            undertow.stop();
            workers.shutdownNow();
            runtime.close();
            if (repository != null) {
                repository.close();
            }
            kv.close();
        }
    }
}
