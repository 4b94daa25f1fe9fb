package dev.edgehost.host;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request for {@link EdgeHost#handle}, for callers that are not HTTP servers and for adapters
 * of other servers. The function is named by the first segment of the URL's path, as on the HTTP
 * port, unless {@link Builder#function} names it. Immutable, but for the rest of a body still arriving
 * ({@link Builder#body(byte[], InputStream)}), a stream that one request reads.
 */
public final class EdgeRequest {
    private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final Pattern PROTOCOL = Pattern.compile("[A-Z]{1,16}/[0-9](\\.[0-9])?");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Za-z.:%_-]{1,64}");

    private final String method;
    private final URI url;
    private final String function;
    private final String requestId;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final InputStream bodyRest;
    private final String remoteAddress;
    private final String protocol;

    private EdgeRequest(Builder builder) {
        this.method = builder.method;
        this.url = builder.url;
        this.function = builder.function != null ? builder.function : functionIn(url.getRawPath());
        this.requestId = builder.requestId != null ? builder.requestId : requestIdFor(null);
        this.headers = List.copyOf(builder.headers);
        this.body = builder.body.clone();
        this.bodyRest = builder.bodyRest;
        this.remoteAddress = builder.remoteAddress;
        this.protocol = builder.protocol;
    }

    /**
     * A builder for a request.
     *
     * @param url absolute, with scheme and host, e.g. {@code http://localhost/hello?x=1}
     */
    public static Builder builder(String method, URI url) {
        return new Builder(method, url);
    }

    /**
     * The id to run a request under: {@code incoming}, such as the {@code x-request-id} a proxy in
     * front sent, when it is 8 to 64 of {@code A-Z a-z 0-9 . _ -}, so that logs line up across
     * hops, as on the HTTP port; otherwise a new one, 24 hex digits unique across hosts.
     *
     * @param incoming an id from the caller, or {@code null}
     */
    public static String requestIdFor(String incoming) {
        if (incoming != null && WELL_FORMED_ID.matcher(incoming).matches()) {
            return incoming;
        }
        return RequestIds.next();
    }

    public String method() {
        return method;
    }

    public URI url() {
        return url;
    }

    /** The function the request is for. */
    public String function() {
        return function;
    }

    /**
     * The id the host runs the request under: in its access log, the guest's log lines, the
     * {@code x-request-id} of the guest's fetches and {@link EdgeResponse#requestId()}.
     */
    public String requestId() {
        return requestId;
    }

    /** Header names and values in order, one entry per value. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The body, or its first bytes when the rest is still to come ({@link #bodyRest()}). */
    public byte[] body() {
        return body.clone();
    }

    /** The rest of a body that arrives while the guest runs ({@link Builder#body(byte[], InputStream)}), or empty. */
    public Optional<InputStream> bodyRest() {
        return Optional.ofNullable(bodyRest);
    }

    /** The client's IP address, or empty when the caller did not give it. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** The protocol the request came in by, {@code HTTP/1.1} unless the caller said otherwise. */
    public String protocol() {
        return protocol;
    }

    /**
     * The function a path names: its first segment, {@code hello} for {@code /hello} and
     * {@code /hello/any/path}; empty for {@code /}. Every adapter routes by this one rule.
     */
    public static String functionIn(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.indexOf('/', start);
        return path.substring(start, end < 0 ? path.length() : end);
    }

    /** Builds an {@link EdgeRequest}. */
    public static final class Builder {
        private final String method;
        private final URI url;
        private String function;
        private String requestId;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private InputStream bodyRest;
        private String remoteAddress = "";
        private String protocol = "HTTP/1.1";

        private Builder(String method, URI url) {
            this.method = Objects.requireNonNull(method, "method");
            this.url = Objects.requireNonNull(url, "url");
            if (method.isEmpty() || !url.isAbsolute() || url.getHost() == null) {
                throw new IllegalArgumentException("a request needs a method and an absolute URL with a host: " + url);
            }
        }

        /**
         * Names the function to run instead of the URL's first path segment: for a host mounted
         * below a prefix (a servlet mapping, a context path), where the guest should still see
         * the URL the client asked for.
         */
        public Builder function(String function) {
            this.function = Objects.requireNonNull(function, "function");
            return this;
        }

        /**
         * The id to run the request under instead of a new one; an id from outside, such as an
         * incoming {@code x-request-id}, goes through {@link EdgeRequest#requestIdFor} first.
         *
         * @throws IllegalArgumentException unless it is 8 to 64 of {@code A-Z a-z 0-9 . _ -}
         */
        public Builder requestId(String requestId) {
            Objects.requireNonNull(requestId, "requestId");
            if (!WELL_FORMED_ID.matcher(requestId).matches()) {
                throw new IllegalArgumentException("a request id is 8 to 64 of A-Z a-z 0-9 . _ -: " + requestId);
            }
            this.requestId = requestId;
            return this;
        }

        /** Adds a header value. */
        public Builder header(String name, String value) {
            headers.add(Map.entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
            return this;
        }

        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body").clone();
            this.bodyRest = null;
            return this;
        }

        /**
         * A body that is still arriving: its first bytes, and a stream of the rest, which the guest
         * reads as it arrives ({@code req_body_read}, ABI spec §4.5) instead of after the host read
         * it whole. {@link EdgeHost#handle} reads {@code rest} on its calling thread while the
         * guest runs, a window of at most {@code 256 KiB} ahead of the guest, and holds it to the
         * function's {@code max-request-body} as the bytes come: past it, the guest's next read
         * fails the request with {@code 413 request_too_large}, and the rest is left unread. It
         * stops reading when the guest is done, without reading to the end. A CGI program gets
         * the body whole, read first. The stream is not closed.
         */
        public Builder body(byte[] first, InputStream rest) {
            this.body = Objects.requireNonNull(first, "first").clone();
            this.bodyRest = Objects.requireNonNull(rest, "rest");
            return this;
        }

        /**
         * The client's IP address, as a CGI program sees it in {@code REMOTE_ADDR}.
         *
         * @throws IllegalArgumentException unless it looks like an IPv4 or IPv6 address in text form:
         *     1 to 64 of {@code A-Z a-z 0-9 . : % _ -}
         */
        public Builder remoteAddress(String remoteAddress) {
            Objects.requireNonNull(remoteAddress, "remoteAddress");
            if (!ADDRESS.matcher(remoteAddress).matches()) {
                throw new IllegalArgumentException("not an IP address: " + remoteAddress);
            }
            this.remoteAddress = remoteAddress;
            return this;
        }

        /**
         * The protocol the request came in by, as a CGI program sees it in {@code SERVER_PROTOCOL}.
         *
         * @throws IllegalArgumentException unless it has the form {@code HTTP/1.1}
         */
        public Builder protocol(String protocol) {
            Objects.requireNonNull(protocol, "protocol");
            if (!PROTOCOL.matcher(protocol).matches()) {
                throw new IllegalArgumentException("a protocol has the form HTTP/1.1: " + protocol);
            }
            this.protocol = protocol;
            return this;
        }

        public EdgeRequest build() {
            return new EdgeRequest(this);
        }
    }
}
