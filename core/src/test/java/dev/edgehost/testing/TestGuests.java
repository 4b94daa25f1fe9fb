package dev.edgehost.testing;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.ByteArrayOutputStream;
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

    /**
     * A valid module of {@code functions} empty functions of type {@code [] -> []}, the first
     * exported as {@code handle}, with one page of memory: written byte by byte, since WAT for
     * hundreds of thousands of functions would take the text compiler long.
     */
    public static byte[] emptyFunctions(int functions) {
        ByteArrayOutputStream bodies = new ByteArrayOutputStream();
        for (int i = 0; i < functions; i++) {
            bodies.writeBytes(new byte[] {0x02, 0x00, 0x0B});
        }
        return module(functions, bodies.toByteArray());
    }

    /** A valid module whose one function {@code handle} has a body of about {@code codeBytes} bytes. */
    public static byte[] bigFunction(int codeBytes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x00);
        while (body.size() < codeBytes - 4) {
            // i32.const 1, drop
            body.writeBytes(new byte[] {0x41, 0x01, 0x1A});
        }
        body.write(0x0B);
        ByteArrayOutputStream sized = new ByteArrayOutputStream();
        u32(sized, body.size());
        sized.writeBytes(body.toByteArray());
        return module(1, sized.toByteArray());
    }

    /**
     * A large valid module that is slow to compile and quick to run: {@code handle} calls each of
     * the other {@code functions - 1} functions once, and each of those has a body of about
     * {@code bodyBytes} bytes of straight-line code, so every request uses the same fuel.
     */
    public static byte[] largeModule(int functions, int bodyBytes) {
        ByteArrayOutputStream bodies = new ByteArrayOutputStream();
        ByteArrayOutputStream handle = new ByteArrayOutputStream();
        handle.write(0x00);
        for (int i = 1; i < functions; i++) {
            handle.write(0x10);
            u32(handle, i);
        }
        handle.write(0x0B);
        u32(bodies, handle.size());
        bodies.writeBytes(handle.toByteArray());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x00);
        int value = 0;
        while (body.size() < bodyBytes - 4) {
            // i32.const n, drop: a different constant each time, so no two bodies compress alike
            body.writeBytes(new byte[] {0x41, (byte) (value++ & 0x3F), 0x1A});
        }
        body.write(0x0B);
        for (int i = 1; i < functions; i++) {
            u32(bodies, body.size());
            bodies.writeBytes(body.toByteArray());
        }
        return module(functions, bodies.toByteArray());
    }

    private static byte[] module(int functions, byte[] sizedBodies) {
        ByteArrayOutputStream wasm = new ByteArrayOutputStream();
        wasm.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        section(wasm, 1, new byte[] {0x01, 0x60, 0x00, 0x00});
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        u32(types, functions);
        for (int i = 0; i < functions; i++) {
            types.write(0x00);
        }
        section(wasm, 3, types.toByteArray());
        section(wasm, 5, new byte[] {0x01, 0x00, 0x01});
        section(wasm, 7, new byte[] {0x02, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, 0x06, 'h', 'a', 'n', 'd', 'l', 'e', 0x00, 0x00});
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        u32(code, functions);
        code.writeBytes(sizedBodies);
        section(wasm, 10, code.toByteArray());
        return wasm.toByteArray();
    }

    private static void section(ByteArrayOutputStream wasm, int id, byte[] content) {
        wasm.write(id);
        u32(wasm, content.length);
        wasm.writeBytes(content);
    }

    private static void u32(ByteArrayOutputStream out, long value) {
        long rest = value;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            out.write(rest == 0 ? b : b | 0x80);
        } while (rest != 0);
    }
}
