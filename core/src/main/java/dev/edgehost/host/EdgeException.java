package dev.edgehost.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.abi.HttpError;

/**
 * A failure the host reports to a client. Each subclass is one failure class and names exactly
 * one {@link HttpError}, which fixes the response's status and stable error code.
 */
public abstract class EdgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient HttpError error;
    private transient String serverTiming;
    private transient String detail = "";

    protected EdgeException(HttpError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** The error response this failure maps to. */
    public HttpError error() {
        return error;
    }

    /**
     * The seconds a client should wait before trying again, answered as {@code retry-after}, or 0
     * when trying again will not help by itself.
     */
    public int retryAfterSeconds() {
        return 0;
    }

    /**
     * The body every adapter answers this failure with: {@code {"error": code, "message": ...,
     * "requestId": ...}}, as JSON.
     */
    public byte[] responseBody(String requestId) {
        ObjectNode json = JSON.createObjectNode();
        json.put("error", error.code());
        json.put("message", getMessage());
        json.put("requestId", requestId);
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object node always serializes", e);
        }
    }

    /**
     * The {@code server-timing} header of the request that failed (time spent and fuel used), or
     * {@code null} when the failure came before the guest ran.
     */
    public String serverTiming() {
        return serverTiming;
    }

    /**
     * What the host knows of the failure beyond its message, for the function's author and not
     * for its clients: where in the module a trap, a fuel exhaustion or a deadline stopped the
     * guest, such as {@code " in func[3] <parse> (body at 0x1a3); backtrace: ..."}. Empty when
     * there is nothing more. The function's log and log listeners show it after the message; the
     * error response a client gets does not.
     */
    public String detail() {
        return detail;
    }

    /** Attaches a {@link #detail()}; returns this failure. */
    public EdgeException withDetail(String detail) {
        this.detail = detail == null ? "" : detail;
        return this;
    }

    /** Attaches the failed request's {@link #serverTiming()}; returns this failure. */
    public EdgeException withServerTiming(String serverTiming) {
        this.serverTiming = serverTiming;
        return this;
    }
}
