package dev.edgehost.servlet;

import dev.edgehost.host.ResponseStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A flushed response on a servlet response, written by the host's worker thread while the
 * container's thread waits in {@code service}: each write is flushed to the client as it comes.
 * A cut is left to the container: {@code service} throws once the response is committed, and the
 * container closes the connection instead of ending the body (Tomcat and Jetty both do).
 * Used by one thread at a time.
 */
final class ServletResponseStream implements ResponseStream {
    private final HttpServletResponse response;
    private volatile boolean started;

    ServletResponseStream(HttpServletResponse response) {
        this.response = response;
    }

    /** Whether the guest flushed: the response is committed, and the servlet answers nothing more. */
    boolean started() {
        return started;
    }

    @Override
    public void start(int status, List<Map.Entry<String, String>> headers) throws IOException {
        started = true;
        response.setStatus(status);
        for (Map.Entry<String, String> header : headers) {
            response.addHeader(header.getKey(), header.getValue());
        }
        response.flushBuffer();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        response.getOutputStream().write(bytes, offset, length);
        response.getOutputStream().flush();
    }

    @Override
    public void end() throws IOException {
        response.getOutputStream().flush();
    }

    @Override
    public void abort() {
        // The container cuts the connection when service throws after the commit.
    }
}
