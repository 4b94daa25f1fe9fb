package dev.edgehost.host.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.HttpError;
import dev.edgehost.host.ModuleRejectedException;
import dev.edgehost.testing.TestGuests;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The deploy budgets counted from a module's bytes, before anything parses it. */
class ModuleBudgetCheckTest {
    private static final DeployBudgets DEFAULTS = DeployBudgets.defaults();

    private static ModuleRejectedException refused(byte[] wasm, DeployBudgets budgets) {
        ModuleRejectedException refused = assertThrows(ModuleRejectedException.class, () -> ModuleBudgetCheck.check(wasm, budgets));
        assertEquals(HttpError.UPLOAD_TOO_LARGE, refused.error());
        return refused;
    }

    @Test
    void check_hundredThousandEmptyFunctions_isRefusedInWellUnderASecond() {
        byte[] wasm = TestGuests.emptyFunctions(100_000);
        long start = System.nanoTime();

        ModuleRejectedException refused = refused(wasm, DEFAULTS);

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 200, millis + " ms");
        assertTrue(refused.getMessage().contains("100000 functions"), refused.getMessage());
        assertTrue(refused.getMessage().contains("max-module-functions"), refused.getMessage());
    }

    @Test
    void check_functionsAtTheLimit_pass() {
        ModuleBudgetCheck.check(TestGuests.emptyFunctions(DeployBudgets.DEFAULT_MAX_FUNCTIONS), DEFAULTS);
    }

    @Test
    void check_importedFunctionsCountToo() {
        byte[] wasm =
                TestGuests.wat(
                        "(module (import \"edge\" \"log\" (func (param i32 i32 i32)))"
                                + " (import \"edge\" \"log\" (func $again (param i32 i32 i32)))"
                                + " (memory (export \"memory\") 1) (func (export \"handle\")))");
        DeployBudgets two = new DeployBudgets(2, 1 << 20, 1 << 20, 1 << 30, Duration.ofSeconds(1), 1, 1L << 20);

        assertTrue(refused(wasm, two).getMessage().contains("3 functions"));
        ModuleBudgetCheck.check(wasm, new DeployBudgets(3, 1 << 20, 1 << 20, 1 << 30, Duration.ofSeconds(1), 1, 1L << 20));
    }

    @Test
    void check_functionOverTheCodeSizePerFunction_isRefusedNamingTheSetting() {
        byte[] wasm = TestGuests.bigFunction((int) DeployBudgets.DEFAULT_MAX_FUNCTION_CODE_BYTES + 16);

        ModuleRejectedException refused = refused(wasm, DEFAULTS);

        assertTrue(refused.getMessage().contains("max-function-code-bytes"), refused.getMessage());
    }

    @Test
    void check_moduleOverTheCodeSizePerModule_isRefusedNamingTheSetting() {
        byte[] wasm = TestGuests.emptyFunctions(1_000);
        DeployBudgets small = new DeployBudgets(50_000, 1 << 20, 2_000, 1 << 30, Duration.ofSeconds(1), 1, 1L << 20);

        assertTrue(refused(wasm, small).getMessage().contains("max-module-code-bytes"));
    }

    @Test
    void codeBytes_isTheCodeSectionSize() {
        assertEquals(3 * 1_000 + 2, ModuleBudgetCheck.codeBytes(TestGuests.emptyFunctions(1_000)));
        assertEquals(0, ModuleBudgetCheck.codeBytes(new byte[] {1, 2, 3}));
    }

    @Test
    void check_malformedBytes_areLeftToTheParser() {
        ModuleBudgetCheck.check(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 3, (byte) 0xFF}, DEFAULTS);
        ModuleBudgetCheck.check(new byte[0], DEFAULTS);
    }
}
