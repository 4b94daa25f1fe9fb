package dev.edgehost.host.execution;

import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.compile.DeployBudgets;
import dev.edgehost.host.spi.Backend;
import dev.edgehost.host.spi.ClientLocator;
import dev.edgehost.host.spi.FunctionLogListener;
import dev.edgehost.host.spi.RequestObserver;
import dev.edgehost.host.spi.RequestTracer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Everything a host is started with; checked by {@link dev.edgehost.host.EdgeHost.Builder}.
 *
 * @param dataDir where deployments and key-value data are kept, or {@code null} to keep them in
 *     memory only; unused with a store URI or backend
 * @param store a shared store ({@code redis://...}) that keeps deployments and key-value data for
 *     several hosts, opened by the {@link dev.edgehost.host.spi.BackendProvider} of its scheme, or
 *     {@code null}
 * @param backend a backend the embedder opened itself, or {@code null}
 * @param defaultEngine the engine of functions deployed without one
 * @param defaultFetchAllowList the fetch origins of functions deployed without their own
 * @param queueSize how many admitted requests may wait for a worker
 * @param pooling whether instances are pooled and restored to a snapshot per request
 * @param poolBytes how much memory idle pooled instances of all functions may hold together
 * @param kvTimeout how long one key-value call may wait for a remote store
 * @param reconcileInterval how often a host on a shared store compares its functions with it
 * @param logListeners told of every function's log lines and finished requests
 * @param deployBudgets what one upload may cost to check and compile, and how much code the host
 *     keeps deployed in all
 * @param clientLocator where client addresses are, or {@code null} for no geolocation
 * @param tracer traces every request, or {@code null} for no tracing
 * @param keepVersions how many of each function's newest versions are kept
 * @param loadStoredInBackground whether the host serves at once and loads its stored functions
 *     in the background, rather than before it is built
 * @param fetchCacheBytes how many bytes of fetched responses all functions' HTTP caches hold together
 * @param fetchCacheEntryBytes the largest fetched response one cache entry holds
 * @param carriers how many requests may be under way at once, guests waiting in a fetch or a
 *     remote key-value call included (the threads that carry them); 0 for eight per worker
 * @param startupFunctions deployed as the host starts: before {@code build} returns, or in the
 *     background with {@code loadStoredInBackground}
 * @param fetchTrust what fetches to TLS origins trust, or {@code null} for the JVM's defaults
 */
public record HostConfig(
        Path dataDir,
        URI store,
        Backend backend,
        FunctionLimits defaultLimits,
        Engine defaultEngine,
        List<String> defaultFetchAllowList,
        int workers,
        int queueSize,
        long maxModuleBytes,
        long maxCachedModuleBytes,
        boolean pooling,
        long poolBytes,
        boolean bundledSamples,
        List<RequestObserver> observers,
        Duration kvTimeout,
        Duration reconcileInterval,
        List<FunctionLogListener> logListeners,
        DeployBudgets deployBudgets,
        ClientLocator clientLocator,
        RequestTracer tracer,
        int keepVersions,
        boolean loadStoredInBackground,
        long fetchCacheBytes,
        long fetchCacheEntryBytes,
        int carriers,
        List<StartupFunction> startupFunctions,
        SSLContext fetchTrust) {

    public HostConfig {
        defaultFetchAllowList = List.copyOf(defaultFetchAllowList);
        observers = List.copyOf(observers);
        logListeners = List.copyOf(logListeners);
        startupFunctions = List.copyOf(startupFunctions);
    }

    /** What a function is deployed with when its deploy does not say otherwise. */
    public FunctionSettings defaultSettings() {
        FunctionSettings.Builder settings = FunctionSettings.builder().limits(defaultLimits).engine(defaultEngine);
        defaultFetchAllowList.forEach(settings::allowFetch);
        return settings.build();
    }
}
