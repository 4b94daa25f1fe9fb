package dev.edgehost.host.capability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Header fields as the ABI shows them (ABI spec §4.3, §4.4): names in lower case, values as
 * received, one entry per field line, in order.
 */
public final class HeaderBlock {
    private final List<Map.Entry<String, String>> fields;

    /** @param fields name and value pairs in arrival order, one pair per value */
    public HeaderBlock(List<Map.Entry<String, String>> fields) {
        this.fields = new ArrayList<>(fields.size());
        for (Map.Entry<String, String> field : fields) {
            this.fields.add(Map.entry(field.getKey().toLowerCase(Locale.ROOT), field.getValue()));
        }
    }

    /** Every field, names in lower case, in order. */
    public List<Map.Entry<String, String>> fields() {
        return Collections.unmodifiableList(fields);
    }

    /** All values of a header, joined by {@code ", "}, or {@code null} when absent. */
    public String get(String lowerCaseName) {
        StringBuilder joined = null;
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equals(lowerCaseName)) {
                if (joined == null) {
                    joined = new StringBuilder(field.getValue());
                } else {
                    joined.append(", ").append(field.getValue());
                }
            }
        }
        return joined == null ? null : joined.toString();
    }

    /** Every field as a {@code name: value\n} line. */
    public String lines() {
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, String> field : fields) {
            lines.append(field.getKey()).append(": ").append(field.getValue()).append('\n');
        }
        return lines.toString();
    }
}
