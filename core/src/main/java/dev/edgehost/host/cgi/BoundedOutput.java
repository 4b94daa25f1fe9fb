package dev.edgehost.host.cgi;

import dev.edgehost.host.capability.OutputSink;
import java.io.ByteArrayOutputStream;

/**
 * A program's standard output, kept up to a bound: a write past it is cut, the sink takes only
 * what fits, and the output counts as overflowed. Used by one request's thread only.
 */
final class BoundedOutput implements OutputSink {
    private final long limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean overflowed;

    BoundedOutput(long limit) {
        this.limit = limit;
    }

    @Override
    public int write(byte[] source, int offset, int length) {
        long room = limit - bytes.size();
        int taken = (int) Math.min(length, Math.max(0, room));
        bytes.write(source, offset, taken);
        if (taken < length) {
            overflowed = true;
        }
        return taken;
    }

    long limit() {
        return limit;
    }

    /** Whether the program wrote more than the bound. */
    boolean overflowed() {
        return overflowed;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
