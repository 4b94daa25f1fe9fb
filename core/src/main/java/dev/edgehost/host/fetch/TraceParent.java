package dev.edgehost.host.fetch;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The W3C Trace Context of a request: the trace it belongs to, continued from a valid incoming
 * {@code traceparent} or started anew, and a child span for each outbound request: a new span id,
 * or the span a {@link dev.edgehost.host.spi.RequestTracer} opened for the fetch. Used by the request's thread.
 */
public final class TraceParent {
    private static final Pattern VALID = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String flags;
    private String traceId;
    private String tracedSpan;

    private TraceParent(String traceId, String flags) {
        this.traceId = traceId;
        this.flags = flags;
    }

    /** Continues the trace of an incoming {@code traceparent} header, or starts one if it is absent or invalid. */
    public static TraceParent continueOrStart(String incoming) {
        if (incoming != null) {
            var matcher = VALID.matcher(incoming.trim());
            if (matcher.matches() && !matcher.group(1).equals(ZERO_TRACE) && !matcher.group(2).equals(ZERO_SPAN)) {
                return new TraceParent(matcher.group(1), matcher.group(3));
            }
        }
        // Drawn when first asked for: most requests never fetch, and a random draw is not free.
        return new TraceParent(null, "01");
    }

    /** Synchronized: a redirect's hop may ask for it on the HTTP client's thread while the guest starts another fetch. */
    public synchronized String traceId() {
        if (traceId == null) {
            traceId = randomHex(16);
        }
        return traceId;
    }

    /** A {@code traceparent} value for a new span in this trace. */
    public String newSpan() {
        if (tracedSpan != null) {
            return tracedSpan;
        }
        return "00-" + traceId() + "-" + randomHex(8) + "-" + flags;
    }

    /** While a traced fetch runs, its span's {@code traceparent} is the one every hop sends; {@code null} ends it. */
    void trace(String traceparent) {
        this.tracedSpan = traceparent;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
