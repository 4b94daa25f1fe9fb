package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.arg;
import static dev.edgehost.host.capability.Marshalling.function;
import static dev.edgehost.host.capability.Marshalling.latin1;
import static dev.edgehost.host.capability.Marshalling.memory;
import static dev.edgehost.host.capability.Marshalling.result;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import dev.edgehost.abi.HostImport;
import dev.edgehost.host.Limit;
import java.util.List;

/**
 * The response capability (ABI spec §5). The response a guest builds. It owns these imports, their
 * marshalling from guest memory and the limits they enforce. Stateless: a request's state comes in
 * through {@link #bind}.
 */
public final class ResponseImports implements HostCapability {
    public static final Limit MAX_RESPONSE_BODY =
            Limit.of("max-response-body", "response", Limit.Unit.BYTES, 0, Integer.MAX_VALUE - 8, 10L << 20,
                    "The largest response body a guest may write; resp_write past it returns -3.");
    public static final Limit MAX_RESPONSE_HEADERS =
            Limit.of("max-response-headers", "response", Limit.Unit.COUNT, 0, 10_000, 100,
                    "The most response header values a guest may set; resp_set_header and resp_add_header "
                            + "past it return -3.");
    public static final Limit MAX_RESPONSE_HEADER_BYTES =
            Limit.of("max-response-header-bytes", "response", Limit.Unit.BYTES, 0, 16 << 20, 64 << 10,
                    "The most bytes of response header names and values a guest may set; past it "
                            + "resp_set_header and resp_add_header return -3.");

    /** The limits this unit owns, in the order the docs list them. */
    public static final List<Limit> LIMITS = List.of(MAX_RESPONSE_BODY, MAX_RESPONSE_HEADERS, MAX_RESPONSE_HEADER_BYTES);

    static final ResponseImports UNIT = new ResponseImports();

    private ResponseImports() {}

    @Override
    public String name() {
        return "response";
    }

    @Override
    public List<Limit> limits() {
        return LIMITS;
    }

    @Override
    public List<HostFunction> bind(GuestCapabilities capabilities) {
        return List.of(
                function(HostImport.RESP_SET_STATUS, (instance, args) -> respSetStatus(capabilities.response(), instance, args)),
                function(HostImport.RESP_SET_HEADER, (instance, args) -> respSetHeader(capabilities.response(), instance, args)),
                function(HostImport.RESP_ADD_HEADER, (instance, args) -> respAddHeader(capabilities.response(), instance, args)),
                function(HostImport.RESP_WRITE, (instance, args) -> respWrite(capabilities.response(), instance, args)));
    }

    /** {@code resp_set_status(code) -> i32}: ABI spec §5.1. */
    private static long[] respSetStatus(ResponseCapability response, Instance instance, long... args) {
        return result(response.setStatus(arg(args, 0)));
    }

    /** {@code resp_set_header(name, name_len, value, value_len) -> i32}: ABI spec §5.2. */
    private static long[] respSetHeader(ResponseCapability response, Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        String name = latin1(memory.read(arg(args, 0), arg(args, 1)));
        String value = latin1(memory.read(arg(args, 2), arg(args, 3)));
        return result(response.setHeader(name, value));
    }

    /** {@code resp_add_header(name, name_len, value, value_len) -> i32}: ABI spec §5.3. */
    private static long[] respAddHeader(ResponseCapability response, Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        String name = latin1(memory.read(arg(args, 0), arg(args, 1)));
        String value = latin1(memory.read(arg(args, 2), arg(args, 3)));
        return result(response.addHeader(name, value));
    }

    /** {@code resp_write(ptr, len) -> i32}: ABI spec §5.4. */
    private static long[] respWrite(ResponseCapability response, Instance instance, long... args) {
        return result(response.write(memory(instance).read(arg(args, 0), arg(args, 1))));
    }
}
