package dev.edgehost.cli;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.geoip.MaxMindLocator;
import dev.edgehost.server.EdgeServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: runs the host until it is stopped (SIGTERM or Ctrl-C finish running requests). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve functions over HTTP.")
final class ServeCommand implements Callable<Integer> {
    private static final String CONFIG = "--config";

    @Spec
    CommandSpec spec;

    @Option(
            names = CONFIG,
            paramLabel = "FILE",
            description = "Take serve options and the functions to deploy at start from this TOML file (docs/operations.md); options on the command line win over the file's.")
    Path config;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Public listener address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Public port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--admin-host", defaultValue = "127.0.0.1", description = "Admin listener address (default: ${DEFAULT-VALUE}); beyond loopback it needs --admin-token.")
    String adminHost;

    @Option(names = "--admin-port", defaultValue = "8081", description = "Admin port (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--admin-token", defaultValue = "${env:EDGE_ADMIN_TOKEN}", description = "Bearer token the admin API requires (default: $EDGE_ADMIN_TOKEN).")
    String adminToken;

    @Option(names = "--data-dir", defaultValue = "edge-data", description = "Where deployed functions are kept (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--redis", defaultValue = "${env:EDGE_REDIS_URI}", description = "Keep functions and key-value data in this Redis server (redis://host:port), shared by every host using it, instead of the data dir (default: $EDGE_REDIS_URI).")
    URI redis;

    @Option(names = "--workers", description = "Guests that run Wasm at once (default: twice the cores, at least 4).")
    Integer workers;

    @Option(names = "--carriers", description = "Requests under way at once, guests waiting in a fetch or a remote key-value call included: the threads that carry them (default: eight per worker).")
    Integer carriers;

    @Option(names = "--queue", defaultValue = "1024", description = "Requests that may wait for a worker (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--keep-versions", defaultValue = "10", description = "How many of each function's newest versions are kept, for rollback and traffic splits; older ones are pruned unless traffic goes to them (default: ${DEFAULT-VALUE}).")
    int keepVersions;

    @Option(names = "--max-module-bytes", defaultValue = "67108864", description = "Largest module the admin API accepts (default: ${DEFAULT-VALUE}).")
    long maxModuleBytes;

    @Option(names = "--max-module-functions", defaultValue = "50000", description = "Most functions, imported and defined, one uploaded module may have (default: ${DEFAULT-VALUE}).")
    int maxModuleFunctions;

    @Option(names = "--max-function-code-bytes", defaultValue = "1048576", description = "Largest code of one function of an uploaded module, in bytes (default: ${DEFAULT-VALUE}).")
    long maxFunctionCodeBytes;

    @Option(names = "--max-module-code-bytes", defaultValue = "33554432", description = "Largest code section of an uploaded module, in bytes (default: ${DEFAULT-VALUE}).")
    long maxModuleCodeBytes;

    @Option(names = "--max-total-code-bytes", defaultValue = "1073741824", description = "Most bytes of code of all deployed functions together (default: ${DEFAULT-VALUE}).")
    long maxTotalCodeBytes;

    @Option(names = "--compile-timeout-ms", defaultValue = "60000", description = "Longest checking and compiling one uploaded module may take, in ms (default: ${DEFAULT-VALUE}).")
    long compileTimeoutMs;

    @Option(names = "--max-concurrent-compiles", description = "Large modules compiled to JVM bytecode in the background at once; the others wait their turn (default: half the cores, at least 1).")
    Integer maxConcurrentCompiles;

    @Option(names = "--tiered-module-bytes", defaultValue = "1048576", description = "Modules of at least this size deployed with the compiler serve at once on the interpreter while they compile in the background (default: ${DEFAULT-VALUE}).")
    long tieredModuleBytes;

    @Option(names = "--max-deploy-heap-bytes", description = "Most heap checking and compiling one module may take, estimated from its code: an upload over it is refused, a background compile over it is not started (default: half the JVM's heap).")
    Long maxDeployHeapBytes;

    @Option(names = "--no-samples", negatable = true, defaultValue = "true", description = "Deploy the bundled samples under names not otherwise deployed (default: on).")
    boolean samples;

    @Option(names = "--ops-host", defaultValue = "0.0.0.0", description = "Ops listener address (default: ${DEFAULT-VALUE}).")
    String opsHost;

    @Option(names = "--ops-port", description = "Serve /healthz, /readyz and /metrics, which need no token, alone on this port too (default: none; they are on the admin port).")
    Integer opsPort;

    @Option(names = "--kv-timeout", defaultValue = "250ms", converter = DurationConverter.class, description = "How long one key-value call may wait for Redis before the guest gets -5, UPSTREAM_FAILURE (default: ${DEFAULT-VALUE}).")
    Duration kvTimeout;

    @Option(names = "--fetch-cache-bytes", defaultValue = "67108864", description = "Bytes of fetched responses the HTTP cache under guests' GET and HEAD fetches holds for all functions together, each function's apart; 0 for none (default: ${DEFAULT-VALUE}).")
    long fetchCacheBytes;

    @Option(names = "--fetch-trust-store", paramLabel = "PEM_FILE", description = "PEM file of certificates that fetches to TLS origins trust besides the JVM's default trust anchors: an internal CA, or an origin's self-signed certificate (default: the defaults alone).")
    Path fetchTrustStore;

    @Option(names = "--fetch-cache-entry-bytes", defaultValue = "1048576", description = "Largest fetched response one cache entry holds; larger ones are streamed, not stored (default: ${DEFAULT-VALUE}).")
    long fetchCacheEntryBytes;

    @Option(
            names = "--trusted-proxies",
            split = ",",
            paramLabel = "CIDR",
            description = "Proxies in front of the host (10.0.0.0/8,2001:db8::/32): from them, the client is the first untrusted hop of Forwarded or X-Forwarded-For (default: none; the client is the connection's peer).")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--geoip-db", paramLabel = "MMDB", description = "A MaxMind GeoIP2/GeoLite2 City or Country database: guests get the client's location as x-edge-geo-* request headers (default: none).")
    Path geoipDb;

    @Option(names = "--geoip-asn-db", paramLabel = "MMDB", description = "A MaxMind ASN database, for the x-edge-asn request header; needs --geoip-db.")
    Path geoipAsnDb;

    @Option(names = "--otlp-endpoint", paramLabel = "URL", description = "Export a trace span per request (with its fetches and key-value calls) and the functions' log lines to this OpenTelemetry collector over OTLP/HTTP, such as http://localhost:4318 (default: none).")
    URI otlpEndpoint;

    @Option(names = "--otlp-service-name", defaultValue = "edge-host", description = "The service.name of the exported spans and logs (default: ${DEFAULT-VALUE}).")
    String otlpServiceName;

    @Option(names = "--otlp-headers", defaultValue = "${env:EDGE_OTLP_HEADERS}", paramLabel = "NAME=VALUE,...", description = "Headers sent with every export, such as authorization=Bearer%%20TOKEN; values percent-encoded (default: $EDGE_OTLP_HEADERS).")
    String otlpHeaders;

    @Option(names = "--read-timeout", defaultValue = "30s", converter = DurationConverter.class, description = "How long a client may take to send a request's headers, and then its body, before it is disconnected: milliseconds or a duration such as 30s (default: ${DEFAULT-VALUE}).")
    Duration readTimeout;

    @Option(names = "--idle-timeout", defaultValue = "60s", converter = DurationConverter.class, description = "How long a connection may stay open with no request in progress: milliseconds or a duration such as 60s (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--max-connections", defaultValue = "10000", description = "Most connections each listener holds at once; more are closed as soon as they are accepted (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-connections-per-client", defaultValue = "256", description = "Most connections each listener holds from one client address, an IPv6 client counted by its /64; a proxy in front is one client (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerClient;

    @Option(names = "--admin-allow-origin", paramLabel = "ORIGIN", description = "A web origin (https://admin.example.com) whose pages may call the admin API from a browser; none by default. Repeatable.")
    List<String> adminAllowedOrigins = new ArrayList<>();

    @Option(names = "--self-origin", paramLabel = "ORIGIN", description = "A further origin (https://edge.example.com) at which clients reach this host's public listener: guests' fetches of it run in process, as subrequests, as fetches of the listener's own address do. Repeatable.")
    List<String> selfOrigins = new ArrayList<>();

    @Option(names = "--log-format", description = "json (one JSON object a line) or text (default: text on a terminal, json otherwise).")
    LogFormat logFormat;

    @Mixin
    LimitOptions defaultLimits;

    /** Counted down to stop; for a shutdown hook or a caller that runs the command in process. */
    final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /** The running server, once it listens; for a caller that runs the command in process. */
    volatile EdgeServer running;

    /** A {@code serve} command line of its own, with the per-limit flags. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ServeCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        LimitOptions.addTo(commandLine.getCommandSpec());
        return commandLine;
    }

    /**
     * Checks the options a command line of {@link #commandLine()} was parsed into.
     *
     * @throws IllegalArgumentException when a limit is out of its range
     */
    static void check(CommandLine parsed) {
        ServeCommand command = parsed.getCommand();
        command.defaultLimits.applyTo(FunctionLimits.defaults());
    }

    @Override
    public Integer call() throws InterruptedException {
        if (config == null) {
            return serve(this, List.of());
        }
        PrintWriter err = spec.commandLine().getErr();
        CommandLine merged = commandLine().setOverwrittenOptionsAllowed(true);
        List<FunctionEntry> functions;
        try {
            ConfigFile file = ConfigFile.read(config);
            // The file's options first, so that the command line's, parsed after them, win.
            List<String> arguments = new ArrayList<>(file.serveArguments(ServeCommand::commandLine, ServeCommand::check, Set.of(CONFIG)));
            arguments.addAll(spec.commandLine().getParseResult().expandedArgs());
            merged.parseArgs(arguments.toArray(String[]::new));
            functions = file.functions();
        } catch (ConfigFileException | CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        return serve(merged.getCommand(), functions);
    }

    /** Serves with the options of a parsed command (this one, or this one over a file) until stopped. */
    private Integer serve(ServeCommand options, List<FunctionEntry> functions) throws InterruptedException {
        (options.logFormat == null ? LogFormat.detect() : options.logFormat).apply();
        FunctionLimits defaultLimits = options.defaultLimits.applyTo(FunctionLimits.defaults());
        EdgeServer.Builder builder =
                EdgeServer.builder()
                        .host(options.host)
                        .port(options.port)
                        .adminHost(options.adminHost)
                        .adminPort(options.adminPort)
                        .adminToken(options.adminToken == null || options.adminToken.isEmpty() ? null : options.adminToken)
                        .dataDir(options.dataDir)
                        .redis(options.redis)
                        .queueSize(options.queue)
                        .keepVersions(options.keepVersions)
                        .maxModuleBytes(options.maxModuleBytes)
                        .maxModuleFunctions(options.maxModuleFunctions)
                        .maxFunctionCodeBytes(options.maxFunctionCodeBytes)
                        .maxModuleCodeBytes(options.maxModuleCodeBytes)
                        .maxTotalCodeBytes(options.maxTotalCodeBytes)
                        .compileTimeout(Duration.ofMillis(options.compileTimeoutMs))
                        .tieredModuleBytes(options.tieredModuleBytes)
                        .defaultLimits(defaultLimits)
                        .bundledSamples(options.samples)
                        .opsHost(options.opsHost)
                        .kvTimeout(options.kvTimeout)
                        .fetchCacheBytes(options.fetchCacheBytes)
                        .fetchCacheEntryBytes(options.fetchCacheEntryBytes)
                        .readTimeout(options.readTimeout)
                        .idleTimeout(options.idleTimeout)
                        .maxConnections(options.maxConnections)
                        .maxConnectionsPerClient(options.maxConnectionsPerClient)
                        .adminAllowedOrigins(options.adminAllowedOrigins)
                        .selfOrigins(options.selfOrigins)
                        .trustedProxies(options.trustedProxies);
        // Checked before the server is built; compiling them is left to the host, after it listens.
        if (!giveFunctions(builder, functions, defaultLimits)) {
            return 1;
        }
        if (options.geoipDb != null) {
            builder.clientLocator(MaxMindLocator.open(options.geoipDb, options.geoipAsnDb));
        } else if (options.geoipAsnDb != null) {
            throw new IllegalArgumentException("--geoip-asn-db needs --geoip-db");
        }
        if (options.otlpEndpoint != null) {
            builder.tracer(OtlpTracing.open(options.otlpEndpoint, options.otlpServiceName, options.otlpHeaders));
        }
        if (options.fetchTrustStore != null) {
            builder.fetchTrustStore(options.fetchTrustStore);
        }
        if (options.workers != null) {
            builder.workers(options.workers);
        }
        if (options.carriers != null) {
            builder.carriers(options.carriers);
        }
        if (options.opsPort != null) {
            builder.opsPort(options.opsPort);
        }
        if (options.maxDeployHeapBytes != null) {
            builder.maxDeployHeapBytes(options.maxDeployHeapBytes);
        }
        if (options.maxConcurrentCompiles != null) {
            builder.maxConcurrentCompiles(options.maxConcurrentCompiles);
        }
        // SIGTERM or Ctrl-C: the JVM exits once running requests have finished and the server is closed.
        StopOnSignal signal = new StopOnSignal("edge-shutdown", stop, finished, Duration.ofSeconds(60));
        try (EdgeServer server = builder.build()) {
            running = server.start();
            stop.await();
        } finally {
            signal.close();
            finished.countDown();
        }
        return 0;
    }

    /**
     * Gives the host the file's functions to deploy once it listens; on the first that is
     * invalid without compiling it (unreadable, not a module, a bad name or setting), says which
     * and why.
     */
    private boolean giveFunctions(EdgeServer.Builder builder, List<FunctionEntry> functions, FunctionLimits defaults) {
        for (FunctionEntry function : functions) {
            try {
                byte[] code = Files.readAllBytes(function.module());
                FunctionKind kind = DeployCommand.isScript(function.module()) ? FunctionKind.JAVASCRIPT : FunctionKind.WASM;
                if (kind == FunctionKind.WASM) {
                    String refusal = ModuleFiles.refusal(function.module());
                    if (refusal == null && !ModuleFiles.isBinary(code)) {
                        refusal = function.module() + " is not a WebAssembly module: it does not begin with \\0asm";
                    }
                    if (refusal != null) {
                        throw new IllegalArgumentException(refusal);
                    }
                }
                builder.startupFunction(function.name(), code, kind, function.settings(defaults), function.where());
            } catch (EdgeException | IllegalArgumentException | IOException e) {
                spec.commandLine().getErr().println("error: " + function.where() + ": does not deploy: " + e.getMessage());
                return false;
            }
        }
        return true;
    }
}
