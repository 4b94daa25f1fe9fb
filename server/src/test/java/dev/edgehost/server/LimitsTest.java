package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.testhost.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every per-function limit, over real HTTP: the guest gets its error, the host keeps serving. */
class LimitsTest {
    private static final int WORKERS = 2;
    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(null, builder -> builder.workers(WORKERS));
        host.deployOrFail("hello", TestHost.sample("hello"), "");
        for (Engine engine : Engine.values()) {
            String suffix = "-" + engine.name().toLowerCase(Locale.ROOT);
            // Unlimited fuel, so that the deadline is what stops the loop.
            host.deployOrFail("loop" + suffix, TestHost.sample("loop"), "timeout-ms=300&fuel=" + FunctionLimits.MAX_FUEL + "&engine=" + engine);
            host.deployOrFail("burn" + suffix, TestHost.sample("loop"), "fuel=1000000&timeout-ms=60000&engine=" + engine);
            host.deployOrFail("echo" + suffix, TestHost.sample("echo"), "engine=" + engine);
            host.deployOrFail("hog" + suffix, TestHost.sample("memory-hog"), "memory-pages=40&engine=" + engine);
            host.deployOrFail("trap" + suffix, TestHost.sample("trap"), "engine=" + engine);
        }
        host.deployOrFail("small-body", TestHost.sample("echo"), "max-request-body=1000");
        host.deployOrFail("small-response", TestHost.sample("echo"), "max-response-body=100");
        host.deployOrFail("few-headers", TestHost.sample("echo"), "max-request-headers=8&max-request-header-bytes=400");
        host.deployOrFail(
                "header-flood",
                TestHost.wat(
                        "(module (import \"edge\" \"resp_add_header\" (func $add (param i32 i32 i32 i32) (result i32)))"
                                + " (memory (export \"memory\") 1) (data (i32.const 0) \"x-n1\")"
                                + " (func (export \"handle\") (local $i i32)"
                                + "  (loop $l (drop (call $add (i32.const 0) (i32.const 3) (i32.const 3) (i32.const 1)))"
                                + "   (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                                + "   (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))))"),
                "max-response-headers=5");
        host.deployOrFail("big-headers", TestHost.sample("header-flood"), "max-response-header-bytes=20000");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deadline_infiniteLoop_isStoppedAndTheWorkerIsReused(Engine engine) {
        // More loops than workers, one after another: each must free its worker for the next.
        for (int i = 0; i < WORKERS + 2; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = host.get("/loop-" + engine.name().toLowerCase(Locale.ROOT));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertEquals(504, response.statusCode());
            assertEquals("timeout", TestHost.errorCode(response));
            assertTrue(millis < 5_000, "stopped near its 300 ms deadline, took " + millis + " ms");
        }
        assertEquals(200, host.get("/hello").statusCode());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void fuel_infiniteLoop_runsOutOfFuel(Engine engine) {
        HttpResponse<String> response = host.get("/burn-" + engine.name().toLowerCase(Locale.ROOT));

        assertEquals(503, response.statusCode());
        assertEquals("fuel_exhausted", TestHost.errorCode(response));
        assertEquals(1_000_000, fuelUsed(response));
    }

    @Test
    void fuel_sameRequest_usesTheSameFuelInBothEngines() {
        long[] used = new long[Engine.values().length];
        for (Engine engine : Engine.values()) {
            HttpResponse<String> response =
                    host.send(
                            HttpRequest.newBuilder(host.uri("/echo-" + engine.name().toLowerCase(Locale.ROOT) + "/a?b=c"))
                                    .header("x-one", "1")
                                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000)))
                                    .build());
            assertEquals(200, response.statusCode());
            used[engine.ordinal()] = fuelUsed(response);
        }
        assertTrue(used[0] > 0);
        assertEquals(used[0], used[1]);
    }

    /** The fuel a request used, from its {@code server-timing} header. */
    private static long fuelUsed(HttpResponse<String> response) {
        String timing = response.headers().firstValue("server-timing").orElseThrow();
        Matcher fuel = Pattern.compile("fuel;desc=\"(\\d+)\"").matcher(timing);
        assertTrue(fuel.find(), timing);
        return Long.parseLong(fuel.group(1));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void memoryCap_growPastTheCap_failsAndTheGuestTraps(Engine engine) {
        HttpResponse<String> response = host.get("/hog-" + engine.name().toLowerCase(Locale.ROOT));

        assertEquals(500, response.statusCode());
        assertEquals("trap", TestHost.errorCode(response));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void trap_unreachable_isTrapError(Engine engine) {
        HttpResponse<String> response = host.get("/trap-" + engine.name().toLowerCase(Locale.ROOT));

        assertEquals(500, response.statusCode());
        assertEquals("trap", TestHost.errorCode(response));
        assertTrue(TestHost.json(response).path("message").asText().contains("unreachable"));
    }

    @Test
    void requestBody_declaredLengthOverTheLimit_isRefused() {
        HttpResponse<String> response =
                host.send(
                        HttpRequest.newBuilder(host.uri("/small-body"))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1001]))
                                .build());

        assertEquals(413, response.statusCode());
        assertEquals("request_too_large", TestHost.errorCode(response));
    }

    @Test
    void requestBody_chunkedOverTheLimit_isRefused() {
        HttpResponse<String> response =
                host.send(
                        HttpRequest.newBuilder(host.uri("/small-body"))
                                .POST(chunked(new byte[5000]))
                                .build());

        assertEquals(413, response.statusCode());
        assertEquals("request_too_large", TestHost.errorCode(response));
    }

    @Test
    void requestBody_atTheLimit_isServed() {
        HttpResponse<String> response =
                host.send(
                        HttpRequest.newBuilder(host.uri("/small-body"))
                                .POST(chunked(new byte[1000]))
                                .build());

        assertEquals(200, response.statusCode());
    }

    @Test
    void requestBody_chunkedOverTwoMebibytes_reachesTheGuestWhole() {
        // Undertow's own cap of 2 MiB held for chunked bodies whatever the function's limit.
        byte[] body = new byte[5 << 20];
        Arrays.fill(body, (byte) 'b');

        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/echo-compiler")).POST(chunked(body)).build());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().endsWith("\n\n" + new String(body, StandardCharsets.ISO_8859_1)));
    }

    /** A body of unknown length, which the client sends chunked. */
    private static HttpRequest.BodyPublisher chunked(byte[] body) {
        HttpRequest.BodyPublisher fixed = HttpRequest.BodyPublishers.ofByteArray(body);
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                fixed.subscribe(subscriber);
            }
        };
    }

    @Test
    void requestHeaders_tooMany_isRefused() {
        HttpRequest.Builder request = HttpRequest.newBuilder(host.uri("/few-headers"));
        for (int i = 0; i < 10; i++) {
            request.header("x-h" + i, "v");
        }
        HttpResponse<String> response = host.send(request.build());

        assertEquals(431, response.statusCode());
        assertEquals("headers_too_large", TestHost.errorCode(response));
    }

    @Test
    void requestHeaders_tooManyBytes_isRefused() {
        HttpResponse<String> response =
                host.send(HttpRequest.newBuilder(host.uri("/few-headers")).header("x-big", "v".repeat(500)).build());

        assertEquals(431, response.statusCode());
    }

    @Test
    void responseBody_writesPastTheLimit_areRefusedToTheGuest() {
        HttpResponse<String> response =
                host.send(
                        HttpRequest.newBuilder(host.uri("/small-response"))
                                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(500)))
                                .build());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().length() <= 100, "body of " + response.body().length() + " bytes");
        assertTrue(response.body().startsWith("POST\n"), "writes within the limit still count");
    }

    @Test
    void responseHeaders_pastTheCount_areRefusedToTheGuest() {
        HttpResponse<String> response = host.get("/header-flood");

        assertEquals(200, response.statusCode());
        assertEquals(5, response.headers().allValues("x-n").size());
    }

    @Test
    void responseHeaders_pastTheBytes_areRefusedToTheGuest() {
        HttpResponse<String> response = host.get("/big-headers");

        // Each x-flood header is 7 + 4096 bytes: four fit in 20000 bytes, a fifth does not.
        assertEquals(200, response.statusCode());
        assertEquals(4, response.headers().allValues("x-flood").size());
    }
}
