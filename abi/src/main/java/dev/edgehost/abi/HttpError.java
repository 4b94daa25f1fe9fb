package dev.edgehost.abi;

/**
 * Error responses of the host (SPEC.md §9): every failure maps to exactly one of these, answered
 * as a JSON body {@code {"error": code, "message": ..., "requestId": ...}} with the given status.
 * The codes are stable: clients and the conformance suite match on them.
 */
public enum HttpError {
    /** No function is deployed under the requested name, or no such admin resource. */
    NOT_FOUND(404, "not_found"),
    /** The guest trapped (unreachable, out-of-bounds access, a host function trapped it). */
    TRAP(500, "trap"),
    /** The guest used up its fuel, the deterministic measure of the CPU work it may do. */
    FUEL_EXHAUSTED(503, "fuel_exhausted"),
    /** The guest ran past its wall-clock deadline and was stopped. */
    TIMEOUT(504, "timeout"),
    /** The guest called WASI {@code proc_exit} with a non-zero code. */
    GUEST_EXIT(500, "guest_exit"),
    /** A WASI program served as CGI wrote no valid CGI response to its standard output. */
    INVALID_CGI_RESPONSE(502, "invalid_cgi_response"),
    /** A JavaScript function's handler threw, or the promise it returned was rejected. */
    SCRIPT_ERROR(500, "script_error"),
    /** The request body is larger than the function's limit. */
    REQUEST_TOO_LARGE(413, "request_too_large"),
    /** The request has more headers, or more header bytes, than the function's limit. */
    HEADERS_TOO_LARGE(431, "headers_too_large"),
    /** Every worker is busy and the queue of waiting requests is full. */
    OVERLOADED(503, "overloaded"),
    /**
     * The function has as many requests running and waiting as its {@code max-concurrency} and its
     * share of the queue allow, or fewer while it is throttled for running out of fuel or time.
     */
    FUNCTION_OVERLOADED(503, "function_overloaded"),
    /** The function is stored, or given at start, but still loading while the host starts; it answers once it is in. */
    FUNCTION_LOADING(503, "function_loading"),
    /**
     * A guest's fetch of a function of this host would go deeper in subrequests than the host
     * allows: a loop of functions fetching each other, most likely.
     */
    SUBREQUEST_DEPTH_EXCEEDED(508, "subrequest_depth_exceeded"),
    /** The host failed; the message says no more than is safe to tell a client. */
    INTERNAL_ERROR(500, "internal_error"),
    /** The uploaded bytes are no valid Wasm module. */
    INVALID_MODULE(400, "invalid_module"),
    /** An uploaded JavaScript function does not compile, or its top level threw. */
    INVALID_SCRIPT(400, "invalid_script"),
    /** The module imports something the host does not provide. */
    UNKNOWN_IMPORT(400, "unknown_import"),
    /**
     * The module lacks an export the ABI requires, or exports it with the wrong type; or a
     * JavaScript function registers no fetch handler.
     */
    MISSING_EXPORT(400, "missing_export"),
    /** The module's initial memory is larger than the function's memory cap. */
    MEMORY_TOO_LARGE(400, "memory_too_large"),
    /** An admin request is malformed: a bad name, an unknown setting, a value out of range. */
    BAD_REQUEST(400, "bad_request"),
    /** The admin API needs a bearer token and the request has none or a wrong one. */
    UNAUTHORIZED(401, "unauthorized"),
    /** The admin API has no token and the request names a host that is not loopback (DNS rebinding). */
    FORBIDDEN_HOST(403, "forbidden_host"),
    /** The request to the admin API comes from a web page whose origin is not allowed. */
    FORBIDDEN_ORIGIN(403, "forbidden_origin"),
    /** The admin request's body has a content type a web page can send without asking. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    /** An uploaded module is larger than the host accepts. */
    UPLOAD_TOO_LARGE(413, "upload_too_large"),
    /** The resource exists but does not support the request method. */
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    /** The function has no such version: never deployed, pruned, or none older to roll back to. */
    VERSION_NOT_FOUND(404, "version_not_found"),
    /** Traffic settings that cannot apply: malformed, percents not adding up to 100, unknown versions or sticky kinds. */
    INVALID_TRAFFIC(400, "invalid_traffic");

    private final int status;
    private final String code;

    HttpError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    /** The HTTP status of the error response. */
    public int status() {
        return status;
    }

    /** The stable error code in the JSON body. */
    public String code() {
        return code;
    }
}
