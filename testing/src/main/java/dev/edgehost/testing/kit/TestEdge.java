package dev.edgehost.testing.kit;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.FunctionInfo;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.spi.Backend;
import dev.edgehost.host.spi.FunctionRepository;
import dev.edgehost.host.spi.KvBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * An edge host inside the test: functions deployed from files or bytes run through
 * {@code EdgeHost.handle}, with no server and no network; their key-value data is in memory for
 * the test to seed and read ({@link TestFunction#kv()}), the origins they fetch from are
 * {@link StubOrigin}s the test answers, and every log line and request is kept. One per test
 * through {@link EdgeTest}, or {@link #start()} and {@link #close()} by hand. Thread-safe.
 */
public final class TestEdge implements AutoCloseable {
    private final MemoryKv kv = new MemoryKv(System::currentTimeMillis);
    private final LogCollector logs = new LogCollector();
    private final List<StubOrigin> origins = new CopyOnWriteArrayList<>();
    private final EdgeHost host;

    private TestEdge() {
        this.host = EdgeHost.builder().workers(2).backend(new MemoryBackend(kv)).logListener(logs).build();
    }

    /** A host with nothing deployed. */
    public static TestEdge start() {
        return new TestEdge();
    }

    /** The host itself, for what the kit does not wrap. */
    public EdgeHost host() {
        return host;
    }

    /** Deploys a module file (a {@code .wasm}), or a JavaScript function's script ({@code .js}, {@code .mjs}), with the default settings. */
    public TestFunction deploy(String name, Path module) {
        return deploy(name, module, settings -> settings);
    }

    /**
     * Deploys a module file with settings: configuration, limits, engine, a shared store. A file
     * named {@code .js} or {@code .mjs} is a JavaScript function's script, deployed as
     * {@link #deployScript} does.
     *
     * @param settings adds to a builder holding the defaults and every stub origin on the fetch allow-list
     */
    public TestFunction deploy(String name, Path module, UnaryOperator<FunctionSettings.Builder> settings) {
        String file = module.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (file.endsWith(".js") || file.endsWith(".mjs")) {
                return deployScript(name, Files.readString(module, StandardCharsets.UTF_8), settings);
            }
            return deploy(name, Files.readAllBytes(module), settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the module " + module, e);
        }
    }

    /** Deploys a module's bytes with the default settings. */
    public TestFunction deploy(String name, byte[] module) {
        return deploy(name, module, settings -> settings);
    }

    /**
     * Deploys a module's bytes with settings.
     *
     * @throws dev.edgehost.host.ModuleRejectedException when the host refuses the module, saying why
     */
    public TestFunction deploy(String name, byte[] module, UnaryOperator<FunctionSettings.Builder> settings) {
        FunctionSettings.Builder builder = FunctionSettings.builder();
        origins.forEach(origin -> builder.allowFetch(origin.url()));
        FunctionInfo info = host.deploy(name, module, settings.apply(builder).build());
        return new TestFunction(this, info.name());
    }

    /**
     * Deploys a Workers-style JavaScript function with settings: the host's JavaScript engine
     * loads the script once, and every request starts from the state it left.
     *
     * @throws dev.edgehost.host.ModuleRejectedException when the host refuses the script
     *     ({@code invalid_script}, {@code missing_export}), saying why
     */
    public TestFunction deployScript(String name, String script, UnaryOperator<FunctionSettings.Builder> settings) {
        FunctionSettings.Builder builder = FunctionSettings.builder();
        origins.forEach(origin -> builder.allowFetch(origin.url()));
        FunctionInfo info = host.deployScript(name, script, settings.apply(builder).build());
        return new TestFunction(this, info.name());
    }

    /**
     * A new stub origin, on the fetch allow-list of every function deployed from now on; closed
     * with this host.
     */
    public StubOrigin origin() {
        StubOrigin origin = StubOrigin.start();
        origins.add(origin);
        return origin;
    }

    /** The function deployed under a name. */
    public TestFunction function(String name) {
        if (host.function(name).isEmpty()) {
            throw new IllegalArgumentException("no function named \"" + name + "\" is deployed");
        }
        return new TestFunction(this, name);
    }

    /** A request to a path as the HTTP port routes it: its first segment names the function. */
    public TestRequest request(String method, String path) {
        return new TestRequest(this, method, path, null);
    }

    /** {@code GET path}, routed by its first segment. */
    public TestResponse get(String path) {
        return request("GET", path).send();
    }

    /** Every log line of every function so far, in order. */
    public List<LoggedLine> logs() {
        return logs.lines();
    }

    LogCollector collector() {
        return logs;
    }

    KvBackend kv() {
        return kv;
    }

    /** Closes the host and the stub origins. */
    @Override
    public void close() {
        try {
            host.close();
        } finally {
            origins.forEach(StubOrigin::close);
        }
    }

    /** Functions in memory, key-value data in the kit's store. */
    private static final class MemoryBackend implements Backend {
        private final KvBackend kv;

        MemoryBackend(KvBackend kv) {
            this.kv = kv;
        }

        @Override
        public FunctionRepository functions() {
            return null;
        }

        @Override
        public KvBackend kv() {
            return kv;
        }

        @Override
        public String describe() {
            return "the test kit's memory";
        }

        @Override
        public void close() {
            kv.close();
        }
    }
}
