package dev.edgehost.conformance.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WastCommandCounterTest {

    @Test
    void count_countsTopLevelFormsAndSkipsCommentsAndStrings() {
        String wast = String.join("\n",
                ";; (module) in a line comment",
                "(; (module) in a block comment (; nested ;) ;)",
                "(module (func (export \"(assert_return\")))",
                "(assert_return (invoke \")\") (i32.const 1))",
                "(assert_malformed (module quote \"(func\") \"unexpected token\")",
                "(assert_return (invoke \"f\"))");

        assertEquals(Map.of("module", 1, "assert_return", 2, "assert_malformed", 1), WastCommandCounter.count(wast));
    }
}
