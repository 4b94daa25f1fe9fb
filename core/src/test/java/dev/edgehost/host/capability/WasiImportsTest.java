package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.GuestTestSupport.MEMORY_BYTES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import dev.edgehost.abi.Abi;
import dev.edgehost.host.fuel.FuelGauge;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every WASI function, called as a guest calls it, against one request's process. */
class WasiImportsTest {
    private static final long NOW_MILLIS = 1_700_000_000_123L;
    private static final int IOVS = 0x100;
    private static final int OUT = 0x200;
    private static final int DATA = 0x1000;

    private final Instance instance = GuestTestSupport.instance();
    private final Memory memory = instance.memory();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private byte[] stdin = "hello".getBytes(StandardCharsets.UTF_8);
    private int stdoutRoom = Integer.MAX_VALUE;
    private boolean discardStdout;
    private FuelGauge gauge = GuestTestSupport.gauge(1_000_000);
    private HostWork work = new HostWork(gauge, System.nanoTime() + Duration.ofMinutes(1).toNanos());
    private List<HostFunction> functions;

    private final EnvironmentCapability environment =
            new EnvironmentCapability() {
                @Override
                public long nowMillis() {
                    return NOW_MILLIS;
                }

                @Override
                public void fillRandom(byte[] target) {
                    Arrays.fill(target, (byte) 0x42);
                }
            };

    private OutputSink sink(ByteArrayOutputStream into, boolean limited) {
        return (bytes, offset, length) -> {
            if (discardStdout && into == stdout) {
                return length;
            }
            int taken = limited ? Math.min(length, stdoutRoom - into.size()) : length;
            into.write(bytes, offset, taken);
            return taken;
        };
    }

    private int call(String name, long... args) {
        if (functions == null) {
            WasiProcess process =
                    new WasiProcess(
                            List.of("greeter", "a b"),
                            List.of(Map.entry("greeting", "hello"), Map.entry("lang", "de")),
                            stdin,
                            sink(stdout, true),
                            sink(stderr, false));
            functions =
                    List.of(
                            HostCapabilities.hostFunctions(
                                    new GuestCapabilities(null, null, null, null, environment, null, null, null, work, process),
                                    Set.of(Abi.WASI_MODULE)));
        }
        HostFunction function = functions.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
        long[] result = function.handle().apply(instance, args);
        return result == null ? Integer.MIN_VALUE : (int) result[0];
    }

    private void iovecs(int at, int... pointerLengthPairs) {
        ByteBuffer iovecs = ByteBuffer.allocate(pointerLengthPairs.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : pointerLengthPairs) {
            iovecs.putInt(value);
        }
        memory.write(at, iovecs.array());
    }

    private int put(int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        memory.write(at, bytes);
        return bytes.length;
    }

    private String text(int at, int length) {
        return new String(memory.readBytes(at, length), StandardCharsets.UTF_8);
    }

    // --- Arguments and environment ---

    @Test
    void argsSizesGet_countsTheArgumentsAndTheirBytesWithNuls() {
        assertEquals(0, call("args_sizes_get", OUT, OUT + 4));

        assertEquals(2, memory.readInt(OUT));
        assertEquals("greeter".length() + 1 + "a b".length() + 1, memory.readInt(OUT + 4));
    }

    @Test
    void argsGet_writesPointersAndNulTerminatedStrings() {
        assertEquals(0, call("args_get", OUT, DATA));

        assertEquals(DATA, memory.readInt(OUT));
        assertEquals(DATA + 8, memory.readInt(OUT + 4));
        assertEquals("greeter\0a b\0", text(DATA, 12));
    }

    @Test
    void environGet_writesNameEqualsValuePairs() {
        assertEquals(0, call("environ_sizes_get", OUT, OUT + 4));
        assertEquals(2, memory.readInt(OUT));
        assertEquals("greeting=hello\0lang=de\0".length(), memory.readInt(OUT + 4));

        assertEquals(0, call("environ_get", OUT, DATA));

        assertEquals(DATA, memory.readInt(OUT));
        assertEquals(DATA + 15, memory.readInt(OUT + 4));
        assertEquals("greeting=hello\0lang=de\0", text(DATA, 23));
    }

    @Test
    void argsGet_bufferPastMemory_trapsAndWritesNothing() {
        assertThrows(TrapException.class, () -> call("args_get", OUT, MEMORY_BYTES - 4));

        assertEquals(0, memory.readInt(OUT));
    }

    // --- Clocks, randomness, the process ---

    @Test
    void clockTimeGet_realtime_isTheEpochInNanoseconds() {
        assertEquals(0, call("clock_time_get", 0, 1, OUT));

        assertEquals(NOW_MILLIS * 1_000_000L, memory.readLong(OUT));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void clockTimeGet_monotonicAndCpuClocks_neverGoBack(int clock) {
        assertEquals(0, call("clock_time_get", clock, 1, OUT));
        long first = memory.readLong(OUT);
        assertEquals(0, call("clock_time_get", clock, 1, OUT));

        assertTrue(first >= 0 && memory.readLong(OUT) >= first);
    }

    @Test
    void clocks_unknownId_isInval() {
        assertEquals(WasiErrno.INVAL, call("clock_time_get", 4, 1, OUT));
        assertEquals(WasiErrno.INVAL, call("clock_res_get", -1, OUT));
        assertEquals(0, call("clock_res_get", 1, OUT));
        assertEquals(1, memory.readLong(OUT));
    }

    @Test
    void randomGet_fillsTheBufferFromTheSecureSource() {
        assertEquals(0, call("random_get", DATA, 100));

        byte[] expected = new byte[100];
        Arrays.fill(expected, (byte) 0x42);
        assertArrayEquals(expected, memory.readBytes(DATA, 100));
        assertEquals(0, memory.read(DATA + 100));
    }

    @Test
    void procExit_endsTheGuestWithItsCode() {
        ProcExitException exit = assertThrows(ProcExitException.class, () -> call("proc_exit", 3));

        assertEquals(3, exit.exitCode());
    }

    @Test
    void procRaiseSchedYieldAndSockets_answerAsASandboxWithoutThem() {
        assertEquals(WasiErrno.NOSYS, call("proc_raise", 2));
        assertEquals(0, call("sched_yield"));
        assertEquals(WasiErrno.NOTSUP, call("sock_accept", 3, 0, OUT));
        assertEquals(WasiErrno.NOTSUP, call("sock_recv", 3, IOVS, 1, 0, OUT, OUT + 4));
        assertEquals(WasiErrno.NOTSUP, call("sock_send", 3, IOVS, 1, 0, OUT));
        assertEquals(WasiErrno.NOTSUP, call("sock_shutdown", 3, 0));
    }

    // --- Reading and writing ---

    @Test
    void fdRead_stdin_fillsTheIovecsThenReadsEndOfFile() {
        iovecs(IOVS, DATA, 3, DATA + 100, 10);

        assertEquals(0, call("fd_read", 0, IOVS, 2, OUT));
        assertEquals(5, memory.readInt(OUT));
        assertEquals("hel", text(DATA, 3));
        assertEquals("lo", text(DATA + 100, 2));

        assertEquals(0, call("fd_read", 0, IOVS, 2, OUT));
        assertEquals(0, memory.readInt(OUT));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, -1})
    void fdRead_otherDescriptors_areBad(int fd) {
        iovecs(IOVS, DATA, 3);

        assertEquals(WasiErrno.BADF, call("fd_read", fd, IOVS, 1, OUT));
    }

    @Test
    void fdWrite_stdoutAndStderr_goToTheirSinks() {
        iovecs(IOVS, DATA, put(DATA, "out "), DATA + 100, put(DATA + 100, "put\n"));
        assertEquals(0, call("fd_write", 1, IOVS, 2, OUT));
        assertEquals(8, memory.readInt(OUT));

        iovecs(IOVS, DATA, put(DATA, "err\n"));
        assertEquals(0, call("fd_write", 2, IOVS, 1, OUT));

        assertEquals("out put\n", stdout.toString(StandardCharsets.UTF_8));
        assertEquals("err\n", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fdWrite_sinkTakesFewer_stopsThereAndReturnsTheCountWritten() {
        stdoutRoom = 5;
        iovecs(IOVS, DATA, put(DATA, "abc"), DATA + 100, put(DATA + 100, "defgh"), DATA + 200, put(DATA + 200, "ijk"));

        assertEquals(0, call("fd_write", 1, IOVS, 3, OUT));

        assertEquals(5, memory.readInt(OUT));
        assertEquals("abcde", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fdWrite_sinkTakesNothing_isIo() {
        stdoutRoom = 2;
        iovecs(IOVS, DATA, put(DATA, "ab"));
        assertEquals(0, call("fd_write", 1, IOVS, 1, OUT));

        iovecs(IOVS, DATA, put(DATA, "cd"));
        assertEquals(WasiErrno.IO, call("fd_write", 1, IOVS, 1, OUT));

        assertEquals("ab", stdout.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 100, -1})
    void fdWrite_otherDescriptors_areBad(int fd) {
        iovecs(IOVS, DATA, put(DATA, "x"));

        assertEquals(WasiErrno.BADF, call("fd_write", fd, IOVS, 1, OUT));
        assertEquals(0, stdout.size());
    }

    @Test
    void fdWrite_iovecPastMemory_traps() {
        iovecs(IOVS, MEMORY_BYTES - 2, 3);

        assertThrows(TrapException.class, () -> call("fd_write", 1, IOVS, 1, OUT));
    }

    @Test
    void fdWrite_iovecCountPastMemory_trapsBeforeWritingAnything() {
        iovecs(IOVS, DATA, put(DATA, "x"));

        assertThrows(TrapException.class, () -> call("fd_write", 1, IOVS, 1_000_000, OUT));
        assertThrows(TrapException.class, () -> call("fd_write", 1, IOVS, -1, OUT));
        assertEquals(0, stdout.size());
    }

    @Test
    void fdWrite_chargesEachIovecAndEachSixteenBytesBeforeWriting() {
        iovecs(IOVS, DATA, 16, DATA, 17);
        long before = gauge.remaining();

        assertEquals(0, call("fd_write", 1, IOVS, 2, OUT));

        // Per iovec 1, and 1 to read its 8 bytes; the data 1 and 2; the count written 1.
        assertEquals(2 + 2 + 1 + 2 + 1, before - gauge.remaining());
    }

    @Test
    void fdWrite_moreThanTheFuelLeft_stopsBeforeWritingThatChunk() {
        gauge = GuestTestSupport.gauge(5);
        work = new HostWork(gauge, System.nanoTime() + Duration.ofMinutes(1).toNanos());
        iovecs(IOVS, DATA, 16, DATA, 1_000);

        assertThrows(TrapException.class, () -> call("fd_write", 1, IOVS, 2, OUT));

        assertEquals(16, stdout.size(), "the first iovec was paid for, the second was not");
        assertTrue(gauge.exhausted());
    }

    @Test
    void fdWrite_millionIovecsOverOneRange_stopsAtTheDeadline() {
        gauge = GuestTestSupport.gauge(Long.MAX_VALUE / 4);
        work = new HostWork(gauge, System.nanoTime() + Duration.ofMillis(200).toNanos());
        discardStdout = true;
        // The iovec array fills memory from 0x8000 on; each iovec points at the first 32 KiB.
        int count = (MEMORY_BYTES - 0x8000) / 8;
        int[] pairs = new int[count * 2];
        for (int i = 0; i < count; i++) {
            pairs[2 * i] = 0;
            pairs[2 * i + 1] = 0x8000;
        }
        iovecs(0x8000, pairs);
        long start = System.nanoTime();

        assertThrows(
                ChicoryInterruptedException.class,
                () -> {
                    for (int call = 0; call < 1_000_000; call++) {
                        call("fd_write", 1, 0x8000, count, OUT);
                    }
                });

        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis < 2_000, "stopped " + elapsedMillis + " ms after it began, deadline 200 ms");
    }

    @Test
    void fdClose_thenTheDescriptorIsBad() {
        assertEquals(0, call("fd_close", 1));

        iovecs(IOVS, DATA, put(DATA, "x"));
        assertEquals(WasiErrno.BADF, call("fd_write", 1, IOVS, 1, OUT));
        assertEquals(WasiErrno.BADF, call("fd_close", 1));
        assertEquals(WasiErrno.BADF, call("fd_close", 3));
    }

    // --- Descriptor state ---

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void fdFdstatGet_standardStreams_areCharacterDevices(int fd) {
        assertEquals(0, call("fd_fdstat_get", fd, OUT));

        assertEquals(2, memory.read(OUT), "character_device");
        long rights = memory.readLong(OUT + 8);
        assertEquals(fd == 0 ? 1L << 1 : 1L << 6, rights & ((1L << 1) | (1L << 6)));
        assertEquals(0, rights & ((1L << 2) | (1L << 5)), "no seek or tell: wasi-libc's isatty holds");
    }

    @Test
    void fdFdstatGet_otherDescriptor_isBad() {
        assertEquals(WasiErrno.BADF, call("fd_fdstat_get", 3, OUT));
    }

    @Test
    void fdFdstatSetFlags_knownFlagsOnAStream_succeed() {
        assertEquals(0, call("fd_fdstat_set_flags", 1, 1));
        assertEquals(WasiErrno.INVAL, call("fd_fdstat_set_flags", 1, 0x100));
        assertEquals(WasiErrno.BADF, call("fd_fdstat_set_flags", 5, 0));
    }

    @Test
    void fdFilestatGet_stream_isACharacterDeviceOfSizeZero() {
        memory.write(OUT, new byte[64]);
        assertEquals(0, call("fd_filestat_get", 2, OUT));

        assertEquals(2, memory.read(OUT + 16));
        assertEquals(0, memory.readLong(OUT + 32));
        assertEquals(WasiErrno.BADF, call("fd_filestat_get", 3, OUT));
    }

    @Test
    void fdSeekAndTell_streams_cannotSeek() {
        assertEquals(WasiErrno.SPIPE, call("fd_seek", 0, 0, 0, OUT));
        assertEquals(WasiErrno.SPIPE, call("fd_tell", 1, OUT));
        assertEquals(WasiErrno.BADF, call("fd_seek", 3, 0, 0, OUT));
        assertEquals(WasiErrno.INVAL, call("fd_seek", 1, 0, 7, OUT));
    }

    @Test
    void fdPrestat_noDirectoryIsPreopened() {
        assertEquals(WasiErrno.BADF, call("fd_prestat_get", 3, OUT));
        assertEquals(WasiErrno.BADF, call("fd_prestat_dir_name", 3, DATA, 16));
        assertEquals(WasiErrno.BADF, call("fd_prestat_get", 0, OUT));
    }

    @Test
    void fdCallsWithoutFiles_answerAsForAStream() {
        assertEquals(WasiErrno.SPIPE, call("fd_advise", 0, 0, 10, 0));
        assertEquals(WasiErrno.SPIPE, call("fd_allocate", 1, 0, 10));
        assertEquals(WasiErrno.INVAL, call("fd_datasync", 1));
        assertEquals(WasiErrno.INVAL, call("fd_sync", 2));
        assertEquals(WasiErrno.INVAL, call("fd_filestat_set_size", 1, 0));
        assertEquals(WasiErrno.NOTSUP, call("fd_filestat_set_times", 1, 0, 0, 0));
        assertEquals(WasiErrno.NOTSUP, call("fd_fdstat_set_rights", 1, 0, 0));
        assertEquals(WasiErrno.SPIPE, call("fd_pread", 0, IOVS, 1, 0, OUT));
        assertEquals(WasiErrno.SPIPE, call("fd_pwrite", 1, IOVS, 1, 0, OUT));
        assertEquals(WasiErrno.NOTDIR, call("fd_readdir", 1, DATA, 64, 0, OUT));
        assertEquals(WasiErrno.NOTSUP, call("fd_renumber", 1, 2));
        assertEquals(WasiErrno.BADF, call("fd_renumber", 1, 9));
        for (String name : List.of("fd_advise", "fd_datasync", "fd_sync", "fd_filestat_set_size")) {
            long[] args = name.equals("fd_advise") ? new long[] {7, 0, 0, 0} : name.equals("fd_filestat_set_size") ? new long[] {7, 0} : new long[] {7};
            assertEquals(WasiErrno.BADF, call(name, args), name);
        }
    }

    // --- Paths ---

    @Test
    void pathOpen_noPreopenedDirectory_badDescriptorOrNotADirectory() {
        int len = put(DATA, "data.txt");

        assertEquals(WasiErrno.BADF, call("path_open", 3, 0, DATA, len, 0, 0, 0, 0, OUT));
        assertEquals(WasiErrno.NOTDIR, call("path_open", 0, 0, DATA, len, 0, 0, 0, 0, OUT));
    }

    @Test
    void pathCalls_noDirectory_failWithoutReadingThePath() {
        int len = put(DATA, "x");
        assertEquals(WasiErrno.BADF, call("path_create_directory", 3, DATA, len));
        assertEquals(WasiErrno.BADF, call("path_remove_directory", 3, DATA, len));
        assertEquals(WasiErrno.BADF, call("path_unlink_file", 3, DATA, len));
        assertEquals(WasiErrno.BADF, call("path_filestat_get", 3, 0, DATA, len, OUT));
        assertEquals(WasiErrno.BADF, call("path_filestat_set_times", 3, 0, DATA, len, 0, 0, 0));
        assertEquals(WasiErrno.BADF, call("path_link", 3, 0, DATA, len, 3, DATA, len));
        assertEquals(WasiErrno.BADF, call("path_readlink", 3, DATA, len, OUT, 16, OUT + 16));
        assertEquals(WasiErrno.BADF, call("path_rename", 3, DATA, len, 3, DATA, len));
        assertEquals(WasiErrno.BADF, call("path_symlink", DATA, len, 3, DATA, len));
        assertEquals(WasiErrno.NOTDIR, call("path_rename", 1, DATA, len, 2, DATA, len));
    }

    @Test
    void pathOpen_pathPastMemory_traps() {
        assertThrows(TrapException.class, () -> call("path_open", 3, 0, MEMORY_BYTES - 1, 2, 0, 0, 0, 0, OUT));
    }

    // --- poll_oneoff ---

    private void clockSubscription(int at, long userdata, int clock, long timeoutNanos, int flags) {
        ByteBuffer subscription = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        subscription.putLong(0, userdata).put(8, (byte) 0).putInt(16, clock).putLong(24, timeoutNanos).putShort(40, (short) flags);
        memory.write(at, subscription.array());
    }

    @Test
    void pollOneoff_relativeClock_sleepsThenReportsItsEvent() {
        clockSubscription(IOVS, 77, 1, Duration.ofMillis(30).toNanos(), 0);
        long start = System.nanoTime();

        assertEquals(0, call("poll_oneoff", IOVS, DATA, 1, OUT));

        assertTrue(System.nanoTime() - start >= Duration.ofMillis(30).toNanos());
        assertEquals(1, memory.readInt(OUT));
        assertEquals(77, memory.readLong(DATA));
        assertEquals(0, memory.readShort(DATA + 8), "no error");
        assertEquals(0, memory.read(DATA + 10), "clock");
    }

    @Test
    void pollOneoff_absoluteRealtimeInThePast_firesAtOnce() {
        clockSubscription(IOVS, 5, 0, NOW_MILLIS * 1_000_000L - 1, 1);

        assertEquals(0, call("poll_oneoff", IOVS, DATA, 1, OUT));

        assertEquals(1, memory.readInt(OUT));
        assertEquals(5, memory.readLong(DATA));
    }

    @Test
    void pollOneoff_descriptorSubscription_answersNotsupAtOnce() {
        clockSubscription(IOVS, 1, 1, Duration.ofHours(1).toNanos(), 0);
        ByteBuffer read = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        read.putLong(0, 2).put(8, (byte) 1).putInt(16, 0);
        memory.write(IOVS + 48, read.array());

        assertEquals(0, call("poll_oneoff", IOVS, DATA, 2, OUT));

        assertEquals(1, memory.readInt(OUT), "the clock has not fired");
        assertEquals(2, memory.readLong(DATA));
        assertEquals(WasiErrno.NOTSUP, memory.readShort(DATA + 8));
        assertEquals(1, memory.read(DATA + 10), "fd_read");
    }

    @Test
    void pollOneoff_clockPastTheDeadline_sleepsOnlyToTheDeadline() {
        work = new HostWork(gauge, System.nanoTime() + Duration.ofMillis(100).toNanos());
        clockSubscription(IOVS, 1, 1, Duration.ofHours(1).toNanos(), 0);
        long start = System.nanoTime();

        assertThrows(ChicoryInterruptedException.class, () -> call("poll_oneoff", IOVS, DATA, 1, OUT));

        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis >= 90 && elapsedMillis < 1_000, elapsedMillis + " ms");
    }

    @Test
    void pollOneoff_noSubscriptionsOrAnUnknownOne_isInval() {
        assertEquals(WasiErrno.INVAL, call("poll_oneoff", IOVS, DATA, 0, OUT));
        memory.write(IOVS + 8, new byte[] {9});
        assertEquals(WasiErrno.INVAL, call("poll_oneoff", IOVS, DATA, 1, OUT));
    }

    @Test
    void pollOneoff_subscriptionsPastMemory_trap() {
        assertThrows(TrapException.class, () -> call("poll_oneoff", IOVS, DATA, 10_000, OUT));
    }

    // --- Signatures ---

    @Test
    void functionTypes_everyFunctionHasOneResultButProcExit() {
        WasiImports.functionTypes()
                .forEach(
                        (name, type) -> assertEquals(name.equals("proc_exit") ? 0 : 1, type.returns().size(), name));
        assertNull(WasiImports.functionTypes().get("adapter_close_badfd"), "not part of WASI preview1");
    }
}
