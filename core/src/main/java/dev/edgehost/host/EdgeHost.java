package dev.edgehost.host;

import dev.edgehost.host.compile.DeployBudgets;
import dev.edgehost.host.execution.HostConfig;
import dev.edgehost.host.execution.HostCore;
import dev.edgehost.host.execution.StartupFunction;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.registry.FunctionNames;
import dev.edgehost.host.fetch.FetchCache;
import dev.edgehost.host.fetch.FetchTrust;
import dev.edgehost.host.spi.Backend;
import dev.edgehost.host.spi.ClientLocator;
import dev.edgehost.host.spi.FunctionLogListener;
import dev.edgehost.host.spi.RequestObserver;
import dev.edgehost.host.spi.RequestTracer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The edge host without a server of its own: deploy functions and run requests through
 * {@link #handle}. To serve HTTP, use edge-server's {@code EdgeServer}, or mount its
 * {@code EdgeHandlers.functions(host)} in an Undertow server you already run; edge-servlet's
 * {@code EdgeServlet} serves it from a servlet container. Thread-safe.
 *
 * <pre>{@code
 * try (EdgeHost host = EdgeHost.builder().dataDir(Path.of("edge-data")).build()) {
 *     host.deploy("hello", wasm, FunctionSettings.defaults());
 *     EdgeResponse response = host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/hello")).build());
 * }
 * }</pre>
 */
public interface EdgeHost extends AutoCloseable {

    /** A builder with the embedded defaults: in memory, default limits, twice the cores as workers. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Checks, compiles and deploys a module, replacing any earlier version atomically.
     *
     * @throws ModuleRejectedException when the module cannot be deployed
     * @throws BadRequestException when the name is invalid
     * @throws StorageException when it cannot be stored; nothing changed then
     */
    FunctionInfo deploy(String name, byte[] wasm, FunctionSettings settings);

    /**
     * Deploys a Workers-style JavaScript function, replacing any earlier version atomically: the
     * host's JavaScript engine evaluates the script's top level once, and every request starts
     * from the state it left (docs/javascript.md). No code is compiled for it.
     *
     * @throws ModuleRejectedException when the script does not compile or its top level throws
     *     ({@code invalid_script}), or it registers no fetch handler ({@code missing_export})
     * @throws BadRequestException when the name is invalid
     * @throws StorageException when it cannot be stored; nothing changed then
     */
    FunctionInfo deployScript(String name, String script, FunctionSettings settings);

    /** Removes a function; requests already running on it finish. Returns whether there was one. */
    boolean undeploy(String name);

    /** The deployed functions, by name. */
    List<FunctionInfo> functions();

    Optional<FunctionInfo> function(String name);

    /**
     * Runs a request on the host's workers and waits for the guest's response. The function is
     * {@link EdgeRequest#function()}: the first segment of the URL's path unless named otherwise.
     *
     * @throws EdgeException when the host answers instead of the guest: one subclass per failure,
     *     carrying the HTTP status and error code the HTTP port would answer
     */
    EdgeResponse handle(EdgeRequest request);

    /**
     * Runs a request as {@link #handle(EdgeRequest)} does, with a stream for the response should
     * the guest flush it ({@code resp_flush}, ABI spec §5.6). When it does, the stream gets the
     * status, the headers and the body as it is written, on the worker thread, and then its end:
     * this returns the status and headers with an empty body; or, when the request fails after
     * the flush, its cut: this throws the failure, which the caller must not answer with (the
     * client has a status already). A guest that does not flush leaves the stream untouched.
     */
    EdgeResponse handle(EdgeRequest request, ResponseStream stream);

    /** Refuses new requests, lets running ones finish (up to 30 s), and releases every resource. */
    @Override
    void close();

    /** Builds an {@link EdgeHost}; {@link #build()} checks the settings and starts it. */
    final class Builder {
        private static final Duration MAX_COMPILE_TIMEOUT = Duration.ofHours(1);
        private Path dataDir;
        private URI redis;
        private FunctionLimits defaultLimits = FunctionLimits.defaults();
        private Engine defaultEngine = Engine.COMPILER;
        private List<String> defaultFetchAllowList = List.of();
        private int workers = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int carriers;
        private int queueSize = 1024;
        private long maxModuleBytes = 64L << 20;
        private long maxCachedModuleBytes = 512L << 20;
        private boolean bundledSamples;
        private Backend backend;
        private boolean pooling = true;
        private long poolBytes = Runtime.getRuntime().maxMemory() / 8;
        private final List<RequestObserver> observers = new ArrayList<>();
        private Duration kvTimeout = Duration.ofMillis(250);
        private long fetchCacheBytes = FetchCache.DEFAULT_BYTES;
        private long fetchCacheEntryBytes = FetchCache.DEFAULT_ENTRY_BYTES;
        private Path fetchTrustStore;
        private Duration reconcileInterval = Duration.ofSeconds(10);
        private final List<FunctionLogListener> logListeners = new ArrayList<>();
        private ClientLocator clientLocator;
        private RequestTracer tracer;
        private int keepVersions = EdgeRuntime.DEFAULT_KEEP_VERSIONS;
        private boolean loadStoredInBackground;
        private final List<StartupFunction> startupFunctions = new ArrayList<>();
        private int maxModuleFunctions = DeployBudgets.DEFAULT_MAX_FUNCTIONS;
        private long maxFunctionCodeBytes = DeployBudgets.DEFAULT_MAX_FUNCTION_CODE_BYTES;
        private long maxModuleCodeBytes = DeployBudgets.DEFAULT_MAX_MODULE_CODE_BYTES;
        private long maxTotalCodeBytes = DeployBudgets.DEFAULT_MAX_TOTAL_CODE_BYTES;
        private Duration compileTimeout = DeployBudgets.DEFAULT_COMPILE_TIMEOUT;
        private int maxConcurrentCompiles = DeployBudgets.DEFAULT_MAX_CONCURRENT_COMPILES;
        private long tieredModuleBytes = DeployBudgets.DEFAULT_TIERED_MODULE_BYTES;
        private long maxDeployHeapBytes = DeployBudgets.DEFAULT_MAX_DEPLOY_HEAP_BYTES;

        private Builder() {}

        /** Where deployments and key-value data survive restarts; {@code null} (the default) keeps them in memory. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * A Redis server ({@code redis://host:port}) that keeps deployments and key-value data for
         * every host pointed at it, instead of the data dir; {@code null} (the default) for none.
         * Needs {@code dev.edgehost:edge-redis} on the class path.
         */
        public Builder redis(URI redis) {
            this.redis = redis;
            return this;
        }

        /** Limits of functions deployed without their own. */
        public Builder defaultLimits(FunctionLimits defaultLimits) {
            this.defaultLimits = Objects.requireNonNull(defaultLimits, "defaultLimits");
            return this;
        }

        /** The engine of functions deployed without one; the compiler unless set. */
        public Builder defaultEngine(Engine defaultEngine) {
            this.defaultEngine = Objects.requireNonNull(defaultEngine, "defaultEngine");
            return this;
        }

        /**
         * The fetch policy of functions deployed without their own allow-list: the origins they
         * may fetch from (empty unless set: no fetches).
         */
        public Builder defaultFetchAllowList(List<String> origins) {
            this.defaultFetchAllowList = List.copyOf(origins);
            return this;
        }

        /** How many guests may run Wasm at once: the workers. */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /**
         * How many requests may be under way at once, guests waiting in a fetch or a remote
         * key-value call included: the threads that carry them, at least the workers. A waiting
         * guest holds a carrier but no worker. 0, the default, is eight per worker.
         */
        public Builder carriers(int carriers) {
            this.carriers = carriers;
            return this;
        }

        /** Requests that may wait for a worker before new ones are refused as overloaded. */
        public Builder queueSize(int queueSize) {
            this.queueSize = queueSize;
            return this;
        }

        /** The largest module the admin API accepts. */
        public Builder maxModuleBytes(long maxModuleBytes) {
            this.maxModuleBytes = maxModuleBytes;
            return this;
        }

        /**
         * The most functions, imported and defined, one uploaded module may have; 50,000 unless
         * set. A module with more is refused with {@code upload_too_large} before it is parsed.
         */
        public Builder maxModuleFunctions(int maxModuleFunctions) {
            this.maxModuleFunctions = maxModuleFunctions;
            return this;
        }

        /** The largest body of one function of an uploaded module, in bytes of code; 1 MiB unless set. */
        public Builder maxFunctionCodeBytes(long maxFunctionCodeBytes) {
            this.maxFunctionCodeBytes = maxFunctionCodeBytes;
            return this;
        }

        /** The largest code section of an uploaded module; 32 MiB unless set. */
        public Builder maxModuleCodeBytes(long maxModuleCodeBytes) {
            this.maxModuleCodeBytes = maxModuleCodeBytes;
            return this;
        }

        /**
         * The most bytes of code of all deployed functions together; 1 GiB unless set. A deploy
         * that would pass it is refused with {@code upload_too_large}.
         */
        public Builder maxTotalCodeBytes(long maxTotalCodeBytes) {
            this.maxTotalCodeBytes = maxTotalCodeBytes;
            return this;
        }

        /**
         * The longest checking and compiling one uploaded module may take, waiting for a compile
         * thread included; 60 s unless set. Past it the upload is refused with {@code
         * upload_too_large} and its compile abandoned.
         */
        public Builder compileTimeout(Duration compileTimeout) {
            this.compileTimeout = Objects.requireNonNull(compileTimeout, "compileTimeout");
            return this;
        }

        /**
         * How many large modules (see {@link #tieredModuleBytes}) are compiled to JVM bytecode in
         * the background at once; the others wait their turn, shown as {@code "state": "queued"}.
         * Default: half the cores, at least one.
         */
        public Builder maxConcurrentCompiles(int maxConcurrentCompiles) {
            this.maxConcurrentCompiles = maxConcurrentCompiles;
            return this;
        }

        /**
         * Modules of at least this many bytes deployed with the compiler serve at once on the
         * interpreter while they compile in the background, then switch to the compiled code; the
         * fuel a request uses is the same on both. Default: 1 MiB.
         */
        public Builder tieredModuleBytes(long tieredModuleBytes) {
            this.tieredModuleBytes = tieredModuleBytes;
            return this;
        }

        /**
         * The most heap checking and compiling one module may take, estimated from its code before
         * either starts: an upload over it is refused with {@code upload_too_large} naming {@code
         * max-deploy-heap-bytes}; a module compiled in the background (see {@link
         * #tieredModuleBytes}) whose compile would exceed it keeps serving on the interpreter, and its
         * function JSON says why. Default: half the JVM's maximum heap.
         */
        public Builder maxDeployHeapBytes(long maxDeployHeapBytes) {
            this.maxDeployHeapBytes = maxDeployHeapBytes;
            return this;
        }

        /** Bound of the compiled-module cache, counted in module bytes. */
        public Builder maxCachedModuleBytes(long maxCachedModuleBytes) {
            this.maxCachedModuleBytes = maxCachedModuleBytes;
            return this;
        }

        /**
         * A backend the embedder opened (see {@link dev.edgehost.host.spi.Backend}), instead of the
         * data dir or a Redis URI; the host closes it. {@code null} (the default) for none.
         */
        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        /**
         * Whether instances are pooled and restored to their snapshot for each request (the
         * default), or built fresh for every request. Both behave the same to a guest.
         */
        public Builder pooling(boolean pooling) {
            this.pooling = pooling;
            return this;
        }

        /** How much memory the idle pooled instances of all functions may hold together; an eighth of the heap unless set. */
        public Builder poolBytes(long poolBytes) {
            this.poolBytes = poolBytes;
            return this;
        }

        /** Adds an observer told of every finished request, e.g. for metrics. */
        public Builder observer(RequestObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * How long one key-value call may wait for a remote store such as Redis before it fails
         * (the guest sees {@code -5}, {@code UPSTREAM_FAILURE}); 250 ms unless set. While the
         * store keeps failing, calls fail at once (a circuit breaker), so that an outage holds
         * no worker.
         */
        public Builder kvTimeout(Duration kvTimeout) {
            this.kvTimeout = Objects.requireNonNull(kvTimeout, "kvTimeout");
            return this;
        }

        /**
         * How many bytes of fetched responses the HTTP cache under guests' GET and HEAD fetches
         * holds for all functions together (each function's entries apart from every other's);
         * 64 MiB unless set, 0 for no cache.
         */
        public Builder fetchCacheBytes(long fetchCacheBytes) {
            this.fetchCacheBytes = fetchCacheBytes;
            return this;
        }

        /** The largest fetched response one cache entry holds; larger ones are streamed, not stored; 1 MiB unless set. */
        public Builder fetchCacheEntryBytes(long fetchCacheEntryBytes) {
            this.fetchCacheEntryBytes = fetchCacheEntryBytes;
            return this;
        }

        /**
         * A PEM file of certificates that fetches to TLS origins trust besides the JVM's default
         * trust anchors (its {@code cacerts}, or the {@code javax.net.ssl.trustStore} store): the
         * CA of internal origins, or an origin's self-signed certificate. Read when the host is
         * built; {@link #build} throws {@link IllegalArgumentException} when it holds no
         * certificate. Unset, fetches trust the defaults alone.
         */
        public Builder fetchTrustStore(Path pemFile) {
            this.fetchTrustStore = Objects.requireNonNull(pemFile, "fetchTrustStore");
            return this;
        }

        /**
         * How often a host on a store shared with other hosts compares its functions with the
         * store, in case an announcement was missed or the store lost its content; 10 s unless
         * set.
         */
        public Builder reconcileInterval(Duration reconcileInterval) {
            this.reconcileInterval = Objects.requireNonNull(reconcileInterval, "reconcileInterval");
            return this;
        }

        /**
         * Adds a listener told of every function's log lines and finished requests as they happen,
         * e.g. to follow a function's log live or to check it in a test.
         */
        public Builder logListener(FunctionLogListener listener) {
            logListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Traces every request: a span per request joined to the client's {@code traceparent},
         * with child spans for its fetches (whose {@code traceparent} names them) and key-value
         * calls, and the function's log lines; {@code edge-otel} implements it with
         * OpenTelemetry, over OTLP or an {@code OpenTelemetry} instance of the embedder's. The
         * host closes it when it closes. Default: none.
         */
        public Builder tracer(RequestTracer tracer) {
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return this;
        }

        /**
         * Where client addresses are, for the {@code x-edge-geo-*} request headers guests get
         * (ABI spec §4.6); {@code edge-geoip} reads MaxMind databases. The host closes it when it
         * closes. Default: none, and guests get {@code x-edge-client-ip} only.
         */
        public Builder clientLocator(ClientLocator clientLocator) {
            this.clientLocator = Objects.requireNonNull(clientLocator, "clientLocator");
            return this;
        }

        /**
         * How many of each function's newest versions are kept, for rollbacks and traffic splits;
         * older ones are pruned unless traffic goes to them. Default 10.
         */
        public Builder keepVersions(int keepVersions) {
            this.keepVersions = keepVersions;
            return this;
        }

        /**
         * Whether to deploy the bundled sample guests under names not deployed otherwise. Those
         * that call other functions of the host are deployed once it knows the origin of its own
         * listener, which {@code EdgeServer} tells it as it starts; a host without one serves the
         * others only.
         */
        public Builder bundledSamples(boolean bundledSamples) {
            this.bundledSamples = bundledSamples;
            return this;
        }

        /**
         * Whether {@link #build()} returns at once and the stored functions load in the
         * background, smallest first, so that one big module never keeps the host down; until a
         * function is in, its requests are answered {@code function_loading} (503, retry-after).
         * {@code EdgeServer} loads in the background. Default: false, {@link #build()} returns
         * with every stored function loaded.
         */
        public Builder loadStoredInBackground(boolean loadStoredInBackground) {
            this.loadStoredInBackground = loadStoredInBackground;
            return this;
        }

        /**
         * A function to deploy as the host starts, kept in the repository like {@link
         * EdgeHost#deploy}: deployed by {@link #build()}, which fails if it does not deploy, or
         * with {@link #loadStoredInBackground} in the background, smallest first, with the stored
         * functions; until it is in, its requests are answered {@code function_loading} and
         * readiness waits, and if it does not deploy, the log says so with {@code source} and
         * the function JSON shows it failed. A later call for the same name wins.
         *
         * @param kind {@link FunctionKind#WASM} for a module, {@link FunctionKind#JAVASCRIPT} for a
         *     script in UTF-8
         * @param source where the function was given, for the log and the function JSON, such as
         *     {@code edge-host.toml:12:1: functions[0] (hello)}
         * @throws IllegalArgumentException when the name breaks the naming rule or the code is empty
         */
        public Builder startupFunction(String name, byte[] code, FunctionKind kind, FunctionSettings settings, String source) {
            if (!FunctionNames.isValid(Objects.requireNonNull(name, "name"))) {
                throw new IllegalArgumentException("invalid function name \"" + name + "\": " + FunctionNames.rule());
            }
            if (Objects.requireNonNull(code, "code").length == 0) {
                throw new IllegalArgumentException("the function \"" + name + "\" has no code");
            }
            startupFunctions.removeIf(function -> function.name().equals(name));
            startupFunctions.add(new StartupFunction(name, code.clone(), kind, settings, source));
            return this;
        }

        /**
         * The host, with its stored functions loaded (or loading, see {@link #loadStoredInBackground}).
         *
         * @throws IllegalArgumentException when a setting is out of range
         * @throws StorageException when the data dir or the key-value store cannot be used, or
         *     Redis cannot be reached
         */
        public EdgeHost build() {
            FunctionSettings.Builder defaults = FunctionSettings.builder().limits(defaultLimits).engine(defaultEngine);
            defaultFetchAllowList.forEach(defaults::allowFetch);
            // Building them checks every default origin, so a bad one fails here and not at each deploy.
            defaults.build();
            if (workers < 1 || workers > 10_000) {
                throw new IllegalArgumentException("workers must be between 1 and 10000: " + workers);
            }
            if (carriers < 0 || carriers > 100_000) {
                throw new IllegalArgumentException("carriers must be between 0 and 100000: " + carriers);
            }
            if (queueSize < 0 || queueSize > 1_000_000) {
                throw new IllegalArgumentException("queueSize must be between 0 and 1000000: " + queueSize);
            }
            if (maxModuleBytes < 8 || maxModuleBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxModuleBytes is out of range: " + maxModuleBytes);
            }
            if (maxCachedModuleBytes < 1) {
                throw new IllegalArgumentException("maxCachedModuleBytes must be positive: " + maxCachedModuleBytes);
            }
            if (redis != null && !"redis".equals(redis.getScheme()) && !"rediss".equals(redis.getScheme())) {
                throw new IllegalArgumentException("redis must be a redis:// or rediss:// URI: " + redis);
            }
            if (backend != null && redis != null) {
                throw new IllegalArgumentException("give a backend or a Redis URI, not both");
            }
            if (poolBytes < 0) {
                throw new IllegalArgumentException("poolBytes must not be negative: " + poolBytes);
            }
            if (fetchCacheBytes < 0 || fetchCacheEntryBytes < 0 || fetchCacheEntryBytes > FetchCache.MAX_ENTRY_BYTES) {
                throw new IllegalArgumentException(
                        "fetchCacheBytes must not be negative and fetchCacheEntryBytes must be between 0 and " + FetchCache.MAX_ENTRY_BYTES
                                + ": " + fetchCacheBytes + ", " + fetchCacheEntryBytes);
            }
            if (kvTimeout.compareTo(Duration.ofMillis(1)) < 0 || kvTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("kvTimeout must be between 1 ms and 1 minute: " + kvTimeout);
            }
            if (reconcileInterval.compareTo(Duration.ofMillis(10)) < 0
                    || reconcileInterval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(
                        "reconcileInterval must be between 10 ms and 1 hour: " + reconcileInterval);
            }
            if (maxModuleFunctions < 1) {
                throw new IllegalArgumentException("maxModuleFunctions must be positive: " + maxModuleFunctions);
            }
            if (maxFunctionCodeBytes < 1 || maxModuleCodeBytes < 1 || maxTotalCodeBytes < 1) {
                throw new IllegalArgumentException(
                        "maxFunctionCodeBytes, maxModuleCodeBytes and maxTotalCodeBytes must be positive: " + maxFunctionCodeBytes
                                + ", " + maxModuleCodeBytes + ", " + maxTotalCodeBytes);
            }
            if (keepVersions < 1 || keepVersions > 1000) {
                throw new IllegalArgumentException("keepVersions must be between 1 and 1000: " + keepVersions);
            }
            if (compileTimeout.toMillis() < 1 || compileTimeout.compareTo(MAX_COMPILE_TIMEOUT) > 0) {
                throw new IllegalArgumentException("compileTimeout must be between 1 ms and 1 hour: " + compileTimeout);
            }
            if (maxConcurrentCompiles < 1 || maxConcurrentCompiles > 1024) {
                throw new IllegalArgumentException("maxConcurrentCompiles must be between 1 and 1024: " + maxConcurrentCompiles);
            }
            if (tieredModuleBytes < 1) {
                throw new IllegalArgumentException("tieredModuleBytes must be positive: " + tieredModuleBytes);
            }
            if (maxDeployHeapBytes < 1) {
                throw new IllegalArgumentException("maxDeployHeapBytes must be positive: " + maxDeployHeapBytes);
            }
            return HostCore.start(
                    new HostConfig(
                            dataDir, redis, backend, defaultLimits, defaultEngine, defaultFetchAllowList, workers, queueSize,
                            maxModuleBytes, maxCachedModuleBytes, pooling, poolBytes, bundledSamples, observers, kvTimeout,
                            reconcileInterval, logListeners,
                            new DeployBudgets(
                                    maxModuleFunctions, maxFunctionCodeBytes, maxModuleCodeBytes, maxTotalCodeBytes, compileTimeout,
                                    maxConcurrentCompiles, tieredModuleBytes, maxDeployHeapBytes),
                            clientLocator, tracer, keepVersions, loadStoredInBackground,
                            fetchCacheBytes, fetchCacheEntryBytes, carriers, startupFunctions,
                            fetchTrustStore == null ? null : FetchTrust.withCertificates(fetchTrustStore)));
        }
    }
}
