package dev.edgehost.host.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgehost.abi.ErrorCode;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.GuestBytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The ABI's key-value limits and error codes, over a real embedded store. */
class FunctionKvTest {
    private final MvStoreKvBackend backend = MvStoreKvBackend.inMemory();
    private final FunctionLimits limits = FunctionLimits.builder().kvMaxValueBytes(10).kvMaxOperations(20).build();
    private final FunctionKv kv = new FunctionKv(backend, FunctionKv.namespace("fn", null), limits);

    @AfterEach
    void close() {
        backend.close();
    }

    private static GuestBytes bytes(String text) {
        return GuestBytes.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static GuestBytes zeros(int length) {
        return GuestBytes.of(new byte[length]);
    }

    private static void assertRefused(ErrorCode code, Executable call) {
        assertEquals(code, assertThrows(AbiErrorException.class, call).code());
    }

    @Test
    void namespace_sharedStoreOrOwn() {
        assertEquals("fn/cart", FunctionKv.namespace("cart", null));
        assertEquals("store/shared", FunctionKv.namespace("cart", "shared"));
    }

    @Test
    void keys_emptyIsInvalidAndTooLongIsOverTheLimit() {
        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> kv.get(zeros(0)));
        assertRefused(ErrorCode.LIMIT_EXCEEDED, () -> kv.set(zeros(513), bytes("v"), 0));
        kv.set(zeros(512), bytes("v"), 0);
        assertArrayEquals(bytes("v").read(), kv.get(zeros(512)));
    }

    @Test
    void set_valueOverTheLimit_isRefusedAndStoresNothing() {
        assertRefused(ErrorCode.LIMIT_EXCEEDED, () -> kv.set(bytes("k"), zeros(11), 0));
        assertNull(kv.get(bytes("k")));
        kv.set(bytes("k"), zeros(10), 0);
    }

    @Test
    void negativeTtl_isInvalid() {
        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> kv.set(bytes("k"), bytes("v"), -1));
        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> kv.increment(bytes("k"), 1, -1));
    }

    @Test
    void increment_nonInteger_isInvalid() {
        kv.set(bytes("k"), bytes("text"), 0);

        assertRefused(ErrorCode.INVALID_ARGUMENT, () -> kv.increment(bytes("k"), 1, 0));
    }

    @Test
    void operations_pastTheLimit_areRefused() {
        for (int i = 0; i < 20; i++) {
            kv.get(bytes("k"));
        }
        assertRefused(ErrorCode.LIMIT_EXCEEDED, () -> kv.get(bytes("k")));
        assertRefused(ErrorCode.LIMIT_EXCEEDED, () -> kv.list(zeros(0), zeros(0), 10));
    }
}
