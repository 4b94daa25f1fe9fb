package dev.edgehost.cli;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.server.EdgeServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Option(names = "--no-samples", negatable = true, defaultValue = "true", description = "Deploy the bundled samples under names not otherwise deployed (default: on).")
    boolean samples;

    @Option(names = "--ops-host", defaultValue = "0.0.0.0", description = "Ops listener address (default: ${DEFAULT-VALUE}).")
    String opsHost;

    @Option(names = "--ops-port", description = "Serve /healthz, /readyz and /metrics, which need no token, alone on this port too (default: none; they are on the admin port).")
    Integer opsPort;

    @Option(names = "--kv-timeout", defaultValue = "250ms", converter = DurationConverter.class, description = "How long one key-value call may wait for Redis before the guest gets -5, UPSTREAM_FAILURE (default: ${DEFAULT-VALUE}).")
    Duration kvTimeout;

    @Option(names = "--log-format", description = "json (one JSON object a line) or text (default: text on a terminal, json otherwise).")
    LogFormat logFormat;

    @Mixin
    LimitOptions defaultLimits;

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
                        .maxModuleFunctions(maxModuleFunctions)
                        .maxFunctionCodeBytes(maxFunctionCodeBytes)
                        .maxModuleCodeBytes(maxModuleCodeBytes)
                        .maxTotalCodeBytes(maxTotalCodeBytes)
                        .compileTimeout(Duration.ofMillis(compileTimeoutMs))
                        .defaultLimits(defaultLimits.applyTo(FunctionLimits.defaults()))
                        .bundledSamples(samples)
                        .opsHost(opsHost)
                        .kvTimeout(kvTimeout);
        if (workers != null) {
            builder.workers(workers);
        }
        if (opsPort != null) {
            builder.opsPort(opsPort);
        }
        EdgeServer server = builder.build().start();
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
