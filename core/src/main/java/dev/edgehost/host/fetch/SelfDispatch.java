package dev.edgehost.host.fetch;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a guest's fetch of a function of this very host in process, as a subrequest, instead of
 * sending it over the network to the host's own listener (ABI spec §12.10). The fetch has passed
 * the allow-list first, exactly as it would have to go over the network. Implementations are
 * thread-safe.
 */
public interface SelfDispatch {
    /** Whether the URL names this host's own public listener. */
    boolean isSelf(URI url);

    /**
     * Runs the subrequest; the answer is the function's response, or the host's error response
     * as a client would get it.
     *
     * @param headers the request's headers, the fetch's own and the host's ({@code x-request-id},
     *     {@code traceparent})
     * @param callerDepth how many subrequests deep the fetching request is: 0 for a client's
     */
    CompletableFuture<Answer> send(String method, URI url, List<Map.Entry<String, String>> headers, byte[] body, int callerDepth);

    /** A subrequest's response, whole. */
    record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {}
}
