package dev.edgehost.host.capability;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.RequestTooLargeException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link BodyStream} that an adapter fills as the body arrives on its connection and the guest
 * drains through {@code req_body_read}. At most {@link #MAX_QUEUED} bytes wait in it: past that,
 * {@link #offer} tells the adapter to stop reading, and the guest's reads start it again through
 * the adapter's resume action once half of them are taken, so that a guest slower than its client
 * costs bounded memory. A wait is cut short by the request's deadline (the thread's interrupt), a
 * body over the limit, and the client going away. Thread-safe: one adapter thread fills it, the
 * request's worker reads it.
 */
public final class ArrivingBody implements BodyStream {
    /** The most bytes that wait for the guest before the adapter stops reading. */
    public static final int MAX_QUEUED = 256 << 10;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final String tooLargeMessage;
    private final Runnable resumeReading;
    private int headOffset;
    private long queued;
    private long bytesRead;
    private boolean paused;
    private boolean complete;
    private boolean tooLarge;
    private String failure;

    /**
     * @param tooLargeMessage what the guest's failure says when the body turns out over the limit
     * @param resumeReading starts the adapter reading again after {@link #offer} stopped it; runs
     *     on the guest's thread, outside any lock, so an adapter hands it to its reading thread
     */
    public ArrivingBody(String tooLargeMessage, Runnable resumeReading) {
        this.tooLargeMessage = tooLargeMessage;
        this.resumeReading = resumeReading;
    }

    /**
     * Takes the next bytes of the body (the array is kept, not copied).
     *
     * @return {@code false} when the adapter should stop reading until {@code resumeReading} runs
     */
    public boolean offer(byte[] bytes) {
        lock.lock();
        try {
            if (bytes.length > 0) {
                chunks.add(bytes);
                queued += bytes.length;
                arrived.signalAll();
            }
            paused = queued >= MAX_QUEUED;
            return !paused;
        } finally {
            lock.unlock();
        }
    }

    /** The body has ended. */
    public void complete() {
        end(() -> complete = true);
    }

    /** The body turned out larger than the limit: the guest's next read fails with {@code request_too_large}. */
    public void tooLarge() {
        end(() -> {
            tooLarge = true;
            chunks.clear();
            queued = 0;
        });
    }

    /** The connection ended before the body did: the guest's next wait fails with {@code bad_request}. */
    public void fail(String why) {
        end(() -> {
            if (!complete && !tooLarge && failure == null) {
                failure = why;
            }
        });
    }

    private void end(Runnable change) {
        lock.lock();
        try {
            change.run();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        // Fills the whole buffer unless the body ends first, as a body read whole would: the guest's
        // reads, and so the fuel a request uses, do not depend on how its bytes arrived.
        int copied = 0;
        while (true) {
            boolean resume;
            // A body still arriving: the guest gives its worker back while the client sends.
            HostWait waiting = HostWait.beginIf(!settled());
            lock.lock();
            try {
                while (chunks.isEmpty() && !tooLarge && failure == null && !complete) {
                    try {
                        arrived.await();
                    } catch (InterruptedException e) {
                        // The deadline's interrupt: the host maps it to the timeout, as inside any host call.
                        Thread.currentThread().interrupt();
                        throw new ChicoryInterruptedException("deadline reached while waiting for the request body");
                    }
                }
                if (tooLarge) {
                    throw new RequestTooLargeException(tooLargeMessage);
                }
                if (chunks.isEmpty()) {
                    if (copied > 0) {
                        return copied;
                    }
                    if (failure != null) {
                        throw new BadRequestException(failure);
                    }
                    return 0;
                }
                while (copied < length && !chunks.isEmpty()) {
                    byte[] head = chunks.peek();
                    int count = Math.min(length - copied, head.length - headOffset);
                    System.arraycopy(head, headOffset, target, offset + copied, count);
                    copied += count;
                    headOffset += count;
                    if (headOffset == head.length) {
                        chunks.poll();
                        headOffset = 0;
                    }
                    queued -= count;
                    bytesRead += count;
                }
                resume = paused && queued <= MAX_QUEUED / 2;
                if (resume) {
                    paused = false;
                }
            } finally {
                lock.unlock();
                waiting.end();
            }
            if (resume) {
                resumeReading.run();
            }
            if (copied == length) {
                return copied;
            }
        }
    }

    /** Whether a read returns without waiting: bytes wait, or the body ended one way or another. */
    private boolean settled() {
        lock.lock();
        try {
            return !chunks.isEmpty() || tooLarge || failure != null || complete;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long bytesRead() {
        lock.lock();
        try {
            return bytesRead;
        } finally {
            lock.unlock();
        }
    }
}
