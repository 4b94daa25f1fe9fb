package dev.edgehost.host.fuel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The types instrumented code needs beyond the module's own: the block type {@code [] -> results}
 * that wraps each function body, and the type of each function's metered copy, which takes the
 * fuel as one more i64 parameter and may return it as one more i64 result. A type the module already has is reused; any other is
 * appended to the type section, which moves no index.
 */
final class AppendedTypes {
    private static final byte[] NO_PARAMS = {};

    /**
     * The index of each type's first entry: a map, not a search of the list, since a large program
     * asks once or twice per function and has thousands of types (searching was quadratic).
     */
    private final Map<FunctionType, Integer> indices = new HashMap<>();
    private int count;
    private final List<byte[]> added = new ArrayList<>();

    AppendedTypes(List<FunctionType> types) {
        for (FunctionType type : types) {
            indices.putIfAbsent(type, count++);
        }
    }

    /** The encoded block type of {@code [] -> results}. */
    byte[] blockTypeFor(byte[] results) {
        if (results.length == 0) {
            return new byte[] {Op.VOID_BLOCK_TYPE};
        }
        if (results.length == 1) {
            return results.clone();
        }
        return new ByteWriter().s64(indexOf(new FunctionType(NO_PARAMS, results))).toByteArray();
    }

    /**
     * The type index of the metered copy of a function of type {@code type}.
     *
     * @param returnsFuel whether the copy returns the counter as its last result
     */
    int meteredTypeFor(FunctionType type, boolean returnsFuel) {
        byte[] results = returnsFuel ? withFuel(type.results()) : type.results();
        return indexOf(new FunctionType(withFuel(type.params()), results));
    }

    private static byte[] withFuel(byte[] valueTypes) {
        byte[] longer = Arrays.copyOf(valueTypes, valueTypes.length + 1);
        longer[valueTypes.length] = (byte) Op.I64;
        return longer;
    }

    private int indexOf(FunctionType wanted) {
        Integer known = indices.get(wanted);
        if (known == null) {
            int index = count++;
            indices.put(wanted, index);
            ByteWriter entry = new ByteWriter().u8(0x60);
            entry.u32(wanted.params().length).bytes(wanted.params());
            entry.u32(wanted.results().length).bytes(wanted.results());
            added.add(entry.toByteArray());
            return index;
        }
        return known;
    }

    /** The encoded types to append to the type section. */
    List<byte[]> added() {
        return added;
    }
}
