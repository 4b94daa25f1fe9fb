package dev.edgehost.host.capability;

import com.dylibso.chicory.runtime.HostFunction;
import dev.edgehost.abi.Abi;
import dev.edgehost.host.Limit;
import java.util.List;

/**
 * One host capability, as Spin's factors are: the imports it provides with their marshalling,
 * the limits it enforces, and how it binds to the state of the request it serves. Every capability registers in
 * {@link HostCapabilities}; the deploy parameters, stored settings, CLI flags and docs derive
 * their limits from there. Implementations are stateless and thread-safe.
 */
public interface HostCapability {

    /** A short name, e.g. {@code kv}; its limits name it as their owner. */
    String name();

    /** The import module its functions are under; a request binds them only for modules that import from it. */
    default String importModule() {
        return Abi.IMPORT_MODULE;
    }

    /** The limits this capability enforces, in the order the docs list them. */
    List<Limit> limits();

    /**
     * The host functions, made once: each call finds the state of the request it serves in
     * {@code current}, so that one set serves request after request.
     */
    List<HostFunction> bind(CurrentRequest current);

    /** The host functions of one request, bound to that request's state alone. */
    default List<HostFunction> bind(GuestCapabilities capabilities) {
        return bind(() -> capabilities);
    }
}
