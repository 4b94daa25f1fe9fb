package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgehost.abi.HttpError;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Modules using the GC and exception-handling proposals, which Chicory runs, are refused with a
 * message naming the proposal: the fuel instrumenter cannot meter them yet. The GC module is what
 * wabt 1.0.32 writes for its WAT ({@code wat2wasm --enable-gc}); wabt 1.0.32 knows only the legacy
 * {@code try}, which Chicory refuses, so the {@code try_table} module is written by hand.
 */
class ProposalModulesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // (module (type $point (struct (field i32) (field i32))) (memory (export "memory") 1) (func (export "handle")))
        "gc struct type|0061736d01000000010a025f027f007f00600000030201010503010001071302066d656d6f727902000668616e646c6500000a040102000b"
                + "|the module uses the Wasm GC proposal (type form 0x5f), which the host cannot meter yet",
        // (module (tag $oops (param i32)) (memory (export "memory") 1)
        //   (func (export "handle")
        //     (block (result i32) (try_table (catch $oops 0) (throw $oops (i32.const 7))) unreachable) drop))
        "exception handling|0061736d0100000001080260017f006000000302010105030100010d03010000071302066d656d6f727902000668616e646c650000"
                + "0a14011200027f1f400100000041070800" + "0b000b1a0b"
                + "|the module uses the exception-handling proposal (instruction 0x1f at byte 60), which the host cannot meter yet",
    })
    void deploy_moduleUsingAProposal_isRefusedNamingIt(String what, String hex, String message) {
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            ModuleRejectedException refused =
                    assertThrows(
                            ModuleRejectedException.class,
                            () -> host.deploy("proposal", HexFormat.of().parseHex(hex), FunctionSettings.defaults()));

            assertEquals(HttpError.INVALID_MODULE, refused.error());
            assertEquals(message, refused.getMessage());
        }
    }
}
