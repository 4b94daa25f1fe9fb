package dev.edgehost.host;

import dev.edgehost.abi.HttpError;
import java.util.Objects;
import java.util.Set;

/**
 * An uploaded module or script cannot be deployed. The {@link #error()} says why: malformed or
 * invalid Wasm, an import the host does not provide, a missing export, an initial memory over the
 * cap, an upload over the size limit, or a script that does not compile or whose top level throws.
 */
public final class ModuleRejectedException extends EdgeException {
    private static final long serialVersionUID = 1L;

    private static final Set<HttpError> REASONS =
            Set.of(
                    HttpError.INVALID_MODULE,
                    HttpError.UNKNOWN_IMPORT,
                    HttpError.MISSING_EXPORT,
                    HttpError.MEMORY_TOO_LARGE,
                    HttpError.UPLOAD_TOO_LARGE,
                    HttpError.INVALID_SCRIPT);

    public ModuleRejectedException(HttpError reason, String message) {
        this(reason, message, null);
    }

    public ModuleRejectedException(HttpError reason, String message, Throwable cause) {
        super(checked(reason), message, cause);
    }

    private static HttpError checked(HttpError reason) {
        if (!REASONS.contains(Objects.requireNonNull(reason, "reason"))) {
            throw new IllegalArgumentException("not a module rejection: " + reason);
        }
        return reason;
    }
}
