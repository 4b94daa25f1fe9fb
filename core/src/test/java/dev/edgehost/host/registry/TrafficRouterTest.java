package dev.edgehost.host.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.spi.Traffic;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A split assigns sticky keys by hash: in proportion, the same on every host and run. */
class TrafficRouterTest {
    private static final int KEYS = 10_000;
    /** The first 8 bytes of SHA-256("fn" NUL "user-1"), unsigned, modulo 10,000. */
    private static final int PINNED_BUCKET = 7556;

    private static GuestRequest withCookie(String uid) {
        return new GuestRequest(
                "GET", "http://host/fn", List.of(Map.entry("cookie", "a=b; uid=" + uid)), new byte[0], "192.0.2.1", "HTTP/1.1");
    }

    private static Map<Integer, Integer> assign(TrafficRouter router) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int key = 0; key < KEYS; key++) {
            counts.merge(router.choose(withCookie("user-" + key)), 1, Integer::sum);
        }
        return counts;
    }

    private static void assertShare(Map<Integer, Integer> counts, int version, int percent) {
        double share = 100.0 * counts.getOrDefault(version, 0) / KEYS;
        assertTrue(Math.abs(share - percent) <= 1.5, "version " + version + ": " + share + " % for " + percent + " %");
    }

    @Test
    void split_over10000Keys_isWithinOneAndAHalfPointsOfEachShare() {
        TrafficRouter ninetyTen = new TrafficRouter("fn", new Traffic(
                List.of(new Traffic.Share(7, 90), new Traffic.Share(8, 10)), "cookie:uid", List.of()));
        Map<Integer, Integer> counts = assign(ninetyTen);
        assertShare(counts, 7, 90);
        assertShare(counts, 8, 10);

        TrafficRouter three = new TrafficRouter("fn", new Traffic(
                List.of(new Traffic.Share(1, 70), new Traffic.Share(2, 20), new Traffic.Share(3, 10)), "cookie:uid", List.of()));
        Map<Integer, Integer> threeCounts = assign(three);
        assertShare(threeCounts, 1, 70);
        assertShare(threeCounts, 2, 20);
        assertShare(threeCounts, 3, 10);
    }

    @Test
    void stickyKey_getsTheSameVersionFromEveryRouterAndRun() {
        Traffic traffic = new Traffic(List.of(new Traffic.Share(1, 50), new Traffic.Share(2, 50)), "cookie:uid", List.of());
        TrafficRouter one = new TrafficRouter("fn", traffic);
        TrafficRouter other = new TrafficRouter("fn", traffic);
        for (int key = 0; key < 1_000; key++) {
            int version = one.choose(withCookie("user-" + key));
            assertEquals(version, other.choose(withCookie("user-" + key)));
            assertEquals(version, one.choose(withCookie("user-" + key)));
        }
        // Pinned: a host of another build, or after a restart, computes the same bucket.
        assertEquals(PINNED_BUCKET, TrafficRouter.bucket("fn", "user-1"));
    }

    @Test
    void withoutKey_requestsAreSpreadAtRandomInProportion() {
        TrafficRouter router = new TrafficRouter("fn", new Traffic(
                List.of(new Traffic.Share(1, 80), new Traffic.Share(2, 20)), "cookie:uid", List.of()));
        Map<Integer, Integer> counts = new HashMap<>();
        GuestRequest anonymous = new GuestRequest("GET", "http://host/fn", List.of(), new byte[0]);
        for (int i = 0; i < KEYS; i++) {
            counts.merge(router.choose(anonymous), 1, Integer::sum);
        }
        // Random, so a wider margin than the hash's: 5 standard deviations.
        assertTrue(Math.abs(counts.get(2) - 2_000) < 200, counts.toString());
    }

    @Test
    void rule_winsOverTheSplit() {
        TrafficRouter router = new TrafficRouter("fn", new Traffic(
                List.of(new Traffic.Share(1, 100)), null, List.of(new Traffic.Rule("X-Canary", "1", 2))));
        GuestRequest canary = new GuestRequest("GET", "http://host/fn", List.of(Map.entry("x-canary", "1")), new byte[0]);
        GuestRequest other = new GuestRequest("GET", "http://host/fn", List.of(Map.entry("x-canary", "yes")), new byte[0]);
        assertEquals(2, router.choose(canary));
        assertEquals(1, router.choose(other));
    }
}
