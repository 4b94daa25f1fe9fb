package dev.edgehost.conformance.spec;

import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;

/**
 * Converts script values to Chicory's raw {@code long} form and matches results against expected
 * values and NaN patterns. 32-bit values are kept sign-extended, as Chicory keeps them.
 */
final class WasmValues {
    private static final int F32_SIGN = 0x8000_0000;
    private static final int F32_QUIET_NAN = 0x7fc0_0000;
    private static final long F64_SIGN = 0x8000_0000_0000_0000L;
    private static final long F64_QUIET_NAN = 0x7ff8_0000_0000_0000L;

    private WasmValues() {}

    /** The raw form of an argument. */
    static long argument(SpecValue value) {
        switch (value.type()) {
            case "i32":
            case "f32":
                return (int) Long.parseUnsignedLong(value.value());
            case "i64":
            case "f64":
                return Long.parseUnsignedLong(value.value());
            case "externref":
            case "funcref":
                return "null".equals(value.value()) ? Value.REF_NULL_VALUE : Long.parseLong(value.value());
            default:
                throw new UnsupportedValueException(value.type());
        }
    }

    /** Whether a raw result matches an expected value or pattern. */
    static boolean matches(SpecValue expected, long actual) {
        String value = expected.value();
        switch (expected.type()) {
            case "i32":
                return (int) actual == (int) Long.parseUnsignedLong(value);
            case "i64":
                return actual == Long.parseUnsignedLong(value);
            case "f32":
                return matchesF32(value, (int) actual);
            case "f64":
                return matchesF64(value, actual);
            case "externref":
            case "funcref":
                if (value == null) {
                    return actual != Value.REF_NULL_VALUE;
                }
                return actual == argument(expected);
            default:
                throw new UnsupportedValueException(expected.type());
        }
    }

    private static boolean matchesF32(String expected, int bits) {
        switch (expected) {
            case "nan:canonical":
                return (bits & ~F32_SIGN) == F32_QUIET_NAN;
            case "nan:arithmetic":
                return (bits & F32_QUIET_NAN) == F32_QUIET_NAN;
            default:
                return bits == (int) Long.parseUnsignedLong(expected);
        }
    }

    private static boolean matchesF64(String expected, long bits) {
        switch (expected) {
            case "nan:canonical":
                return (bits & ~F64_SIGN) == F64_QUIET_NAN;
            case "nan:arithmetic":
                return (bits & F64_QUIET_NAN) == F64_QUIET_NAN;
            default:
                return bits == Long.parseUnsignedLong(expected);
        }
    }

    /** A raw value in the form Chicory keeps values of its type: 32-bit values sign-extended. */
    static long normalize(ValType type, long raw) {
        if (type.equals(ValType.I32) || type.equals(ValType.F32)) {
            return (int) raw;
        }
        return raw;
    }

    /** Whether two raw values of a type are the same value, taking any two NaNs as the same. */
    static boolean same(ValType type, long a, long b) {
        if (type.equals(ValType.F32)) {
            float x = Float.intBitsToFloat((int) a);
            float y = Float.intBitsToFloat((int) b);
            return (int) a == (int) b || Float.isNaN(x) && Float.isNaN(y);
        }
        if (type.equals(ValType.F64)) {
            return a == b
                    || Double.isNaN(Double.longBitsToDouble(a)) && Double.isNaN(Double.longBitsToDouble(b));
        }
        return a == b;
    }

    /** A raw value for messages, in the expected value's type when there is one. */
    static String format(String type, long raw) {
        switch (type) {
            case "i32":
                return "i32:" + (int) raw;
            case "i64":
                return "i64:" + raw;
            case "f32":
                return "f32:" + Float.intBitsToFloat((int) raw) + String.format(" (0x%08x)", (int) raw);
            case "f64":
                return "f64:" + Double.longBitsToDouble(raw) + String.format(" (0x%016x)", raw);
            case "externref":
            case "funcref":
                return type + ":" + (raw == Value.REF_NULL_VALUE ? "null" : Long.toString(raw));
            default:
                return String.format("0x%x", raw);
        }
    }
}
