package dev.edgehost.cli;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.FunctionInfo;
import dev.edgehost.host.FunctionSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The functions {@code dev} serves, each from its file: deploys a file when it appears or
 * changes, and says what happened. A file that does not deploy leaves the last good version
 * serving; a file deployed unchanged is not deployed again. Used by one thread at a time.
 */
final class DevFunctions {
    private final EdgeHost host;
    private final FunctionSettings settings;
    private final LogPrinter printer;
    private final Map<Path, String> names = new LinkedHashMap<>();
    private final Map<Path, byte[]> lastTried = new LinkedHashMap<>();

    DevFunctions(EdgeHost host, FunctionSettings settings, LogPrinter printer) {
        this.host = host;
        this.settings = settings;
        this.printer = printer;
    }

    /**
     * Deploys a file as its function.
     *
     * @return whether the function now serves this file's module
     */
    boolean deploy(Path file) {
        FunctionFile function = FunctionFile.of(file);
        String owner = owner(function.name());
        if (owner != null && !owner.equals(file.toString())) {
            printer.note(file + " is not served: " + owner + " is served as /" + function.name() + " already");
            return false;
        }
        byte[] module;
        try {
            module = Files.readAllBytes(file);
        } catch (IOException e) {
            printer.note(function.name() + ": cannot read " + file + ": " + e.getMessage());
            return false;
        }
        byte[] digest = sha256(module);
        if (Arrays.equals(digest, lastTried.get(file))) {
            return host.function(function.name()).isPresent();
        }
        lastTried.put(file, digest);
        boolean replacing = names.containsKey(file);
        long start = System.nanoTime();
        try {
            FunctionInfo info;
            if (DeployCommand.isScript(file)) {
                info = host.deployScript(function.name(), new String(module, StandardCharsets.UTF_8), settings);
            } else if (ModuleFiles.isText(module)) {
                throw new IllegalArgumentException("it holds WebAssembly text, not a binary module: compile the text with"
                        + " `wat2wasm SOURCE.wat -o " + file + "`");
            } else {
                info = host.deploy(function.name(), module, settings);
            }
            names.put(file, function.name());
            long millis = (System.nanoTime() - start) / 1_000_000;
            printer.note((replacing ? "redeployed " : "deployed ") + function.name() + " (" + FunctionText.size(info.size())
                    + ", " + millis + " ms) from " + file);
            return true;
        } catch (EdgeException | IllegalArgumentException e) {
            boolean serving = host.function(function.name()).isPresent();
            printer.note(function.name() + ": " + file + " does not deploy: " + e.getMessage()
                    + (serving ? "; still serving the previous version" : ""));
            return false;
        }
    }

    /** A file is gone: its function keeps serving the last version, as a rebuild may be on its way. */
    void removed(Path file) {
        String name = names.get(file);
        if (name != null) {
            printer.note(name + ": " + file + " is gone; still serving the last version");
        }
    }

    /** The functions served and their files, in the order they were first deployed. */
    Map<Path, String> served() {
        return Map.copyOf(names);
    }

    private String owner(String name) {
        for (Map.Entry<Path, String> entry : names.entrySet()) {
            if (entry.getValue().equals(name)) {
                return entry.getKey().toString();
            }
        }
        return null;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
