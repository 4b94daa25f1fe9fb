package dev.edgehost.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.testhost.ScheduleClock;
import dev.edgehost.testhost.TestHost;
import dev.edgehost.testing.RedisServerExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two hosts on one Redis, both ticking the same minutes at once: each scheduled run happens exactly once. */
class ScheduledRunsMultiHostTest {
    /** Counts its scheduled runs under the key "runs". */
    private static final String COUNTS_RUNS =
            "(module\n"
                    + "  (import \"edge\" \"kv_incr\" (func $kv_incr (param i32 i32 i64 i32 i32) (result i32)))\n"
                    + "  (memory (export \"memory\") 1)\n"
                    + "  (data (i32.const 0) \"runs\")\n"
                    + "  (func (export \"handle\"))\n"
                    + "  (func (export \"scheduled\")\n"
                    + "    (drop (call $kv_incr (i32.const 0) (i32.const 4) (i64.const 1) (i32.const 0) (i32.const 64)))))\n";
    private static final Instant START = Instant.parse("2030-01-01T00:00:30Z");
    private static final int MINUTES = 20;

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.shared();

    @Test
    void tick_twoHostsOnOneRedis_runEachMinuteExactlyOnce() throws Exception {
        redis.flush();
        ExecutorService both = Executors.newFixedThreadPool(2);
        try (TestHost first = TestHost.start(null, builder -> builder.redis(redis.uri()));
                TestHost second = TestHost.start(null, builder -> builder.redis(redis.uri()))) {
            List<ScheduleClock> clocks = List.of(ScheduleClock.fixedAt(first, START), ScheduleClock.fixedAt(second, START));
            first.deployOrFail("tick", TestHost.wat(COUNTS_RUNS), "schedule=*+*+*+*+*");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (second.admin("GET", "/functions/tick").statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the deploy did not reach the second host");
                }
                Thread.sleep(20);
            }

            int[] ranOn = new int[2];
            for (int minute = 1; minute <= MINUTES; minute++) {
                Instant now = START.plusSeconds(60L * minute);
                List<Future<Integer>> ticks = new ArrayList<>();
                for (ScheduleClock clock : clocks) {
                    ticks.add(both.submit(() -> clock.tick(now)));
                }
                int runsThisMinute = 0;
                for (int host = 0; host < 2; host++) {
                    int ran = ticks.get(host).get();
                    ranOn[host] += ran;
                    runsThisMinute += ran;
                }
                assertEquals(1, runsThisMinute, "minute " + minute);
            }

            assertEquals(String.valueOf(MINUTES), first.admin("GET", "/functions/tick/kv/runs").body());
            assertEquals(MINUTES, ranOn[0] + ranOn[1]);
        } finally {
            both.shutdownNow();
        }
    }
}
