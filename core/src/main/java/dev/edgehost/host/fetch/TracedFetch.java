package dev.edgehost.host.fetch;

import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.FetchCapability;
import dev.edgehost.host.capability.FetchResponse;
import dev.edgehost.host.spi.RequestSpan;
import java.util.Locale;

/**
 * A request's fetches, each in a child span of the request's trace span: the {@code traceparent}
 * the origin gets is that fetch span's, and the span ends with the origin's status or the error
 * code the guest gets. Used by the request's thread.
 */
public final class TracedFetch implements FetchCapability {
    private final FetchCapability fetch;
    private final TraceParent trace;
    private final RequestSpan span;

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
    public FetchResponse response(int handle) {
        return fetch.response(handle);
    }

    @Override
    public void close(int handle) {
        fetch.close(handle);
    }
}
