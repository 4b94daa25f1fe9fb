package dev.edgehost.host.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.store.FunctionStore;
import dev.edgehost.host.store.SettingsJson;
import java.io.IOException;
import java.time.Instant;

/**
 * The JSON record of a stored function, without its module: the same in every repository. A
 * script's record says {@code "kind": "javascript"}; a record without a kind, as written before
 * scripts existed, is a module's.
 */
public final class StoredFunctionJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredFunctionJson() {}

    public static byte[] write(StoredFunction function) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", function.name());
        node.put("sha256", function.sha256());
        node.put("deployedAt", function.deployedAt().toString());
        if (function.kind() != FunctionKind.WASM) {
            node.put("kind", function.kind().id());
        }
        node.set("settings", SettingsJson.settings(function.settings()));
        return JSON.writeValueAsBytes(node);
    }

    public static Header read(byte[] json) throws IOException {
        JsonNode node = JSON.readTree(json);
        return new Header(
                node.get("name").asText(),
                node.get("sha256").asText(),
                SettingsJson.readSettings(node.get("settings")),
                Instant.parse(node.get("deployedAt").asText()),
                FunctionKind.ofId(node.path("kind").asText(FunctionKind.WASM.id())));
    }

    /** Everything of a stored function but its module. */
    public record Header(String name, String sha256, FunctionSettings settings, Instant deployedAt, FunctionKind kind) {

        /**
         * The function with its module, checked against the recorded SHA-256.
         *
         * @throws IOException when the module does not match
         */
        public StoredFunction withModule(byte[] wasm) throws IOException {
            if (wasm == null || !sha256.equals(FunctionStore.sha256(wasm))) {
                throw new IOException("module " + sha256 + " is missing or does not match its checksum");
            }
            return new StoredFunction(name, sha256, wasm, settings, deployedAt, kind);
        }
    }
}
