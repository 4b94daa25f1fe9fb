package dev.edgehost.host;

import dev.edgehost.abi.HttpError;

/**
 * A guest's fetch of a function of this host would go deeper in subrequests than the host allows:
 * functions fetching each other in a loop, most likely. The fetched function does not run.
 */
public final class SubrequestDepthException extends EdgeException {
    private static final long serialVersionUID = 1L;

    public SubrequestDepthException(String message) {
        super(HttpError.SUBREQUEST_DEPTH_EXCEEDED, message, null);
    }
}
