package dev.edgehost.host.capability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.HostImport;
import dev.edgehost.host.capability.GuestTestSupport.RecordingLog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One set of host functions serving request after request, each call seeing only the state of the request attached. */
class RequestBindingTest {
    private static final int NAME = 0x100;
    private static final int BUF = 0x200;

    private final Instance instance = GuestTestSupport.instance();
    private final RequestBinding binding = new RequestBinding(Set.of(Abi.IMPORT_MODULE, Abi.WASI_MODULE));

    @Test
    void functions_requestAfterRequest_areTheSameAndSeeOnlyTheAttachedRequest() {
        HostFunction[] made = binding.functions();
        binding.attach(capabilities(new GuestRequest("GET", "http://localhost/", List.of(Map.entry("x-who", "a")), new byte[0])));
        assertEquals("a", header("x-who"));
        binding.detach();

        binding.attach(capabilities(new GuestRequest("GET", "http://localhost/", List.of(), new byte[0])));
        assertEquals(null, header("x-who"), "the second request does not see the first one's header");
        assertSame(made, binding.functions());
    }

    @Test
    void functions_noRequestAttached_trap() {
        binding.attach(capabilities(new GuestRequest("GET", "http://localhost/", List.of(), new byte[0])));
        binding.detach();

        assertThrows(TrapException.class, () -> header("x-who"));
        assertThrows(TrapException.class, () -> wasi("fd_close", 1));
        assertThrows(TrapException.class, binding::capabilities);
    }

    @Test
    void wasi_descriptorClosedByOneRequest_isOpenForTheNext() {
        binding.attach(capabilities(new GuestRequest("GET", "http://localhost/", List.of(), new byte[0])));
        assertEquals(WasiErrno.SUCCESS, wasi("fd_close", 1));
        assertEquals(WasiErrno.BADF, wasi("fd_close", 1));
        binding.detach();

        binding.attach(capabilities(new GuestRequest("GET", "http://localhost/", List.of(), new byte[0])));
        assertEquals(WasiErrno.SUCCESS, wasi("fd_close", 1), "the next request starts with every descriptor open");
    }

    @Test
    void wasi_argumentsOfEachRequest_areItsOwn() {
        binding.attach(capabilities(new GuestRequest("GET", "http://localhost/", List.of(), new byte[0]), "first"));
        assertArrayEquals(new long[] {WasiErrno.SUCCESS}, function(Abi.WASI_MODULE, "args_sizes_get").handle().apply(instance, BUF, BUF + 4));
        assertEquals("first".length() + 1, instance.memory().readInt(BUF + 4));
        binding.detach();

        binding.attach(capabilities(new GuestRequest("GET", "http://localhost/", List.of(), new byte[0]), "second-program"));
        function(Abi.WASI_MODULE, "args_sizes_get").handle().apply(instance, BUF, BUF + 4);
        assertEquals("second-program".length() + 1, instance.memory().readInt(BUF + 4));
    }

    private GuestCapabilities capabilities(GuestRequest request) {
        return capabilities(request, "test");
    }

    private static GuestCapabilities capabilities(GuestRequest request, String program) {
        WasiProcess process =
                new WasiProcess(List.of(program), List.of(), new byte[0], (bytes, offset, length) -> length, (bytes, offset, length) -> length);
        return new GuestCapabilities(request, new GuestResponse(1 << 16, 100, 1 << 16), new RecordingLog(), key -> null,
                null, null, null, new JdkCrypto(), GuestTestSupport.work(), process);
    }

    /** The value {@code req_header} gives the guest, or {@code null} when it finds none. */
    private String header(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        instance.memory().write(NAME, bytes);
        long result = function(Abi.IMPORT_MODULE, HostImport.REQ_HEADER.importName()).handle()
                .apply(instance, NAME, bytes.length, BUF, 64)[0];
        if (result == ErrorCode.NOT_FOUND.value()) {
            return null;
        }
        return instance.memory().readString(BUF, (int) result, StandardCharsets.ISO_8859_1);
    }

    private long wasi(String name, long... args) {
        return function(Abi.WASI_MODULE, name).handle().apply(instance, args)[0];
    }

    private HostFunction function(String module, String name) {
        for (HostFunction function : binding.functions()) {
            if (function.module().equals(module) && function.name().equals(name)) {
                return function;
            }
        }
        throw new AssertionError("no host function " + module + "." + name);
    }
}
