package dev.edgehost.testhost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Valid modules of an exact size: the hello sample grown by a custom section of padding. */
public final class PaddedModules {

    private PaddedModules() {}

    public static byte[] ofSize(long size) {
        byte[] hello = hello();
        byte[] name = "padding".getBytes(StandardCharsets.US_ASCII);
        for (int lebBytes = 1; lebBytes <= 5; lebBytes++) {
            long content = size - hello.length - 1 - lebBytes;
            if (uleb(content).length == lebBytes) {
                ByteArrayOutputStream module = new ByteArrayOutputStream((int) size);
                module.writeBytes(hello);
                module.write(0);
                module.writeBytes(uleb(content));
                module.write(name.length);
                module.writeBytes(name);
                module.writeBytes(new byte[(int) (content - 1 - name.length)]);
                return module.toByteArray();
            }
        }
        throw new IllegalArgumentException("no module of " + size + " bytes");
    }

    private static byte[] hello() {
        try (InputStream wasm = PaddedModules.class.getResourceAsStream("/samples/wat/hello.wasm")) {
            return wasm.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] uleb(long value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long rest = value;
        do {
            int low = (int) (rest & 0x7F);
            rest >>>= 7;
            bytes.write(rest == 0 ? low : low | 0x80);
        } while (rest != 0);
        return bytes.toByteArray();
    }
}
