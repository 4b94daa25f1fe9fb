package dev.edgehost.host.execution;

import dev.edgehost.host.capability.GuestRequest;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What marks a subrequest, a guest's fetch of a function of this very host run in process: the
 * host-owned {@value #DEPTH_HEADER} header, which a client or guest cannot set (every
 * {@code x-edge-} header they send is dropped), counts how deep it is. Thread-safe: no state.
 */
final class Subrequests {
    /** The request header that says how many subrequests deep a request is (ABI spec §4.6). */
    static final String DEPTH_HEADER = "x-edge-subrequest-depth";

    private Subrequests() {}

    /** The request, whose other host-owned headers are in place already, with its depth. */
    static GuestRequest hostOwned(GuestRequest request, int depth) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headerFields());
        headers.add(new AbstractMap.SimpleImmutableEntry<>(DEPTH_HEADER, String.valueOf(depth)));
        return request.withHeaderFields(headers);
    }
}
