package dev.edgehost.host.fetch;

import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.FetchCapability;
import dev.edgehost.host.capability.FetchResponse;
import dev.edgehost.host.spi.RequestSpan;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request's fetches, each in a child span of the request's trace span: the {@code traceparent}
 * the origin gets is that fetch span's, and the span ends with the origin's status or the error
 * code the guest gets. A started fetch's span ends when its response is first waited for or
 * looked at. Used by the request's thread.
 */
public final class TracedFetch implements FetchCapability {
    private final FetchCapability fetch;
    private final TraceParent trace;
    private final RequestSpan span;
    private final Map<Integer, RequestSpan.Fetch> started = new HashMap<>();

    /** @param trace the trace context {@code fetch} sends, which carries each fetch span while it runs */
    public TracedFetch(FetchCapability fetch, TraceParent trace, RequestSpan span) {
        this.fetch = fetch;
        this.trace = trace;
        this.span = span;
    }

    @Override
    public int fetch(String method, String url, String headerLines, byte[] body) {
        RequestSpan.Fetch fetchSpan = span.fetch(method, FunctionFetch.withoutQuery(url));
        trace.trace(fetchSpan.traceparent());
        try {
            int handle = fetch.fetch(method, url, headerLines, body);
            fetchSpan.end(fetch.response(handle).status(), null);
            return handle;
        } catch (AbiErrorException e) {
            fetchSpan.end(0, e.code().name().toLowerCase(Locale.ROOT));
            throw e;
        } catch (RuntimeException e) {
            // The deadline stopped the guest during the fetch.
            fetchSpan.end(0, "interrupted");
            throw e;
        } finally {
            trace.trace(null);
        }
    }

    @Override
    public int start(String method, String url, String headerLines, byte[] body) {
        RequestSpan.Fetch fetchSpan = span.fetch(method, FunctionFetch.withoutQuery(url));
        trace.trace(fetchSpan.traceparent());
        try {
            int handle = fetch.start(method, url, headerLines, body);
            started.put(handle, fetchSpan);
            return handle;
        } catch (AbiErrorException e) {
            fetchSpan.end(0, e.code().name().toLowerCase(Locale.ROOT));
            throw e;
        } finally {
            trace.trace(null);
        }
    }

    @Override
    public void await(int handle) {
        RequestSpan.Fetch fetchSpan = started.remove(handle);
        try {
            fetch.await(handle);
            if (fetchSpan != null) {
                fetchSpan.end(fetch.response(handle).status(), null);
            }
        } catch (AbiErrorException e) {
            if (fetchSpan != null) {
                fetchSpan.end(0, e.code().name().toLowerCase(Locale.ROOT));
            }
            throw e;
        } catch (RuntimeException e) {
            if (fetchSpan != null) {
                fetchSpan.end(0, "interrupted");
            }
            throw e;
        }
    }

    @Override
    public int awaitAny(int[] handles, long timeoutMillis) {
        int ready = fetch.awaitAny(handles, timeoutMillis);
        if (ready >= 0) {
            endQuietly(handles[ready]);
        }
        return ready;
    }

    @Override
    public FetchResponse response(int handle) {
        endQuietly(handle);
        return fetch.response(handle);
    }

    @Override
    public void close(int handle) {
        // Closing never waits: a fetch closed before anyone waited for it was given up.
        RequestSpan.Fetch fetchSpan = started.remove(handle);
        if (fetchSpan != null) {
            fetchSpan.end(0, "closed");
        }
        fetch.close(handle);
    }

    /** Ends a started fetch's span with how it went, leaving the failure for the guest's own call to see. */
    private void endQuietly(int handle) {
        if (started.containsKey(handle)) {
            try {
                await(handle);
            } catch (AbiErrorException e) {
                // Recorded in the span; the guest learns it from the call it makes next.
            }
        }
    }
}
