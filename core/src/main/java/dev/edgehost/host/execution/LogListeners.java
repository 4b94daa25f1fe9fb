package dev.edgehost.host.execution;

import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.spi.FunctionLogListener;
import dev.edgehost.host.spi.RequestRecord;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's {@link FunctionLogListener}s as one: a listener that throws is logged and skipped, so
 * that it cannot fail a request. Thread-safe; immutable.
 */
final class LogListeners implements FunctionLogListener {
    private static final Logger LOG = LoggerFactory.getLogger(LogListeners.class);

    private final List<FunctionLogListener> listeners;

    LogListeners(List<FunctionLogListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** This, or {@code null} when nobody listens, so that no line is built for nobody. */
    FunctionLogListener orNull() {
        return listeners.isEmpty() ? null : this;
    }

    @Override
    public void logged(LogLine line) {
        for (FunctionLogListener listener : listeners) {
            try {
                listener.logged(line);
            } catch (RuntimeException e) {
                LOG.warn("a log listener failed on a line of {}: {}", line.function(), e.toString());
            }
        }
    }

    @Override
    public void finished(RequestLine request) {
        for (FunctionLogListener listener : listeners) {
            try {
                listener.finished(request);
            } catch (RuntimeException e) {
                LOG.warn("a log listener failed on a request of {}: {}", request.function(), e.toString());
            }
        }
    }

    /** Tells the listeners of a finished request, if there are any. */
    void finished(RequestRecord record, GuestRequest request, String message) {
        if (listeners.isEmpty()) {
            return;
        }
        finished(new RequestLine(
                Instant.now(), record.function(), record.requestId(), record.method(), path(request.url()),
                record.status(), record.totalNanos(), record.fuelUsed(), record.error(), message));
    }

    /** The URL's raw path, {@code /} for none; an absolute http(s) URL without parsing a {@link URI}, which cost a tenth of a hello's request task. */
    static String path(String url) {
        int scheme = url.startsWith("http://") ? 7 : url.startsWith("https://") ? 8 : -1;
        if (scheme > 0 && plain(url, scheme)) {
            int start = scheme;
            while (start < url.length() && "/?#".indexOf(url.charAt(start)) < 0) {
                start++;
            }
            int end = start;
            while (end < url.length() && url.charAt(end) != '?' && url.charAt(end) != '#') {
                end++;
            }
            return end == start ? "/" : url.substring(start, end);
        }
        try {
            String path = new URI(url).getRawPath();
            return path == null || path.isEmpty() ? "/" : path;
        } catch (URISyntaxException e) {
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query);
        }
    }

    /** Whether the URL after its scheme has only characters a {@link URI} takes as they are, and well-formed escapes. */
    private static boolean plain(String url, int from) {
        boolean fragment = false;
        for (int i = from; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c >= 0x7f || "\"<>\\^`{|}[]".indexOf(c) >= 0 || (c == '#' && fragment)) {
                return false;
            }
            fragment |= c == '#';
            if (c == '%' && (i + 2 >= url.length() || Character.digit(url.charAt(i + 1), 16) < 0 || Character.digit(url.charAt(i + 2), 16) < 0)) {
                return false;
            }
        }
        return true;
    }
}
