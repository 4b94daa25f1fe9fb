package dev.edgehost.host;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Module upload with any bytes: parse, validate, check against the ABI, instrument, compile, and,
 * when that succeeds, one request. Each either works or fails with the exception of its failure
 * class, never with anything else and never by hanging. {@code mvn verify} replays the corpus in
 * {@code ModuleUploadFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class ModuleUploadFuzzTest {
    private static final FunctionSettings SETTINGS =
            FunctionSettings.builder()
                    .limits(FunctionLimits.builder().fuel(1_000_000).timeout(Duration.ofSeconds(2)).memoryPages(16).build())
                    .build();

    private static EdgeHost host;

    @BeforeAll
    static void startHost() {
        host = EdgeHost.builder().build();
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @FuzzTest(maxDuration = "5m")
    void deploy_anyBytes_deploysOrIsRejectedAsItsFailureClass(byte[] wasm) {
        try {
            host.deploy("fuzz", wasm, SETTINGS);
        } catch (ModuleRejectedException rejected) {
            return;
        }
        try {
            host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/fuzz")).function("fuzz").build());
        } catch (GuestTrapException | FuelExhaustedException | GuestTimeoutException | GuestExitException guestFailure) {
            // What a guest can do wrong, reported as such.
        }
    }
}
