package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.arg;
import static dev.edgehost.host.capability.Marshalling.function;
import static dev.edgehost.host.capability.Marshalling.latin1;
import static dev.edgehost.host.capability.Marshalling.memory;
import static dev.edgehost.host.capability.Marshalling.result;

import com.dylibso.chicory.runtime.HostFunction;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.HostImport;
import dev.edgehost.host.Limit;
import java.util.List;

/**
 * The response capability (ABI spec §5). The response a guest builds. It owns these imports, their
 * marshalling from guest memory and the limits they enforce. Stateless: the request's state is
 * found through {@link #bind}'s {@link CurrentRequest} at each call.
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
    public List<HostFunction> bind(CurrentRequest current) {
        return List.of(
                function(HostImport.RESP_SET_STATUS, (instance, args) -> result(response(current).setStatus(arg(args, 0)))),
                function(HostImport.RESP_SET_HEADER, (instance, args) -> setHeader(response(current), memory(instance, current), false, args)),
                function(HostImport.RESP_ADD_HEADER, (instance, args) -> setHeader(response(current), memory(instance, current), true, args)),
                function(HostImport.RESP_WRITE, (instance, args) -> respWrite(response(current), memory(instance, current), args)),
                function(HostImport.RESP_FLUSH, (instance, args) -> result(response(current).flush())));
    }

    private static ResponseCapability response(CurrentRequest current) {
        return current.capabilities().response();
    }

    /**
     * {@code resp_set_header} and {@code resp_add_header(name, name_len, value, value_len) -> i32}:
     * ABI spec §5.2 and §5.3. A name and value that alone exceed the header-bytes limit are
     * refused before they are read.
     */
    private static long[] setHeader(ResponseCapability response, GuestMemory memory, boolean add, long... args) {
        int nameLength = arg(args, 1);
        int valueLength = arg(args, 3);
        memory.checkRange(arg(args, 0), nameLength);
        memory.checkRange(arg(args, 2), valueLength);
        if (Integer.toUnsignedLong(nameLength) + Integer.toUnsignedLong(valueLength) > response.headerBytesLimit()) {
            return result(ErrorCode.LIMIT_EXCEEDED.value());
        }
        String name = latin1(memory.read(arg(args, 0), nameLength));
        String value = latin1(memory.read(arg(args, 2), valueLength));
        return result(add ? response.addHeader(name, value) : response.setHeader(name, value));
    }

    /** {@code resp_write(ptr, len) -> i32}: ABI spec §5.4; a write past the limit is refused before it is read. */
    private static long[] respWrite(ResponseCapability response, GuestMemory memory, long... args) {
        int ptr = arg(args, 0);
        int len = arg(args, 1);
        memory.checkRange(ptr, len);
        if (len > response.bodyBytesLeft()) {
            return result(ErrorCode.LIMIT_EXCEEDED.value());
        }
        if (response.streaming()) {
            // Chunk by chunk, so that a write as large as memory never has a copy of it all.
            memory.readChunks(ptr, len, response::send);
            return result(len);
        }
        return result(response.write(memory.read(ptr, len)));
    }
}
