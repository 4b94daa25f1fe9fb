package dev.edgehost.host.capability;

import java.util.Locale;
import java.util.Set;

/** What makes a header name or value acceptable from a guest (ABI spec §5.2). */
public final class HeaderRules {
    /** Headers the host sets itself; a guest may not set or add them. */
    static final Set<String> HOST_OWNED =
            Set.of(
                    "x-request-id",
                    "content-length",
                    "transfer-encoding",
                    "connection",
                    "keep-alive",
                    "upgrade",
                    "trailer",
                    "server-timing",
                    "x-edge-version");

    private HeaderRules() {}

    /** Whether the name is an HTTP token (RFC 9110 §5.6.2). */
    public static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean tokenChar =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tokenChar) {
                return false;
            }
        }
        return true;
    }

    /** Whether the value can be sent without splitting or ending the header: no CR, LF or NUL. */
    static boolean isSafeValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    static boolean isHostOwned(String name) {
        return HOST_OWNED.contains(name.toLowerCase(Locale.ROOT));
    }
}
