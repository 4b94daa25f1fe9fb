package dev.edgehost.host.execution;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.EdgeException;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.registry.DeployParameters;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.registry.LoadProgress;
import dev.edgehost.host.registry.StartupLoading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the functions a serving host is given at start (a config file's, the bundled samples)
 * on a thread of its own once the listeners are up, smallest first, as stored functions load, so
 * that compiling the JavaScript engine or one big module never keeps the host from answering.
 * Until a function is in, its requests are answered {@code function_loading}; one that does not
 * deploy is logged with where it was given and shown as failed in the function JSON. Samples that
 * call the host's own public listener wait until its origin is known. Thread-safe.
 */
final class StartupDeploys implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StartupDeploys.class);
    /**
     * What a JavaScript function weighs in the order beside its script: the first one compiles
     * the bundled engine, a module of about this size.
     */
    private static final int SCRIPT_ENGINE_BYTES = 1 << 20;
    private static final String SAMPLE = "bundled sample";

    /** One function to deploy; {@code settings} gets the host's own origin. */
    private record Entry(
            String name, byte[] code, FunctionKind kind, boolean persistent, String source, boolean callsSelf,
            Function<String, FunctionSettings> settings) {
        long weight() {
            return code.length + (kind == FunctionKind.JAVASCRIPT ? SCRIPT_ENGINE_BYTES : 0L);
        }
    }

    private final EdgeRuntime runtime;
    private final List<Entry> order;
    private final StartupLoading loading;
    private final CompletableFuture<String> selfOrigin = new CompletableFuture<>();
    private volatile boolean closed;

    private StartupDeploys(EdgeRuntime runtime, List<Entry> entries) {
        this.runtime = runtime;
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::weight).thenComparing(Entry::name));
        this.order = List.copyOf(sorted);
        Map<String, String> sources = new LinkedHashMap<>();
        order.forEach(entry -> sources.put(entry.name(), entry.source()));
        this.loading = new StartupLoading(sources);
    }

    /**
     * The config's functions and, if it asks for them, the bundled samples under names that
     * neither those nor the deployed or stored functions have; registered with the runtime, so
     * that they count as loading from now on.
     */
    static StartupDeploys plan(EdgeRuntime runtime, HostConfig config) {
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (StartupFunction function : config.startupFunctions()) {
            if (names.add(function.name())) {
                entries.add(new Entry(
                        function.name(), function.code(), function.kind(), true, function.source(), false,
                        origin -> function.settings()));
            }
        }
        if (config.bundledSamples()) {
            FunctionSettings defaults = config.defaultSettings();
            for (BundledSamples.Sample sample : BundledSamples.index()) {
                if (runtime.find(sample.name()).isPresent() || runtime.isLoading(sample.name()) || !names.add(sample.name())) {
                    continue;
                }
                boolean callsSelf = sample.settings().contains(BundledSamples.SELF);
                FunctionKind kind = sample.path().endsWith(".js") ? FunctionKind.JAVASCRIPT : FunctionKind.WASM;
                entries.add(new Entry(
                        sample.name(), BundledSamples.read(sample.path()), kind, false, SAMPLE + " " + sample.name(), callsSelf,
                        origin -> DeployParameters.parseQuery(
                                callsSelf ? sample.settings().replace(BundledSamples.SELF, origin) : sample.settings(), defaults)));
            }
        }
        StartupDeploys deploys = new StartupDeploys(runtime, entries);
        if (!entries.isEmpty()) {
            runtime.startupLoading(deploys.loading);
        }
        return deploys;
    }

    boolean isEmpty() {
        return order.isEmpty();
    }

    /**
     * Deploys them on a thread of its own and returns at once; once all are in and the stored
     * functions too, runs {@code whenDone} on that thread.
     */
    void start(Runnable whenDone) {
        Thread thread =
                new Thread(
                        () -> {
                            long start = System.nanoTime();
                            try {
                                for (Entry entry : order) {
                                    if (closed) {
                                        return;
                                    }
                                    deploy(entry);
                                }
                            } finally {
                                loading.finish();
                            }
                            LoadProgress done = loading.progress();
                            long ms = (System.nanoTime() - start) / 1_000_000;
                            LOG.atInfo()
                                    .addKeyValue("event", "startup_deployed")
                                    .addKeyValue("loaded", done.loaded())
                                    .addKeyValue("failed", done.failed())
                                    .addKeyValue("ms", ms)
                                    .log("deployed {} of {} start-up functions in {} ms ({} did not deploy)",
                                            done.loaded(), done.total(), ms, done.failed());
                            awaitStored();
                            whenDone.run();
                        },
                        "edge-startup");
        thread.setDaemon(true);
        thread.setContextClassLoader(StartupDeploys.class.getClassLoader());
        thread.start();
    }

    /** The origin of the host's public listener, which the samples that call the host wait for. */
    void selfOrigin(String origin) {
        selfOrigin.complete(origin);
    }

    private void deploy(Entry entry) {
        String origin = null;
        if (entry.callsSelf()) {
            origin = awaitSelfOrigin();
            if (origin == null) {
                return;
            }
        }
        if (!loading.begin(entry.name())) {
            return;
        }
        long start = System.nanoTime();
        try {
            runtime.deploy(entry.name(), entry.code(), entry.kind(), entry.settings().apply(origin), entry.persistent());
            loading.loaded(entry.name());
            LOG.atInfo()
                    .addKeyValue("event", "startup_function_deployed")
                    .addKeyValue("function", entry.name())
                    .addKeyValue("ms", (System.nanoTime() - start) / 1_000_000)
                    .log("deployed {} in {} ms", entry.source(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            String error = e instanceof EdgeException ? ((EdgeException) e).error().code() : HttpError.INTERNAL_ERROR.code();
            loading.failed(entry.name(), error, e.getMessage());
            if (!closed) {
                LOG.atError()
                        .addKeyValue("event", "startup_function_failed")
                        .addKeyValue("function", entry.name())
                        .addKeyValue("error", error)
                        .log("{}: does not deploy: {}", entry.source(), e.getMessage());
            }
        }
    }

    /** The host's origin once its listener is up; {@code null} when the host closes first. */
    private String awaitSelfOrigin() {
        try {
            return selfOrigin.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | CancellationException e) {
            return null;
        }
    }

    /** Waits for the stored functions, so that what runs when both are in runs once. */
    private void awaitStored() {
        try {
            // A second at a time, so that closing ends the wait.
            boolean stored = false;
            while (!closed && !stored) {
                stored = runtime.awaitLoaded(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        selfOrigin.cancel(false);
    }
}
