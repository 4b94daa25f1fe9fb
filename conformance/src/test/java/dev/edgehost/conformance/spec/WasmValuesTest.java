package dev.edgehost.conformance.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import org.junit.jupiter.api.Test;

class WasmValuesTest {

    @Test
    void argument_keeps32BitValuesSignExtended() {
        assertEquals(-1L, WasmValues.argument(new SpecValue("i32", "4294967295")));
        assertEquals(0xffc0_0000L | 0xffff_ffff_0000_0000L, WasmValues.argument(new SpecValue("f32", "4290772992")));
        assertEquals(-1L, WasmValues.argument(new SpecValue("i64", "18446744073709551615")));
        assertEquals(Value.REF_NULL_VALUE, WasmValues.argument(new SpecValue("externref", "null")));
    }

    @Test
    void matches_nanCanonicalOnlyForTheCanonicalNanOfEitherSign() {
        SpecValue canonical = new SpecValue("f32", "nan:canonical");
        assertTrue(WasmValues.matches(canonical, 0x7fc0_0000));
        assertTrue(WasmValues.matches(canonical, 0xffc0_0000));
        assertFalse(WasmValues.matches(canonical, 0x7fc0_0001));
        assertFalse(WasmValues.matches(new SpecValue("f64", "nan:canonical"), 0x7ff8_0000_0000_0001L));
    }

    @Test
    void matches_nanArithmeticOnlyForQuietNans() {
        SpecValue arithmetic = new SpecValue("f32", "nan:arithmetic");
        assertTrue(WasmValues.matches(arithmetic, 0x7fe0_0000));
        assertFalse(WasmValues.matches(arithmetic, 0x7fa0_0000));
        assertTrue(WasmValues.matches(new SpecValue("f64", "nan:arithmetic"), 0xfff8_0000_0000_0001L));
        assertFalse(WasmValues.matches(new SpecValue("f64", "nan:arithmetic"), 0x7ff4_0000_0000_0000L));
    }

    @Test
    void matches_referenceWithoutValueForAnyNonNullReference() {
        assertTrue(WasmValues.matches(new SpecValue("funcref", null), 3));
        assertFalse(WasmValues.matches(new SpecValue("funcref", null), Value.REF_NULL_VALUE));
        assertTrue(WasmValues.matches(new SpecValue("externref", "null"), Value.REF_NULL_VALUE));
    }

    @Test
    void same_takesAnyTwoNansOfAFloatTypeAsTheSameValue() {
        assertTrue(WasmValues.same(ValType.F32, 0x7fc0_0000, 0xffe0_0000));
        assertTrue(WasmValues.same(ValType.F64, 0x7ff8_0000_0000_0000L, 0x7ff4_0000_0000_0000L));
        assertFalse(WasmValues.same(ValType.I32, 0x7fc0_0000, 0xffe0_0000));
        assertFalse(WasmValues.same(ValType.F32, 0, 0x8000_0000));
    }
}
