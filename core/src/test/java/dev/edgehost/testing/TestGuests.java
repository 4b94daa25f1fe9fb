package dev.edgehost.testing;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Guests for tests: the bundled samples, modules compiled from WAT text, a slow guest and CGI programs. */
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

    /**
     * A WASI program for CGI mode that writes {@code stdout} to fd 1 and {@code stderr} to fd 2,
     * each in one {@code fd_write}, then returns from {@code _start}.
     */
    public static byte[] cgiProgram(String stdout, String stderr) {
        return cgiProgram(stdout, stderr, -1);
    }

    /**
     * A WASI program for CGI mode that writes {@code stdout} to fd 1 and {@code stderr} to fd 2,
     * then calls {@code proc_exit(exitCode)}, or returns from {@code _start} when it is negative.
     */
    public static byte[] cgiProgram(String stdout, String stderr, int exitCode) {
        byte[] out = stdout.getBytes(StandardCharsets.UTF_8);
        byte[] err = stderr.getBytes(StandardCharsets.UTF_8);
        int errAt = 64 + out.length;
        int pages = (errAt + err.length) / 65536 + 1;
        return wat(
                "(module"
                        + " (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))"
                        + " (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))"
                        + " (memory (export \"memory\") " + pages + ")"
                        + " (data (i32.const 64) \"" + watBytes(out) + "\")"
                        + " (data (i32.const " + errAt + ") \"" + watBytes(err) + "\")"
                        + " (func $write (param $fd i32) (param $at i32) (param $len i32)"
                        + "  (i32.store (i32.const 0) (local.get $at)) (i32.store (i32.const 4) (local.get $len))"
                        + "  (drop (call $w (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))"
                        + " (func (export \"_start\")"
                        + "  (call $write (i32.const 1) (i32.const 64) (i32.const " + out.length + "))"
                        + "  (call $write (i32.const 2) (i32.const " + errAt + ") (i32.const " + err.length + "))"
                        + (exitCode >= 0 ? "  (call $exit (i32.const " + exitCode + "))" : "")
                        + " ))");
    }

    private static String watBytes(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            text.append(String.format("\\%02x", b & 0xff));
        }
        return text.toString();
    }
}
