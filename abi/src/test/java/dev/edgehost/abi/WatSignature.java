package dev.edgehost.abi;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameter and result types of a function type written in WAT, such as {@code (param i32
 * i32) (result i32)} or {@code (param $buf i32) (param $cap i32) (result i32)}.
 */
record WatSignature(List<ValueType> params, List<ValueType> results) {
    private static final Pattern GROUP = Pattern.compile("\\s*\\((param|result)([^()]*)\\)");

    static WatSignature of(HostImport hostImport) {
        return new WatSignature(hostImport.params(), hostImport.results());
    }

    /**
     * Parses a sequence of {@code (param ...)} and {@code (result ...)} groups and nothing else. A
     * param group holds either one named parameter ({@code $name type}) or any number of unnamed
     * ones; all params come before the results.
     */
    static WatSignature parse(String wat) {
        String text = wat.strip();
        List<ValueType> params = new ArrayList<>();
        List<ValueType> results = new ArrayList<>();
        Matcher group = GROUP.matcher(text);
        int position = 0;
        while (position < text.length()) {
            group.region(position, text.length());
            if (!group.lookingAt()) {
                fail("not a WAT signature at \"" + text.substring(position) + "\" in: " + wat);
            }
            List<String> tokens = tokens(group.group(2));
            if (group.group(1).equals("param")) {
                if (!results.isEmpty()) {
                    fail("param after result in: " + wat);
                }
                if (!tokens.isEmpty() && tokens.get(0).startsWith("$")) {
                    if (tokens.size() != 2) {
                        fail("a named param has exactly one type in: " + wat);
                    }
                    tokens = tokens.subList(1, 2);
                }
                tokens.forEach(token -> params.add(valueType(token, wat)));
            } else {
                tokens.forEach(token -> results.add(valueType(token, wat)));
            }
            position = group.end();
        }
        return new WatSignature(List.copyOf(params), List.copyOf(results));
    }

    private static List<String> tokens(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
    }

    private static ValueType valueType(String watName, String wat) {
        for (ValueType type : ValueType.values()) {
            if (type.watName().equals(watName)) {
                return type;
            }
        }
        return fail("not an ABI value type: \"" + watName + "\" in: " + wat);
    }
}
