package dev.edgehost.abi;

/**
 * Negative results a host function returns to the guest (SPEC.md §3.3). Non-negative results are
 * successes; their meaning depends on the function.
 */
public enum ErrorCode {
    /** The thing asked for does not exist (a header, a config key). */
    NOT_FOUND(-1),
    /** An argument is out of its domain (a status code, a header name, a negative capacity). */
    INVALID_ARGUMENT(-2),
    /** A per-function limit would be exceeded (response size, header count). */
    LIMIT_EXCEEDED(-3),
    /** The host refuses the operation (a host-owned response header, an informational status). */
    DENIED(-4),
    /** An upstream the host talked to on the guest's behalf failed or timed out. */
    UPSTREAM_FAILURE(-5),
    /** A handle does not name a live resource of this request. */
    BAD_HANDLE(-6);

    private final int value;

    ErrorCode(int value) {
        this.value = value;
    }

    /** The value the guest sees. */
    public int value() {
        return value;
    }

    /**
     * The error code a guest-visible result stands for.
     *
     * @throws IllegalArgumentException when the value is no ABI error code
     */
    public static ErrorCode of(int value) {
        for (ErrorCode code : values()) {
            if (code.value == value) {
                return code;
            }
        }
        throw new IllegalArgumentException("not an ABI v1 error code: " + value);
    }
}
