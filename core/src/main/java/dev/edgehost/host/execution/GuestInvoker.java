package dev.edgehost.host.execution;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.FuelExhaustedException;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.GuestExitException;
import dev.edgehost.host.GuestTimeoutException;
import dev.edgehost.host.GuestTrapException;
import dev.edgehost.host.capability.CryptoCapability;
import dev.edgehost.host.capability.EnvironmentCapability;
import dev.edgehost.host.capability.GuestCapabilities;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.capability.HostWork;
import dev.edgehost.host.capability.JdkCrypto;
import dev.edgehost.host.capability.LogCapability;
import dev.edgehost.host.capability.LogLineStream;
import dev.edgehost.host.capability.ProcExitException;
import dev.edgehost.host.capability.WasiProcess;
import dev.edgehost.host.cgi.CgiExchange;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.fetch.FunctionFetch;
import dev.edgehost.host.fetch.TraceParent;
import dev.edgehost.host.fetch.TracedFetch;
import dev.edgehost.host.fuel.FuelGauge;
import dev.edgehost.host.instances.InstanceSource;
import dev.edgehost.host.instances.MemoryCap;
import dev.edgehost.host.kv.FunctionKv;
import dev.edgehost.host.kv.TracedKv;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.RequestSpan;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * Runs one request of a function in an instance from its {@link InstanceSource} (fresh, or pooled
 * and restored to its snapshot), with the request's own host functions: {@code _initialize} if the
 * snapshot does not hold it, then {@code handle} (or, in CGI mode, {@code _start}, with the
 * request as its process and its standard output read as the response; or, for a scheduled run,
 * the entry {@link ScheduledEntry} chooses), all under the wall-clock
 * deadline; then maps how the guest ended to a response or to exactly one failure class.
 */
public final class GuestInvoker {
    private final DeadlineWatchdog deadlines;
    private final KvBackend kv;
    private final FetchClients fetchClients;
    private final SecureRandom random = new SecureRandom();
    private final CryptoCapability crypto = new JdkCrypto();
    private final EnvironmentCapability environment =
            new EnvironmentCapability() {
                @Override
                public long nowMillis() {
                    return System.currentTimeMillis();
                }

                @Override
                public long nowNanos() {
                    Instant now = Instant.now();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                }

                @Override
                public void fillRandom(byte[] target) {
                    random.nextBytes(target);
                }
            };

    public GuestInvoker(DeadlineWatchdog deadlines, KvBackend kv, FetchClients fetchClients) {
        this.deadlines = deadlines;
        this.kv = kv;
        this.fetchClients = fetchClients;
    }

    public GuestResponse invoke(
            Deployment deployment,
            InstanceSource source,
            GuestRequest request,
            String requestId,
            LogCapability log,
            InvocationStats stats) {
        return invoke(deployment, source, request, requestId, log, stats, true);
    }

    /** Gets an instance ready exactly as {@link #invoke} does, and gives it back without running it. */
    public void instantiateOnly(Deployment deployment, InstanceSource source) {
        GuestRequest request = new GuestRequest("GET", "http://localhost/", List.of(), new byte[0]);
        invoke(deployment, source, request, "instantiate-only", (level, message) -> { }, new InvocationStats(), false);
    }

    private GuestResponse invoke(
            Deployment deployment,
            InstanceSource source,
            GuestRequest request,
            String requestId,
            LogCapability log,
            InvocationStats stats,
            boolean runGuest) {
        FunctionLimits limits = deployment.settings().limits();
        long deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
        GuestResponse response =
                new GuestResponse(
                        limits.maxResponseBodyBytes(), limits.maxResponseHeaders(), limits.maxResponseHeaderBytes(), request.responseSink());
        FunctionKv functionKv =
                new FunctionKv(kv, FunctionKv.namespace(deployment.name(), deployment.settings().kvStore()), limits);
        RequestSpan span = stats.span();
        // A traced request's fetches continue its own span, so that each fetch span is its child.
        TraceParent trace = TraceParent.continueOrStart(span == RequestSpan.NONE ? request.header("traceparent") : span.traceparent());
        FunctionFetch fetch =
                new FunctionFetch(
                        fetchClients,
                        deployment.fetchAllowList(),
                        limits,
                        requestId,
                        trace,
                        deadlineNanos,
                        deployment.name(),
                        log,
                        deployment.settings().fetchCache());
        FuelGauge fuel = new FuelGauge(source.compiled().instrumented(), limits.fuel());
        HostWork work = new HostWork(fuel, deadlineNanos);
        CgiExchange cgi =
                deployment.description().mode() == FunctionMode.CGI
                        ? CgiExchange.start(deployment.name(), deployment.settings(), request, requestId, log)
                        : null;
        // Only a module that imports WASI has a process to see, its output going to the function's log.
        LogLineStream stdout = null;
        LogLineStream stderr = null;
        WasiProcess process = null;
        if (cgi != null) {
            process = cgi.process();
        } else if (source.compiled().importModules().contains(Abi.WASI_MODULE)) {
            stdout = new LogLineStream(log, LogLevel.INFO);
            stderr = new LogLineStream(log, LogLevel.WARN);
            process = new WasiProcess(
                    List.of(deployment.name()), List.copyOf(deployment.settings().config().entrySet()), new byte[0], stdout, stderr);
        }
        // The instance's host functions are made once; this request points them at its own state.
        GuestCapabilities capabilities =
                new GuestCapabilities(
                        request,
                        response,
                        log,
                        deployment.settings()::configValue,
                        environment,
                        span == RequestSpan.NONE ? functionKv : new TracedKv(functionKv, span, kvStoreName(deployment)),
                        span == RequestSpan.NONE ? fetch : new TracedFetch(fetch, trace, span),
                        crypto,
                        work,
                        process);
        try {
            try {
                run(deployment, source, capabilities, limits, fuel, work, stats, runGuest, ScheduledEntry.of(deployment, request));
            } catch (GuestExitException | GuestTrapException e) {
                throw cgi == null ? e : cgi.failure(e);
            }
            if (cgi != null && runGuest) {
                cgi.respond(response);
            }
        } finally {
            fetch.end();
            stats.recordCalls(functionKv.operations(), fetch.fetches());
            stats.recordFetchCache(fetch.cacheCounts());
            if (cgi != null) {
                cgi.close();
            }
            if (stdout != null) {
                stdout.close();
                stderr.close();
            }
        }
        return response;
    }

    private void run(
            Deployment deployment,
            InstanceSource source,
            GuestCapabilities capabilities,
            FunctionLimits limits,
            FuelGauge fuel,
            HostWork work,
            InvocationStats stats,
            boolean runGuest,
            String entry) {
        Deadline deadline = new Deadline(deadlines, limits.timeout());
        long start = System.nanoTime();
        long instantiated = start;
        InstanceSource.RequestInstance instance = null;
        boolean completed = false;
        try (deadline) {
            MemoryCap.clear();
            instance = source.instantiate(capabilities, fuel);
            instantiated = System.nanoTime();
            if (runGuest) {
                instance.run(entry);
            }
            completed = true;
        } catch (ProcExitException e) {
            if (e.exitCode() != 0) {
                throw new GuestExitException("the guest exited with code " + e.exitCode(), e);
            }
        } catch (ChicoryException e) {
            RuntimeException failure = failure(e, deadline, work, limits, fuel, where(e, deployment, source));
            if (failure instanceof GuestTrapException) {
                stats.limitReached(trapLimit(e));
            }
            throw failure;
        } catch (StackOverflowError e) {
            stats.limitReached("stack");
            throw new GuestTrapException("call stack exhausted", e).withDetail(where(e, deployment, source));
        } finally {
            long end = System.nanoTime();
            stats.record(fuel.used(), instantiated - start, end - instantiated);
            if (instance != null) {
                instance.finish(completed);
            }
        }
    }

    /** The store a function's key-value calls go to, as spans name it: its shared store, or its own. */
    private static String kvStoreName(Deployment deployment) {
        String shared = deployment.settings().kvStore();
        return shared == null ? deployment.name() : shared;
    }

    /** The hard limit a trap came from, for the penalty box: {@code memory} growth refused at the cap, the call {@code stack}, or none. */
    private static String trapLimit(ChicoryException e) {
        if (MemoryCap.refused()) {
            return "memory";
        }
        return String.valueOf(e.getMessage()).contains("call stack exhausted") ? "stack" : null;
    }

    /** Where in the module the guest stopped, the failure's detail: empty unless it can be told. */
    private static String where(Throwable e, Deployment deployment, InstanceSource source) {
        return TrapTrace.describe(e, source.compiled().module(), deployment.wasm());
    }

    /**
     * Why the guest stopped: fuel and the deadline are told apart from the guest's own traps, also
     * when a host function stopped it (it charged fuel the guest did not have, or saw the deadline
     * pass, perhaps a moment before the timer did).
     */
    private static RuntimeException failure(
            ChicoryException e, Deadline deadline, HostWork work, FunctionLimits limits, FuelGauge fuel, String where) {
        if (fuel.exhausted()) {
            return new FuelExhaustedException("the function used up its fuel of " + limits.fuel(), e).withDetail(where);
        }
        if (e instanceof ChicoryInterruptedException || deadline.expired()) {
            return timeoutOrTrap(deadline, work, limits, e, where);
        }
        return new GuestTrapException(trapMessage(e), e).withDetail(where);
    }

    private static RuntimeException timeoutOrTrap(
            Deadline deadline, HostWork work, FunctionLimits limits, ChicoryException e, String where) {
        if (deadline.expired() || work.pastDeadline()) {
            return new GuestTimeoutException("the function ran past its deadline of " + limits.timeout().toMillis() + " ms", e)
                    .withDetail(where);
        }
        return new GuestTrapException("the guest was interrupted", e);
    }

    private static String trapMessage(ChicoryException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "the guest trapped" : "the guest trapped: " + message;
    }
}
