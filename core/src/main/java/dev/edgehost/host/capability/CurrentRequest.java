package dev.edgehost.host.capability;

/**
 * Where a host function finds the request it serves. Host functions are made once per instance
 * and ask this at every call, so that one set of them serves request after request; each request
 * comes with {@link GuestCapabilities} of its own.
 */
@FunctionalInterface
public interface CurrentRequest {

    /**
     * The capabilities of the request running now.
     *
     * @throws com.dylibso.chicory.runtime.TrapException when no request is running
     */
    GuestCapabilities capabilities();
}
