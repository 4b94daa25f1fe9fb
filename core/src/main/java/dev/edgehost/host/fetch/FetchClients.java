package dev.edgehost.host.fetch;

import java.net.InetAddress;
import java.nio.channels.ClosedSelectorException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's HTTP clients for guest fetches (Apache HttpClient 5, async): one set per function and
 * connect timeout, so that a function's fetches share its connection pool (keep-alive per origin,
 * bounded per route and in total) and nothing is shared across functions. Connections resolve
 * names through {@link PinnedResolver}, once per connection, and go to exactly the addresses the
 * address policy passed. HTTP/2 is used where a TLS origin offers it by ALPN. Clients never follow
 * redirects themselves: every hop is checked by policy. Thread-safe.
 *
 * <p>{@link #newClient} is the one place a client is built, so that a decorator (the HTTP cache,
 * {@link FetchCache}, in a scope per function) wraps every client the host uses.
 */
public final class FetchClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FetchClients.class);

    /** Connections one function keeps to one origin (route). */
    public static final int DEFAULT_MAX_PER_ROUTE = 16;
    /** Connections one function keeps in all. */
    public static final int DEFAULT_MAX_TOTAL = 64;
    private static final TimeValue IDLE_CHECK = TimeValue.ofSeconds(2);
    private static final TimeValue CONNECTION_TTL = TimeValue.ofMinutes(5);

    private final Map<Key, FunctionClient> clients = new ConcurrentHashMap<>();
    private final HostResolver resolver;
    private final int maxPerRoute;
    private final int maxTotal;
    /** One TLS setup (trust store, protocols) for every client: building it is slow, using it is thread-safe. */
    private volatile TlsStrategy tls;
    private final FetchCache cache;
    private volatile SelfDispatch self;
    /** What TLS origins are trusted with, or {@code null} for the JVM's defaults. */
    private final SSLContext trust;

    /** What one client is built from: the function it serves, and whether its hosts are named exactly. */
    @FunctionalInterface
    interface Factory {
        CloseableHttpAsyncClient build(boolean privateAllowed, boolean cached);
    }

    /** @param cacheEntryBytes the largest response one cache entry holds, or -1 when the function's cache is off */
    private record Key(String function, Duration connectTimeout, long cacheEntryBytes) {}

    /** Clients that resolve host names through the system's resolver. */
    public FetchClients() {
        this(InetAddress::getAllByName);
    }

    /** Clients whose connections resolve names as {@code resolver} does. */
    public FetchClients(HostResolver resolver) {
        this(resolver, DEFAULT_MAX_PER_ROUTE, DEFAULT_MAX_TOTAL);
    }

    /**
     * @param maxPerRoute pooled connections per function and origin
     * @param maxTotal pooled connections per function in all
     */
    public FetchClients(HostResolver resolver, int maxPerRoute, int maxTotal) {
        this(resolver, maxPerRoute, maxTotal, FetchCache.defaults());
    }

    /** Clients of the system's resolver whose GET and HEAD fetches go through {@code cache}. */
    public FetchClients(FetchCache cache) {
        this(InetAddress::getAllByName, DEFAULT_MAX_PER_ROUTE, DEFAULT_MAX_TOTAL, cache);
    }

    /**
     * @param maxPerRoute pooled connections per function and origin
     * @param maxTotal pooled connections per function in all
     * @param cache the HTTP cache functions' GET and HEAD fetches go through
     */
    public FetchClients(HostResolver resolver, int maxPerRoute, int maxTotal, FetchCache cache) {
        this(resolver, maxPerRoute, maxTotal, cache, null);
    }

    /** Clients of the system's resolver through {@code cache} whose TLS connections trust as {@code trust} does ({@link FetchTrust}). */
    public FetchClients(FetchCache cache, SSLContext trust) {
        this(InetAddress::getAllByName, DEFAULT_MAX_PER_ROUTE, DEFAULT_MAX_TOTAL, cache, trust);
    }

    /**
     * @param maxPerRoute pooled connections per function and origin
     * @param maxTotal pooled connections per function in all
     * @param cache the HTTP cache functions' GET and HEAD fetches go through
     * @param trust what TLS origins are trusted with, or {@code null} for the JVM's defaults
     */
    public FetchClients(HostResolver resolver, int maxPerRoute, int maxTotal, FetchCache cache, SSLContext trust) {
        if (maxPerRoute < 1 || maxTotal < maxPerRoute) {
            throw new IllegalArgumentException("pool sizes must be at least 1, the total at least the per-route size");
        }
        this.resolver = resolver;
        this.maxPerRoute = maxPerRoute;
        this.maxTotal = maxTotal;
        this.cache = cache;
        this.trust = trust;
    }

    /** The clients of one function, its cache on; the same ones for every request of it. */
    FunctionClient function(String function, Duration connectTimeout) {
        return function(function, connectTimeout, true, Long.MAX_VALUE);
    }

    /**
     * The clients of one function; the same ones for every request of it with these settings.
     *
     * @param cached whether the function's GET and HEAD fetches go through the host's cache
     * @param maxResponseBytes the function's largest response, which caps what one cache entry holds
     */
    FunctionClient function(String function, Duration connectTimeout, boolean cached, long maxResponseBytes) {
        boolean stored = cached && cache.enabled();
        return clients.computeIfAbsent(
                new Key(function, connectTimeout, stored ? maxResponseBytes : -1),
                key -> new FunctionClient(
                        (privateAllowed, withCache) -> newClient(
                                key.function(), key.connectTimeout(), privateAllowed, withCache ? key.cacheEntryBytes() : -1),
                        stored,
                        stored ? cache.freshHits(FetchCache.scope(key.function(), true)) : null,
                        stored ? cache.freshHits(FetchCache.scope(key.function(), false)) : null));
    }

    /** The one place a fetch client is built and started; with its cache scope, unless {@code cacheEntryBytes} is -1. */
    private CloseableHttpAsyncClient newClient(String function, Duration connectTimeout, boolean privateAllowed, long cacheEntryBytes) {
        HttpAsyncClientBuilder builder =
                cacheEntryBytes < 0
                        ? HttpAsyncClients.custom()
                        : cache.builder(FetchCache.scope(function, privateAllowed), cacheEntryBytes);
        CloseableHttpAsyncClient client =
                builder
                        .setConnectionManager(
                                PoolingAsyncClientConnectionManagerBuilder.create()
                                        .setDnsResolver(new PinnedResolver(resolver, privateAllowed))
                                        .setMaxConnPerRoute(maxPerRoute)
                                        .setMaxConnTotal(maxTotal)
                                        // Concurrent requests share an HTTP/2 connection instead of each leasing one.
                                        .setMessageMultiplexing(true)
                                        .setTlsStrategy(tls())
                                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.NEGOTIATE).build())
                                        .setDefaultConnectionConfig(
                                                ConnectionConfig.custom()
                                                        .setConnectTimeout(Timeout.of(connectTimeout))
                                                        .setValidateAfterInactivity(IDLE_CHECK)
                                                        .setTimeToLive(CONNECTION_TTL)
                                                        .build())
                                        .build())
                        .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                        .setIoReactorExceptionCallback(FetchClients::reactorFailed)
                        .setThreadFactory(threads(function))
                        .disableRedirectHandling()
                        .disableAutomaticRetries()
                        .disableCookieManagement()
                        .disableAuthCaching()
                        .disableContentCompression()
                        .disableConnectionState()
                        .setUserAgent("edge-host")
                        .build();
        client.start();
        return client;
    }

    /**
     * The I/O reactor's own failures. A selector closed under it is the client closing with
     * exchanges still open (the host shutting down, a function undeployed), not an error; the
     * client's default would log it at ERROR with the message {@code null}.
     */
    private static void reactorFailed(Exception failure) {
        if (failure instanceof ClosedSelectorException) {
            LOG.debug("a fetch client closed while its I/O reactor ran", failure);
        } else {
            LOG.error("a fetch client's I/O reactor failed", failure);
        }
    }

    private TlsStrategy tls() {
        TlsStrategy strategy = tls;
        if (strategy == null) {
            synchronized (this) {
                if (tls == null) {
                    ClientTlsStrategyBuilder builder = ClientTlsStrategyBuilder.create().useSystemProperties();
                    if (trust != null) {
                        builder.setSslContext(trust);
                    }
                    tls = builder.buildAsync();
                }
                strategy = tls;
            }
        }
        return strategy;
    }

    private static ThreadFactory threads(String function) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "edge-fetch-" + function + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Closes every client and its connections. */
    /** Sends guests' fetches of this host's own listener in process, from now on. */
    public void dispatchSelfTo(SelfDispatch dispatch) {
        this.self = dispatch;
    }

    /** What runs fetches of this host in process, or {@code null} while the host has no listener. */
    SelfDispatch self() {
        return self;
    }

    @Override
    public void close() {
        clients.values().forEach(FunctionClient::close);
        clients.clear();
    }
}
