package dev.edgehost.host.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.store.FunctionStore;
import dev.edgehost.host.store.SettingsJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON record of a stored function, without its modules: the same in every repository. The
 * top-level fields describe the serving version, as they did before versions existed;
 * {@code version}, {@code versions} (newest first, each with its {@code sha256}) and
 * {@code traffic} hold the history. A script's record says {@code "kind": "javascript"}; a record
 * without a kind, as written before scripts existed, is a module's; one without versions is
 * version 1.
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
        FunctionHistory history = function.history();
        node.put("version", history.serving());
        ArrayNode versions = node.putArray("versions");
        for (FunctionVersion version : history.versions()) {
            ObjectNode entry = versions.addObject();
            entry.put("version", version.number());
            entry.put("sha256", version.sha256());
            if (version.kind() != FunctionKind.WASM) {
                entry.put("kind", version.kind().id());
            }
            entry.put("deployedAt", version.deployedAt().toString());
            entry.put("deployedBy", version.deployedBy());
            entry.set("settings", SettingsJson.settings(version.settings()));
        }
        if (history.traffic() != null) {
            node.set("traffic", TrafficJson.write(history.traffic()));
        }
        return JSON.writeValueAsBytes(node);
    }

    public static Header read(byte[] json) throws IOException {
        JsonNode node = JSON.readTree(json);
        String sha256 = node.get("sha256").asText();
        FunctionSettings settings = SettingsJson.readSettings(node.get("settings"));
        Instant deployedAt = Instant.parse(node.get("deployedAt").asText());
        FunctionKind kind = FunctionKind.ofId(node.path("kind").asText(FunctionKind.WASM.id()));
        FunctionHistory history;
        if (node.has("versions")) {
            List<FunctionVersion> versions = new ArrayList<>();
            for (JsonNode entry : node.get("versions")) {
                versions.add(new FunctionVersion(
                        entry.get("version").asInt(),
                        entry.get("sha256").asText(),
                        FunctionKind.ofId(entry.path("kind").asText(FunctionKind.WASM.id())),
                        SettingsJson.readSettings(entry.get("settings")),
                        Instant.parse(entry.get("deployedAt").asText()),
                        entry.path("deployedBy").asText(FunctionVersion.UNKNOWN_DEPLOYER)));
            }
            int serving = node.get("version").asInt();
            Traffic traffic = node.hasNonNull("traffic") ? TrafficJson.read(node.get("traffic"), serving) : null;
            history = new FunctionHistory(versions, serving, traffic);
        } else {
            history = FunctionHistory.first(sha256, kind, settings, deployedAt);
        }
        return new Header(node.get("name").asText(), sha256, settings, deployedAt, kind, history);
    }

    /** Everything of a stored function but its modules. */
    public record Header(
            String name, String sha256, FunctionSettings settings, Instant deployedAt, FunctionKind kind,
            FunctionHistory history) {

        /** The versions traffic goes to besides the serving one: their modules are loaded with the record. */
        public List<FunctionVersion> otherServingVersions() {
            List<FunctionVersion> others = new ArrayList<>();
            for (int number : history.servingVersions()) {
                FunctionVersion version = history.version(number).orElseThrow();
                if (!version.sha256().equals(sha256)) {
                    others.add(version);
                }
            }
            return others;
        }

        /**
         * The function with its module, checked against the recorded SHA-256; the modules of the
         * other versions traffic goes to come from {@code modules}.
         *
         * @throws IOException when a module is missing or does not match
         */
        public StoredFunction withModules(byte[] wasm, Function<FunctionVersion, byte[]> modules) throws IOException {
            check(sha256, wasm);
            Map<String, byte[]> others = new HashMap<>();
            for (FunctionVersion version : otherServingVersions()) {
                byte[] module = modules.apply(version);
                check(version.sha256(), module);
                others.put(version.sha256(), module);
            }
            return new StoredFunction(name, sha256, wasm, settings, deployedAt, kind, history, others);
        }

        /** {@link #withModules} for a function whose traffic goes to its serving version alone. */
        public StoredFunction withModule(byte[] wasm) throws IOException {
            return withModules(wasm, version -> null);
        }

        private static void check(String sha256, byte[] module) throws IOException {
            if (module == null || !sha256.equals(FunctionStore.sha256(module))) {
                throw new IOException("module " + sha256 + " is missing or does not match its checksum");
            }
        }
    }
}
