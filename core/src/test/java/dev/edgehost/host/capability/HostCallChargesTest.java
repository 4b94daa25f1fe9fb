package dev.edgehost.host.capability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.Parser;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.HostImport;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.GuestTestSupport.RecordingLog;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.fetch.FunctionFetch;
import dev.edgehost.host.fetch.OriginAllowList;
import dev.edgehost.host.fetch.TraceParent;
import dev.edgehost.host.fuel.FuelCosts;
import dev.edgehost.host.fuel.FuelGauge;
import dev.edgehost.host.kv.FunctionKv;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.testing.TestGuests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What each host function charges (ABI spec §8.1), and that lengths over a limit are refused
 * before a byte of them is read or paid for.
 */
class HostCallChargesTest {
    private static final int MIB = 1 << 20;

    private final Instance instance = Instance.builder(Parser.parse(TestGuests.wat("(module (memory (export \"memory\") 330))"))).build();
    private final RecordingLog log = new RecordingLog();
    private final GuestResponse response = new GuestResponse(1_000, 10, 100);
    private FuelGauge gauge = GuestTestSupport.gauge(10_000_000);

    private int call(HostImport function, long... args) {
        HostWork work = new HostWork(gauge, System.nanoTime() + Duration.ofMinutes(1).toNanos());
        GuestCapabilities capabilities =
                new GuestCapabilities(
                        new GuestRequest("GET", "http://localhost/", List.of(), new byte[0]),
                        response,
                        log,
                        Map.of("k", "v")::get,
                        new EnvironmentCapability() {
                            @Override
                            public long nowMillis() {
                                return 0;
                            }

                            @Override
                            public void fillRandom(byte[] target) {
                                Arrays.fill(target, (byte) 1);
                            }
                        },
                        new FunctionKv(MvStoreKvBackend.inMemory(), "fn/charges", FunctionLimits.defaults()),
                        new FunctionFetch(new FetchClients(), OriginAllowList.parse(List.of()), FunctionLimits.defaults(), "r",
                                TraceParent.continueOrStart(null), System.nanoTime() + Duration.ofMinutes(1).toNanos()),
                        new JdkCrypto(),
                        work,
                        GuestTestSupport.process());
        HostFunction host =
                Arrays.stream(HostCapabilities.hostFunctions(capabilities, Set.of(Abi.IMPORT_MODULE)))
                        .filter(candidate -> candidate.name().equals(function.importName()))
                        .findFirst()
                        .orElseThrow();
        long[] result = host.handle().apply(instance, args);
        return result == null ? 0 : (int) result[0];
    }

    /** The fuel a call took. */
    private long cost(HostImport function, long... args) {
        long before = gauge.remaining();
        call(function, args);
        return before - gauge.remaining();
    }

    @Test
    void respWrite_paysOnePerSixteenBytes() {
        assertEquals(0, cost(HostImport.RESP_WRITE, 0, 0));
        assertEquals(1, cost(HostImport.RESP_WRITE, 0, 1));
        assertEquals(1, cost(HostImport.RESP_WRITE, 0, 16));
        assertEquals(2, cost(HostImport.RESP_WRITE, 0, 17));
    }

    @Test
    void respWrite_pastTheBodyLimit_isRefusedUnreadAndFree() {
        assertEquals(-3, call(HostImport.RESP_WRITE, 0, 10 * MIB));
        assertEquals(0, cost(HostImport.RESP_WRITE, 0, 10 * MIB));
        assertEquals(0, response.bodyLength());
    }

    @Test
    void respWrite_thatCannotBePaid_trapsWithoutWriting() {
        gauge = GuestTestSupport.gauge(9);

        assertThrows(TrapException.class, () -> call(HostImport.RESP_WRITE, 0, 160));

        assertEquals(0, response.bodyLength());
        assertTrue(gauge.exhausted());
    }

    @Test
    void respSetHeader_pastTheHeaderBytes_isRefusedUnread() {
        assertEquals(-3, call(HostImport.RESP_SET_HEADER, 0, 60, 100, 41));
        assertEquals(0, cost(HostImport.RESP_SET_HEADER, 0, 60, 100, 41));
        assertEquals(0, response.headers().size());
    }

    @Test
    void kvSet_keyOverTheLimit_isRefusedUnreadForTheCallsPriceOnly() {
        assertEquals(-3, call(HostImport.KV_SET, 0, 19 * MIB, 0, 1, 0));
        assertEquals(FuelCosts.HOST_KV_CALL, cost(HostImport.KV_SET, 0, 19 * MIB, 0, 1, 0));
    }

    @Test
    void kvSet_valueOverTheLimit_isRefusedUnread() {
        assertEquals(-3, call(HostImport.KV_SET, 0, 1, 0, 2 * MIB, 0));
        assertEquals(FuelCosts.HOST_KV_CALL, cost(HostImport.KV_SET, 0, 1, 0, 2 * MIB, 0));
    }

    @Test
    void kvSet_paysTheCallAndTheBytesOfKeyAndValue() {
        assertEquals(FuelCosts.HOST_KV_CALL + 1 + 7, cost(HostImport.KV_SET, 0, 10, 100, 100, 0));
    }

    @Test
    void log_readsNoMoreThanALineKeeps() {
        long cost = cost(HostImport.LOG, 1, 0, 19 * MIB);

        assertEquals(FuelCosts.hostBytes(EnvironmentImports.LOG_READ_MAX), cost);
        assertEquals(EnvironmentImports.LOG_READ_MAX, log.lines().get(0).message().length());
    }

    @Test
    void log_full_readsNothing() {
        LogCapability full =
                new LogCapability() {
                    @Override
                    public void log(LogLevel level, String message) {
                        throw new AssertionError("a full log takes no line");
                    }

                    @Override
                    public boolean isFull() {
                        return true;
                    }
                };
        HostWork work = new HostWork(gauge, System.nanoTime() + Duration.ofMinutes(1).toNanos());
        HostFunction logFunction =
                EnvironmentImports.UNIT.bind(new GuestCapabilities(null, null, full, null, null, null, null, null, work, null)).get(0);
        long before = gauge.remaining();

        logFunction.handle().apply(instance, 1, 0, 19 * MIB);

        assertEquals(before, gauge.remaining());
    }

    @Test
    void cryptoDigest_paysReadingHashingAndWriting() {
        // 32 bytes read (2), hashed (2), and a 32-byte digest written (2).
        assertEquals(6, cost(HostImport.CRYPTO_DIGEST, 1, 0, 32, 4096, 64));
    }

    @Test
    void cryptoHmac_paysForTheKeyHashedToo() {
        // Key 16 read (1), data 32 read (2), 48 bytes hashed (3), 32 written (2).
        instance.memory().write(0, "key".repeat(6).getBytes(StandardCharsets.US_ASCII));
        assertEquals(8, cost(HostImport.CRYPTO_HMAC, 1, 0, 16, 100, 32, 4096, 64));
    }

    @Test
    void cryptoVerify_paysTwentyThousandForTheKeyOperation() {
        // An unusable key is refused after it is read and the operation is paid.
        long cost = cost(HostImport.CRYPTO_VERIFY, 1, 0, 100, 200, 10, 300, 64);

        assertEquals(FuelCosts.HOST_VERIFY + FuelCosts.hostBytes(100), cost);
    }

    @Test
    void cryptoVerify_keyOverTheLimit_isRefusedUnreadAndFree() {
        assertEquals(-2, call(HostImport.CRYPTO_VERIFY, 1, 0, 17 << 10, 0, 10, 0, 64));
        assertEquals(0, cost(HostImport.CRYPTO_VERIFY, 1, 0, 17 << 10, 0, 10, 0, 64));
    }

    @Test
    void fetch_paysAThousandBeforeItsArgumentsAreChecked() {
        instance.memory().write(0, "GET".getBytes(StandardCharsets.US_ASCII));
        instance.memory().write(100, "http://example.com/".getBytes(StandardCharsets.US_ASCII));

        assertEquals(-4, call(HostImport.FETCH, 0, 3, 100, 19, 0, 0, 0, 0));
        assertEquals(FuelCosts.HOST_FETCH + 1 + 2, cost(HostImport.FETCH, 0, 3, 100, 19, 0, 0, 0, 0));
    }

    @Test
    void randomFill_paysBeforeItFills() {
        gauge = GuestTestSupport.gauge(3);

        assertThrows(TrapException.class, () -> call(HostImport.RANDOM_FILL, 0, 64));

        assertEquals(0, instance.memory().read(0));
    }
}
