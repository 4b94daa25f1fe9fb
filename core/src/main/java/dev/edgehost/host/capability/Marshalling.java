package dev.edgehost.host.capability;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.HostImport;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * What every capability's imports share: linking a handle under its ABI name and type, reading
 * arguments, and the ABI's result conventions. Header names and values travel as ISO-8859-1 so
 * that every byte survives unchanged; other strings are UTF-8.
 */
final class Marshalling {

    private Marshalling() {}

    static HostFunction function(HostImport hostImport, WasmFunctionHandle handle) {
        return new HostFunction(Abi.IMPORT_MODULE, hostImport.importName(), HostCapabilities.functionType(hostImport), handle);
    }

    /** The instance's memory, its work charged to the request running now. */
    static GuestMemory memory(Instance instance, CurrentRequest current) {
        return new GuestMemory(instance.memory(), current.capabilities().work());
    }

    static long[] result(int value) {
        return new long[] {value};
    }

    static int arg(long[] args, int index) {
        return (int) args[index];
    }

    /** Runs an operation whose refusal is an ABI error code for the guest, not a failure. */
    static long[] abiResult(IntSupplier operation) {
        try {
            return result(operation.getAsInt());
        } catch (AbiErrorException e) {
            return result(e.code().value());
        }
    }

    /** The result for an absent value: the buffer is still checked, as if it were written. */
    static int notFound(GuestMemory memory, int buf, int cap) {
        if (cap < 0) {
            return ErrorCode.INVALID_ARGUMENT.value();
        }
        memory.checkRange(buf, cap);
        return ErrorCode.NOT_FOUND.value();
    }

    /** Reads the next chunk of a body into {@code [buf, buf + cap)} (§4.5, §12.5). */
    static int readInto(GuestMemory memory, int buf, int cap, BodySource body) {
        if (cap < 0) {
            return ErrorCode.INVALID_ARGUMENT.value();
        }
        memory.checkRange(buf, cap);
        byte[] chunk = new byte[Math.min(cap, HostWork.CHUNK_BYTES)];
        int read = body.read(chunk, 0, chunk.length);
        memory.write(buf, chunk, read);
        return read;
    }

    /** Where {@link #readInto} reads from. */
    @FunctionalInterface
    interface BodySource {
        int read(byte[] target, int offset, int length);
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
