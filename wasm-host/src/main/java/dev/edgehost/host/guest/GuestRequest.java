package dev.edgehost.host.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the guest sees it: read fully before the guest starts, so the guest never
 * waits on the network while it holds a worker.
 */
public final class GuestRequest implements RequestCapability {
    private final String method;
    private final String url;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private int bodyPosition;

    /**
     * @param headers header name and value pairs in arrival order, one pair per value
     */
    public GuestRequest(String method, String url, List<Map.Entry<String, String>> headers, byte[] body) {
        this.method = Objects.requireNonNull(method, "method");
        this.url = Objects.requireNonNull(url, "url");
        this.headers = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> header : headers) {
            this.headers.add(Map.entry(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
        }
        this.body = Objects.requireNonNull(body, "body");
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
        StringBuilder joined = null;
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equals(lowerCaseName)) {
                if (joined == null) {
                    joined = new StringBuilder(header.getValue());
                } else {
                    joined.append(", ").append(header.getValue());
                }
            }
        }
        return joined == null ? null : joined.toString();
    }

    @Override
    public String headerLines() {
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, String> header : headers) {
            lines.append(header.getKey()).append(": ").append(header.getValue()).append('\n');
        }
        return lines.toString();
    }

    @Override
    public int readBody(byte[] target, int offset, int length) {
        int count = Math.min(length, body.length - bodyPosition);
        System.arraycopy(body, bodyPosition, target, offset, count);
        bodyPosition += count;
        return count;
    }
}
