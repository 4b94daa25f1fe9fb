package dev.edgehost.server;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.channels.StreamSourceChannel;

/**
 * The one non-blocking read loop of the request-body receivers: reads what the channel has now
 * into a pooled buffer and hands each chunk to a sink, until the body ends, nothing more has
 * arrived, or the sink stops it. Not thread-safe: it runs on the connection's IO thread.
 */
final class ChannelReads {
    /** How a read of what is available ended. */
    enum Outcome {
        /** The body ended. */
        END,
        /** Nothing more has arrived yet. */
        DRY,
        /** The sink stopped the reading. */
        STOPPED
    }

    /** Takes one chunk read, flipped for reading; false stops the reading. */
    @FunctionalInterface
    interface Sink {
        boolean take(ByteBuffer chunk);
    }

    private ChannelReads() {}

    /**
     * Reads until the body ends, the channel has nothing more now, or the sink stops.
     *
     * @throws IOException when the channel fails: the client went away or broke the protocol
     */
    static Outcome readAvailable(HttpServerExchange exchange, StreamSourceChannel channel, Sink sink) throws IOException {
        try (PooledByteBuffer pooled = exchange.getConnection().getByteBufferPool().allocate()) {
            ByteBuffer buffer = pooled.getBuffer();
            while (true) {
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    return Outcome.END;
                }
                if (read == 0) {
                    return Outcome.DRY;
                }
                buffer.flip();
                if (!sink.take(buffer)) {
                    return Outcome.STOPPED;
                }
            }
        }
    }
}
