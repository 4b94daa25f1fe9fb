package dev.edgehost.host.capability;

import dev.edgehost.host.ResponseStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the guest sees it: read fully before the guest starts, so the guest never
 * waits on the network while it holds a worker, unless its adapter streams a large body
 * ({@link #withBodyStream}). The client's address and protocol are what CGI
 * mode tells the program ({@code REMOTE_ADDR}, {@code SERVER_PROTOCOL}).
 */
public final class GuestRequest implements RequestCapability {
    /** The protocol of a request whose adapter does not say. */
    public static final String DEFAULT_PROTOCOL = "HTTP/1.1";

    private final String method;
    private final String url;
    private final HeaderBlock headers;
    private final byte[] bodyBytes;
    private final BodyReader body;
    private final String remoteAddress;
    private final String protocol;
    private ResponseSink responseSink;
    private BodyStream bodyStream;

    /**
     * A request from a client whose address is unknown, over HTTP/1.1.
     *
     * @param headers header name and value pairs in arrival order, one pair per value
     */
    public GuestRequest(String method, String url, List<Map.Entry<String, String>> headers, byte[] body) {
        this(method, url, headers, body, "", DEFAULT_PROTOCOL);
    }

    /**
     * @param headers header name and value pairs in arrival order, one pair per value
     * @param remoteAddress the client's IP address, or empty when unknown
     * @param protocol the request's protocol, such as {@code HTTP/1.1}
     */
    public GuestRequest(
            String method,
            String url,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            String remoteAddress,
            String protocol) {
        this(method, url, new HeaderBlock(headers), body, remoteAddress, protocol);
    }

    private GuestRequest(String method, String url, HeaderBlock headers, byte[] body, String remoteAddress, String protocol) {
        this.method = Objects.requireNonNull(method, "method");
        this.url = Objects.requireNonNull(url, "url");
        this.headers = headers;
        this.bodyBytes = Objects.requireNonNull(body, "body");
        this.body = new BodyReader(body);
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    /** This request as it is, to be given a stream: the header block is immutable and shared, not copied per adapter step. */
    private GuestRequest copy() {
        GuestRequest request = new GuestRequest(method, url, headers, bodyBytes, remoteAddress, protocol);
        request.responseSink = responseSink;
        request.bodyStream = bodyStream;
        return request;
    }

    /** This request with other header fields: name and value pairs in order, one pair per value. */
    public GuestRequest withHeaderFields(List<Map.Entry<String, String>> headerFields) {
        GuestRequest request = new GuestRequest(method, url, headerFields, bodyBytes, remoteAddress, protocol);
        request.responseSink = responseSink;
        request.bodyStream = bodyStream;
        return request;
    }

    /**
     * This request with a body that arrives while the guest runs, read from {@code stream}
     * instead of the bytes given (ABI spec §4.5). Not for CGI mode, whose program is told the
     * body's length before it starts.
     */
    public GuestRequest withBodyStream(BodyStream stream) {
        GuestRequest request = copy();
        request.bodyStream = stream;
        return request;
    }

    /** Whether the body arrives while the guest runs ({@link #withBodyStream}). */
    public boolean streamsBody() {
        return bodyStream != null;
    }

    /** This request with a stream for its response, should the guest flush it (ABI spec §5.6). */
    public GuestRequest withResponseStream(ResponseStream stream) {
        GuestRequest request = copy();
        request.responseSink = new ResponseSink(stream);
        return request;
    }

    /** Where a flushed response goes, or {@code null} when the adapter takes the response whole. */
    public ResponseSink responseSink() {
        return responseSink;
    }

    /** The body's length in bytes; of a streamed body, the bytes the guest read of it. */
    public long bodyLength() {
        return bodyStream != null ? bodyStream.bytesRead() : bodyBytes.length;
    }

    /** The whole body, not a copy: the caller must not change it. For a CGI program's standard input. */
    public byte[] bodyBytes() {
        if (bodyStream != null) {
            throw new IllegalStateException("a streamed body is read only through req_body_read");
        }
        return bodyBytes;
    }

    /** Header name and value pairs in arrival order, names in lower case, one pair per value. */
    public List<Map.Entry<String, String>> headerFields() {
        return headers.fields();
    }

    /** The client's IP address, or empty when the adapter does not know it. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /** The request's protocol, such as {@code HTTP/1.1}. */
    public String protocol() {
        return protocol;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    @Override
    public String headerLines() {
        return headers.lines();
    }

    @Override
    public int readBody(byte[] target, int offset, int length) {
        if (bodyStream != null) {
            return bodyStream.read(target, offset, length);
        }
        return body.read(target, offset, length);
    }
}
