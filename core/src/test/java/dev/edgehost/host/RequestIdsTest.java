package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** New request ids: the format they always had, unique without a random draw per request. */
class RequestIdsTest {

    @Test
    void next_manyFromManyThreads_areAllDistinctAndTwentyFourHexDigits() throws InterruptedException {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    ids.add(RequestIds.next());
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertEquals(200_000, ids.size());
        Set<String> prefixes = new HashSet<>();
        for (String id : ids) {
            assertTrue(id.matches("[0-9a-f]{24}"), id);
            prefixes.add(id.substring(0, 12));
        }
        assertEquals(1, prefixes.size(), "one prefix per process");
    }
}
