package dev.edgehost.host.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.core5.http.nio.CapacityChannel;

/**
 * A fetch response's body between the origin and the guest: the client's I/O thread adds what
 * arrives, the guest's thread takes it as it reads. The origin is told to send only what fits in
 * a window (flow control), so host memory stays bounded however large the body; the body's total
 * is held to the function's limit. Thread-safe.
 */
final class BoundedBody {
    private final long maxBytes;
    private final int window;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private int buffered;
    /** Bytes the origin may still send under the capacity granted so far. */
    private long credit;
    private long received;
    private boolean ended;
    private IOException failure;
    private CapacityChannel channel;

    /** The body is over the function's limit. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long maxBytes) {
            super("response body over the limit of " + maxBytes + " bytes");
        }
    }

    /**
     * @param maxBytes the largest body allowed
     * @param window how many bytes may wait for the guest before the origin is held back
     */
    BoundedBody(long maxBytes, int window) {
        this.maxBytes = maxBytes;
        this.window = window;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Called on the I/O thread when the client asks how much more the body can take. */
    void updateCapacity(CapacityChannel capacity) throws IOException {
        lock.lock();
        try {
            channel = capacity;
            grant();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds bytes that arrived; over the limit, fails the body and the exchange. A body that failed
     * already (cancelled with its request) fails the exchange too: a consumer in front of this one,
     * such as the cache's, may keep reading without asking this body for capacity.
     */
    void add(ByteBuffer data) throws IOException {
        lock.lock();
        try {
            if (failure != null) {
                throw failure;
            }
            if (ended) {
                // A second response fed to the same consumer (the cache's background revalidation
                // of a stale entry it served) is not part of the body the guest was given.
                return;
            }
            int length = data.remaining();
            received += length;
            credit = Math.max(0, credit - length);
            if (received > maxBytes) {
                fail(new TooLargeException(maxBytes));
                throw failure;
            }
            if (length > 0) {
                ByteBuffer copy = ByteBuffer.allocate(length);
                copy.put(data).flip();
                chunks.add(copy);
                buffered += length;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void fail(IOException cause) {
        lock.lock();
        try {
            if (failure != null || ended) {
                return;
            }
            failure = cause;
            chunks.clear();
            buffered = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a read would return at once: bytes wait, or the body ended or failed. */
    boolean readable() {
        lock.lock();
        try {
            return !chunks.isEmpty() || ended || failure != null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the body ended or failed, so that waiting for its end returns at once. */
    boolean settled() {
        lock.lock();
        try {
            return ended || failure != null;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes the origin has sent so far. */
    long received() {
        lock.lock();
        try {
            return received;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Copies the next bytes, waiting for them until {@code untilNanos}; 0 at the end of the body.
     *
     * @throws IOException when the body failed or is over the limit
     * @throws TimeoutException when nothing arrived in time
     */
    int read(byte[] target, int offset, int length, long untilNanos) throws IOException, InterruptedException, TimeoutException {
        lock.lockInterruptibly();
        try {
            awaitData(untilNanos);
            int copied = 0;
            while (copied < length && !chunks.isEmpty()) {
                ByteBuffer chunk = chunks.peek();
                int count = Math.min(length - copied, chunk.remaining());
                chunk.get(target, offset + copied, count);
                copied += count;
                if (!chunk.hasRemaining()) {
                    chunks.poll();
                }
            }
            buffered -= copied;
            grant();
            return copied;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the whole body is in, failed, or {@code untilNanos} passes. */
    void awaitEnd(long untilNanos) throws IOException, InterruptedException, TimeoutException {
        lock.lockInterruptibly();
        try {
            while (!ended && failure == null) {
                long left = untilNanos - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                changed.awaitNanos(left);
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitData(long untilNanos) throws IOException, InterruptedException, TimeoutException {
        while (chunks.isEmpty() && !ended && failure == null) {
            long left = untilNanos - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            changed.awaitNanos(left);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Lets the origin send as much as the window has room for, in steps of at least a quarter window. */
    private void grant() throws IOException {
        if (channel == null || ended || failure != null) {
            return;
        }
        long room = (long) window - buffered - credit;
        if (room >= window / 4 && room > 0) {
            int increment = (int) Math.min(room, Integer.MAX_VALUE);
            credit += increment;
            channel.update(increment);
        }
    }
}
