package dev.edgehost.host.execution;

import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.fetch.SubrequestDepth;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What marks a subrequest, a guest's fetch of a function of this very host run in process: the
 * host-owned {@value #DEPTH_HEADER} header, which a client or guest cannot set (every
 * {@code x-edge-} header they send is dropped), counts how deep it is. Thread-safe: no state.
 * A request from the network may arrive with a depth, from another host's fetch: it counts as
 * that deep, though its guest does not see the header ({@link #arrived}).
 */
final class Subrequests {
    /** The request header that says how many subrequests deep a request is (ABI spec §4.6). */
    static final String DEPTH_HEADER = SubrequestDepth.HEADER;

    private Subrequests() {}

    /**
     * How deep a request from the network is: the depth it arrived with, set by the fetch of a
     * host that sent it (or by a client, who can only make its own request stop sooner); 0 for
     * none. The guest does not see it: only a subrequest's header is the host's own count.
     *
     * @throws dev.edgehost.host.SubrequestDepthException when it is more than {@link SubrequestDepth#MAX}
     */
    static int arrived(GuestRequest request) {
        int depth = SubrequestDepth.arrived(request.headerFields());
        if (depth > SubrequestDepth.MAX) {
            throw SubrequestDepth.tooDeep(depth);
        }
        return depth;
    }

    /** The request, whose other host-owned headers are in place already, with its depth. */
    static GuestRequest hostOwned(GuestRequest request, int depth) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headerFields());
        headers.add(new AbstractMap.SimpleImmutableEntry<>(DEPTH_HEADER, String.valueOf(depth)));
        return request.withHeaderFields(headers);
    }
}
