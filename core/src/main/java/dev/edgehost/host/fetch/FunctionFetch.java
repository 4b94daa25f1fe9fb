package dev.edgehost.host.fetch;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.SubrequestDepthException;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.FetchCapability;
import dev.edgehost.host.capability.FetchResponse;
import dev.edgehost.host.capability.HostWait;
import dev.edgehost.host.capability.LogCapability;
import dev.edgehost.host.spi.FetchCacheCounts;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's outbound fetches (ABI spec §12): checks every hop against the allow-list and the
 * address policy, adds the request id and trace context, enforces the limits, and keeps the
 * responses under handles until the request ends.
 */
public final class FunctionFetch implements FetchCapability {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionFetch.class);
    /** Failed fetches logged per request: a guest looping over refused fetches cannot flood the log. */
    static final int MAX_LOGGED_FAILURES = 10;
    private static final long DEADLINE_GRACE_NANOS = 250_000_000;
    /** What {@link #awaitAny} returns when no fetch is ready in time. */
    static final int NONE_READY = -1;
    /**
     * How much of a started fetch's body may wait for the guest to read it: the origin is held
     * back beyond it, so host memory stays bounded however large the body.
     */
    static final int STREAM_WINDOW = 256 << 10;

    private final FetchClients clients;
    private final OriginAllowList allowList;
    private final FunctionLimits limits;
    private final String requestId;
    private final TraceParent trace;
    private final long deadlineNanos;
    private final String function;
    private final LogCapability log;
    private final boolean cached;
    private final AtomicIntegerArray cacheResults = new AtomicIntegerArray(CacheResult.values().length);
    private final Map<Integer, PendingFetch> responses = new HashMap<>();
    private int fetches;
    private int lastHandle;
    private int loggedFailures;

    /** @param deadlineNanos {@link System#nanoTime()} at which the request's deadline ends */
    public FunctionFetch(
            FetchClients clients,
            OriginAllowList allowList,
            FunctionLimits limits,
            String requestId,
            TraceParent trace,
            long deadlineNanos) {
        this(clients, allowList, limits, requestId, trace, deadlineNanos, "-", (level, message) -> { });
    }

    /**
     * @param function the function fetching, for the host's log of failed fetches
     * @param log where those failures are noted beside the guest's own log lines
     */
    public FunctionFetch(
            FetchClients clients,
            OriginAllowList allowList,
            FunctionLimits limits,
            String requestId,
            TraceParent trace,
            long deadlineNanos,
            String function,
            LogCapability log) {
        this(clients, allowList, limits, requestId, trace, deadlineNanos, function, log, true);
    }

    /** @param cached whether the function's GET and HEAD fetches go through the host's HTTP cache ({@code fetch-cache}) */
    public FunctionFetch(
            FetchClients clients,
            OriginAllowList allowList,
            FunctionLimits limits,
            String requestId,
            TraceParent trace,
            long deadlineNanos,
            String function,
            LogCapability log,
            boolean cached) {
        this.cached = cached;
        this.clients = clients;
        this.allowList = allowList;
        this.limits = limits;
        this.requestId = requestId;
        this.trace = trace;
        this.deadlineNanos = deadlineNanos;
        this.function = function;
        this.log = log;
    }

    @Override
    public int fetch(String method, String url, String headerLines, byte[] body) {
        int handle = start(method, url, headerLines, body, wholeWindow());
        try {
            responses.get(handle).awaitWhole();
            return handle;
        } catch (AbiErrorException e) {
            responses.remove(handle);
            throw e;
        }
    }

    @Override
    public int start(String method, String url, String headerLines, byte[] body) {
        return start(method, url, headerLines, body, STREAM_WINDOW);
    }

    /** @param window how much of the body may wait for the guest: all of it for {@code fetch} */
    private int start(String method, String url, String headerLines, byte[] body, int window) {
        try {
            if (method.isEmpty() || !method.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "invalid method");
            }
            URI target = parseUrl(url);
            List<Map.Entry<String, String>> headers = RequestHeaderLines.parse(headerLines);
            if (fetches >= limits.fetchMaxRequests()) {
                throw new AbiErrorException(ErrorCode.LIMIT_EXCEEDED, "at most " + limits.fetchMaxRequests() + " fetches per request");
            }
            fetches++;
            long now = System.nanoTime();
            long remainingNanos = deadlineNanos - now;
            Duration timeout = limits.fetchTimeout();
            boolean deadlineFirst = remainingNanos < timeout.toNanos();
            if (deadlineFirst) {
                timeout = Duration.ofNanos(Math.max(remainingNanos, 1));
            }
            // When the request's deadline comes first, its interrupt of the worker is what ends the
            // fetch and the guest, as timed out; waiting lasts a little longer so that it comes first.
            long untilNanos = now + timeout.toNanos() + (deadlineFirst ? DEADLINE_GRACE_NANOS : 0);
            // Taken on the guest's thread: later hops (redirects) are sent from the client's.
            HostWait.Slot slot = HostWait.current();
            int depth = slot == null ? 0 : slot.subrequestDepth();
            PendingFetch pending =
                    new PendingFetch(
                            (hopMethod, hopUrl, hopBody) -> send(hopMethod, hopUrl, headers, hopBody, window, depth),
                            method,
                            untilNanos,
                            timeout.toMillis(),
                            failure -> logFailure(method, url, failure));
            try {
                pending.start(target, body);
            } catch (AbiErrorException e) {
                pending.cancel();
                throw e;
            }
            responses.put(++lastHandle, pending);
            return lastHandle;
        } catch (AbiErrorException e) {
            logFailure(method, url, e);
            throw e;
        }
    }

    /**
     * Tells the operator, and whoever follows the function's log, which fetch failed and why: the
     * URL without its query or fragment (where secrets travel), and at most a few per request.
     */
    private void logFailure(String method, String url, AbiErrorException failure) {
        if (loggedFailures >= MAX_LOGGED_FAILURES) {
            return;
        }
        loggedFailures++;
        String outcome = failure.code() == ErrorCode.DENIED || failure.code() == ErrorCode.LIMIT_EXCEEDED ? "refused" : "failed";
        String line = "fetch " + outcome + ": " + printable(method) + " " + withoutQuery(url) + ": " + failure.getMessage()
                + " (" + failure.code().name().toLowerCase(Locale.ROOT) + ")"
                + (loggedFailures == MAX_LOGGED_FAILURES ? "; further failed fetches of this request are not logged" : "");
        LOG.warn("[{} {}] {}", function, requestId, line);
        log.hostNote(LogLevel.WARN, line);
    }

    /** The URL as far as its path: scheme, host, port and path, never the query or fragment. */
    static String withoutQuery(String url) {
        int end = url.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = url.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return printable(url.substring(0, end));
    }

    /** Control characters replaced, so that a guest's string cannot forge log lines; at most 512 characters. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().limit(512).forEach(c -> out.append(c < 32 || c == 127 ? '?' : (char) c));
        return out.toString();
    }

    /** Fetches made so far. */
    public int fetches() {
        return fetches;
    }

    /** How the cache answered this request's fetches so far. */
    public FetchCacheCounts cacheCounts() {
        // Most requests fetch nothing: no counts to read (five volatile reads) or object to make.
        if (fetches == 0) {
            return FetchCacheCounts.NONE;
        }
        return new FetchCacheCounts(
                cacheResults(CacheResult.HIT),
                cacheResults(CacheResult.MISS),
                cacheResults(CacheResult.REVALIDATED),
                cacheResults(CacheResult.STALE),
                cacheResults(CacheResult.BYPASS));
    }

    /** How many of this request's fetched responses the cache answered as {@code result}, so far. */
    public int cacheResults(CacheResult result) {
        return cacheResults.get(result.ordinal());
    }

    @Override
    public FetchResponse response(int handle) {
        FetchResponse response = responses.get(handle);
        if (response == null) {
            throw new AbiErrorException(ErrorCode.BAD_HANDLE, "no response " + handle);
        }
        return response;
    }

    @Override
    public void close(int handle) {
        PendingFetch pending = responses.remove(handle);
        if (pending == null) {
            throw new AbiErrorException(ErrorCode.BAD_HANDLE, "no response " + handle);
        }
        pending.cancel();
    }

    @Override
    public void await(int handle) {
        pending(handle).awaitHead();
    }

    @Override
    public int awaitAny(int[] handles, long timeoutMillis) {
        List<PendingFetch> waited = new ArrayList<>(handles.length);
        for (int handle : handles) {
            waited.add(pending(handle));
        }
        long untilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            for (int index = 0; index < waited.size(); index++) {
                if (waited.get(index).isDone()) {
                    return index;
                }
            }
            long left = untilNanos - System.nanoTime();
            if (left <= 0) {
                return NONE_READY;
            }
            HostWait waiting = HostWait.begin();
            try {
                CompletableFuture.anyOf(waited.stream().map(PendingFetch::done).toArray(CompletableFuture[]::new))
                        .get(left, TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException | TimeoutException e) {
                // One is done, or none in time: the loop looks again.
            } catch (InterruptedException e) {
                // The request's deadline interrupted the worker: stop the guest, as everywhere else.
                Thread.currentThread().interrupt();
                throw new ChicoryInterruptedException("deadline reached while waiting for fetches");
            } finally {
                waiting.end();
            }
        }
    }

    /** Ends the request's fetches: every one still running is cancelled and its handle dies. */
    public void end() {
        responses.values().forEach(PendingFetch::cancel);
        responses.clear();
    }

    private PendingFetch pending(int handle) {
        PendingFetch pending = responses.get(handle);
        if (pending == null) {
            throw new AbiErrorException(ErrorCode.BAD_HANDLE, "no response " + handle);
        }
        return pending;
    }

    static URI parseUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "not an absolute http(s) URL without user info");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "malformed URL");
        }
    }

    /**
     * Checks one hop against the allow-list and starts it. The address policy is applied where the
     * connection resolves the name ({@link PinnedResolver}): non-public addresses are refused
     * unless the entry names the host exactly.
     */
    private PendingFetch.Hop send(
            String method, URI url, List<Map.Entry<String, String>> headers, byte[] body, int window, int depth) {
        OriginAllowList.Entry entry = allowList.match(url);
        if (entry == null) {
            throw new AbiErrorException(ErrorCode.DENIED, "origin not on the allow-list: " + url.getScheme() + "://" + url.getAuthority());
        }
        SelfDispatch self = clients.self();
        // The host's own listener is on a loopback or private address, which the address policy
        // lets a fetch reach only when the allow-list names the host exactly: so here too.
        if (self != null && entry.explicit() && self.isSelf(url)) {
            return sendToSelf(self, method, url, headers, body, depth);
        }
        if (depth + 1 > SubrequestDepth.MAX) {
            return refusedTooDeep(url, depth + 1);
        }
        BasicHttpRequest request = new BasicHttpRequest(method, url);
        request.addHeader("x-request-id", requestId);
        request.addHeader("traceparent", trace.newSpan());
        headers.forEach(header -> request.addHeader(header.getKey(), header.getValue()));
        // The host's count in place of any the guest set, so that hosts fetching each other in a loop stop too.
        request.removeHeaders(SubrequestDepth.HEADER);
        request.addHeader(SubrequestDepth.HEADER, String.valueOf(depth + 1));
        StreamedResponse response = new StreamedResponse(limits.fetchMaxResponseBytes(), window);
        try {
            Future<Void> exchange =
                    clients.function(function, limits.fetchConnectTimeout(), cached, limits.fetchMaxResponseBytes())
                            .execute(
                                    entry.explicit(),
                                    request,
                                    body.length > 0 ? AsyncEntityProducers.create(body, null) : null,
                                    response,
                                    result -> cacheResults.incrementAndGet(result.ordinal()));
            return new PendingFetch.Hop(url, response, exchange);
        } catch (IllegalArgumentException e) {
            throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "the HTTP client refused the request: " + e.getMessage());
        }
    }

    /** Runs a fetch of this host's own listener in process, as a subrequest of the function it names. */
    private PendingFetch.Hop sendToSelf(
            SelfDispatch self, String method, URI url, List<Map.Entry<String, String>> headers, byte[] body, int depth) {
        List<Map.Entry<String, String>> sent = new ArrayList<>(headers.size() + 2);
        sent.add(Map.entry("x-request-id", requestId));
        sent.add(Map.entry("traceparent", trace.newSpan()));
        sent.addAll(headers);
        StreamedResponse response = new StreamedResponse(limits.fetchMaxResponseBytes(), STREAM_WINDOW);
        CompletableFuture<SelfDispatch.Answer> answer = self.send(method, url, sent, body, depth);
        answer.whenComplete((done, failure) -> SelfResponse.deliver(done, failure, response));
        return new PendingFetch.Hop(url, response, answer.thenApply(done -> null));
    }

    /** A fetch that would go more than {@link SubrequestDepth#MAX} deep: answered 508 here, sent nowhere. */
    private PendingFetch.Hop refusedTooDeep(URI url, int depth) {
        SubrequestDepthException refused = SubrequestDepth.tooDeep(depth);
        SelfDispatch.Answer answer =
                new SelfDispatch.Answer(refused.error().status(),
                        List.of(Map.entry("x-request-id", requestId), Map.entry("content-type", "application/json")),
                        refused.responseBody(requestId));
        StreamedResponse response = new StreamedResponse(limits.fetchMaxResponseBytes(), STREAM_WINDOW);
        SelfResponse.deliver(answer, null, response);
        return new PendingFetch.Hop(url, response, CompletableFuture.completedFuture(null));
    }

    /** {@code fetch} receives the whole body before it returns (§12.1), up to the limit. */
    private int wholeWindow() {
        return (int) Math.min(limits.fetchMaxResponseBytes() + 1, Integer.MAX_VALUE);
    }
}
