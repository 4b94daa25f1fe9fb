package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.arg;

import dev.edgehost.host.capability.WasiImports.WasiCall;
import dev.edgehost.host.fuel.FuelCosts;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * The descriptors of a WASI process without a file system: 0 reads the process's standard input,
 * 1 and 2 write its sinks, and every other number is a bad descriptor (ABI spec §7). The three are
 * character devices that cannot seek; a guest may close them. Reads and writes walk their iovecs
 * one at a time, paying for each iovec and each chunk before copying it and looking at the
 * deadline between them. One per request.
 */
final class WasiDescriptors {
    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;

    /** An iovec (and a ciovec): a pointer and a length, 8 bytes. */
    private static final int IOVEC_BYTES = 8;
    private static final int FDSTAT_BYTES = 24;
    private static final int FILESTAT_BYTES = 64;
    private static final int FILETYPE_CHARACTER_DEVICE = 2;
    private static final long RIGHT_FD_READ = 1L << 1;
    private static final long RIGHT_FD_WRITE = 1L << 6;
    private static final long RIGHT_POLL_FD_READWRITE = 1L << 27;
    /** append, dsync, nonblock, rsync, sync: all a character device ignores. */
    private static final int KNOWN_FD_FLAGS = 0x1F;
    private static final int WHENCE_END = 2;

    private final WasiRequest request;

    WasiDescriptors(WasiRequest request) {
        this.request = request;
    }

    /** Whether {@code fd} names one of the three descriptors and the guest has not closed it. */
    boolean isOpen(int fd) {
        return fd >= STDIN && fd <= STDERR && request.open[fd];
    }

    void register(Map<String, WasiCall> calls) {
        calls.put("fd_read", (memory, a) -> read(memory, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3)));
        calls.put("fd_write", (memory, a) -> write(memory, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3)));
        calls.put("fd_fdstat_get", (memory, a) -> fdstat(memory, arg(a, 0), arg(a, 1)));
        calls.put("fd_fdstat_set_flags", (memory, a) -> setFlags(arg(a, 0), arg(a, 1)));
        calls.put("fd_fdstat_set_rights", (memory, a) -> ifOpen(arg(a, 0), WasiErrno.NOTSUP));
        calls.put("fd_filestat_get", (memory, a) -> filestat(memory, arg(a, 0), arg(a, 1)));
        calls.put("fd_filestat_set_size", (memory, a) -> ifOpen(arg(a, 0), WasiErrno.INVAL));
        calls.put("fd_filestat_set_times", (memory, a) -> ifOpen(arg(a, 0), WasiErrno.NOTSUP));
        calls.put("fd_prestat_get", (memory, a) -> noPreopen(memory, arg(a, 1), 8));
        calls.put("fd_prestat_dir_name", (memory, a) -> noPreopen(memory, arg(a, 1), arg(a, 2)));
        calls.put("fd_close", (memory, a) -> close(arg(a, 0)));
        calls.put("fd_seek", (memory, a) -> seek(memory, arg(a, 0), arg(a, 2), arg(a, 3)));
        calls.put("fd_tell", (memory, a) -> offsetOf(memory, arg(a, 0), arg(a, 1)));
        calls.put("fd_advise", (memory, a) -> ifOpen(arg(a, 0), WasiErrno.SPIPE));
        calls.put("fd_allocate", (memory, a) -> ifOpen(arg(a, 0), WasiErrno.SPIPE));
        calls.put("fd_datasync", (memory, a) -> ifOpen(arg(a, 0), WasiErrno.INVAL));
        calls.put("fd_sync", (memory, a) -> ifOpen(arg(a, 0), WasiErrno.INVAL));
        calls.put("fd_pread", (memory, a) -> positioned(memory, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 4)));
        calls.put("fd_pwrite", (memory, a) -> positioned(memory, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 4)));
        calls.put("fd_readdir", (memory, a) -> readdir(memory, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 4)));
        calls.put("fd_renumber", (memory, a) -> isOpen(arg(a, 0)) && isOpen(arg(a, 1)) ? WasiErrno.NOTSUP : WasiErrno.BADF);
    }

    /** {@code fd_read(fd, iovs, iovs_len, nread_ptr)}: fd 0 reads standard input, then end of file. */
    private int read(GuestMemory memory, int fd, int iovs, int count, int nreadPtr) {
        checkIovecs(memory, iovs, count);
        memory.checkRange(nreadPtr, Integer.BYTES);
        if (fd != STDIN || !isOpen(fd)) {
            return WasiErrno.BADF;
        }
        byte[] stdin = request.process().stdin();
        int total = 0;
        for (int i = 0; i < count && request.stdinPosition < stdin.length; i++) {
            long iovec = iovec(memory, iovs, i);
            int buf = (int) iovec;
            int len = (int) (iovec >>> 32);
            memory.checkRange(buf, len);
            int take = (int) Math.min(Integer.toUnsignedLong(len), stdin.length - request.stdinPosition);
            byte[] chunk = new byte[take];
            System.arraycopy(stdin, request.stdinPosition, chunk, 0, take);
            memory.write(buf, chunk);
            request.stdinPosition += take;
            total += take;
        }
        memory.writeInt(nreadPtr, total);
        return WasiErrno.SUCCESS;
    }

    /**
     * {@code fd_write(fd, iovs, iovs_len, nwritten_ptr)}: fd 1 and 2 write their sinks. Stops
     * where a sink takes fewer bytes than it was given, or where the count would no longer fit a
     * {@code size}, and reports what was written; a write of which the sink took nothing fails
     * with {@code io}, so that a program retrying the rest of a short write sees an error rather
     * than spin on writes of nothing.
     */
    private int write(GuestMemory memory, int fd, int iovs, int count, int nwrittenPtr) {
        checkIovecs(memory, iovs, count);
        memory.checkRange(nwrittenPtr, Integer.BYTES);
        WasiProcess process = request.process();
        OutputSink sink = fd == STDOUT ? process.stdout() : fd == STDERR ? process.stderr() : null;
        if (sink == null || !isOpen(fd)) {
            return WasiErrno.BADF;
        }
        long total = 0;
        walk:
        for (int i = 0; i < Integer.toUnsignedLong(count); i++) {
            long iovec = iovec(memory, iovs, i);
            int buf = (int) iovec;
            int len = (int) (iovec >>> 32);
            memory.checkRange(buf, len);
            for (long done = 0; done < Integer.toUnsignedLong(len); done += HostWork.CHUNK_BYTES) {
                int chunk = (int) Math.min(Math.min(HostWork.CHUNK_BYTES, Integer.toUnsignedLong(len) - done), Integer.MAX_VALUE - total);
                if (chunk == 0) {
                    break walk;
                }
                int taken = sink.write(memory.read(buf + (int) done, chunk), 0, chunk);
                total += taken;
                if (taken < chunk) {
                    if (total == 0) {
                        return WasiErrno.IO;
                    }
                    break walk;
                }
                memory.work().checkDeadline();
            }
        }
        memory.writeInt(nwrittenPtr, (int) total);
        return WasiErrno.SUCCESS;
    }

    /** Traps unless the array of {@code count} iovecs at {@code iovs} lies in memory. */
    private static void checkIovecs(GuestMemory memory, int iovs, int count) {
        memory.checkArray(iovs, count, IOVEC_BYTES);
    }

    /** Iovec {@code i}: its pointer in the low half, its length in the high half; paid for before it is used. */
    private static long iovec(GuestMemory memory, int iovs, long i) {
        memory.work().checkDeadline();
        memory.work().charge(FuelCosts.HOST_WASI_IOVEC);
        return memory.readLong(iovs + (int) (i * IOVEC_BYTES));
    }

    private int fdstat(GuestMemory memory, int fd, int buf) {
        memory.checkRange(buf, FDSTAT_BYTES);
        if (!isOpen(fd)) {
            return WasiErrno.BADF;
        }
        long rights = (fd == STDIN ? RIGHT_FD_READ : RIGHT_FD_WRITE) | RIGHT_POLL_FD_READWRITE;
        ByteBuffer stat = ByteBuffer.allocate(FDSTAT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        stat.put(0, (byte) FILETYPE_CHARACTER_DEVICE).putLong(8, rights).putLong(16, 0);
        memory.write(buf, stat.array());
        return WasiErrno.SUCCESS;
    }

    private int setFlags(int fd, int flags) {
        if (!isOpen(fd)) {
            return WasiErrno.BADF;
        }
        return (flags & ~KNOWN_FD_FLAGS) == 0 ? WasiErrno.SUCCESS : WasiErrno.INVAL;
    }

    private int filestat(GuestMemory memory, int fd, int buf) {
        memory.checkRange(buf, FILESTAT_BYTES);
        if (!isOpen(fd)) {
            return WasiErrno.BADF;
        }
        byte[] stat = new byte[FILESTAT_BYTES];
        stat[16] = FILETYPE_CHARACTER_DEVICE;
        memory.write(buf, stat);
        return WasiErrno.SUCCESS;
    }

    /** {@code fd_prestat_get} and {@code fd_prestat_dir_name}: there are no preopened directories. */
    private static int noPreopen(GuestMemory memory, int buf, int len) {
        memory.checkRange(buf, len);
        return WasiErrno.BADF;
    }

    private int close(int fd) {
        if (!isOpen(fd)) {
            return WasiErrno.BADF;
        }
        request.open[fd] = false;
        return WasiErrno.SUCCESS;
    }

    private int seek(GuestMemory memory, int fd, int whence, int newOffsetPtr) {
        memory.checkRange(newOffsetPtr, Long.BYTES);
        if (!isOpen(fd)) {
            return WasiErrno.BADF;
        }
        return whence < 0 || whence > WHENCE_END ? WasiErrno.INVAL : WasiErrno.SPIPE;
    }

    private int offsetOf(GuestMemory memory, int fd, int offsetPtr) {
        memory.checkRange(offsetPtr, Long.BYTES);
        return ifOpen(fd, WasiErrno.SPIPE);
    }

    /** {@code fd_pread} and {@code fd_pwrite}: a character device has no positions. */
    private int positioned(GuestMemory memory, int fd, int iovs, int count, int resultPtr) {
        checkIovecs(memory, iovs, count);
        memory.checkRange(resultPtr, Integer.BYTES);
        return ifOpen(fd, WasiErrno.SPIPE);
    }

    private int readdir(GuestMemory memory, int fd, int buf, int len, int usedPtr) {
        memory.checkRange(buf, len);
        memory.checkRange(usedPtr, Integer.BYTES);
        return ifOpen(fd, WasiErrno.NOTDIR);
    }

    /** {@code errno} for one of the open descriptors, {@code badf} for any other. */
    int ifOpen(int fd, int errno) {
        return isOpen(fd) ? errno : WasiErrno.BADF;
    }
}
