package dev.edgehost.host.capability;

import dev.edgehost.abi.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The response a guest builds, held until the guest returns so that a guest that fails midway
 * sends nothing of it, unless the guest flushes it ({@code resp_flush}, ABI spec §5.6): the status
 * and headers are fixed then, and with a {@link ResponseSink} the body goes to the client as it is
 * written. Defaults to {@code 200} with no headers and an empty body.
 */
public final class GuestResponse implements ResponseCapability {
    private final long maxBodyBytes;
    private final int maxHeaders;
    private final long maxHeaderBytes;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ResponseSink sink;
    private int status = 200;
    private boolean flushed;
    private long written;

    public GuestResponse(long maxBodyBytes, int maxHeaders, long maxHeaderBytes) {
        this(maxBodyBytes, maxHeaders, maxHeaderBytes, null);
    }

    /** @param sink where a flushed response goes, or {@code null} to hold it all until the end */
    public GuestResponse(long maxBodyBytes, int maxHeaders, long maxHeaderBytes, ResponseSink sink) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxHeaders = maxHeaders;
        this.maxHeaderBytes = maxHeaderBytes;
        this.sink = sink;
    }

    @Override
    public int flush() {
        if (!flushed) {
            flushed = true;
            if (sink != null) {
                sink.start(status, List.copyOf(headers), body.toByteArray());
                body.reset();
            }
        }
        return 0;
    }

    @Override
    public boolean streaming() {
        return flushed && sink != null;
    }

    @Override
    public void send(byte[] chunk, int length) {
        written += length;
        sink.send(chunk, length);
    }

    @Override
    public int setStatus(int status) {
        if (flushed) {
            return ErrorCode.INVALID_ARGUMENT.value();
        }
        if (status < 100 || status > 599) {
            return ErrorCode.INVALID_ARGUMENT.value();
        }
        if (status < 200) {
            // An informational status is never a final response; the host owns the protocol.
            return ErrorCode.DENIED.value();
        }
        this.status = status;
        return 0;
    }

    @Override
    public int setHeader(String name, String value) {
        int check = flushed ? ErrorCode.INVALID_ARGUMENT.value() : check(name, value);
        if (check != 0) {
            return check;
        }
        String lowerCaseName = name.toLowerCase(Locale.ROOT);
        // Plain loops: a guest sets its few headers on every request, and a stream costs more than the count.
        int others = 0;
        long otherBytes = 0;
        for (Map.Entry<String, String> header : headers) {
            if (!header.getKey().equals(lowerCaseName)) {
                others++;
                otherBytes += bytes(header);
            }
        }
        if (others >= maxHeaders || otherBytes + bytes(name, value) > maxHeaderBytes) {
            return ErrorCode.LIMIT_EXCEEDED.value();
        }
        headers.removeIf(header -> header.getKey().equals(lowerCaseName));
        headers.add(Map.entry(lowerCaseName, value));
        return 0;
    }

    @Override
    public int addHeader(String name, String value) {
        int check = flushed ? ErrorCode.INVALID_ARGUMENT.value() : check(name, value);
        if (check != 0) {
            return check;
        }
        if (headers.size() >= maxHeaders || headerBytes() + bytes(name, value) > maxHeaderBytes) {
            return ErrorCode.LIMIT_EXCEEDED.value();
        }
        headers.add(Map.entry(name.toLowerCase(Locale.ROOT), value));
        return 0;
    }

    /** Bytes of names and values, counted as the request header limit counts them (ABI spec §8). */
    private long headerBytes() {
        long total = 0;
        for (Map.Entry<String, String> header : headers) {
            total += bytes(header);
        }
        return total;
    }

    private static long bytes(Map.Entry<String, String> header) {
        return bytes(header.getKey(), header.getValue());
    }

    /** Names and values arrive as Latin-1 (one char a byte), so lengths are byte counts. */
    private static long bytes(String name, String value) {
        return name.length() + (long) value.length();
    }

    private static int check(String name, String value) {
        if (!HeaderRules.isToken(name) || !HeaderRules.isSafeValue(value)) {
            return ErrorCode.INVALID_ARGUMENT.value();
        }
        if (HeaderRules.isHostOwned(name)) {
            return ErrorCode.DENIED.value();
        }
        return 0;
    }

    @Override
    public int write(byte[] bytes) {
        if (written + bytes.length > maxBodyBytes) {
            return ErrorCode.LIMIT_EXCEEDED.value();
        }
        if (streaming()) {
            send(bytes, bytes.length);
        } else {
            written += bytes.length;
            body.writeBytes(bytes);
        }
        return bytes.length;
    }

    @Override
    public long bodyBytesLeft() {
        return Math.max(0, maxBodyBytes - written);
    }

    @Override
    public long headerBytesLimit() {
        return maxHeaderBytes;
    }

    public int status() {
        return status;
    }

    /** Header name and value pairs in the order set, names in lower case. */
    public List<Map.Entry<String, String>> headers() {
        return Collections.unmodifiableList(headers);
    }

    /** The body's length so far, in bytes, sent or held. */
    public long bodyLength() {
        return written;
    }

    /** Whether the guest flushed its response to a {@link ResponseSink}, which then has all of it. */
    public boolean streamed() {
        return streaming();
    }

    /** The body held: all of it, unless the response {@link #streamed}. */
    public byte[] body() {
        return body.toByteArray();
    }
}
