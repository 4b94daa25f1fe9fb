package dev.edgehost.server;

import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a request body without blocking, on the connection's IO thread, into a {@link BodyBuffer}
 * that grows with the bytes that arrive. Undertow's own receiver allocates a buffer of the
 * declared length up front, which let a client that declares a large body and sends one byte
 * make the host allocate the whole length; and a blocking read would hold a worker thread for as
 * long as a slow client takes. A client that goes away, or whose connection is closed for being
 * too slow, simply ends the exchange.
 */
final class BodyReceiver implements ChannelListener<StreamSourceChannel> {
    /** How far a body larger than the limit is read on, so a client sending one just over sees the answer. */
    private static final long DRAIN_SLACK = 1 << 20;

    /** Runs with the whole body, or {@code null} when it is larger than the limit. */
    @FunctionalInterface
    interface Callback {
        void received(HttpServerExchange exchange, byte[] body) throws Exception;
    }

    private enum Progress { MORE, COMPLETE, FAILED }

    private final HttpServerExchange exchange;
    private final BodyBuffer body;
    private final long drainBytes;
    private final Callback callback;
    private boolean tooLarge;
    private long drained;
    private boolean done;

    private BodyReceiver(HttpServerExchange exchange, long maxBytes, long drainBytes, Callback callback) {
        this.exchange = exchange;
        this.body = new BodyBuffer(maxBytes);
        this.drainBytes = drainBytes;
        this.callback = callback;
    }

    /** Reads the body of the exchange, then runs the callback as a root handler call, where it may dispatch. */
    static void receive(HttpServerExchange exchange, long maxBytes, Callback callback) throws Exception {
        receive(exchange, maxBytes, DRAIN_SLACK, callback);
    }

    /**
     * Reads a body refused from its headers to its end, keeping none of it, then runs the callback
     * with {@code null}: a client that is sending it already then sees the refusal instead of a
     * reset connection. The read timeout bounds how long this may take.
     */
    static void discard(HttpServerExchange exchange, Callback callback) throws Exception {
        receive(exchange, 0, Long.MAX_VALUE, callback);
    }

    private static void receive(HttpServerExchange exchange, long maxBytes, long drainBytes, Callback callback) throws Exception {
        if (exchange.isRequestComplete()) {
            callback.received(exchange, new byte[0]);
            return;
        }
        StreamSourceChannel channel = exchange.getRequestChannel();
        if (channel == null) {
            throw new IllegalStateException("the request body was taken by another reader");
        }
        BodyReceiver receiver = new BodyReceiver(exchange, maxBytes, drainBytes, callback);
        Progress progress = receiver.readAvailable(channel);
        if (progress == Progress.MORE) {
            channel.getReadSetter().set(receiver);
            channel.resumeReads();
            return;
        }
        receiver.finish(progress).handleRequest(exchange);
    }

    @Override
    public void handleEvent(StreamSourceChannel channel) {
        if (done) {
            return;
        }
        Progress progress = readAvailable(channel);
        if (progress == Progress.MORE) {
            return;
        }
        channel.suspendReads();
        channel.getReadSetter().set(null);
        Connectors.executeRootHandler(finish(progress), exchange);
    }

    private HttpHandler finish(Progress progress) {
        done = true;
        if (progress == Progress.FAILED) {
            return ex -> {
                // The client went away or broke the protocol: there is nobody to answer.
                ex.setPersistent(false);
                ex.endExchange();
            };
        }
        if (tooLarge && drained > drainBytes) {
            // The rest is never read: the connection closes after the answer.
            exchange.setPersistent(false);
        }
        return ex -> callback.received(ex, tooLarge ? null : body.toByteArray());
    }

    private Progress readAvailable(StreamSourceChannel channel) {
        try {
            return ChannelReads.readAvailable(exchange, channel, this::take) == ChannelReads.Outcome.DRY
                    ? Progress.MORE
                    : Progress.COMPLETE;
        } catch (IOException e) {
            return Progress.FAILED;
        }
    }

    /** Keeps a chunk within the limit; past it, counts what is drained and stops past the slack. */
    private boolean take(ByteBuffer chunk) {
        if (tooLarge || !body.append(chunk)) {
            if (!tooLarge) {
                tooLarge = true;
                body.clear();
            }
            drained += chunk.remaining();
            return drained <= drainBytes;
        }
        return true;
    }
}
