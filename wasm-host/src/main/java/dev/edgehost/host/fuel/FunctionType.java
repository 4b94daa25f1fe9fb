package dev.edgehost.host.fuel;

import java.util.Arrays;

/** A function type as the type section encodes it: value type bytes of params and results. */
record FunctionType(byte[] params, byte[] results) {

    @Override
    public boolean equals(Object other) {
        return other instanceof FunctionType
                && Arrays.equals(params, ((FunctionType) other).params)
                && Arrays.equals(results, ((FunctionType) other).results);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(params) + Arrays.hashCode(results);
    }

    @Override
    public String toString() {
        return "FunctionType" + Arrays.toString(params) + "->" + Arrays.toString(results);
    }
}
