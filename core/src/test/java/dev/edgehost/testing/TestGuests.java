package dev.edgehost.testing;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Guests for tests: the bundled samples, modules compiled from WAT text, and a slow guest. */
public final class TestGuests {

    private TestGuests() {}

    /** The bytes of a sample guest, as the packaged host bundles it. */
    public static byte[] sample(String name) {
        try (InputStream wasm = TestGuests.class.getResourceAsStream("/samples/wat/" + name + ".wasm")) {
            if (wasm == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return wasm.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A module compiled from WAT text. */
    public static byte[] wat(String text) {
        return Wat2Wasm.parse(text);
    }

    /** A guest that spins for {@code iterations} loop rounds, then answers the two-letter {@code text}. */
    public static byte[] slowGuest(String text, int iterations) {
        return wat(
                "(module (import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))"
                        + " (memory (export \"memory\") 1) (data (i32.const 0) \"" + text + "\")"
                        + " (func (export \"handle\") (local $i i32)"
                        + "  (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1)))"
                        + "   (br_if $l (i32.lt_u (local.get $i) (i32.const " + iterations + "))))"
                        + "  (drop (call $write (i32.const 0) (i32.const 2)))))");
    }
}
