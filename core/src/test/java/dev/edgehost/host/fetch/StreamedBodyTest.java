package dev.edgehost.host.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.ErrorCode;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.AbiErrorException;
import dev.edgehost.host.capability.FetchResponse;
import dev.edgehost.testing.TestOrigin;
import io.undertow.util.Headers;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A started fetch's body comes from the origin as the guest reads it, through a bounded window. */
class StreamedBodyTest {
    private static final long BODY_BYTES = 200L << 20;
    private final FetchClients clients = new FetchClients();
    private TestOrigin origin;

    @BeforeEach
    void startOrigin() {
        origin = TestOrigin.start();
        origin.route("/large", exchange -> {
            long length = Long.parseLong(exchange.getQueryParameters().get("bytes").getFirst());
            if (exchange.getQueryParameters().containsKey("chunked")) {
                exchange.getResponseHeaders().put(Headers.TRANSFER_ENCODING, "chunked");
            } else {
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, length);
            }
            byte[] chunk = new byte[64 << 10];
            OutputStream body = exchange.getOutputStream();
            for (long sent = 0; sent < length; sent += chunk.length) {
                body.write(chunk, 0, (int) Math.min(chunk.length, length - sent));
            }
            body.close();
        });
    }

    @AfterEach
    void stop() {
        origin.close();
        clients.close();
    }

    private FunctionFetch fetch(long maxResponseBytes) {
        return new FunctionFetch(
                clients, OriginAllowList.parse(List.of(origin.origin())),
                FunctionLimits.builder().fetchMaxResponseBytes(maxResponseBytes).fetchTimeout(Duration.ofMinutes(2)).build(),
                "r", TraceParent.continueOrStart(null), System.nanoTime() + Duration.ofMinutes(3).toNanos());
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long read(FetchResponse response, byte[] buffer, long upTo) {
        long total = 0;
        while (total < upTo) {
            int read = response.readBody(buffer, 0, (int) Math.min(buffer.length, upTo - total));
            if (read == 0) {
                break;
            }
            total += read;
        }
        return total;
    }

    @Test
    void startedFetchOf200MiB_isReadAsItArrives_withTheHeapBounded() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        FunctionFetch fetch = fetch(Integer.MAX_VALUE - 8);
        long before = usedHeapAfterGc(memory);
        int handle = fetch.start("GET", origin.origin() + "/large?bytes=" + BODY_BYTES, "", new byte[0]);
        FetchResponse response = fetch.response(handle);
        byte[] buffer = new byte[64 << 10];

        long first = read(response, buffer, BODY_BYTES / 2);
        // The guest pauses: the origin is held back rather than its body buffered by the host.
        Thread.sleep(1_000);
        long midway = usedHeapAfterGc(memory) - before;
        long rest = read(response, buffer, Long.MAX_VALUE);

        assertEquals(BODY_BYTES, first + rest);
        assertTrue(midway < 32L << 20, "the heap grew by " + (midway >> 20) + " MiB while 100 MiB of the body were still to come");
    }

    @Test
    void startedFetch_chunkedBodyOverTheLimit_failsWhenRead() {
        FunctionFetch fetch = fetch(1 << 20);
        int handle = fetch.start("GET", origin.origin() + "/large?chunked&bytes=" + (4 << 20), "", new byte[0]);
        fetch.await(handle);
        byte[] buffer = new byte[64 << 10];

        AbiErrorException failure = assertThrows(AbiErrorException.class, () -> read(fetch.response(handle), buffer, Long.MAX_VALUE));
        assertEquals(ErrorCode.UPSTREAM_FAILURE, failure.code());
        assertEquals("response body over the limit of 1048576 bytes", failure.getMessage());
    }

    @Test
    void startedFetch_declaredLengthOverTheLimit_failsWhenWaited() {
        FunctionFetch fetch = fetch(1 << 20);
        int handle = fetch.start("GET", origin.origin() + "/large?bytes=" + (4 << 20), "", new byte[0]);

        AbiErrorException failure = assertThrows(AbiErrorException.class, () -> fetch.await(handle));
        assertEquals(ErrorCode.UPSTREAM_FAILURE, failure.code());
    }
}
