package dev.edgehost.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The function {@code bench} deploys, from its file: a {@code .wasm} module, a JavaScript
 * function's {@code .js} or {@code .mjs} script (by the extension, as {@code deploy} tells them
 * apart), or WebAssembly text, compiled first with {@code wat2wasm} (wabt) when it is on the PATH.
 *
 * @param name the function's name, from the file's as {@code dev} names it
 * @param kind {@code wasm}, {@code wat} or {@code script}
 */
record BenchInput(String name, String kind, byte[] code) {

    boolean script() {
        return kind.equals("script");
    }

    /** @throws BenchInputException when the file cannot be read or its text not compiled */
    static BenchInput read(Path file) throws IOException, InterruptedException {
        String name = FunctionFile.of(file).name();
        byte[] bytes = Files.readAllBytes(file);
        if (DeployCommand.isScript(file)) {
            return new BenchInput(name, "script", bytes);
        }
        if (!ModuleFiles.isText(bytes)) {
            return new BenchInput(name, "wasm", bytes);
        }
        return new BenchInput(name, "wat", compile(file));
    }

    private static byte[] compile(Path file) throws IOException, InterruptedException {
        Path wasm = Files.createTempFile("edge-bench-", ".wasm");
        try {
            Process process;
            try {
                process = new ProcessBuilder(List.of("wat2wasm", file.toString(), "-o", wasm.toString()))
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                throw new BenchInputException(file + " is WebAssembly text and wat2wasm (wabt) is not on the PATH: compile it with"
                        + " `wat2wasm " + file + " -o " + ModuleFiles.withExtension(file, ".wasm") + "` and bench the .wasm");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new BenchInputException("wat2wasm did not finish compiling " + file);
            }
            if (process.exitValue() != 0) {
                throw new BenchInputException("wat2wasm could not compile " + file + ": " + output.strip());
            }
            return Files.readAllBytes(wasm);
        } finally {
            Files.deleteIfExists(wasm);
        }
    }

    /** The file cannot be benchmarked as it is; the message says why, for the user. */
    static final class BenchInputException extends IOException {
        private static final long serialVersionUID = 1L;

        BenchInputException(String message) {
            super(message);
        }
    }
}
