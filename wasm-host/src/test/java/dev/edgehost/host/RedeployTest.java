package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A redeploy is atomic: a request in flight finishes on the version it started with. */
class RedeployTest {

    /** A guest that spins for a while, then answers its version. */
    private static byte[] slowVersion(String version, int iterations) {
        return TestHost.wat(
                "(module (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))"
                        + " (memory (export \"memory\") 1) (data (i32.const 0) \"" + version + "\")"
                        + " (func (export \"handle\") (local $i i32)"
                        + "  (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                        + "   (br_if $l (i32.lt_u (local.get $i) (i32.const " + iterations + "))))"
                        + "  (drop (call $write (i32.const 0) (i32.const 2)))))");
    }

    @Test
    void redeploy_requestInFlight_finishesOnTheOldVersion() throws Exception {
        try (TestHost host = TestHost.start(null)) {
            // Interpreted, so that the old version is still running when the new one lands.
            host.deployOrFail("fn", slowVersion("v1", 20_000_000), "engine=interpreter&timeout-ms=60000");
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> host.get("/fn"));
            Thread.sleep(200);

            host.deployOrFail("fn", slowVersion("v2", 1), "");

            assertEquals("v2", host.get("/fn").body());
            HttpResponse<String> old = inFlight.get(60, TimeUnit.SECONDS);
            assertEquals(200, old.statusCode(), old.body());
            assertEquals("v1", old.body());
        }
    }
}
