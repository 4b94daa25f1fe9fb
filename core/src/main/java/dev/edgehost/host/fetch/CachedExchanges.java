package dev.edgehost.host.fetch;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The exchanges of one cache scope: decides whether an exchange uses the cache (GET and HEAD do,
 * unless the guest's request says {@code Cache-Control: no-cache} or {@code no-store}, or the
 * function has its cache off), serves a fresh hit on the caller's thread where {@link FreshHits}
 * can, and coalesces concurrent misses: while one exchange for a method and
 * URL waits for its response, later ones for the same wait for it and then ask the cache, which
 * by then holds the response if it was storable. So N concurrent fetches of a cacheable URL make
 * one origin request; for a response that is not storable, the waiting ones then go to the origin
 * themselves. Only fetches as many subrequests deep coalesce: a fetch never waits behind one of
 * its own callers. Thread-safe.
 */
final class CachedExchanges {
    private final boolean cached;
    private final FreshHits freshHits;
    private final ConcurrentMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    /** Starts one exchange on the scope's client. */
    @FunctionalInterface
    interface Client {
        <T> Future<T> execute(AsyncRequestProducer request, AsyncResponseConsumer<T> response, HttpContext context, FutureCallback<T> callback);
    }

    /**
     * @param cached whether the scope's client stores responses (the function has its cache on)
     * @param freshHits the scope's fast path of fresh hits, or {@code null} without the cache
     */
    CachedExchanges(boolean cached, FreshHits freshHits) {
        this.cached = cached;
        this.freshHits = freshHits;
    }

    /** Fetches served by the fast path of fresh hits so far. */
    long freshHitsServed() {
        return freshHits == null ? 0 : freshHits.served();
    }

    /**
     * Starts an exchange, at once or after the one it is coalesced with.
     *
     * @param results told how the cache answered, when the response's head arrives
     * @param client the scope's client, through the cache if the function has it on
     * @param uncached a client of the scope without the cache, for requests that forbid storing
     */
    <T> Future<T> execute(
            HttpRequest request,
            AsyncEntityProducer body,
            AsyncResponseConsumer<T> response,
            Consumer<CacheResult> results,
            Client client,
            Supplier<Client> uncached) {
        HttpCacheContext context = HttpCacheContext.create();
        if (cached && forbidsStoring(request)) {
            // RFC 9111 §5.2.1.5: nothing of the exchange may be stored, which the module does not honour itself.
            return uncached.get().execute(
                    new BasicRequestProducer(request, body), new CacheStatusConsumer<>(response, context, true, results, () -> { }), context, null);
        }
        if (!cached || !usesCache(request)) {
            return client.execute(
                    new BasicRequestProducer(request, body), new CacheStatusConsumer<>(response, context, true, results, () -> { }), context, null);
        }
        Future<T> fresh = freshHits == null ? null : freshHits.serve(request, body, response, results);
        if (fresh != null) {
            return fresh;
        }
        // By depth too: a fetch coalesced behind one of its own callers, in a loop of functions
        // (on one host or across hosts), would wait for a response that waits for it.
        Header depth = request.getFirstHeader(SubrequestDepth.HEADER);
        String key = request.getMethod() + " " + request.getScheme() + "://" + request.getAuthority() + request.getRequestUri()
                + (depth == null ? "" : " " + depth.getValue());
        CompletableFuture<Void> leader = new CompletableFuture<>();
        CompletableFuture<Void> running = inFlight.putIfAbsent(key, leader);
        if (running == null) {
            Runnable settled = () -> {
                inFlight.remove(key, leader);
                leader.complete(null);
            };
            return client.execute(
                    new BasicRequestProducer(request, body), new CacheStatusConsumer<>(response, context, false, results, settled), context, null);
        }
        Deferred<T> deferred = new Deferred<>();
        // Started off the I/O thread that delivered the first response, which must not wait for the cache.
        running.whenCompleteAsync((done, error) -> deferred.start(
                () -> client.execute(
                        new BasicRequestProducer(request, body),
                        new CacheStatusConsumer<>(response, context, false, results, () -> { }),
                        context,
                        deferred.callback()),
                response::failed));
        return deferred;
    }

    /** GET and HEAD use the cache unless the guest's request asks for a response from the origin. */
    static boolean usesCache(HttpRequest request) {
        String method = request.getMethod();
        return (method.equals("GET") || method.equals("HEAD")) && !directive(request, "no-cache") && !directive(request, "no-store");
    }

    /** Whether the guest's request says {@code Cache-Control: no-store}. */
    static boolean forbidsStoring(HttpRequest request) {
        return directive(request, "no-store");
    }

    private static boolean directive(HttpRequest request, String wanted) {
        for (Header header : request.getHeaders("cache-control")) {
            for (String directive : header.getValue().split(",")) {
                String name = directive.trim().toLowerCase(Locale.ROOT);
                int equals = name.indexOf('=');
                name = equals < 0 ? name : name.substring(0, equals).trim();
                if (name.equals(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An exchange that starts when the one it waits behind has its response; cancelling it cancels that. */
    private static final class Deferred<T> extends CompletableFuture<T> {
        private volatile Future<T> started;

        @FunctionalInterface
        interface Start<T> {
            Future<T> start();
        }

        /** @param refused told when the client refuses to start the exchange */
        void start(Start<T> start, Consumer<Exception> refused) {
            if (isDone()) {
                return;
            }
            try {
                started = start.start();
            } catch (RuntimeException e) {
                refused.accept(e);
                completeExceptionally(e);
                return;
            }
            if (isCancelled()) {
                started.cancel(true);
            }
        }

        FutureCallback<T> callback() {
            return new FutureCallback<>() {
                @Override
                public void completed(T result) {
                    complete(result);
                }

                @Override
                public void failed(Exception cause) {
                    completeExceptionally(cause);
                }

                @Override
                public void cancelled() {
                    cancel(false);
                }
            };
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Future<T> exchange = started;
            if (exchange != null) {
                exchange.cancel(mayInterruptIfRunning);
            }
            return cancelled;
        }
    }
}
