package dev.edgehost.conformance.abi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of the suite: a folder holding {@code manifest.json} and the guest it deploys. The
 * manifest is the case's whole specification; the conformance README describes its fields.
 *
 * @param name the folder's name, which is also the case's name
 * @param dir the folder
 * @param manifest the parsed manifest
 */
public record ConformanceCase(String name, Path dir, JsonNode manifest) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ConformanceCase load(Path dir) {
        String name = dir.getFileName().toString().replace("/", "");
        try {
            return new ConformanceCase(name, dir, JSON.readTree(Files.readString(dir.resolve("manifest.json"))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of case " + name, e);
        }
    }

    /** The ABI spec sections the case checks, such as {@code 4.3}. */
    public List<String> specSections() {
        List<String> sections = new ArrayList<>();
        manifest.path("spec").forEach(section -> sections.add(section.asText()));
        return sections;
    }

    /**
     * The file the case deploys: {@code deploy.module}, else {@code guest.wasm}, else a JavaScript
     * function's {@code guest.js}.
     */
    String moduleFile() {
        String given = manifest.path("deploy").path("module").asText("");
        if (!given.isEmpty()) {
            return given;
        }
        return Files.exists(dir.resolve("guest.wasm")) || !Files.exists(dir.resolve("guest.js")) ? "guest.wasm" : "guest.js";
    }

    /** Whether the case deploys a JavaScript function's script rather than a module. */
    boolean deploysScript() {
        String file = moduleFile();
        return file.endsWith(".js") || file.endsWith(".mjs");
    }

    /** The bytes of the module, or script, the case deploys ({@link #moduleFile()}). */
    byte[] module() {
        String file = moduleFile();
        try {
            return Files.readAllBytes(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("case " + name + " lacks its module " + file, e);
        }
    }
}
