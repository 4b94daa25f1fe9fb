package dev.edgehost.host.fetch;

import dev.edgehost.host.SubrequestDepthException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many fetches deep a request is, counted by the host-owned {@value #HEADER} header (ABI spec
 * §12.10) on subrequests run in process and on fetches sent over the network alike, so that
 * functions fetching each other in a loop stop there, on one host or across several. A request's
 * depth is what the host counted, raised (never lowered) by the value the request arrived with: a
 * sender can only make its own request stop sooner. Thread-safe: no state.
 */
public final class SubrequestDepth {
    /** The request header that says how many fetches deep a request is. */
    public static final String HEADER = "x-edge-subrequest-depth";
    /** The deepest a request may be: a client's request fetching a function is 1 deep. */
    public static final int MAX = 8;

    private SubrequestDepth() {}

    /**
     * The depth a request arrived with: the largest decimal value of its {@value #HEADER} headers,
     * at most one more than {@link #MAX}; 0 without one or for a value that is not a count.
     */
    public static int arrived(List<Map.Entry<String, String>> headers) {
        int depth = 0;
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().toLowerCase(Locale.ROOT).equals(HEADER)) {
                depth = Math.max(depth, parse(header.getValue().trim()));
            }
        }
        return depth;
    }

    /** The refusal of a request or fetch {@code depth} deep, more than {@link #MAX}. */
    public static SubrequestDepthException tooDeep(int depth) {
        return new SubrequestDepthException("the request would be " + depth + " fetches deep, more than the " + MAX
                + " the host allows: do functions fetch each other in a loop?");
    }

    private static int parse(String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return value.length() > 9 ? MAX + 1 : Math.min(Integer.parseInt(value), MAX + 1);
    }
}
