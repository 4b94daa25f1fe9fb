package dev.edgehost.host.capability;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the guest sees it: read fully before the guest starts, so the guest never
 * waits on the network while it holds a worker.
 */
public final class GuestRequest implements RequestCapability {
    private final String method;
    private final String url;
    private final HeaderBlock headers;
    private final BodyReader body;
    private final int bodyLength;

    /**
     * @param headers header name and value pairs in arrival order, one pair per value
     */
    public GuestRequest(String method, String url, List<Map.Entry<String, String>> headers, byte[] body) {
        this.method = Objects.requireNonNull(method, "method");
        this.url = Objects.requireNonNull(url, "url");
        this.headers = new HeaderBlock(headers);
        this.body = new BodyReader(body);
        this.bodyLength = body.length;
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return bodyLength;
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
        return body.read(target, offset, length);
    }
}
