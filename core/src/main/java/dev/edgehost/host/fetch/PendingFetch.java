package dev.edgehost.host.fetch;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.FetchResponse;
import dev.edgehost.host.capability.HeaderBlock;
import dev.edgehost.host.capability.HostWait;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One fetch under its handle, from the moment it starts: its hops (each redirect checked by policy
 * before it is sent), then the final response, whose status and headers the guest waits for and
 * whose body it reads as it arrives, all within the fetch's time limit. Failures are kept and
 * given to every later call. Cancelling drops the origin's connection. The guest's thread calls
 * every method but {@link #isDone()}, which any thread may call.
 */
final class PendingFetch implements FetchResponse {
    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Sender sender;
    private final String method;
    private final long untilNanos;
    private final long timeoutMillis;
    private final Consumer<AbiErrorException> onFailure;
    private final CompletableFuture<Hop> result = new CompletableFuture<>();
    private volatile Hop current;
    private volatile boolean cancelled;
    private Hop ready;
    private HeaderBlock headers;
    private AbiErrorException failure;

    /** Checks one hop against the policy and starts its exchange. */
    @FunctionalInterface
    interface Sender {
        /** @throws AbiErrorException when the policy refuses the hop or the request is malformed */
        Hop send(String method, URI url, byte[] body);
    }

    /** One hop's exchange: where it went, its response as it arrives, and the handle that cancels it. */
    record Hop(URI url, StreamedResponse response, Future<Void> exchange) {
        void cancel() {
            exchange.cancel(true);
            response.body().fail(new IOException("fetch cancelled"));
        }
    }

    /**
     * @param untilNanos {@link System#nanoTime()} at which waiting for this fetch gives up
     * @param timeoutMillis the time limit the guest is told of when waiting gave up
     * @param onFailure told of the failure the guest sees, once
     */
    PendingFetch(Sender sender, String method, long untilNanos, long timeoutMillis, Consumer<AbiErrorException> onFailure) {
        this.sender = sender;
        this.method = method;
        this.untilNanos = untilNanos;
        this.timeoutMillis = timeoutMillis;
        this.onFailure = onFailure;
    }

    /**
     * Sends the first hop; later hops follow as responses arrive.
     *
     * @throws AbiErrorException when the first hop is refused
     */
    void start(URI target, byte[] body) {
        follow(0, method, target, body);
    }

    private void follow(int hop, String hopMethod, URI url, byte[] body) {
        Hop sent = sender.send(hopMethod, url, body);
        current = sent;
        if (cancelled) {
            sent.cancel();
        }
        CompletableFuture<StreamedResponse.Head> arrived = sent.response().head();
        BiConsumer<StreamedResponse.Head, Throwable> onHead = (head, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            String location = new HeaderBlock(head.headers()).get("location");
            if (!REDIRECTS.contains(head.status()) || location == null) {
                if (head.contentLength() > sent.response().body().maxBytes()) {
                    sent.cancel();
                    result.completeExceptionally(new BoundedBody.TooLargeException(sent.response().body().maxBytes()));
                } else {
                    result.complete(sent);
                }
                return;
            }
            sent.cancel();
            try {
                if (hop == MAX_REDIRECTS) {
                    throw new AbiErrorException(ErrorCode.UPSTREAM_FAILURE, "more than " + MAX_REDIRECTS + " redirects");
                }
                URI next = FunctionFetch.parseUrl(url.resolve(location.trim()).toString());
                boolean becomesGet = head.status() == 303 || ((head.status() == 301 || head.status() == 302) && method.equals("POST"));
                follow(hop + 1, becomesGet ? "GET" : hopMethod, next, becomesGet ? new byte[0] : body);
            } catch (AbiErrorException | IllegalArgumentException e) {
                result.completeExceptionally(e);
            }
        };
        if (arrived.isDone()) {
            // Served from the cache on this thread: no hop to another one to look at what is already here.
            arrived.whenComplete(onHead);
        } else {
            // Off the client's I/O thread, which must not send the next hop itself.
            arrived.whenCompleteAsync(onHead);
        }
    }

    /** Whether the response's status and headers are in, or the fetch failed. */
    boolean isDone() {
        return result.isDone();
    }

    /** The future that completes when {@link #isDone()} becomes true. */
    CompletableFuture<?> done() {
        return result;
    }

    /**
     * Waits for the status and headers.
     *
     * @throws AbiErrorException with the code the guest gets when the fetch failed or ran out of time
     */
    Hop awaitHead() {
        if (ready != null) {
            return ready;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            if (!result.isDone()) {
                // The guest gives its worker back while the origin answers.
                HostWait waiting = HostWait.begin();
                try {
                    result.get(Math.max(untilNanos - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
                } finally {
                    waiting.end();
                }
            }
            ready = result.get(0, TimeUnit.NANOSECONDS);
            headers = new HeaderBlock(ready.response().head().join().headers());
            return ready;
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        } catch (CancellationException e) {
            throw failed(e);
        } catch (TimeoutException e) {
            throw timedOut();
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    /** Waits for the whole response, body included. */
    void awaitWhole() {
        Hop hop = awaitHead();
        HostWait waiting = HostWait.beginIf(!hop.response().body().settled());
        try {
            hop.response().body().awaitEnd(untilNanos);
        } catch (IOException e) {
            throw failed(e);
        } catch (TimeoutException e) {
            throw timedOut();
        } catch (InterruptedException e) {
            throw interrupted();
        } finally {
            waiting.end();
        }
    }

    @Override
    public int status() {
        return awaitHead().response().head().join().status();
    }

    @Override
    public String header(String lowerCaseName) {
        awaitHead();
        return headers.get(lowerCaseName);
    }

    @Override
    public String headerLines() {
        awaitHead();
        return headers.lines();
    }

    @Override
    public int readBody(byte[] target, int offset, int length) {
        Hop hop = awaitHead();
        if (failure != null) {
            throw failure;
        }
        HostWait waiting = HostWait.beginIf(!hop.response().body().readable());
        try {
            return hop.response().body().read(target, offset, length, untilNanos);
        } catch (IOException e) {
            throw failed(e);
        } catch (TimeoutException e) {
            throw timedOut();
        } catch (InterruptedException e) {
            throw interrupted();
        } finally {
            waiting.end();
        }
    }

    /** Stops the fetch: its exchange is aborted and the origin's connection dropped. */
    void cancel() {
        cancelled = true;
        Hop hop = current;
        if (hop != null) {
            hop.cancel();
        }
        result.cancel(false);
    }

    /** The failure as the guest sees it, kept for every later call. */
    private AbiErrorException failed(Throwable cause) {
        cancel();
        failure = map(cause);
        onFailure.accept(failure);
        return failure;
    }

    private AbiErrorException map(Throwable cause) {
        if (cause instanceof AbiErrorException) {
            return (AbiErrorException) cause;
        }
        if (cause instanceof PinnedResolver.RefusedAddressException) {
            return new AbiErrorException(ErrorCode.DENIED, cause.getMessage());
        }
        if (cause instanceof UnknownHostException) {
            return new AbiErrorException(ErrorCode.UPSTREAM_FAILURE, "unknown host " + cause.getMessage());
        }
        if (cause instanceof BoundedBody.TooLargeException) {
            return new AbiErrorException(ErrorCode.UPSTREAM_FAILURE, cause.getMessage());
        }
        if (cause instanceof IllegalArgumentException) {
            return new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "the HTTP client refused the request: " + cause.getMessage());
        }
        Hop hop = current;
        URI url = hop == null ? null : hop.url();
        String origin = url == null ? "the origin" : url.getScheme() + "://" + url.getRawAuthority();
        return new AbiErrorException(ErrorCode.UPSTREAM_FAILURE, "no answer from " + origin + ": " + cause);
    }

    private AbiErrorException timedOut() {
        cancel();
        Hop hop = current;
        String url = hop == null ? "the origin" : FunctionFetch.withoutQuery(hop.url().toString());
        failure = new AbiErrorException(ErrorCode.UPSTREAM_FAILURE, "fetch of " + url + " did not complete within " + timeoutMillis + " ms");
        onFailure.accept(failure);
        return failure;
    }

    /** The request's deadline interrupted the worker: the fetch stops, and so does the guest, as everywhere else. */
    private ChicoryInterruptedException interrupted() {
        cancel();
        Thread.currentThread().interrupt();
        return new ChicoryInterruptedException("deadline reached during a fetch");
    }
}
