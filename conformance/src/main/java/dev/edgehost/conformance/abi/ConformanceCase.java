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

    /** The bytes of the module the case deploys: {@code deploy.module}, default {@code guest.wasm}. */
    byte[] module() {
        String file = manifest.path("deploy").path("module").asText("guest.wasm");
        try {
            return Files.readAllBytes(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("case " + name + " lacks its module " + file, e);
        }
    }
}
