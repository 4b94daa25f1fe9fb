package dev.edgehost.host.fetch;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.FetchCapability;
import dev.edgehost.host.capability.FetchResponse;
import dev.edgehost.host.capability.LogCapability;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's outbound fetches (ABI spec §12): checks every hop against the allow-list and the
 * address policy, adds the request id and trace context, enforces the limits, and keeps the
 * responses under handles until the request ends.
 */
public final class FunctionFetch implements FetchCapability {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionFetch.class);
    private static final int MAX_REDIRECTS = 5;
    /** Failed fetches logged per request: a guest looping over refused fetches cannot flood the log. */
    static final int MAX_LOGGED_FAILURES = 10;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final long DEADLINE_GRACE_NANOS = 250_000_000;

    private final FetchClients clients;
    private final OriginAllowList allowList;
    private final FunctionLimits limits;
    private final String requestId;
    private final TraceParent trace;
    private final long deadlineNanos;
    private final String function;
    private final LogCapability log;
    private final Map<Integer, FetchResponse> responses = new HashMap<>();
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
            FetchedResponse response = followRedirects(method, target, headers, body);
            responses.put(++lastHandle, response);
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
        if (responses.remove(handle) == null) {
            throw new AbiErrorException(ErrorCode.BAD_HANDLE, "no response " + handle);
        }
    }

    private static URI parseUrl(String url) {
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

    private FetchedResponse followRedirects(
            String method, URI target, List<Map.Entry<String, String>> headers, byte[] body) {
        String currentMethod = method;
        URI current = target;
        byte[] currentBody = body;
        for (int hop = 0; ; hop++) {
            checkAllowed(current);
            FetchedResponse response = send(currentMethod, current, headers, currentBody);
            String location = response.header("location");
            if (!REDIRECTS.contains(response.status()) || location == null) {
                return response;
            }
            if (hop == MAX_REDIRECTS) {
                throw new AbiErrorException(ErrorCode.UPSTREAM_FAILURE, "more than " + MAX_REDIRECTS + " redirects");
            }
            current = parseUrl(current.resolve(location.trim()).toString());
            boolean becomesGet =
                    response.status() == 303 || ((response.status() == 301 || response.status() == 302) && method.equals("POST"));
            if (becomesGet) {
                currentMethod = "GET";
                currentBody = new byte[0];
            }
        }
    }

    /** Refuses origins off the allow-list, and non-public addresses unless named exactly. */
    private void checkAllowed(URI url) {
        OriginAllowList.Entry entry = allowList.match(url);
        if (entry == null) {
            throw new AbiErrorException(ErrorCode.DENIED, "origin not on the allow-list: " + url.getScheme() + "://" + url.getAuthority());
        }
        if (entry.explicit()) {
            return;
        }
        try {
            for (InetAddress address : clients.resolver().resolve(url.getHost())) {
                if (AddressPolicy.isRefused(address)) {
                    throw new AbiErrorException(ErrorCode.DENIED, url.getHost() + " resolves to a non-public address");
                }
            }
        } catch (UnknownHostException e) {
            throw new AbiErrorException(ErrorCode.UPSTREAM_FAILURE, "unknown host " + url.getHost());
        }
    }

    private FetchedResponse send(String method, URI url, List<Map.Entry<String, String>> headers, byte[] body) {
        long remainingNanos = deadlineNanos - System.nanoTime();
        Duration timeout = limits.fetchTimeout();
        boolean deadlineFirst = remainingNanos < timeout.toNanos();
        if (deadlineFirst) {
            timeout = Duration.ofNanos(Math.max(remainingNanos, 1));
        }
        // When the request's deadline comes first, its interrupt of the worker is what ends the
        // fetch and the guest, as timed out; the wait lasts a little longer so that it comes first.
        long waitNanos = timeout.toNanos() + (deadlineFirst ? DEADLINE_GRACE_NANOS : 0);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofNanos(waitNanos))
                        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                        .header("x-request-id", requestId)
                        .header("traceparent", trace.newSpan());
        headers.forEach(header -> request.header(header.getKey(), header.getValue()));
        try {
            HttpResponse<byte[]> response =
                    TimedExchange.send(
                            clients.client(limits.fetchConnectTimeout()), request.build(), limits.fetchMaxResponseBytes(), waitNanos);
            List<Map.Entry<String, String>> responseHeaders = new ArrayList<>();
            response.headers().map().forEach((name, values) -> values.forEach(value -> responseHeaders.add(Map.entry(name, value))));
            return new FetchedResponse(response.statusCode(), responseHeaders, response.body());
        } catch (TimeoutException e) {
            throw new AbiErrorException(
                    ErrorCode.UPSTREAM_FAILURE, "fetch of " + withoutQuery(url.toString()) + " did not complete within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            // The request's deadline interrupted the worker: stop the guest, as everywhere else.
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("deadline reached during a fetch");
        } catch (BoundedBody.TooLargeException e) {
            throw new AbiErrorException(ErrorCode.UPSTREAM_FAILURE, e.getMessage());
        } catch (IOException e) {
            throw new AbiErrorException(
                    ErrorCode.UPSTREAM_FAILURE, "no answer from " + url.getScheme() + "://" + url.getRawAuthority() + ": " + e);
        } catch (IllegalArgumentException e) {
            throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "the HTTP client refused the request: " + e.getMessage());
        }
    }
}
