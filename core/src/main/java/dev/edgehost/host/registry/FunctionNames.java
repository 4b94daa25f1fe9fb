package dev.edgehost.host.registry;

import java.util.regex.Pattern;

/** The rule for function names: one URL path segment that is also a safe file name. */
public final class FunctionNames {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private FunctionNames() {}

    /** Whether a name is lower-case letters, digits, {@code -} and {@code _}, at most 63 long. */
    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** The rule, as told to users. */
    public static String rule() {
        return "1 to 63 characters of a-z, 0-9, '-' and '_', starting with a letter or digit";
    }
}
