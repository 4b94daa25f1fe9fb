package dev.edgehost.host.execution;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.FuelExhaustedException;
import dev.edgehost.host.FunctionOverloadedException;
import dev.edgehost.host.GuestTimeoutException;
import dev.edgehost.host.HostFailureException;
import dev.edgehost.host.MethodNotAllowedException;
import dev.edgehost.host.OverloadedException;
import dev.edgehost.host.capability.FunctionLog;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.capability.HostWait;
import dev.edgehost.host.capability.ResponseSink;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.spi.FunctionLogListener;
import dev.edgehost.host.spi.RequestObserver;
import dev.edgehost.host.spi.RequestRecord;
import dev.edgehost.host.spi.RequestSpan;
import dev.edgehost.host.spi.RequestTracer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one way a function request runs, whichever adapter received it ({@code EdgeHost.handle},
 * the Undertow server, the servlet): admission, dispatch to a worker, the guest's run, the record
 * (access log, observers such as metrics, timings), and the mapping of every failure to exactly
 * one {@link EdgeException}. Adapters only translate their request and response types.
 *
 * <p>Admission is bounded by a semaphore (workers plus queue), so overload is refused at once
 * instead of queueing without bound; which admitted request runs next, and how many of one
 * function run at once, is the {@link FairScheduler}'s. The workers bound the guests running
 * Wasm; a guest waiting in a host call gives its worker back and keeps only its carrier thread
 * ({@link CarrierPool}, or a virtual thread per request on Java 21 and later: {@link Carriers};
 * {@link RunningSlot}). Thread-safe.
 */
public final class RequestExecutor implements AutoCloseable {
    /** The MDC key of the function a log line belongs to, set while a request runs. */
    public static final String MDC_FUNCTION = "function";
    /** The MDC key of the request a log line belongs to, set while a request runs. */
    public static final String MDC_REQUEST_ID = "requestId";

    private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);
    private static final long DRAIN_SECONDS = 30;

    private final EdgeRuntime runtime;
    private final ExecutorService workers;
    private final int workerCount;
    private final boolean virtualThreads;
    private final FairScheduler scheduler;
    private final HostOwnedHeaders hostOwnedHeaders;
    private final Semaphore admission;
    private final List<RequestObserver> observers;
    private final LogListeners logListeners;
    private final RequestTracer tracer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong refused = new AtomicLong();
    /** Requests running on their callers' threads now ({@link #submitHere}), which {@link #close} waits for too. */
    private final AtomicInteger runningHere = new AtomicInteger();
    private final AccessLog accessLog = new AccessLog(AccessLog.CAPACITY);

    /**
     * @param workers how many guests run Wasm at once
     * @param carriers how many requests may be under way at once, guests waiting in host calls
     *     included: the threads that carry them (subrequests may take twice as many)
     */
    RequestExecutor(
            EdgeRuntime runtime,
            int workers,
            int carriers,
            int queueSize,
            List<RequestObserver> observers,
            List<FunctionLogListener> logListeners,
            HostOwnedHeaders hostOwnedHeaders,
            RequestTracer tracer) {
        this.runtime = runtime;
        this.tracer = tracer;
        this.hostOwnedHeaders = hostOwnedHeaders;
        this.workerCount = workers;
        this.virtualThreads = VirtualThreads.chosen();
        this.workers = Carriers.create(virtualThreads, workers, Math.max(workers, carriers));
        this.scheduler =
                new FairScheduler(
                        workers, Math.max(workers, carriers), queueSize, Runtime.getRuntime().availableProcessors(), this.workers,
                        System::nanoTime);
        this.admission = new Semaphore(workers + queueSize);
        this.observers = List.copyOf(observers);
        this.logListeners = new LogListeners(logListeners);
    }

    /** The response header naming the version of the function that answered (ABI spec §5.5). */
    public static final String VERSION_HEADER = "x-edge-version";

    /**
     * How one request ended: the guest's response, or the failure the host answers instead.
     *
     * @param version the number of the function's version that ran the request
     */
    public record Outcome(GuestResponse response, EdgeException failure, InvocationStats stats, String requestId, int version) {

        /** The {@code server-timing} header value: instantiation and execution time, and the fuel used. */
        public String serverTiming() {
            return ServerTiming.of(stats);
        }
    }

    /**
     * Runs the request on a worker. The future completes with the outcome, never exceptionally; it
     * completes after the request is recorded and its admission freed, so a client that has its
     * answer can count on the place being free.
     *
     * @throws OverloadedException at once, when every worker and queue place is taken or the host
     *     is shutting down
     * @throws MethodNotAllowedException when the client's method is {@code SCHEDULED}, the host's own
     * @throws dev.edgehost.host.SubrequestDepthException when the request arrived more than 8
     *     fetches deep ({@code x-edge-subrequest-depth}, from another host's fetch)
     */
    public CompletableFuture<Outcome> submit(Deployment deployment, GuestRequest clientRequest, String requestId) {
        if (clientRequest.method().equalsIgnoreCase(ScheduledRuns.METHOD)) {
            throw new MethodNotAllowedException(
                    "the method " + ScheduledRuns.METHOD + " is the host's own, for scheduled runs; a client cannot send it");
        }
        int depth = Subrequests.arrived(clientRequest);
        return dispatch(deployment, hostOwnedHeaders.apply(clientRequest), requestId, depth, Placement.QUEUED);
    }

    /**
     * Runs the request as {@link #submit} does, but on the calling thread when a worker's place
     * is free at once: for a caller that only waits for the outcome ({@code EdgeHost.handle}),
     * which saves the hand-off to a worker and the one back. The place is counted as a worker's,
     * under the same rules; when none is free the request waits for a worker as a submitted one
     * does. Never for a thread that must not run Wasm, such as a server's IO thread.
     *
     * @throws OverloadedException as {@link #submit}
     * @throws MethodNotAllowedException as {@link #submit}
     */
    public CompletableFuture<Outcome> submitHere(Deployment deployment, GuestRequest clientRequest, String requestId) {
        if (clientRequest.method().equalsIgnoreCase(ScheduledRuns.METHOD)) {
            throw new MethodNotAllowedException(
                    "the method " + ScheduledRuns.METHOD + " is the host's own, for scheduled runs; a client cannot send it");
        }
        // Counted before dispatch looks whether the host is closing: close either refuses this
        // request or waits for its record.
        runningHere.incrementAndGet();
        try {
            return dispatch(deployment, hostOwnedHeaders.apply(clientRequest), requestId, Subrequests.arrived(clientRequest), Placement.HERE);
        } finally {
            runningHere.decrementAndGet();
        }
    }

    /**
     * Runs a scheduled run, a request the host made itself, as {@link #submit} runs a client's:
     * admitted, dispatched and recorded alike, under the same limits; its host-owned headers are
     * the scheduler's.
     *
     * @throws OverloadedException at once, when every worker and queue place is taken or the host
     *     is shutting down
     */
    CompletableFuture<Outcome> submitScheduled(Deployment deployment, GuestRequest request, String requestId) {
        return dispatch(deployment, request, requestId, 0, Placement.QUEUED);
    }

    /**
     * Runs a subrequest, a guest's fetch of a function of this host, as {@link #submit} runs a
     * client's: admitted, dispatched to its function's lane, run under its function's limits and
     * recorded alike; its caller waits for it, so it may start while the threads for new requests
     * are all taken. The request's host-owned headers are the host's: the caller's are dropped
     * and {@value Subrequests#DEPTH_HEADER} says how deep it is.
     *
     * @param depth 1 for a subrequest of a client's request, one more for each subrequest deeper
     * @throws OverloadedException at once, when every worker and queue place is taken or the host
     *     is shutting down
     */
    CompletableFuture<Outcome> submitSubrequest(Deployment deployment, GuestRequest request, String requestId, int depth) {
        return dispatch(deployment, Subrequests.hostOwned(hostOwnedHeaders.apply(request), depth), requestId, depth, Placement.SUBREQUEST);
    }

    /** Where a dispatched request waits for its worker. */
    private enum Placement {
        /** In its function's lane, for a worker. */
        QUEUED,
        /** On the calling thread when a worker's place is free at once, else as {@link #QUEUED}. */
        HERE,
        /** In its function's lane, free of the bound on new requests' threads: its caller waits for it. */
        SUBREQUEST
    }

    private CompletableFuture<Outcome> dispatch(Deployment routed, GuestRequest request, String requestId, int depth, Placement placement) {
        if (closed.get()) {
            refused.incrementAndGet();
            throw new OverloadedException("the host is shutting down");
        }
        if (!admission.tryAcquire()) {
            refused.incrementAndGet();
            throw new OverloadedException("every worker is busy; try again later");
        }
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        // The version by the function's traffic settings, from the host-owned client address and headers.
        Deployment deployment = runtime.route(routed, request);
        if (request.responseSink() != null) {
            request.responseSink().addHostHeader(VERSION_HEADER, String.valueOf(deployment.number()));
        }
        String function = deployment.name();
        Runnable task = () -> {
            long start = HostCost.now();
            RunningSlot slot = new RunningSlot(scheduler, function, depth);
            HostWait.bind(slot);
            Outcome result;
            try {
                result = run(deployment, request, requestId);
            } finally {
                HostWait.unbind();
                // Before the outcome, so that a client with its answer finds the function's place free.
                scheduler.finished(function, HostCost.now() - start - slot.waited());
            }
            outcome.complete(result);
        };
        boolean runHere = false;
        try {
            long maxConcurrency = deployment.settings().limits().get(ExecutionLimits.MAX_CONCURRENCY);
            switch (placement) {
                case SUBREQUEST -> scheduler.submitSubrequest(function, maxConcurrency, task);
                case HERE -> runHere = scheduler.submitHere(function, maxConcurrency, task);
                case QUEUED -> scheduler.submit(function, maxConcurrency, task);
            }
        } catch (FunctionOverloadedException e) {
            admission.release();
            refused.incrementAndGet();
            throw e;
        } catch (RejectedExecutionException e) {
            admission.release();
            refused.incrementAndGet();
            throw new OverloadedException("the host is shutting down");
        }
        if (runHere) {
            CallerRun.run(task);
        }
        return outcome;
    }

    private Outcome run(Deployment deployment, GuestRequest request, String requestId) {
        // Every line logged for this request (the guest's, the host's, the access log) carries both;
        // a caller's own values come back after, for a request run on the caller's thread.
        String callerFunction = MDC.get(MDC_FUNCTION);
        String callerRequestId = MDC.get(MDC_REQUEST_ID);
        MDC.put(MDC_FUNCTION, deployment.name());
        MDC.put(MDC_REQUEST_ID, requestId);
        try {
            return record(deployment, request, requestId);
        } finally {
            restore(MDC_FUNCTION, callerFunction);
            restore(MDC_REQUEST_ID, callerRequestId);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private Outcome record(Deployment deployment, GuestRequest request, String requestId) {
        RequestSpan span = RequestSpans.start(tracer, deployment.name(), requestId, request);
        InvocationStats stats = new InvocationStats(span);
        long start = System.nanoTime();
        GuestResponse response = null;
        EdgeException failure = null;
        try {
            response = runtime.invoke(
                    deployment, request, requestId,
                    new FunctionLog(deployment.name(), requestId, RequestSpans.logListener(span, logListeners.orNull())), stats);
        } catch (EdgeException e) {
            failure = e;
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("request {} to {} failed inside the host", requestId, deployment.name(), e);
            failure = new HostFailureException("the host failed to handle the request", e);
        } finally {
            admission.release();
        }
        // Every hard limit counts: a function that traps at its memory cap or stack again and again abuses the cores as a loop does.
        if (failure instanceof FuelExhaustedException || failure instanceof GuestTimeoutException || stats.limitReached() != null) {
            scheduler.strike(deployment.name());
        }
        // A flushed response ends here: whole when the guest succeeded, cut when it failed after.
        ResponseSink sink = request.responseSink();
        boolean streamed = sink != null && sink.started();
        if (streamed) {
            sink.finish(failure != null);
        }
        long totalNanos = System.nanoTime() - start;
        int status = streamed ? sink.status() : failure == null ? response.status() : failure.error().status();
        long bytesOut = streamed ? sink.bytesSent() : failure == null ? response.bodyLength() : 0;
        RequestRecord record =
                new RequestRecord(
                        requestId,
                        deployment.name(),
                        deployment.version(),
                        request.method(),
                        status,
                        request.bodyLength(),
                        bytesOut,
                        stats.fuelUsed(),
                        stats.instantiateNanos(),
                        stats.executeNanos(),
                        totalNanos,
                        stats.kvOperations(),
                        stats.fetches(),
                        failure == null ? null : failure.error().code(),
                        RequestSpans.traceId(span),
                        RequestSpans.spanId(span),
                        deployment.number(),
                        stats.fetchCache());
        accessLog.record(record);
        span.end(record);
        for (RequestObserver observer : observers) {
            observer.finished(record);
        }
        logListeners.finished(record, request, failure == null ? null : failure.getMessage() + failure.detail());
        return new Outcome(response, failure, stats, requestId, deployment.number());
    }

    /** Whether requests are still admitted. */
    boolean accepting() {
        return !closed.get();
    }

    /** How many guests may run Wasm at once: the workers. */
    public int workerCount() {
        return workerCount;
    }

    /** Guests running Wasm now, of at most {@link #workerCount()}. */
    public int busyWorkers() {
        return scheduler.running();
    }

    /** Guests waiting in a host call now (a fetch, a remote key-value call): under way, but holding no worker. */
    public int waitingGuests() {
        return scheduler.suspended();
    }

    /** The threads carrying requests now, running and waiting ones: one per request on virtual threads. */
    public int carrierThreads() {
        return workers instanceof ThreadPoolExecutor pool ? pool.getPoolSize() : scheduler.running() + scheduler.suspended();
    }

    /** Whether requests run on virtual threads (Java 21 or later) rather than the carrier pool. */
    public boolean virtualThreads() {
        return virtualThreads;
    }

    /** Admitted requests waiting for a worker now. */
    public int queuedRequests() {
        return scheduler.waiting();
    }

    /** The functions throttled now, for reaching their limits (fuel, deadline, memory, stack) again and again. */
    public List<String> throttledFunctions() {
        return scheduler.throttled();
    }

    /** Requests refused as overloaded (every place taken, or shutting down) so far. */
    public long refusedRequests() {
        return refused.get();
    }

    /** Access log lines dropped so far because its writer fell behind (see {@link AccessLog}). */
    public long droppedAccessLogLines() {
        return accessLog.dropped();
    }

    /** Waits, within the drain time, for the requests running on their callers' threads to be recorded. */
    private void awaitCallerRuns() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        while (runningHere.get() > 0 && System.nanoTime() - until < 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Refuses new requests and lets running ones finish, for up to 30 s; then writes the access log's last lines. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Admitted requests still waiting run, whatever the sharing rules; none are admitted after.
        scheduler.drain();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("requests still running after {} s; stopping them", DRAIN_SECONDS);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        awaitCallerRuns();
        accessLog.close();
    }
}
