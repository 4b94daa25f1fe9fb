package dev.edgehost.host.execution;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rust's legacy symbol mangling undone for a backtrace: {@code
 * _ZN4core6option13expect_failed17h87816a823d052ad5E} is {@code core::option::expect_failed}.
 * Rust writes such names into a module's name section; any other name is left as it is.
 */
final class RustSymbols {
    /** A legacy Rust symbol: path components, the hash component, and perhaps LLVM's clone suffix. */
    private static final Pattern LEGACY = Pattern.compile("_ZN(\\d.*)17h[0-9a-f]{16}E(\\.\\d+)*");
    private static final Map<String, String> ESCAPES = Map.ofEntries(
            Map.entry("$SP$", "@"), Map.entry("$BP$", "*"), Map.entry("$RF$", "&"), Map.entry("$LT$", "<"),
            Map.entry("$GT$", ">"), Map.entry("$LP$", "("), Map.entry("$RP$", ")"), Map.entry("$C$", ","));
    private static final Pattern UNICODE = Pattern.compile("\\$u([0-9a-f]{2,6})\\$");

    private RustSymbols() {}

    static String readable(String name) {
        Matcher legacy = LEGACY.matcher(name);
        if (!legacy.matches()) {
            return name;
        }
        String path = legacy.group(1);
        StringBuilder readable = new StringBuilder();
        int at = 0;
        while (at < path.length()) {
            int digits = at;
            while (digits < path.length() && Character.isDigit(path.charAt(digits))) {
                digits++;
            }
            if (digits == at) {
                return name;
            }
            int length = Integer.parseInt(path.substring(at, digits));
            if (digits + length > path.length()) {
                return name;
            }
            readable.append(readable.length() == 0 ? "" : "::").append(component(path.substring(digits, digits + length)));
            at = digits + length;
        }
        return readable.toString();
    }

    private static String component(String mangled) {
        String text = mangled.startsWith("_$") ? mangled.substring(1) : mangled;
        for (Map.Entry<String, String> escape : ESCAPES.entrySet()) {
            text = text.replace(escape.getKey(), escape.getValue());
        }
        Matcher unicode = UNICODE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (unicode.find()) {
            unicode.appendReplacement(out, Matcher.quoteReplacement(new String(Character.toChars(Integer.parseInt(unicode.group(1), 16)))));
        }
        unicode.appendTail(out);
        return out.toString().replace("..", "::");
    }
}
