package dev.edgehost.host.execution;

import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.spi.FunctionLogListener;
import dev.edgehost.host.spi.RequestSpan;
import dev.edgehost.host.spi.RequestTracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the request path meets the {@link RequestTracer}: starts a request's span (none without a
 * tracer, or when the tracer fails, which is logged and never fails the request), and tells it
 * the function's log lines beside the host's log listeners. Stateless.
 */
final class RequestSpans {
    private static final Logger LOG = LoggerFactory.getLogger(RequestSpans.class);

    private RequestSpans() {}

    static RequestSpan start(RequestTracer tracer, String function, String requestId, GuestRequest request) {
        if (tracer == null) {
            return RequestSpan.NONE;
        }
        try {
            RequestSpan span = tracer.start(function, requestId, request.method(), request.header("traceparent"));
            return span == null ? RequestSpan.NONE : span;
        } catch (RuntimeException e) {
            LOG.warn("the request tracer failed to start a span; request {} is not traced", requestId, e);
            return RequestSpan.NONE;
        }
    }

    /** The listener a request's {@code FunctionLog} tells: the span, then the host's listeners ({@code null} for none). */
    static FunctionLogListener logListener(RequestSpan span, FunctionLogListener listeners) {
        if (span == RequestSpan.NONE) {
            return listeners;
        }
        return new FunctionLogListener() {
            @Override
            public void logged(LogLine line) {
                span.log(line);
                if (listeners != null) {
                    listeners.logged(line);
                }
            }

            @Override
            public void finished(RequestLine request) {
                if (listeners != null) {
                    listeners.finished(request);
                }
            }
        };
    }

    static String traceId(RequestSpan span) {
        String traceparent = span.traceparent();
        return traceparent == null ? null : traceparent.substring(3, 35);
    }

    static String spanId(RequestSpan span) {
        String traceparent = span.traceparent();
        return traceparent == null ? null : traceparent.substring(36, 52);
    }
}
