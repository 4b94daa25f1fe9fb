package dev.edgehost.host.fuel;

import java.util.Arrays;

/** A function type as the type section encodes it: value type bytes of params and results. */
record FunctionType(byte[] params, byte[] results) {

    /**
     * Whether a metered copy of a function of this type may return the fuel counter as its last
     * result. Not when a result is a reference: Chicory 1.7.5's compiler names the method that
     * boxes several results after their types and gives {@code funcref} and {@code externref} the
     * same name, so a module with both {@code [funcref i64]} and {@code [externref i64]} results
     * would not load.
     */
    boolean resultsCanCarryFuel() {
        for (byte result : results) {
            if (result == REF_FUNC || result == REF_EXTERN) {
                return false;
            }
        }
        return true;
    }

    private static final byte REF_FUNC = 0x70;
    private static final byte REF_EXTERN = 0x6F;

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
