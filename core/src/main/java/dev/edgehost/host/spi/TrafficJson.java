package dev.edgehost.host.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.InvalidTrafficException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Traffic settings as JSON, the admin API's and the repositories' alike:
 * {@code {"split": [{"version": 7, "percent": 90}, ...], "sticky": "cookie:uid", "rules":
 * [{"header": "x-canary", "equals": "1", "version": 8}]}}. Reading checks the shape; whether the
 * versions exist is the runtime's to check. Stateless, so thread-safe.
 */
public final class TrafficJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("split", "sticky", "rules");

    private TrafficJson() {}

    /** The traffic settings as the JSON {@code GET /functions/{name}/traffic} answers. */
    public static byte[] toJson(Traffic traffic) {
        try {
            return JSON.writeValueAsBytes(write(traffic));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object node always serializes", e);
        }
    }

    static ObjectNode write(Traffic traffic) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode split = node.putArray("split");
        for (Traffic.Share share : traffic.split()) {
            split.addObject().put("version", share.version()).put("percent", share.percent());
        }
        if (traffic.sticky() == null) {
            node.putNull("sticky");
        } else {
            node.put("sticky", traffic.sticky());
        }
        ArrayNode rules = node.putArray("rules");
        for (Traffic.Rule rule : traffic.rules()) {
            rules.addObject().put("header", rule.header()).put("equals", rule.equals()).put("version", rule.version());
        }
        return node;
    }

    /**
     * Traffic settings from a request body.
     *
     * @param serving the version a split-less body sends the rest to: rules alone pin some requests
     * @throws InvalidTrafficException naming what is wrong
     */
    public static Traffic parse(byte[] body, int serving) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidTrafficException("the traffic settings are not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidTrafficException("the traffic settings cannot be read: " + e.getMessage());
        }
        return read(node, serving);
    }

    /** Traffic settings from a JSON node; see {@link #parse}. */
    static Traffic read(JsonNode node, int serving) {
        if (node == null || !node.isObject()) {
            throw new InvalidTrafficException("the traffic settings must be a JSON object with split, sticky and rules");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidTrafficException("unknown traffic field \"" + name + "\"; the fields are split, sticky and rules");
            }
        }
        List<Traffic.Share> split = split(node.get("split"), serving);
        String sticky = sticky(node.get("sticky"));
        List<Traffic.Rule> rules = rules(node.get("rules"));
        return new Traffic(split, sticky, rules);
    }

    private static List<Traffic.Share> split(JsonNode node, int serving) {
        if (node == null || node.isNull()) {
            return List.of(new Traffic.Share(serving, 100));
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidTrafficException("split must be a non-empty array of {\"version\": N, \"percent\": P}");
        }
        List<Traffic.Share> shares = new ArrayList<>();
        int total = 0;
        for (JsonNode share : node) {
            int version = version(share, "split");
            JsonNode percent = share.get("percent");
            if (percent == null || !percent.canConvertToInt() || !percent.isIntegralNumber()
                    || percent.intValue() < 0 || percent.intValue() > 100) {
                throw new InvalidTrafficException("the percent of version " + version + " must be an integer from 0 to 100");
            }
            if (shares.stream().anyMatch(other -> other.version() == version)) {
                throw new InvalidTrafficException("version " + version + " is in the split twice");
            }
            shares.add(new Traffic.Share(version, percent.intValue()));
            total += percent.intValue();
        }
        if (total != 100) {
            throw new InvalidTrafficException("the split's percents add up to " + total + ", not 100");
        }
        return shares;
    }

    private static String sticky(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String sticky = node.isTextual() ? node.asText() : "";
        if (sticky.equals(TrafficKey.CLIENT_IP)) {
            return sticky;
        }
        for (String prefix : List.of(TrafficKey.COOKIE, TrafficKey.HEADER)) {
            if (sticky.startsWith(prefix) && sticky.length() > prefix.length()) {
                return sticky;
            }
        }
        throw new InvalidTrafficException(
                "unknown sticky kind " + node + "; it is cookie:NAME, header:NAME or client-ip");
    }

    private static List<Traffic.Rule> rules(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidTrafficException("rules must be an array of {\"header\": NAME, \"equals\": VALUE, \"version\": N}");
        }
        List<Traffic.Rule> rules = new ArrayList<>();
        for (JsonNode rule : node) {
            int version = version(rule, "rule");
            JsonNode header = rule.get("header");
            JsonNode equals = rule.get("equals");
            if (header == null || !header.isTextual() || header.asText().isEmpty() || equals == null || !equals.isTextual()) {
                throw new InvalidTrafficException("a rule needs a header name and the value it equals, as strings");
            }
            rules.add(new Traffic.Rule(header.asText(), equals.asText(), version));
        }
        return rules;
    }

    private static int version(JsonNode entry, String where) {
        JsonNode version = entry.get("version");
        if (!entry.isObject() || version == null || !version.isIntegralNumber() || !version.canConvertToInt()
                || version.intValue() < 1) {
            throw new InvalidTrafficException("every " + where + " entry needs a version, an integer from 1");
        }
        return version.intValue();
    }
}
