package dev.edgehost.servlet;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.BadRequestException;
import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.FunctionInfo;
import dev.edgehost.host.FunctionNotFoundException;
import dev.edgehost.host.HostFailureException;
import dev.edgehost.host.RequestTooLargeException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * Serves the functions of an {@link EdgeHost} below the servlet's mapping, the way the host's own
 * HTTP port serves them at its root. Mapped at {@code /edge/*}, {@code GET /edge/hello/x?y=1} runs
 * function {@code hello}, and the guest sees the whole URL the client asked for, context path and
 * mapping included; mapped as the default servlet ({@code /}), the first segment below the context
 * path names the function.
 *
 * <p>Every response carries an {@code x-request-id} (a well-formed incoming one is kept, and the
 * host logs the request under it) and, once the guest ran, the host's {@code server-timing}.
 * Failures answer the host's JSON error body
 * {@code {"error": code, "message": ..., "requestId": ...}} with the error's status.
 *
 * <p>A body of up to 64 KiB is read into memory before the guest runs; a longer one reaches the
 * guest as it arrives ({@code req_body_read}, as on the host's own HTTP port): the container's
 * thread, which waits while the guest runs on the host's workers, reads it a window ahead of the
 * guest. Either is held to the lower of this servlet's cap and the function's own limit: a
 * declared length over it is refused with {@code 413} before a byte is read, and a body that
 * passes it is refused with {@code 413} when it does, the rest unread and the connection closed.
 * A function whose limit is above the servlet's cap gets its body whole, read first. A response the guest
 * flushes ({@code resp_flush}) is written as the guest writes it; a failure after that closes
 * the connection (the servlet throws once the response is committed) instead of answering.
 *
 * <pre>{@code
 * Tomcat.addServlet(context, "edge", new EdgeServlet(host));
 * context.addServletMapping("/edge/*", "edge");
 * }</pre>
 */
public final class EdgeServlet extends HttpServlet {
    /** The cap a servlet built without one has: the host's default body limit, 10 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 10L << 20;

    private static final long serialVersionUID = 1L;
    private static final String REQUEST_ID = "x-request-id";
    private static final String SERVER_TIMING = "server-timing";
    /** A body longer than this reaches the guest as it arrives, as on the host's own HTTP port. */
    static final int STREAM_AFTER = 64 << 10;

    // A servlet is Serializable by inheritance only; containers keep it in memory, and a host,
    // with its threads and stores, cannot be serialized anyway.
    private final transient EdgeHost host;
    private final long maxRequestBodyBytes;

    /** A servlet for the host's functions, reading bodies of up to {@link #DEFAULT_MAX_REQUEST_BODY_BYTES}. */
    public EdgeServlet(EdgeHost host) {
        this(host, DEFAULT_MAX_REQUEST_BODY_BYTES);
    }

    /**
     * A servlet for the host's functions.
     *
     * @param host the host; the servlet neither starts nor closes it
     * @param maxRequestBodyBytes the largest request body read for any function; a function's
     *     own, lower, limit applies to it
     */
    public EdgeServlet(EdgeHost host, long maxRequestBodyBytes) {
        this.host = Objects.requireNonNull(host, "host");
        if (maxRequestBodyBytes < 0 || maxRequestBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxRequestBodyBytes is out of range: " + maxRequestBodyBytes);
        }
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = EdgeRequest.requestIdFor(request.getHeader(REQUEST_ID));
        response.setHeader(REQUEST_ID, requestId);
        EdgeResponse answer;
        ServletResponseStream stream = new ServletResponseStream(response);
        try {
            answer = host.handle(edgeRequest(request, requestId), stream);
        } catch (EdgeException e) {
            if (stream.started()) {
                // The client has the status and part of the body: it must see a cut, not an end.
                throw new IOException("request " + requestId + " failed after its response was flushed: " + e.error().code(), e);
            }
            if (e.error() == HttpError.REQUEST_TOO_LARGE) {
                // The rest of the body is unread; the connection cannot carry another request safely.
                response.setHeader("connection", "close");
            }
            sendError(response, e, requestId);
            return;
        } catch (RuntimeException e) {
            log("request " + requestId + " failed inside the host", e);
            sendError(response, new HostFailureException("the host failed to handle the request", e), requestId);
            return;
        }
        if (stream.started()) {
            return;
        }
        response.setHeader(SERVER_TIMING, answer.serverTiming());
        response.setStatus(answer.status());
        for (Map.Entry<String, String> header : answer.headers()) {
            response.addHeader(header.getKey(), header.getValue());
        }
        byte[] body = answer.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private EdgeRequest edgeRequest(HttpServletRequest request, String requestId) throws IOException {
        String function = functionName(request);
        // Looked up before the body is read, so that an unknown function costs no upload and the
        // function's own body limit bounds the read.
        FunctionInfo info =
                host.function(function)
                        .orElseThrow(
                                () -> new FunctionNotFoundException(
                                        function.isEmpty() ? "the path names no function" : "no function named \"" + function + "\""));
        EdgeRequest.Builder builder;
        try {
            builder = EdgeRequest.builder(request.getMethod(), url(request));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new BadRequestException("the request URL cannot be handed to a guest: " + e.getMessage(), e);
        }
        builder.function(function).requestId(requestId);
        peer(builder, request);
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                builder.header(name, value);
            }
        }
        long functionLimit = info.settings().limits().maxRequestBodyBytes();
        return body(builder, request, Math.min(maxRequestBodyBytes, functionLimit), maxRequestBodyBytes >= functionLimit).build();
    }

    /** The client's address and protocol, as far as the container gives them in the forms a request takes. */
    private static void peer(EdgeRequest.Builder builder, HttpServletRequest request) {
        String address = request.getRemoteAddr();
        String protocol = request.getProtocol();
        try {
            if (address != null) {
                builder.remoteAddress(address);
            }
        } catch (IllegalArgumentException e) {
            // Not an IP address (a container behind a Unix socket, say): REMOTE_ADDR stays empty.
        }
        try {
            if (protocol != null) {
                builder.protocol(protocol);
            }
        } catch (IllegalArgumentException e) {
            // A protocol string of another form: SERVER_PROTOCOL stays HTTP/1.1.
        }
    }

    /** The first segment of the path below the servlet's mapping, which names the function. */
    private static String functionName(HttpServletRequest request) {
        // The default servlet's path is all of it; a path mapping leaves the rest in the path info.
        String path =
                request.getHttpServletMapping().getMappingMatch() == MappingMatch.DEFAULT
                        ? request.getServletPath()
                        : request.getPathInfo();
        return path == null ? "" : EdgeRequest.functionIn(path);
    }

    /** The URL the client asked for, as the HTTP port hands it to the guest: raw path and query. */
    private static URI url(HttpServletRequest request) throws URISyntaxException {
        StringBuffer url = request.getRequestURL();
        String query = request.getQueryString();
        if (query != null && !query.isEmpty()) {
            url.append('?').append(query);
        }
        return new URI(url.toString());
    }

    /**
     * The body: whole when it ends within its first {@link #STREAM_AFTER} bytes; otherwise those
     * bytes and the rest of the stream, which the host reads as the guest does, holding it to the
     * function's limit as it comes. A servlet cap below the function's limit is this servlet's to
     * enforce, so such a body is read whole, as is one the host cannot stream anyway.
     */
    private static EdgeRequest.Builder body(EdgeRequest.Builder builder, HttpServletRequest request, long limit, boolean streamable)
            throws IOException {
        // A declared length over the limit is refused before a byte is read, any other body as
        // soon as it passes the limit; limit + 1 fits an int, as the limits are below 2^31 - 8.
        if (request.getContentLengthLong() > limit) {
            throw bodyTooLarge(limit);
        }
        InputStream in = request.getInputStream();
        long start = streamable ? Math.min(limit, STREAM_AFTER) : limit;
        byte[] body = in.readNBytes((int) start + 1);
        if (body.length > limit) {
            throw bodyTooLarge(limit);
        }
        return body.length > start ? builder.body(body, in) : builder.body(body);
    }

    private static RequestTooLargeException bodyTooLarge(long limit) {
        return new RequestTooLargeException("the request body is larger than the limit of " + limit + " bytes");
    }

    private static void sendError(HttpServletResponse response, EdgeException failure, String requestId) throws IOException {
        byte[] body = failure.responseBody(requestId);
        if (failure.serverTiming() != null) {
            response.setHeader(SERVER_TIMING, failure.serverTiming());
        }
        response.setStatus(failure.error().status());
        response.setContentType("application/json");
        if (failure.retryAfterSeconds() > 0) {
            response.setIntHeader("retry-after", failure.retryAfterSeconds());
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
