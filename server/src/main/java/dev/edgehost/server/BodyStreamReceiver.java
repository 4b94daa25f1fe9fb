package dev.edgehost.server;

import dev.edgehost.host.capability.ArrivingBody;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.ChannelListener;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a request body on the connection's IO thread without blocking, like {@link BodyReceiver},
 * but hands a body larger than {@link #STREAM_AFTER} to the guest while it still arrives: the
 * request is dispatched with the bytes so far in an {@link ArrivingBody}, and the rest follows
 * into it as it comes, reading paused while the guest is behind. A body that completes within the
 * first {@link #STREAM_AFTER} bytes is dispatched whole, as before, so a small or slow upload
 * holds no worker. Past the function's limit the body is marked too large (the guest's next read
 * fails with {@code request_too_large}) and the connection closes after the answer; a connection
 * that closes first, for being too slow or because the client went away, fails the guest's wait.
 * Runs on the IO thread, except for the resume action, which the guest's thread hands to it.
 */
final class BodyStreamReceiver implements ChannelListener<StreamSourceChannel> {
    /** The bytes read before a body that has not ended is handed to the guest as it arrives. */
    static final int STREAM_AFTER = 64 << 10;

    /** Runs with the whole body, or with none and the stream it arrives in. */
    @FunctionalInterface
    interface Callback {
        void received(HttpServerExchange exchange, byte[] body, ArrivingBody stream) throws Exception;
    }

    private enum Progress { MORE, COMPLETE, STREAM, FAILED }

    private final HttpServerExchange exchange;
    private final StreamSourceChannel channel;
    private final long maxBytes;
    private final String tooLargeMessage;
    private final Callback callback;
    private final BodyBuffer start = new BodyBuffer(STREAM_AFTER);
    private ArrivingBody stream;
    private long received;
    private boolean done;

    private BodyStreamReceiver(
            HttpServerExchange exchange, StreamSourceChannel channel, long maxBytes, String tooLargeMessage, Callback callback) {
        this.exchange = exchange;
        this.channel = channel;
        this.maxBytes = maxBytes;
        this.tooLargeMessage = tooLargeMessage;
        this.callback = callback;
    }

    /** Reads the body of the exchange, then runs the callback as a root handler call, where it may dispatch. */
    static BodyStreamReceiver receive(HttpServerExchange exchange, long maxBytes, String tooLargeMessage, Callback callback)
            throws Exception {
        if (exchange.isRequestComplete()) {
            callback.received(exchange, new byte[0], null);
            return null;
        }
        StreamSourceChannel channel = exchange.getRequestChannel();
        if (channel == null) {
            throw new IllegalStateException("the request body was taken by another reader");
        }
        BodyStreamReceiver receiver = new BodyStreamReceiver(exchange, channel, maxBytes, tooLargeMessage, callback);
        Progress progress = receiver.readStart();
        if (progress == Progress.MORE) {
            channel.getReadSetter().set(receiver);
            channel.resumeReads();
        } else {
            receiver.dispatch(progress);
        }
        return receiver;
    }

    @Override
    public void handleEvent(StreamSourceChannel source) {
        if (done) {
            source.suspendReads();
            return;
        }
        if (stream != null) {
            readIntoStream();
            return;
        }
        Progress progress = readStart();
        if (progress == Progress.MORE) {
            return;
        }
        source.suspendReads();
        source.getReadSetter().set(null);
        Connectors.executeRootHandler(ex -> dispatch(progress), exchange);
    }

    /** Stops reading once the answer is on its way; the rest of the body is never read, so the connection closes after it. */
    void stop() {
        if (!done) {
            done = true;
            channel.suspendReads();
            channel.getReadSetter().set(null);
        }
        if (!exchange.isRequestComplete()) {
            exchange.setPersistent(false);
        }
    }

    private void dispatch(Progress progress) throws Exception {
        switch (progress) {
            case COMPLETE -> {
                done = true;
                callback.received(exchange, start.toByteArray(), null);
            }
            case STREAM -> {
                callback.received(exchange, null, stream);
                // After the dispatch, outside the handler call, where reads may resume.
                exchange.getIoThread().execute(this::continueReading);
            }
            default -> {
                // The client went away or broke the protocol: there is nobody to answer.
                done = true;
                exchange.setPersistent(false);
                exchange.endExchange();
            }
        }
    }

    private void continueReading() {
        if (done) {
            return;
        }
        channel.getReadSetter().set(this);
        readIntoStream();
    }

    /** Reads into the first bytes; on past them, the stream takes over. */
    private Progress readStart() {
        try {
            return switch (ChannelReads.readAvailable(exchange, channel, this::takeStart)) {
                case END -> Progress.COMPLETE;
                case DRY -> Progress.MORE;
                case STOPPED -> Progress.STREAM;
            };
        } catch (IOException e) {
            return Progress.FAILED;
        }
    }

    /** Keeps a chunk in the first bytes; one that does not fit starts the stream and stops this reading. */
    private boolean takeStart(ByteBuffer chunk) {
        received += chunk.remaining();
        if (!start.append(chunk)) {
            startStream(chunk);
            return false;
        }
        return true;
    }

    private void startStream(ByteBuffer rest) {
        stream = new ArrivingBody(tooLargeMessage, () -> exchange.getIoThread().execute(this::resume));
        stream.offer(start.toByteArray());
        byte[] more = new byte[rest.remaining()];
        rest.get(more);
        stream.offer(more);
        exchange.getConnection().addCloseListener(
                connection -> stream.fail("the connection closed before the end of the request body"));
    }

    private void resume() {
        if (!done) {
            readIntoStream();
        }
    }

    private void readIntoStream() {
        try {
            switch (ChannelReads.readAvailable(exchange, channel, this::takeIntoStream)) {
                case END -> {
                    stream.complete();
                    finishReading();
                }
                case DRY -> channel.resumeReads();
                case STOPPED -> {
                    // takeIntoStream paused or ended the reading itself.
                }
            }
        } catch (IOException e) {
            stream.fail("the request body could not be read: " + e.getMessage());
            finishReading();
        }
    }

    /** Offers a chunk to the stream; past the limit, or with the guest behind, stops this reading. */
    private boolean takeIntoStream(ByteBuffer chunk) {
        received += chunk.remaining();
        if (received > maxBytes) {
            stream.tooLarge();
            exchange.setPersistent(false);
            finishReading();
            return false;
        }
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        if (!stream.offer(bytes)) {
            // The guest is behind: the client waits until it has taken half of what is queued.
            channel.suspendReads();
            return false;
        }
        return true;
    }

    private void finishReading() {
        done = true;
        channel.suspendReads();
        channel.getReadSetter().set(null);
    }
}
