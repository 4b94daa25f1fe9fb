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

    protected EdgeException(HttpError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** The error response this failure maps to. */
    public HttpError error() {
        return error;
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

    /** Attaches the failed request's {@link #serverTiming()}; returns this failure. */
    public EdgeException withServerTiming(String serverTiming) {
        this.serverTiming = serverTiming;
        return this;
    }
}
