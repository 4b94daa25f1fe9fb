package dev.edgehost.host.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.hc.client5.http.cache.HttpCacheContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * A fetch's response consumer with the cache's answer added: when the response's head arrives, it
 * says how the cache answered in {@link CacheResult#HEADER} (replacing any the origin sent, the
 * name being the host's), tells whoever counts results, and runs {@code onSettled} once (when the
 * head arrives or the exchange fails), which releases fetches coalesced behind this one.
 * Thread-safe: called on the client's I/O thread.
 */
final class CacheStatusConsumer<T> implements AsyncResponseConsumer<T> {
    private final AsyncResponseConsumer<T> delegate;
    private final HttpCacheContext context;
    private final boolean bypass;
    private final Consumer<CacheResult> results;
    private final Runnable onSettled;
    private final AtomicBoolean settled = new AtomicBoolean();

    /**
     * @param context the exchange's cache context, read when the head arrives
     * @param bypass whether the cache was not to be used for this exchange
     */
    CacheStatusConsumer(
            AsyncResponseConsumer<T> delegate, HttpCacheContext context, boolean bypass, Consumer<CacheResult> results, Runnable onSettled) {
        this.delegate = delegate;
        this.context = context;
        this.bypass = bypass;
        this.results = results;
        this.onSettled = onSettled;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext httpContext, FutureCallback<T> callback)
            throws HttpException, IOException {
        CacheResult result = bypass ? CacheResult.BYPASS : CacheResult.of(context);
        response.setHeader(CacheResult.HEADER, result.label());
        results.accept(result);
        settle();
        delegate.consumeResponse(response, entity, httpContext, callback);
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext httpContext) throws HttpException, IOException {
        delegate.informationResponse(response, httpContext);
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        delegate.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        delegate.consume(src);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
        delegate.streamEnd(trailers);
    }

    @Override
    public void failed(Exception cause) {
        settle();
        delegate.failed(cause);
    }

    @Override
    public void releaseResources() {
        settle();
        delegate.releaseResources();
    }

    private void settle() {
        if (settled.compareAndSet(false, true)) {
            onSettled.run();
        }
    }
}
