package dev.edgehost.conformance.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the JSON script that wast2json writes. */
final class ScriptReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptReader() {}

    static SpecScript read(String wastName, Path json) throws IOException {
        JsonNode root = JSON.readTree(json.toFile());
        List<SpecCommand> commands = new ArrayList<>();
        for (JsonNode command : root.path("commands")) {
            commands.add(command(command));
        }
        return new SpecScript(wastName, json.getParent(), commands);
    }

    private static SpecCommand command(JsonNode node) {
        return new SpecCommand(
                CommandType.fromJson(node.path("type").asText()),
                node.path("line").asInt(),
                text(node, "name"),
                text(node, "filename"),
                "text".equals(text(node, "module_type")),
                text(node, "as"),
                node.has("action") ? action(node.get("action")) : null,
                values(node.path("expected")),
                text(node, "text"));
    }

    private static SpecAction action(JsonNode node) {
        return new SpecAction(
                SpecAction.Kind.valueOf(node.path("type").asText().toUpperCase(Locale.ROOT)),
                text(node, "module"),
                text(node, "field"),
                values(node.path("args")));
    }

    private static List<SpecValue> values(JsonNode array) {
        List<SpecValue> values = new ArrayList<>();
        for (JsonNode value : array) {
            // v128 values are arrays of lanes; they are kept as JSON text and never run.
            JsonNode raw = value.get("value");
            String text = raw == null ? null : raw.isTextual() ? raw.asText() : raw.toString();
            values.add(new SpecValue(value.path("type").asText(), text));
        }
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
