package dev.edgehost.host.capability;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.edgehost.abi.HostImport;
import dev.edgehost.abi.ValueType;
import dev.edgehost.host.Limit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of host capabilities: every import the host provides, of the ABI and of WASI,
 * comes from exactly one of them, and so does every function limit past the execution's own
 * (memory, fuel, deadline). To add a capability, write its {@link HostCapability} and list it here.
 */
public final class HostCapabilities {
    private static final List<HostCapability> ALL =
            List.of(
                    RequestImports.UNIT,
                    ResponseImports.UNIT,
                    EnvironmentImports.UNIT,
                    KvImports.UNIT,
                    FetchImports.UNIT,
                    CryptoImports.UNIT,
                    WasiImports.UNIT);

    /** Built once: every request links all host functions, and each needs its type. */
    private static final Map<HostImport, FunctionType> TYPES = types();

    private HostCapabilities() {}

    /** Every registered capability, in the order their limits are documented. */
    public static List<HostCapability> all() {
        return ALL;
    }

    /** The limits of every capability, in registration order. */
    public static List<Limit> limits() {
        List<Limit> limits = new ArrayList<>();
        for (HostCapability capability : ALL) {
            limits.addAll(capability.limits());
        }
        return limits;
    }

    /**
     * The host functions of one request, of every capability under the given import modules: for
     * a module that imports from {@code edge} and {@code wasi_snapshot_preview1}, all of ABI v1's
     * imports and WASI's. Always in the same order for the same modules.
     */
    public static HostFunction[] hostFunctions(GuestCapabilities capabilities, Set<String> importModules) {
        return hostFunctions(() -> capabilities, importModules);
    }

    /**
     * The host functions of an instance that serves request after request, as {@link
     * #hostFunctions(GuestCapabilities, Set)} makes them, each finding its request's state in
     * {@code current} when called.
     */
    public static HostFunction[] hostFunctions(CurrentRequest current, Set<String> importModules) {
        List<HostFunction> functions = new ArrayList<>(HostImport.values().length + WasiImports.functionTypes().size());
        for (HostCapability capability : ALL) {
            if (importModules.contains(capability.importModule())) {
                functions.addAll(capability.bind(current));
            }
        }
        return functions.toArray(HostFunction[]::new);
    }

    private static Map<HostImport, FunctionType> types() {
        Map<HostImport, FunctionType> types = new EnumMap<>(HostImport.class);
        for (HostImport hostImport : HostImport.values()) {
            types.put(hostImport, FunctionType.of(valTypes(hostImport.params()), valTypes(hostImport.results())));
        }
        return types;
    }

    /** The Chicory type of an ABI signature. */
    public static FunctionType functionType(HostImport hostImport) {
        return TYPES.get(hostImport);
    }

    private static List<ValType> valTypes(List<ValueType> types) {
        List<ValType> result = new ArrayList<>(types.size());
        for (ValueType type : types) {
            result.add(type == ValueType.I64 ? ValType.I64 : ValType.I32);
        }
        return result;
    }
}
