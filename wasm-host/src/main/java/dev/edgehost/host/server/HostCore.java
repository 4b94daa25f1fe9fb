package dev.edgehost.host.server;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.FunctionInfo;
import dev.edgehost.host.FunctionNotFoundException;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.OverloadedException;
import dev.edgehost.host.StorageException;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.guest.FunctionLog;
import dev.edgehost.host.guest.GuestRequest;
import dev.edgehost.host.guest.GuestResponse;
import dev.edgehost.host.kv.KvBackend;
import dev.edgehost.host.kv.KvUnavailableException;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.kv.RedisConnection;
import dev.edgehost.host.kv.RedisKvBackend;
import dev.edgehost.host.runtime.Deployment;
import dev.edgehost.host.runtime.EdgeRuntime;
import dev.edgehost.host.runtime.InvocationStats;
import dev.edgehost.host.runtime.RuntimeOptions;
import dev.edgehost.host.store.FunctionRepository;
import dev.edgehost.host.store.FunctionStore;
import dev.edgehost.host.store.RedisFunctionRepository;
import io.undertow.server.HttpHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host itself: stores, runtime, the bounded worker pool, and both ways in, {@link #handle}
 * and {@link #httpHandler()}. Admission is bounded by a semaphore (workers plus queue), so
 * overload is refused at once instead of queueing without bound.
 */
public final class HostCore implements EdgeHost {
    private static final Logger LOG = LoggerFactory.getLogger(HostCore.class);
    private static final long DRAIN_SECONDS = 30;

    private final HostConfig config;
    private final FunctionRepository repository;
    private final KvBackend kv;
    private final EdgeRuntime runtime;
    private final ExecutorService workers;
    private final Semaphore admission;
    private final HostMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HostCore(HostConfig config) {
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
        RuntimeOptions options = RuntimeOptions.defaults();
        if (config.redis() == null && config.dataDir() != null) {
            options = options.withCompiledCodeDir(config.dataDir().resolve("compiled"));
        }
        this.runtime = new EdgeRuntime(repository, config.maxCachedModuleBytes(), kv, new FetchClients(), options);
        this.workers = newWorkerPool(config.workers());
        this.admission = new Semaphore(config.workers() + config.queueSize());
        this.metrics = new HostMetrics(runtime);
    }

    /** A host with its stored functions loaded and, if asked, the bundled samples deployed. */
    public static HostCore start(HostConfig config) {
        HostCore core = new HostCore(config);
        int loaded = core.runtime.loadStored();
        if (core.repository != null) {
            LOG.info("loaded {} stored functions from {}", loaded, config.redis() != null ? config.redis() : config.dataDir());
        }
        if (config.bundledSamples()) {
            BundledSamples.deployMissing(core.runtime, config.defaultSettings());
        }
        return core;
    }

    private static ExecutorService newWorkerPool(int size) {
        AtomicInteger ids = new AtomicInteger();
        // The queue is unbounded here because admission is bounded before dispatch.
        return new ThreadPoolExecutor(
                size,
                size,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "edge-worker-" + ids.incrementAndGet());
                    thread.setDaemon(true);
                    // Started on demand, a worker would otherwise keep the class loader of the first
                    // caller's thread, such as a servlet container's web application, for its life.
                    thread.setContextClassLoader(HostCore.class.getClassLoader());
                    return thread;
                });
    }

    HostConfig config() {
        return config;
    }

    EdgeRuntime runtime() {
        return runtime;
    }

    KvBackend kv() {
        return kv;
    }

    /** Takes a place for a request, or refuses it when every worker and queue place is taken. */
    void admit() {
        if (closed.get()) {
            throw new OverloadedException("the host is shutting down");
        }
        if (!admission.tryAcquire()) {
            throw new OverloadedException("every worker is busy; try again later");
        }
    }

    void release() {
        admission.release();
    }

    ExecutorService workers() {
        return workers;
    }

    HostMetrics metrics() {
        return metrics;
    }

    /** Records a finished request in the access log and the metrics. */
    void finished(
            String requestId,
            Deployment deployment,
            String method,
            int status,
            long bytesIn,
            long bytesOut,
            InvocationStats stats,
            long totalNanos,
            String error) {
        AccessLog.record(requestId, deployment, method, status, bytesIn, bytesOut, stats, totalNanos, error);
        metrics.record(deployment, status, stats, totalNanos, error);
    }

    @Override
    public FunctionInfo deploy(String name, byte[] wasm, FunctionSettings settings) {
        return info(runtime.deploy(name, wasm, settings, true).deployment());
    }

    @Override
    public boolean undeploy(String name) {
        return runtime.undeploy(name);
    }

    @Override
    public List<FunctionInfo> functions() {
        return runtime.functions().stream().map(HostCore::info).toList();
    }

    @Override
    public Optional<FunctionInfo> function(String name) {
        return runtime.find(name).map(HostCore::info);
    }

    static FunctionInfo info(Deployment deployment) {
        return new FunctionInfo(
                deployment.name(),
                deployment.sha256(),
                deployment.wasm().length,
                deployment.deployedAt(),
                deployment.settings(),
                deployment.description().imports(),
                deployment.description().exports(),
                deployment.persistent());
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        String name = request.function();
        Deployment deployment =
                runtime.find(name).orElseThrow(() -> new FunctionNotFoundException("no function named \"" + name + "\""));
        RequestLimits.checkHeaders(deployment.settings().limits(), request.headers());
        RequestLimits.checkBody(deployment.settings().limits(), request.body().length);
        admit();
        Future<EdgeResponse> result;
        try {
            result = workers.submit(() -> run(deployment, request));
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new OverloadedException("interrupted while waiting for the guest");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EdgeException) {
                throw (EdgeException) e.getCause();
            }
            throw new IllegalStateException("the host failed to handle the request", e.getCause());
        }
    }

    private EdgeResponse run(Deployment deployment, EdgeRequest request) {
        try {
            String requestId = request.requestId();
            InvocationStats stats = new InvocationStats();
            long start = System.nanoTime();
            GuestRequest guestRequest =
                    new GuestRequest(request.method(), request.url().toString(), request.headers(), request.body());
            try {
                GuestResponse response = runtime.invoke(deployment, guestRequest, requestId, new FunctionLog(deployment.name(), requestId), stats);
                byte[] body = response.body();
                finished(requestId, deployment, request.method(), response.status(), request.body().length, body.length, stats, System.nanoTime() - start, null);
                return new EdgeResponse(response.status(), response.headers(), body, requestId, stats.fuelUsed());
            } catch (EdgeException e) {
                finished(requestId, deployment, request.method(), e.error().status(), request.body().length, 0, stats, System.nanoTime() - start, e.error().code());
                throw e;
            }
        } finally {
            release();
        }
    }

    @Override
    public HttpHandler httpHandler() {
        return new RequestIdHandler(
                new FunctionRoutingHandler(
                        runtime, new RequestLimitsHandler(new BodyReadingHandler(new GuestHandler(this)))));
    }

    /** Whether the host takes requests: started and not shutting down. */
    boolean ready() {
        return !closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("requests still running after {} s; stopping them", DRAIN_SECONDS);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            runtime.close();
            if (repository != null) {
                repository.close();
            }
            kv.close();
        }
    }
}
