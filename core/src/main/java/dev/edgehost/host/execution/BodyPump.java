package dev.edgehost.host.execution;

import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.capability.ArrivingBody;
import dev.edgehost.host.registry.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the rest of a request body that is still arriving from a blocking stream (a servlet
 * container's, for {@code EdgeHost.handle}) into the {@link ArrivingBody} the guest reads, on the
 * thread that waits for the guest anyway: at most {@link ArrivingBody#MAX_QUEUED} ahead of the
 * guest, held to the function's body limit as the bytes come, and only until the guest is done.
 * The guest waits for bytes interruptibly, so the request's deadline ends a wait on a stalled
 * client; a read that is blocked when the guest finishes holds only this thread, until the
 * client sends or the container's read timeout ends it. Used by one thread.
 */
final class BodyPump {
    private static final int CHUNK = 64 << 10;
    /** How often a pump held back by a full window checks whether the guest is done. */
    private static final long CHECK_MILLIS = 20;

    private final InputStream rest;
    private final long maxBytes;
    private final Semaphore resumed = new Semaphore(0);
    private final ArrivingBody body;
    private long received;

    /**
     * @param first the bytes of the body read already
     * @param tooLargeMessage what the guest's failure says when the body passes {@code maxBytes}
     */
    BodyPump(byte[] first, InputStream rest, long maxBytes, String tooLargeMessage) {
        this.rest = rest;
        this.maxBytes = maxBytes;
        this.body = new ArrivingBody(tooLargeMessage, resumed::release);
        this.received = first.length;
        body.offer(first);
    }

    /** The pump for a body still arriving, for a guest that can read it so; {@code null} for a body given whole. */
    static BodyPump forRequest(Deployment deployment, EdgeRequest request) {
        FunctionLimits limits = deployment.settings().limits();
        return request.bodyRest()
                .filter(rest -> deployment.mode() != FunctionMode.CGI)
                .map(rest -> new BodyPump(request.body(), rest, limits.maxRequestBodyBytes(), RequestLimits.bodyTooLarge(limits)))
                .orElse(null);
    }

    /** The whole body: a CGI program is told its length before it starts, so the rest of one still arriving is read first. */
    static byte[] wholeBody(Deployment deployment, EdgeRequest request) {
        byte[] first = request.body();
        if (request.bodyRest().isEmpty()) {
            return first;
        }
        long limit = deployment.settings().limits().maxRequestBodyBytes();
        try {
            byte[] rest = request.bodyRest().get().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit - first.length + 1));
            RequestLimits.checkBody(deployment.settings().limits(), (long) first.length + rest.length);
            byte[] body = Arrays.copyOf(first, first.length + rest.length);
            System.arraycopy(rest, 0, body, first.length, rest.length);
            return body;
        } catch (IOException e) {
            throw new BadRequestException("the client went away before the end of its body: " + e.getMessage(), e);
        }
    }

    /** The body for the guest's request. */
    ArrivingBody body() {
        return body;
    }

    /** Reads the rest into the body as the guest makes room, until the body ends, fails, or {@code guest} is done. */
    void pumpUntil(Future<?> guest) {
        boolean paused = false;
        while (!guest.isDone()) {
            if (paused) {
                if (!awaitRoom(guest)) {
                    return;
                }
                paused = false;
            }
            byte[] chunk = new byte[CHUNK];
            int n;
            try {
                n = rest.read(chunk);
            } catch (IOException e) {
                body.fail("the client went away before the end of its body: " + e.getMessage());
                return;
            }
            if (n < 0) {
                body.complete();
                return;
            }
            received += n;
            if (received > maxBytes) {
                body.tooLarge();
                return;
            }
            paused = !body.offer(n == CHUNK ? chunk : Arrays.copyOf(chunk, n));
        }
    }

    /** Waits until the guest has read the window down; false when the guest is done first or the pump was interrupted. */
    private boolean awaitRoom(Future<?> guest) {
        try {
            while (!resumed.tryAcquire(CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (guest.isDone()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
