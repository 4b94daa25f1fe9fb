package dev.edgehost.host.capability;

import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.edgehost.abi.Abi;
import dev.edgehost.host.Limit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WASI capability (ABI spec §7): every function of {@code wasi_snapshot_preview1}, for a
 * command or reactor with no file system, bound to the {@link WasiProcess} of the request it
 * serves. Standard input, output and error are the only descriptors; every path and socket call
 * fails as in a sandbox without preopened directories. Each function checks its pointers before it touches
 * memory (a range outside memory traps, as the ABI's own functions do), charges its work (ABI
 * spec §8.1) and looks at the deadline while it works. Stateless: the functions {@link #bind}
 * makes serve request after request, each with its own {@link WasiRequest}.
 */
public final class WasiImports implements HostCapability {
    static final WasiImports UNIT = new WasiImports();

    /** Every function the module offers, with its standard signature, in the order bound. */
    private static final Map<String, FunctionType> SIGNATURES = signatures();

    private WasiImports() {}

    private static Map<String, FunctionType> signatures() {
        Map<String, FunctionType> types = new LinkedHashMap<>();
        types.put("args_get", type(List.of(I32, I32)));
        types.put("args_sizes_get", type(List.of(I32, I32)));
        types.put("clock_res_get", type(List.of(I32, I32)));
        types.put("clock_time_get", type(List.of(I32, I64, I32)));
        types.put("environ_get", type(List.of(I32, I32)));
        types.put("environ_sizes_get", type(List.of(I32, I32)));
        types.put("fd_advise", type(List.of(I32, I64, I64, I32)));
        types.put("fd_allocate", type(List.of(I32, I64, I64)));
        types.put("fd_close", type(List.of(I32)));
        types.put("fd_datasync", type(List.of(I32)));
        types.put("fd_fdstat_get", type(List.of(I32, I32)));
        types.put("fd_fdstat_set_flags", type(List.of(I32, I32)));
        types.put("fd_fdstat_set_rights", type(List.of(I32, I64, I64)));
        types.put("fd_filestat_get", type(List.of(I32, I32)));
        types.put("fd_filestat_set_size", type(List.of(I32, I64)));
        types.put("fd_filestat_set_times", type(List.of(I32, I64, I64, I32)));
        types.put("fd_pread", type(List.of(I32, I32, I32, I64, I32)));
        types.put("fd_prestat_dir_name", type(List.of(I32, I32, I32)));
        types.put("fd_prestat_get", type(List.of(I32, I32)));
        types.put("fd_pwrite", type(List.of(I32, I32, I32, I64, I32)));
        types.put("fd_read", type(List.of(I32, I32, I32, I32)));
        types.put("fd_readdir", type(List.of(I32, I32, I32, I64, I32)));
        types.put("fd_renumber", type(List.of(I32, I32)));
        types.put("fd_seek", type(List.of(I32, I64, I32, I32)));
        types.put("fd_sync", type(List.of(I32)));
        types.put("fd_tell", type(List.of(I32, I32)));
        types.put("fd_write", type(List.of(I32, I32, I32, I32)));
        types.put("path_create_directory", type(List.of(I32, I32, I32)));
        types.put("path_filestat_get", type(List.of(I32, I32, I32, I32, I32)));
        types.put("path_filestat_set_times", type(List.of(I32, I32, I32, I32, I64, I64, I32)));
        types.put("path_link", type(List.of(I32, I32, I32, I32, I32, I32, I32)));
        types.put("path_open", type(List.of(I32, I32, I32, I32, I32, I64, I64, I32, I32)));
        types.put("path_readlink", type(List.of(I32, I32, I32, I32, I32, I32)));
        types.put("path_remove_directory", type(List.of(I32, I32, I32)));
        types.put("path_rename", type(List.of(I32, I32, I32, I32, I32, I32)));
        types.put("path_symlink", type(List.of(I32, I32, I32, I32, I32)));
        types.put("path_unlink_file", type(List.of(I32, I32, I32)));
        types.put("poll_oneoff", type(List.of(I32, I32, I32, I32)));
        types.put("proc_exit", FunctionType.of(List.of(I32), List.of()));
        types.put("proc_raise", type(List.of(I32)));
        types.put("random_get", type(List.of(I32, I32)));
        types.put("sched_yield", type(List.of()));
        types.put("sock_accept", type(List.of(I32, I32, I32)));
        types.put("sock_recv", type(List.of(I32, I32, I32, I32, I32, I32)));
        types.put("sock_send", type(List.of(I32, I32, I32, I32, I32)));
        types.put("sock_shutdown", type(List.of(I32, I32)));
        return types;
    }

    /** A function returning a WASI error number. */
    private static FunctionType type(List<ValType> params) {
        return FunctionType.of(params, List.of(I32));
    }

    /** The name and type of every WASI function the host provides, for upload checks. */
    public static Map<String, FunctionType> functionTypes() {
        return SIGNATURES;
    }

    @Override
    public String name() {
        return "wasi";
    }

    @Override
    public String importModule() {
        return Abi.WASI_MODULE;
    }

    @Override
    public List<Limit> limits() {
        return List.of();
    }

    @Override
    public List<HostFunction> bind(CurrentRequest current) {
        WasiRequest request = new WasiRequest(current);
        Map<String, WasiCall> calls = new HashMap<>();
        new WasiEnvironment(request).register(calls);
        WasiDescriptors descriptors = new WasiDescriptors(request);
        descriptors.register(calls);
        new WasiPaths(descriptors).register(calls);
        new WasiPoll(request).register(calls);
        HostFunction[] functions = new HostFunction[SIGNATURES.size()];
        int at = 0;
        for (Map.Entry<String, FunctionType> signature : SIGNATURES.entrySet()) {
            WasiCall call = calls.get(signature.getKey());
            if (call == null) {
                throw new IllegalStateException("no implementation of WASI " + signature.getKey());
            }
            boolean returns = !signature.getValue().returns().isEmpty();
            WasmFunctionHandle handle =
                    (instance, args) -> {
                        int errno = call.call(new GuestMemory(instance.memory(), request.enter().work()), args);
                        return returns ? new long[] {errno} : null;
                    };
            functions[at++] = new HostFunction(Abi.WASI_MODULE, signature.getKey(), signature.getValue(), handle);
        }
        return List.of(functions);
    }

    /** One WASI function: its arguments as the guest passed them, its WASI error number as result. */
    @FunctionalInterface
    interface WasiCall {
        int call(GuestMemory memory, long[] args);
    }
}
