package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.arg;

import dev.edgehost.host.capability.WasiImports.WasiCall;
import java.util.Map;

/**
 * The WASI calls that need a directory or a socket, as a sandbox without preopened directories and
 * without sockets answers them (ABI spec §7): a path is resolved against a directory descriptor,
 * and the only descriptors are the three standard streams, so every path call fails with {@code
 * badf} for a number that names nothing and {@code notdir} for a stream; socket calls are not
 * supported. wasi-libc finds no preopened directory for any path, so {@code fopen} fails cleanly
 * with {@code ENOTCAPABLE} before it calls the host. The paths are never read; their ranges are
 * checked like every pointer.
 */
final class WasiPaths {
    private static final int FILESTAT_BYTES = 64;

    private final WasiDescriptors descriptors;

    WasiPaths(WasiDescriptors descriptors) {
        this.descriptors = descriptors;
    }

    void register(Map<String, WasiCall> calls) {
        calls.put("path_create_directory", (memory, a) -> path(memory, arg(a, 0), arg(a, 1), arg(a, 2)));
        calls.put("path_remove_directory", (memory, a) -> path(memory, arg(a, 0), arg(a, 1), arg(a, 2)));
        calls.put("path_unlink_file", (memory, a) -> path(memory, arg(a, 0), arg(a, 1), arg(a, 2)));
        calls.put(
                "path_filestat_get",
                (memory, a) -> {
                    memory.checkRange(arg(a, 4), FILESTAT_BYTES);
                    return path(memory, arg(a, 0), arg(a, 2), arg(a, 3));
                });
        calls.put("path_filestat_set_times", (memory, a) -> path(memory, arg(a, 0), arg(a, 2), arg(a, 3)));
        calls.put(
                "path_link",
                (memory, a) -> {
                    memory.checkRange(arg(a, 5), arg(a, 6));
                    return twoPaths(path(memory, arg(a, 0), arg(a, 2), arg(a, 3)), arg(a, 4));
                });
        calls.put(
                "path_open",
                (memory, a) -> {
                    memory.checkRange(arg(a, 8), Integer.BYTES);
                    return path(memory, arg(a, 0), arg(a, 2), arg(a, 3));
                });
        calls.put(
                "path_readlink",
                (memory, a) -> {
                    memory.checkRange(arg(a, 3), arg(a, 4));
                    memory.checkRange(arg(a, 5), Integer.BYTES);
                    return path(memory, arg(a, 0), arg(a, 1), arg(a, 2));
                });
        calls.put(
                "path_rename",
                (memory, a) -> {
                    memory.checkRange(arg(a, 4), arg(a, 5));
                    return twoPaths(path(memory, arg(a, 0), arg(a, 1), arg(a, 2)), arg(a, 3));
                });
        calls.put(
                "path_symlink",
                (memory, a) -> {
                    memory.checkRange(arg(a, 0), arg(a, 1));
                    return path(memory, arg(a, 2), arg(a, 3), arg(a, 4));
                });
        calls.put("sock_accept", (memory, a) -> WasiErrno.NOTSUP);
        calls.put("sock_recv", (memory, a) -> WasiErrno.NOTSUP);
        calls.put("sock_send", (memory, a) -> WasiErrno.NOTSUP);
        calls.put("sock_shutdown", (memory, a) -> WasiErrno.NOTSUP);
    }

    /** A call on the path {@code (path, len)} relative to the directory {@code fd}. */
    private int path(GuestMemory memory, int fd, int path, int len) {
        memory.checkRange(path, len);
        return descriptors.ifOpen(fd, WasiErrno.NOTDIR);
    }

    /** A call with a second directory {@code fd}: a bad descriptor wins over a stream. */
    private int twoPaths(int first, int secondFd) {
        return first == WasiErrno.BADF ? first : descriptors.ifOpen(secondFd, first);
    }
}
