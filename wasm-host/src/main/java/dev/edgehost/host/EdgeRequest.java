package dev.edgehost.host;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request for {@link EdgeHost#handle}, for callers that are not HTTP servers and for adapters
 * of other servers. The function is named by the first segment of the URL's path, as on the HTTP
 * port, unless {@link Builder#function} names it. Immutable.
 */
public final class EdgeRequest {
    private final String method;
    private final URI url;
    private final String function;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;

    private EdgeRequest(Builder builder) {
        this.method = builder.method;
        this.url = builder.url;
        this.function = builder.function != null ? builder.function : firstSegment(url.getRawPath());
        this.headers = List.copyOf(builder.headers);
        this.body = builder.body.clone();
    }

    /**
     * A builder for a request.
     *
     * @param url absolute, with scheme and host, e.g. {@code http://localhost/hello?x=1}
     */
    public static Builder builder(String method, URI url) {
        return new Builder(method, url);
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

    /** Header names and values in order, one entry per value. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    public byte[] body() {
        return body.clone();
    }

    private static String firstSegment(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.indexOf('/', start);
        return path.substring(start, end < 0 ? path.length() : end);
    }

    /** Builds an {@link EdgeRequest}. */
    public static final class Builder {
        private final String method;
        private final URI url;
        private String function;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private byte[] body = new byte[0];

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

        /** Adds a header value. */
        public Builder header(String name, String value) {
            headers.add(Map.entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
            return this;
        }

        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body").clone();
            return this;
        }

        public EdgeRequest build() {
            return new EdgeRequest(this);
        }
    }
}
