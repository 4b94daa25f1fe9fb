package dev.edgehost.host.capability;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.TrapException;
import java.util.Objects;
import java.util.Set;

/**
 * The host functions of one instance, made once for the import modules of its module and pointed
 * at each request's {@link GuestCapabilities} in turn: an instance that serves many requests links
 * them once, and a request only {@link #attach attaches} its state instead of having some 31 to 77
 * functions made for it. With no request attached, every call traps. Used by the one thread that
 * runs the instance's request.
 */
public final class RequestBinding implements CurrentRequest {
    private final HostFunction[] functions;
    private GuestCapabilities attached;

    /** @param importModules the modules the instance's module imports from, as {@link HostCapabilities#hostFunctions} takes them */
    public RequestBinding(Set<String> importModules) {
        this.functions = HostCapabilities.hostFunctions(this, importModules);
    }

    /** The functions, always in {@link HostCapabilities#hostFunctions}'s order; the array is shared, not to be changed. */
    public HostFunction[] functions() {
        return functions;
    }

    /**
     * Points the functions at one request's state. Each request attaches an object of its own:
     * per-request state kept across calls, such as WASI's descriptors, begins anew with a new one.
     */
    public void attach(GuestCapabilities capabilities) {
        attached = Objects.requireNonNull(capabilities, "capabilities");
    }

    /** Ends the request: calls trap until the next attaches its state, and nothing of this one stays reachable. */
    public void detach() {
        attached = null;
    }

    @Override
    public GuestCapabilities capabilities() {
        GuestCapabilities now = attached;
        if (now == null) {
            throw new TrapException("a host function was called outside a request");
        }
        return now;
    }
}
