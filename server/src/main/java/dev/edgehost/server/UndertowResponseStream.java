package dev.edgehost.server;

import dev.edgehost.host.ResponseStream;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * A flushed response on an Undertow exchange, written by the worker thread that runs the guest
 * (never the IO thread) straight to the response channel: chunked on HTTP/1.1, and each write is
 * on the wire, or in the socket's buffer, before it returns, so the host holds at most one
 * chunk. A client that stops reading stalls the write, and so the guest, for at most
 * {@code stallMillis} (the read timeout: the same patience the host has for a slow upload), or
 * until the request's deadline interrupts the thread; a cut closes the connection without the
 * body's last chunk. Used by one thread at a time.
 */
final class UndertowResponseStream implements ResponseStream {
    private final HttpServerExchange exchange;
    private final long stallMillis;
    private StreamSinkChannel channel;
    private volatile boolean started;

    UndertowResponseStream(HttpServerExchange exchange, long stallMillis) {
        this.exchange = exchange;
        this.stallMillis = stallMillis;
    }

    /** Whether the guest flushed: the worker then ends the exchange itself, and nothing else may answer. */
    boolean started() {
        return started;
    }

    @Override
    public void start(int status, List<Map.Entry<String, String>> headers) throws IOException {
        started = true;
        exchange.setStatusCode(status);
        for (Map.Entry<String, String> header : headers) {
            exchange.getResponseHeaders().add(new HttpString(header.getKey()), header.getValue());
        }
        channel = exchange.getResponseChannel();
        flushChannel();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                await();
            }
        }
        flushChannel();
    }

    @Override
    public void end() throws IOException {
        channel.shutdownWrites();
        flushChannel();
        if (exchange.isRequestComplete()) {
            exchange.endExchange();
        } else {
            // A request body still arriving is never read: the connection cannot carry another request.
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    @Override
    public void abort() {
        IoUtils.safeClose(exchange.getConnection());
    }

    private void flushChannel() throws IOException {
        while (!channel.flush()) {
            await();
        }
    }

    private void await() throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("the request's deadline passed while the client was slow to read");
        }
        long start = System.nanoTime();
        channel.awaitWritable(stallMillis, TimeUnit.MILLISECONDS);
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("the request's deadline passed while the client was slow to read");
        }
        if (System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
            throw new IOException("the client read nothing for " + stallMillis + " ms");
        }
    }
}
