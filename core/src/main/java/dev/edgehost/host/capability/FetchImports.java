package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.abiResult;
import static dev.edgehost.host.capability.Marshalling.arg;
import static dev.edgehost.host.capability.Marshalling.function;
import static dev.edgehost.host.capability.Marshalling.latin1;
import static dev.edgehost.host.capability.Marshalling.memory;
import static dev.edgehost.host.capability.Marshalling.notFound;
import static dev.edgehost.host.capability.Marshalling.readInto;
import static dev.edgehost.host.capability.Marshalling.result;

import com.dylibso.chicory.runtime.HostFunction;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.HostImport;
import dev.edgehost.host.Limit;
import dev.edgehost.host.fuel.FuelCosts;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The fetch capability (ABI spec §12). Outbound HTTP under the allow-list and address policy. It
 * owns these imports, their marshalling from guest memory and the limits they enforce. Stateless:
 * the request's state is found through {@link #bind}'s {@link CurrentRequest} at each call.
 */
public final class FetchImports implements HostCapability {
    public static final Limit FETCH_MAX_REQUESTS =
            Limit.of("fetch-max-requests", "fetch", Limit.Unit.COUNT, 0, 1_000, 16,
                    "Fetches one request may make; every further fetch returns -3.");
    public static final Limit FETCH_MAX_RESPONSE_BYTES =
            Limit.of("fetch-max-response-bytes", "fetch", Limit.Unit.BYTES, 0, Integer.MAX_VALUE - 8, 10L << 20,
                    "The largest fetch response body; a larger one makes the fetch fail with -5.");
    public static final Limit FETCH_CONNECT_TIMEOUT_MS =
            Limit.of("fetch-connect-timeout-ms", "fetch", Limit.Unit.MILLISECONDS, 1, 3_600_000, 5_000,
                    "The longest a fetch may take to connect; past it the fetch fails with -5.");
    public static final Limit FETCH_TIMEOUT_MS =
            Limit.of("fetch-timeout-ms", "fetch", Limit.Unit.MILLISECONDS, 1, 3_600_000, 30_000,
                    "The longest one fetch may take in all, within the request's deadline; past it the "
                            + "fetch fails with -5.");

    /** The limits this unit owns, in the order the docs list them. */
    public static final List<Limit> LIMITS = List.of(FETCH_MAX_REQUESTS, FETCH_MAX_RESPONSE_BYTES, FETCH_CONNECT_TIMEOUT_MS, FETCH_TIMEOUT_MS);

    /** The most handles one {@code fetch_wait_any} waits on: as many fetches as a request may make. */
    static final int MAX_WAIT_HANDLES = 1_000;

    static final FetchImports UNIT = new FetchImports();

    private FetchImports() {}

    @Override
    public String name() {
        return "fetch";
    }

    @Override
    public List<Limit> limits() {
        return LIMITS;
    }

    @Override
    public List<HostFunction> bind(CurrentRequest current) {
        return List.of(
                function(HostImport.FETCH, (instance, args) -> fetch(fetch(current), memory(instance, current), args)),
                function(HostImport.FETCH_STATUS, (instance, args) -> fetchStatus(fetch(current), args)),
                function(HostImport.FETCH_HEADER, (instance, args) -> fetchHeader(fetch(current), memory(instance, current), args)),
                function(HostImport.FETCH_HEADERS, (instance, args) -> fetchHeaders(fetch(current), memory(instance, current), args)),
                function(HostImport.FETCH_BODY_READ, (instance, args) -> fetchBodyRead(fetch(current), memory(instance, current), args)),
                function(HostImport.FETCH_CLOSE, (instance, args) -> fetchClose(fetch(current), args)),
                function(HostImport.FETCH_START, (instance, args) -> fetchStart(fetch(current), memory(instance, current), args)),
                function(HostImport.FETCH_WAIT, (instance, args) -> fetchWait(fetch(current), args)),
                function(HostImport.FETCH_WAIT_ANY, (instance, args) -> fetchWaitAny(fetch(current), memory(instance, current), args)));
    }

    private static FetchCapability fetch(CurrentRequest current) {
        return current.capabilities().fetch();
    }

    /** {@code fetch_status(handle) -> i32}: ABI spec §12.2. */
    private static long[] fetchStatus(FetchCapability fetch, long... args) {
        return abiResult(() -> fetch.response(arg(args, 0)).status());
    }

    /**
     * {@code fetch(method, method_len, url, url_len, headers, headers_len, body, body_len) -> i32}:
     * ABI spec §12.1. Pays for the outbound request before it reads its arguments.
     */
    private static long[] fetch(FetchCapability fetch, GuestMemory memory, long... args) {
        return sendRequest(memory, args, fetch::fetch);
    }

    /**
     * {@code fetch_start(method, method_len, url, url_len, headers, headers_len, body, body_len) ->
     * i32}: ABI spec §12.7. The arguments, checks and charge of {@code fetch}; returns at once.
     */
    private static long[] fetchStart(FetchCapability fetch, GuestMemory memory, long... args) {
        return sendRequest(memory, args, fetch::start);
    }

    /** The request of {@code fetch} or {@code fetch_start}: paid for before its arguments are read. */
    private static long[] sendRequest(GuestMemory memory, long[] args, Request send) {
        memory.work().charge(FuelCosts.HOST_FETCH);
        for (int range = 0; range < 8; range += 2) {
            memory.checkRange(arg(args, range), arg(args, range + 1));
        }
        String method = latin1(memory.read(arg(args, 0), arg(args, 1)));
        String url = new String(memory.read(arg(args, 2), arg(args, 3)), StandardCharsets.UTF_8);
        String headers = latin1(memory.read(arg(args, 4), arg(args, 5)));
        byte[] body = memory.read(arg(args, 6), arg(args, 7));
        return abiResult(() -> send.send(method, url, headers, body));
    }

    /** {@link FetchCapability#fetch} or {@link FetchCapability#start}. */
    @FunctionalInterface
    private interface Request {
        int send(String method, String url, String headers, byte[] body);
    }

    /** {@code fetch_wait(handle) -> i32}: ABI spec §12.8. */
    private static long[] fetchWait(FetchCapability fetch, long... args) {
        return abiResult(
                () -> {
                    fetch.await(arg(args, 0));
                    return 0;
                });
    }

    /**
     * {@code fetch_wait_any(handles, count, timeout_ms) -> i32}: ABI spec §12.9. The count and the
     * timeout are checked before the handles are read.
     */
    private static long[] fetchWaitAny(FetchCapability fetch, GuestMemory memory, long... args) {
        int count = arg(args, 1);
        int timeoutMillis = arg(args, 2);
        if (count < 1 || count > MAX_WAIT_HANDLES || timeoutMillis < 0) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        memory.checkRange(arg(args, 0), count * Integer.BYTES);
        ByteBuffer bytes = ByteBuffer.wrap(memory.read(arg(args, 0), count * Integer.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        int[] handles = new int[count];
        for (int index = 0; index < count; index++) {
            handles[index] = bytes.getInt();
        }
        return abiResult(() -> fetch.awaitAny(handles, timeoutMillis));
    }

    /** {@code fetch_header(handle, name, name_len, buf, cap) -> i32}: ABI spec §12.3. */
    private static long[] fetchHeader(FetchCapability fetch, GuestMemory memory, long... args) {
        String name = latin1(memory.read(arg(args, 1), arg(args, 2)));
        return abiResult(
                () -> {
                    FetchResponse fetched = fetch.response(arg(args, 0));
                    if (!HeaderRules.isToken(name)) {
                        return ErrorCode.INVALID_ARGUMENT.value();
                    }
                    String value = fetched.header(name.toLowerCase(Locale.ROOT));
                    if (value == null) {
                        return notFound(memory, arg(args, 3), arg(args, 4));
                    }
                    return memory.writeResult(arg(args, 3), arg(args, 4), value.getBytes(StandardCharsets.ISO_8859_1));
                });
    }

    /** {@code fetch_headers(handle, buf, cap) -> i32}: ABI spec §12.4. */
    private static long[] fetchHeaders(FetchCapability fetch, GuestMemory memory, long... args) {
        return abiResult(
                () -> {
                    byte[] lines = fetch.response(arg(args, 0)).headerLines().getBytes(StandardCharsets.ISO_8859_1);
                    return memory.writeResult(arg(args, 1), arg(args, 2), lines);
                });
    }

    /** {@code fetch_body_read(handle, buf, cap) -> i32}: ABI spec §12.5. */
    private static long[] fetchBodyRead(FetchCapability fetch, GuestMemory memory, long... args) {
        return abiResult(() -> readInto(memory, arg(args, 1), arg(args, 2), fetch.response(arg(args, 0))::readBody));
    }

    /** {@code fetch_close(handle) -> i32}: ABI spec §12.6. */
    private static long[] fetchClose(FetchCapability fetch, long... args) {
        return abiResult(
                () -> {
                    fetch.close(arg(args, 0));
                    return 0;
                });
    }
}
