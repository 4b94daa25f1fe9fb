package dev.edgehost.conformance.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.ValType;
import dev.edgehost.host.Engine;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static final SpecConfiguration ORIGINAL = new SpecConfiguration(Engine.COMPILER, false);
    private static final SpecConfiguration METERED = new SpecConfiguration(Engine.COMPILER, true);
    private static final SpecCommand ACTION = new SpecCommand(CommandType.ACTION, 7, null, null, false, null,
            new SpecAction(SpecAction.Kind.INVOKE, null, "f", List.of()), List.of(), null);
    private static final SpecCommand TRAP = new SpecCommand(CommandType.ASSERT_TRAP, 8, null, null, false, null,
            new SpecAction(SpecAction.Kind.INVOKE, null, "f", List.of()), List.of(), "unreachable");

    @Test
    void judge_meteredResultsThatDifferFromTheOriginalMismatch() {
        Outcome original = new Outcome.Completed(List.of(ValType.I32), List.of(1L));
        Outcome metered = new Outcome.Completed(List.of(ValType.I32), List.of(2L));

        Optional<Mismatch> mismatch = Verdict.judge("x.wast", ACTION, METERED, metered, original);

        assertTrue(mismatch.isPresent());
        assertEquals("compiler+fuel", mismatch.get().configuration());
        assertTrue(mismatch.get().expected().startsWith("the same as compiler"), mismatch.get().expected());
    }

    @Test
    void judge_meteredNansWithOtherPayloadsMatch() {
        Outcome original = new Outcome.Completed(List.of(ValType.F32), List.of(0x7fc0_0000L));
        Outcome metered = new Outcome.Completed(List.of(ValType.F32), List.of((long) 0xffe0_0000));

        assertTrue(Verdict.judge("x.wast", ACTION, METERED, metered, original).isEmpty());
    }

    @Test
    void judge_anOtherClassOfFailureThanTheOriginalMismatches() {
        Outcome original = new Outcome.Failed(FailureKind.TRAP, "unreachable");
        Outcome outOfFuel = new Outcome.Failed(FailureKind.OUT_OF_FUEL, "ran dry");

        assertTrue(Verdict.judge("x.wast", TRAP, ORIGINAL, original, original).isEmpty());
        assertTrue(Verdict.judge("x.wast", TRAP, METERED, outOfFuel, original).isPresent());
    }
}
