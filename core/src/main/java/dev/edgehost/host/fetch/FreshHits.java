package dev.edgehost.host.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.hc.client5.http.cache.CacheResponseStatus;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.client5.http.cache.HttpCacheEntry;
import org.apache.hc.client5.http.cache.HttpCacheStorage;
import org.apache.hc.client5.http.cache.Resource;
import org.apache.hc.client5.http.cache.ResourceIOException;
import org.apache.hc.client5.http.impl.cache.CacheKeyGenerator;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.message.MessageSupport;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;

/**
 * The cache's fast path: a plain GET that a fresh stored response answers is served on the
 * guest's thread, straight from the store, without the client's exec chain, its I/O thread or its
 * futures. It serves a strict subset of what the cache module would serve as a fresh hit, and the
 * same response the module would build for it: the entry is looked up under the module's own keys
 * (the root entry, then the request's variant under {@code Vary}), checked as the module checks a
 * hit (method, URI, the headers {@code Vary} names), its age computed by the module's arithmetic
 * (RFC 9111 §4.2.3, whole seconds) against its lifetime from {@code s-maxage} or {@code max-age}
 * (§4.2.1, as a shared cache), and the response is the entry's headers, a {@code Content-Length}
 * for its body and an {@code Age} once it is a second old, as the module's response generator
 * makes it. Anything else takes the full path, where the module decides: a request with any
 * {@code Cache-Control}, {@code Pragma}, {@code Authorization}, conditional or range header, or a
 * body; an entry that is stale (revalidation, {@code stale-while-revalidate}, {@code
 * stale-if-error}), a 304, or whose {@code Cache-Control} holds a directive other than the few
 * understood here ({@code no-cache}, with or without fields, above all), or which has no {@code
 * max-age} or {@code s-maxage}. Thread-safe.
 */
final class FreshHits {
    /** Request headers that ask the cache for something beyond a plain fresh hit. */
    private static final Set<String> FULL_PATH_REQUEST_HEADERS = Set.of(
            "cache-control", "pragma", "authorization", "if-match", "if-none-match", "if-modified-since",
            "if-unmodified-since", "if-range", "range");
    /** Response directives that leave a fresh entry's use as it is; any other sends the fetch the full path. */
    private static final Set<String> FRESH_NEUTRAL_DIRECTIVES = Set.of(
            "public", "must-revalidate", "proxy-revalidate", "immutable", "stale-while-revalidate", "stale-if-error",
            "must-understand", "no-transform");
    /** The module's largest {@code Age} value. */
    private static final long MAX_AGE_SECONDS = Integer.MAX_VALUE + 1L;

    private final HttpCacheStorage storage;
    private final LongAdder served = new LongAdder();

    /** @param storage the scope's entries, as the cache module stores them */
    FreshHits(HttpCacheStorage storage) {
        this.storage = storage;
    }

    /**
     * Serves the exchange from a fresh stored response, when one answers it on this path: the
     * consumer has the whole response (with {@link CacheResult#HEADER} {@code hit}) before this
     * returns, and {@code results} is told of the hit.
     *
     * @return the exchange, done; or {@code null} when the exchange takes the full path
     */
    <T> Future<T> serve(HttpRequest request, AsyncEntityProducer body, AsyncResponseConsumer<T> response, Consumer<CacheResult> results) {
        if (body != null || !request.getMethod().equals("GET") || !plain(request)) {
            return null;
        }
        HttpCacheEntry entry;
        BasicHttpResponse cached;
        byte[] content = null;
        ContentType contentType = null;
        try {
            entry = lookUp(request);
            if (entry == null) {
                return null;
            }
            long lifetime = freshnessLifetime(entry);
            long age = currentAge(entry, Instant.now());
            if (lifetime < 0 || age >= lifetime) {
                return null;
            }
            cached = new BasicHttpResponse(entry.getStatus());
            cached.setHeaders(entry.getHeaders());
            Resource resource = entry.getResource();
            if (resource != null) {
                Header type = entry.getFirstHeader("Content-Type");
                contentType = type == null ? null : ContentType.parse(type.getValue());
                content = resource.get();
                cached.removeHeaders("Transfer-Encoding");
                cached.setHeader("Content-Length", Integer.toString(content.length));
            }
            if (age > 0) {
                cached.setHeader("Age", Long.toString(Math.min(age, MAX_AGE_SECONDS)));
            }
        } catch (ResourceIOException | RuntimeException e) {
            // An entry the store cannot give back, or a header the module would judge itself: its path decides.
            return null;
        }
        served.increment();
        return deliver(cached, content, contentType, entry, response, results);
    }

    /** Fetches served on this path so far. */
    long served() {
        return served.sum();
    }

    /** No header that asks for more than a fresh hit, and the version the module serves from its cache. */
    private static boolean plain(HttpRequest request) {
        if (request.getVersion() != null && !request.getVersion().equals(HttpVersion.HTTP_1_1)) {
            return false;
        }
        for (Header header : request.getHeaders()) {
            if (FULL_PATH_REQUEST_HEADERS.contains(header.getName().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    /** The entry the module's match would find for the request, if it is a GET's for the same URI and variant. */
    private HttpCacheEntry lookUp(HttpRequest request) throws ResourceIOException {
        String rootKey = CacheKeyGenerator.INSTANCE.generateKey(new HttpHost(request.getScheme(), request.getAuthority()), request);
        HttpCacheEntry root = storage.getEntry(rootKey);
        if (root == null) {
            return null;
        }
        HttpCacheEntry entry = root;
        if (root.hasVariants()) {
            String variantKey = CacheKeyGenerator.INSTANCE.generateVariantKey(request, CacheKeyGenerator.variantNames(root));
            if (!root.getVariants().contains(variantKey)) {
                return null;
            }
            entry = storage.getEntry(variantKey + rootKey);
            if (entry == null) {
                return null;
            }
        }
        if (!"GET".equalsIgnoreCase(entry.getRequestMethod()) || entry.getStatus() == 304 || !sameUri(request, entry) || !varyMatches(request, entry)) {
            return null;
        }
        return entry;
    }

    private static boolean sameUri(HttpRequest request, HttpCacheEntry entry) {
        try {
            URI requested = CacheKeyGenerator.normalize(request.getUri());
            return requested.isAbsolute() && requested.equals(new URI(entry.getRequestURI()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The headers the entry's {@code Vary} names have the values they had in the request it answered; never under {@code Vary: *}. */
    private static boolean varyMatches(HttpRequest request, HttpCacheEntry entry) {
        List<String> names = new ArrayList<>();
        for (Header vary : entry.getHeaders("Vary")) {
            MessageSupport.parseTokens(vary, token -> names.add(token.toLowerCase(Locale.ROOT)));
        }
        for (String name : names) {
            if (name.equals("*")) {
                return false;
            }
            List<String> requested = new ArrayList<>();
            List<String> stored = new ArrayList<>();
            CacheKeyGenerator.normalizeElements(request, name, requested::add);
            CacheKeyGenerator.normalizeElements(entry.requestHeaders(), name, stored::add);
            if (!requested.equals(stored)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The entry's freshness lifetime in seconds from {@code s-maxage} or else {@code max-age}, or
     * -1 when it has neither, or a directive this path does not judge itself.
     */
    private static long freshnessLifetime(HttpCacheEntry entry) {
        long maxAge = -1;
        long sharedMaxAge = -1;
        for (Header header : entry.getHeaders("Cache-Control")) {
            if (header.getValue().indexOf('"') >= 0) {
                return -1;
            }
            for (String directive : header.getValue().split(",", -1)) {
                String trimmed = directive.trim().toLowerCase(Locale.ROOT);
                if (trimmed.isEmpty()) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                String name = equals < 0 ? trimmed : trimmed.substring(0, equals).trim();
                String value = equals < 0 ? null : trimmed.substring(equals + 1).trim();
                if (name.equals("max-age") || name.equals("s-maxage")) {
                    long seconds = deltaSeconds(value);
                    if (seconds < 0 || (name.equals("max-age") ? maxAge : sharedMaxAge) >= 0) {
                        return -1;
                    }
                    if (name.equals("max-age")) {
                        maxAge = seconds;
                    } else {
                        sharedMaxAge = seconds;
                    }
                } else if (!FRESH_NEUTRAL_DIRECTIVES.contains(name)) {
                    return -1;
                }
            }
        }
        return sharedMaxAge >= 0 ? sharedMaxAge : maxAge;
    }

    /** Digits only, as RFC 9111 §1.2.2 writes delta-seconds; -1 for anything else or a value past a long. */
    private static long deltaSeconds(String value) {
        if (value == null || value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(value);
    }

    /**
     * The entry's current age in whole seconds (RFC 9111 §4.2.3), computed as the module computes
     * it: the corrected initial age (the larger of the apparent age and the origin's {@code Age}
     * plus the response delay) plus the time the entry has been stored.
     */
    private static long currentAge(HttpCacheEntry entry, Instant now) {
        Instant date = entry.getInstant();
        long apparentAge;
        if (date == null) {
            apparentAge = MAX_AGE_SECONDS;
        } else {
            Duration apparent = Duration.between(date, entry.getResponseInstant());
            apparentAge = apparent.isNegative() ? 0 : apparent.getSeconds();
        }
        long responseDelay = Duration.between(entry.getRequestInstant(), entry.getResponseInstant()).getSeconds();
        long correctedInitialAge = Math.max(apparentAge, ageValue(entry) + responseDelay);
        return correctedInitialAge + Duration.between(entry.getResponseInstant(), now).getSeconds();
    }

    /** The origin's {@code Age}: its first token when that is delta-seconds, else 0. */
    private static long ageValue(HttpCacheEntry entry) {
        Header age = entry.getFirstHeader("Age");
        if (age == null) {
            return 0;
        }
        List<String> tokens = new ArrayList<>();
        MessageSupport.parseTokens(age, tokens::add);
        long delta = tokens.isEmpty() ? -1 : deltaSeconds(tokens.get(0));
        return Math.max(delta, 0);
    }

    /** Hands the response to the consumer as the client would, on this thread: head, body, end. */
    private static <T> Future<T> deliver(
            BasicHttpResponse cached,
            byte[] content,
            ContentType contentType,
            HttpCacheEntry entry,
            AsyncResponseConsumer<T> response,
            Consumer<CacheResult> results) {
        HttpCacheContext context = HttpCacheContext.create();
        context.setCacheResponseStatus(CacheResponseStatus.CACHE_HIT);
        context.setCacheEntry(entry);
        CompletableFuture<T> done = new CompletableFuture<>();
        AsyncResponseConsumer<T> consumer = new CacheStatusConsumer<>(response, context, false, results, () -> { });
        try {
            consumer.consumeResponse(cached, content == null ? null : new BasicEntityDetails(content.length, contentType), context, callback(done));
            if (content != null) {
                consumer.consume(ByteBuffer.wrap(content));
                consumer.streamEnd(null);
            }
        } catch (HttpException | IOException e) {
            consumer.failed(e);
            done.completeExceptionally(e);
        } finally {
            consumer.releaseResources();
        }
        return done;
    }

    private static <T> FutureCallback<T> callback(CompletableFuture<T> done) {
        return new FutureCallback<>() {
            @Override
            public void completed(T result) {
                done.complete(result);
            }

            @Override
            public void failed(Exception cause) {
                done.completeExceptionally(cause);
            }

            @Override
            public void cancelled() {
                done.cancel(false);
            }
        };
    }
}
