package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.arg;
import static dev.edgehost.host.capability.Marshalling.function;
import static dev.edgehost.host.capability.Marshalling.latin1;
import static dev.edgehost.host.capability.Marshalling.memory;
import static dev.edgehost.host.capability.Marshalling.notFound;
import static dev.edgehost.host.capability.Marshalling.readInto;
import static dev.edgehost.host.capability.Marshalling.result;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.HostImport;
import dev.edgehost.host.Limit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The request capability (ABI spec §4). What a guest may learn about the request it handles. It
 * owns these imports, their marshalling from guest memory and the limits they enforce. Stateless:
 * the request's state is found through {@link #bind}'s {@link CurrentRequest} at each call.
 */
public final class RequestImports implements HostCapability {
    public static final Limit MAX_REQUEST_BODY =
            Limit.of("max-request-body", "request", Limit.Unit.BYTES, 0, Integer.MAX_VALUE - 8, 10L << 20,
                    "The largest request body. A larger one is answered request_too_large (413) and the "
                            + "guest is not run.");
    public static final Limit MAX_REQUEST_HEADERS =
            Limit.of("max-request-headers", "request", Limit.Unit.COUNT, 1, 10_000, 100,
                    "The most request header lines. More are answered headers_too_large (431) and the "
                            + "guest is not run.");
    public static final Limit MAX_REQUEST_HEADER_BYTES =
            Limit.of("max-request-header-bytes", "request", Limit.Unit.BYTES, 1, 16 << 20, 64 << 10,
                    "The most bytes of request header names and values together. More are answered "
                            + "headers_too_large (431) and the guest is not run.");

    /** The limits this unit owns, in the order the docs list them. */
    public static final List<Limit> LIMITS = List.of(MAX_REQUEST_BODY, MAX_REQUEST_HEADERS, MAX_REQUEST_HEADER_BYTES);

    static final RequestImports UNIT = new RequestImports();

    private RequestImports() {}

    @Override
    public String name() {
        return "request";
    }

    @Override
    public List<Limit> limits() {
        return LIMITS;
    }

    @Override
    public List<HostFunction> bind(CurrentRequest current) {
        return List.of(
                function(HostImport.REQ_METHOD, (instance, args) -> reqMethod(request(current), memory(instance, current), args)),
                function(HostImport.REQ_URL, (instance, args) -> reqUrl(request(current), memory(instance, current), args)),
                function(HostImport.REQ_HEADER, (instance, args) -> reqHeader(request(current), memory(instance, current), args)),
                function(HostImport.REQ_HEADERS, (instance, args) -> reqHeaders(request(current), memory(instance, current), args)),
                function(HostImport.REQ_BODY_READ, (instance, args) -> reqBodyRead(request(current), memory(instance, current), args)));
    }

    private static RequestCapability request(CurrentRequest current) {
        return current.capabilities().request();
    }

    /** {@code req_method(buf, cap) -> i32}: ABI spec §4.1. */
    private static long[] reqMethod(RequestCapability request, GuestMemory memory, long... args) {
        byte[] method = request.method().getBytes(StandardCharsets.ISO_8859_1);
        return result(memory.writeResult(arg(args, 0), arg(args, 1), method));
    }

    /** {@code req_url(buf, cap) -> i32}: ABI spec §4.2. */
    private static long[] reqUrl(RequestCapability request, GuestMemory memory, long... args) {
        byte[] url = request.url().getBytes(StandardCharsets.UTF_8);
        return result(memory.writeResult(arg(args, 0), arg(args, 1), url));
    }

    /** {@code req_header(name, name_len, buf, cap) -> i32}: ABI spec §4.3. */
    private static long[] reqHeader(RequestCapability request, GuestMemory memory, long... args) {
        String name = latin1(memory.read(arg(args, 0), arg(args, 1)));
        if (!HeaderRules.isToken(name)) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        String value = request.header(name.toLowerCase(Locale.ROOT));
        if (value == null) {
            return result(notFound(memory, arg(args, 2), arg(args, 3)));
        }
        return result(memory.writeResult(arg(args, 2), arg(args, 3), value.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** {@code req_headers(buf, cap) -> i32}: ABI spec §4.4. */
    private static long[] reqHeaders(RequestCapability request, GuestMemory memory, long... args) {
        byte[] lines = request.headerLines().getBytes(StandardCharsets.ISO_8859_1);
        return result(memory.writeResult(arg(args, 0), arg(args, 1), lines));
    }

    /** {@code req_body_read(buf, cap) -> i32}: ABI spec §4.5. */
    private static long[] reqBodyRead(RequestCapability request, GuestMemory memory, long... args) {
        return result(readInto(memory, arg(args, 0), arg(args, 1), request::readBody));
    }
}
