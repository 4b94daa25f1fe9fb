package dev.edgehost.host.execution;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.FunctionNotFoundException;
import dev.edgehost.host.MethodNotAllowedException;
import dev.edgehost.host.SubrequestDepthException;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.fetch.SelfDispatch;
import dev.edgehost.host.fetch.SubrequestDepth;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guests' fetches of this host's own public listener, run in process as subrequests (like a
 * service binding) instead of a round trip through the network: routed by the first path segment
 * as the listener routes, then admitted, scheduled and run through the {@link RequestExecutor}
 * under the fetched function's own limits, with its own access-log line and metrics. The host
 * knows itself by the origins its listeners are reached at ({@link #listensAt}): for a listener on
 * a loopback or wildcard address, {@code 127.0.0.1}, {@code localhost} and {@code [::1]} on its
 * port. A request more than {@value #MAX_DEPTH} subrequests deep is answered {@code 508
 * subrequest_depth_exceeded} without running. Thread-safe.
 */
final class SelfSubrequests implements SelfDispatch {
    /** The deepest a subrequest may be: a client's request fetching a function is 1 deep. */
    static final int MAX_DEPTH = SubrequestDepth.MAX;
    /** The client address a subrequest's function is told: the host's own, as over loopback. */
    private static final String LOOPBACK = "127.0.0.1";
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final Logger LOG = LoggerFactory.getLogger(SelfSubrequests.class);

    private final EdgeRuntime runtime;
    private final RequestExecutor executor;
    /** The host's own origins, as {@code scheme://host:port} in lower case. */
    private final Set<String> origins = ConcurrentHashMap.newKeySet();

    SelfSubrequests(EdgeRuntime runtime, RequestExecutor executor) {
        this.runtime = runtime;
        this.executor = executor;
    }

    /** The host's public listener is reached at this origin, such as {@code http://127.0.0.1:8080}. */
    void listensAt(String origin) {
        URI uri = URI.create(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = port(uri);
        String host = host(uri);
        origins.add(scheme + "://" + host + ":" + port);
        if (LOOPBACK_NAMES.contains(host)) {
            LOOPBACK_NAMES.forEach(name -> origins.add(scheme + "://" + name + ":" + port));
        }
    }

    @Override
    public boolean isSelf(URI url) {
        return !origins.isEmpty() && origins.contains(url.getScheme().toLowerCase(Locale.ROOT) + "://" + host(url) + ":" + port(url));
    }

    @Override
    public CompletableFuture<Answer> send(String method, URI url, List<Map.Entry<String, String>> headers, byte[] body, int callerDepth) {
        String requestId = EdgeRequest.requestIdFor(first(headers, "x-request-id"));
        int depth = callerDepth + 1;
        try {
            if (depth > MAX_DEPTH) {
                LOG.warn("[{}] a fetch of {} would be {} subrequests deep, more than {}: refused as a loop",
                        requestId, url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath(), depth, MAX_DEPTH);
                throw new SubrequestDepthException("the fetch would be " + depth + " subrequests deep, more than the "
                        + MAX_DEPTH + " the host allows: do functions fetch each other in a loop?");
            }
            if (method.equalsIgnoreCase(ScheduledRuns.METHOD)) {
                throw new MethodNotAllowedException(
                        "the method " + ScheduledRuns.METHOD + " is the host's own, for scheduled runs; a fetch cannot send it");
            }
            Deployment deployment = deployment(EdgeRequest.functionIn(url.getPath() == null ? "" : url.getPath()));
            RequestLimits.checkHeaders(deployment.settings().limits(), headers);
            RequestLimits.checkBody(deployment.settings().limits(), body.length);
            GuestRequest request = new GuestRequest(method, url.toString(), headers, body, LOOPBACK, GuestRequest.DEFAULT_PROTOCOL);
            return executor.submitSubrequest(deployment, request, requestId, depth).thenApply(SelfSubrequests::answer);
        } catch (EdgeException e) {
            return CompletableFuture.completedFuture(error(e, requestId, List.of()));
        }
    }

    private Deployment deployment(String name) {
        Optional<Deployment> found = name.isEmpty() ? Optional.empty() : runtime.find(name);
        if (found.isEmpty() && runtime.isLoading(name)) {
            throw HostCore.loading(name);
        }
        return found.orElseThrow(() -> new FunctionNotFoundException(
                name.isEmpty() ? "the path names no function" : "no function named \"" + name + "\""));
    }

    /** The response as the listener would answer it: the guest's, or the error's, with the host's headers. */
    private static Answer answer(RequestExecutor.Outcome outcome) {
        List<Map.Entry<String, String>> hostHeaders =
                List.of(
                        Map.entry("x-request-id", outcome.requestId()),
                        Map.entry(RequestExecutor.VERSION_HEADER, String.valueOf(outcome.version())),
                        Map.entry("server-timing", outcome.serverTiming()));
        if (outcome.failure() != null) {
            return error(outcome.failure(), outcome.requestId(), hostHeaders);
        }
        GuestResponse response = outcome.response();
        List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
        headers.addAll(hostHeaders);
        return new Answer(response.status(), headers, response.body());
    }

    private static Answer error(EdgeException failure, String requestId, List<Map.Entry<String, String>> hostHeaders) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(hostHeaders);
        if (hostHeaders.isEmpty()) {
            headers.add(Map.entry("x-request-id", requestId));
        }
        headers.add(Map.entry("content-type", "application/json"));
        if (failure.retryAfterSeconds() > 0) {
            headers.add(Map.entry("retry-after", String.valueOf(failure.retryAfterSeconds())));
        }
        return new Answer(failure.error().status(), headers, failure.responseBody(requestId));
    }

    private static String first(List<Map.Entry<String, String>> headers, String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equals(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    private static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
