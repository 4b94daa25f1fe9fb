package dev.edgehost.host.capability;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.HostImport;
import dev.edgehost.abi.ValueType;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.fetch.FunctionFetch;
import dev.edgehost.host.fetch.OriginAllowList;
import dev.edgehost.host.fetch.TraceParent;
import dev.edgehost.host.kv.FunctionKv;
import dev.edgehost.host.kv.MvStoreKvBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every host import called with pointers, lengths and values a hostile guest chooses, over a
 * memory holding bytes it chose: each call returns a result of the ABI (a length, a count, a
 * handle, or an error code of §3.3) or traps with Chicory's {@link TrapException} (§3.4), and
 * never throws anything else. {@code mvn verify} replays the corpus in
 * {@code AbiMarshallingFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class AbiMarshallingFuzzTest {
    /** Values a guest is likely to get wrong: around zero, the end of memory and the i32 range. */
    private static final long[] EDGES = {0, 1, 4, 7, 8, 63, 64, 65535, 65536, 65537, 131071, 131072, -1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE};
    /** Shared by every input: a store and HTTP clients per input would exhaust memory and threads. */
    private static final MvStoreKvBackend STORE = MvStoreKvBackend.inMemory();
    private static final FetchClients CLIENTS = new FetchClients();

    @FuzzTest(maxDuration = "5m")
    void hostImport_anyArguments_returnsAnAbiResultOrTraps(FuzzedDataProvider data) {
        Instance instance = GuestTestSupport.instance();
        instance.memory().write(data.consumeInt(0, 60000), data.consumeBytes(data.consumeInt(0, 2048)));
        GuestRequest request = new GuestRequest("POST", "http://localhost/fuzz?q=1",
                List.of(Map.entry("x-name", "value"), Map.entry("cookie", "a=1")), "body".getBytes(StandardCharsets.UTF_8));
        GuestCapabilities capabilities =
                new GuestCapabilities(
                        request,
                        new GuestResponse(1 << 16, 8, 1 << 12),
                        new GuestTestSupport.RecordingLog(),
                        Map.of("k", "v")::get,
                        new EnvironmentCapability() {
                            @Override
                            public long nowMillis() {
                                return 0;
                            }

                            @Override
                            public void fillRandom(byte[] target) {
                                Arrays.fill(target, (byte) 7);
                            }
                        },
                        new FunctionKv(STORE, "fn/fuzz", FunctionLimits.defaults()),
                        new FunctionFetch(CLIENTS, OriginAllowList.parse(List.of()), FunctionLimits.defaults(), "fuzz-request",
                                TraceParent.continueOrStart(null), System.nanoTime() + Duration.ofSeconds(5).toNanos()),
                        new JdkCrypto(),
                        GuestTestSupport.work(),
                        GuestTestSupport.process());
        HostFunction[] functions = HostCapabilities.hostFunctions(capabilities, Set.of(Abi.IMPORT_MODULE));
        int calls = data.consumeInt(1, 8);
        for (int i = 0; i < calls; i++) {
            HostImport function = data.pickValue(HostImport.values());
            long[] args = new long[function.params().size()];
            for (int p = 0; p < args.length; p++) {
                long value = data.consumeBoolean() ? data.pickValue(EDGES) : data.consumeInt();
                args[p] = function.params().get(p) == ValueType.I64 ? value : (int) value;
            }
            HostFunction host = Arrays.stream(functions).filter(f -> f.module().equals(Abi.IMPORT_MODULE) && f.name().equals(function.importName())).findFirst().orElseThrow();
            long[] result;
            try {
                result = host.handle().apply(instance, args);
            } catch (TrapException trap) {
                continue;
            }
            if (function.results().isEmpty()) {
                continue;
            }
            long value = result[0];
            if (function.results().get(0) == ValueType.I32 && (value < -6 || value > Integer.MAX_VALUE)) {
                throw new AssertionError(function.importName() + Arrays.toString(args) + " returned " + value);
            }
        }
    }
}
