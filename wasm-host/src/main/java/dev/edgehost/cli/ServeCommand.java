package dev.edgehost.cli;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.server.EdgeServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code serve}: runs the host until it is stopped (SIGTERM or Ctrl-C finish running requests). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve functions over HTTP.")
final class ServeCommand implements Callable<Integer> {
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

    @Option(names = "--redis", description = "Keep functions and key-value data in this Redis server (redis://host:port), shared by every host using it, instead of the data dir.")
    URI redis;

    @Option(names = "--workers", description = "Threads that run guests (default: twice the cores, at least 4).")
    Integer workers;

    @Option(names = "--queue", defaultValue = "1024", description = "Requests that may wait for a worker (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--max-module-bytes", defaultValue = "67108864", description = "Largest module the admin API accepts (default: ${DEFAULT-VALUE}).")
    long maxModuleBytes;

    @Option(names = "--no-samples", negatable = true, defaultValue = "true", description = "Deploy the bundled samples under names not otherwise deployed (default: on).")
    boolean samples;

    @Option(names = "--ops-host", defaultValue = "0.0.0.0", description = "Ops listener address (default: ${DEFAULT-VALUE}).")
    String opsHost;

    @Option(names = "--ops-port", description = "Serve /healthz, /readyz and /metrics, which need no token, alone on this port too (default: none; they are on the admin port).")
    Integer opsPort;

    @Option(names = "--kv-timeout", defaultValue = "250ms", converter = DurationConverter.class, description = "How long one key-value call may wait for Redis before the guest gets -5, UPSTREAM_FAILURE (default: ${DEFAULT-VALUE}).")
    Duration kvTimeout;

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

    @Option(names = "--log-format", description = "json (one JSON object a line) or text (default: text on a terminal, json otherwise).")
    LogFormat logFormat;

    @Mixin
    LimitOptions defaultLimits;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        (logFormat == null ? LogFormat.detect() : logFormat).apply();
        EdgeServer.Builder builder =
                EdgeServer.builder()
                        .host(host)
                        .port(port)
                        .adminHost(adminHost)
                        .adminPort(adminPort)
                        .adminToken(adminToken == null || adminToken.isEmpty() ? null : adminToken)
                        .dataDir(dataDir)
                        .redis(redis)
                        .queueSize(queue)
                        .maxModuleBytes(maxModuleBytes)
                        .defaultLimits(defaultLimits.applyTo(FunctionLimits.defaults()))
                        .bundledSamples(samples)
                        .opsHost(opsHost)
                        .kvTimeout(kvTimeout)
                        .readTimeout(readTimeout)
                        .idleTimeout(idleTimeout)
                        .maxConnections(maxConnections)
                        .maxConnectionsPerClient(maxConnectionsPerClient)
                        .adminAllowedOrigins(adminAllowedOrigins);
        if (workers != null) {
            builder.workers(workers);
        }
        if (opsPort != null) {
            builder.opsPort(opsPort);
        }
        EdgeServer server;
        try {
            server = builder.build().start();
        } catch (IllegalArgumentException e) {
            // A flag out of range, as the builder checks it: a usage error, not a stack trace.
            throw new ParameterException(spec.commandLine(), "error: " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    stopped.countDown();
                                },
                                "edge-shutdown"));
        stopped.await();
        return 0;
    }
}
