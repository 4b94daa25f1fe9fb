package dev.edgehost.host.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * One exchange's response as the client receives it: the status and headers complete {@link
 * #head()} as soon as they are in, and the body flows into a {@link BoundedBody} as the guest reads
 * it. Thread-safe: the client's I/O thread writes, the guest's thread reads.
 */
final class StreamedResponse implements AsyncResponseConsumer<Void> {
    private final CompletableFuture<Head> head = new CompletableFuture<>();
    private final BoundedBody body;
    private volatile FutureCallback<Void> done;

    /** The status, the headers (names in lower case, in order) and the declared length (-1 unknown). */
    record Head(int status, List<Map.Entry<String, String>> headers, long contentLength) {}

    StreamedResponse(long maxBytes, int window) {
        this.body = new BoundedBody(maxBytes, window);
    }

    CompletableFuture<Head> head() {
        return head;
    }

    BoundedBody body() {
        return body;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context, FutureCallback<Void> callback) {
        done = callback;
        if (head.isDone()) {
            // The cache revalidates a stale entry it served in the background through the same
            // consumer: the guest keeps the response it was given; the rest is only let through.
            if (entity == null) {
                callback.completed(null);
            }
            return;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header header : response.getHeaders()) {
            headers.add(Map.entry(header.getName().toLowerCase(Locale.ROOT), header.getValue()));
        }
        head.complete(new Head(response.getCode(), List.copyOf(headers), entity == null ? 0 : entity.getContentLength()));
        if (entity == null) {
            body.end();
            callback.completed(null);
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {}

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        body.updateCapacity(capacityChannel);
    }

    @Override
    public void consume(ByteBuffer data) throws IOException {
        body.add(data);
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        body.end();
        FutureCallback<Void> callback = done;
        if (callback != null) {
            callback.completed(null);
        }
    }

    @Override
    public void failed(Exception cause) {
        head.completeExceptionally(cause);
        body.fail(cause instanceof IOException ? (IOException) cause : new IOException(cause));
    }

    @Override
    public void releaseResources() {
        body.fail(new IOException("the exchange ended before the body did"));
    }
}
