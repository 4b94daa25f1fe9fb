package dev.edgehost.host.fuel;

import java.util.ArrayList;
import java.util.List;

/**
 * Block types for the block that wraps each function body: {@code [] -> results}. No results or
 * one result have a one-byte form; more results need a type index, which is an existing
 * {@code [] -> results} type or one appended to the type section (appending moves no index).
 */
final class WrapperTypes {
    private static final byte[] NO_PARAMS = {};

    private final List<FunctionType> types;
    private final List<byte[]> added = new ArrayList<>();

    WrapperTypes(List<FunctionType> types) {
        this.types = new ArrayList<>(types);
    }

    /** The encoded block type. */
    byte[] blockTypeFor(byte[] results) {
        if (results.length == 0) {
            return new byte[] {Op.VOID_BLOCK_TYPE};
        }
        if (results.length == 1) {
            return results.clone();
        }
        FunctionType wanted = new FunctionType(NO_PARAMS, results);
        int index = types.indexOf(wanted);
        if (index < 0) {
            index = types.size();
            types.add(wanted);
            ByteWriter entry = new ByteWriter().u8(0x60).u32(0).u32(results.length).bytes(results);
            added.add(entry.toByteArray());
        }
        return new ByteWriter().s64(index).toByteArray();
    }

    /** The encoded types to append to the type section. */
    List<byte[]> added() {
        return added;
    }
}
