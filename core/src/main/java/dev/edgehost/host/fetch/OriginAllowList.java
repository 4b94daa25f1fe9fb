package dev.edgehost.host.fetch;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The origins a function may fetch from (ABI spec §12): {@code scheme://host[:port]}, where a host
 * of the form {@code *.example.com} matches every subdomain of {@code example.com}. Empty denies
 * everything.
 */
public final class OriginAllowList {
    private static final Pattern ENTRY =
            Pattern.compile("(https?)://(\\*\\.)?([a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+\\])(?::([0-9]{1,5}))?/?");

    private final List<Entry> entries;

    private OriginAllowList(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * Parses entries.
     *
     * @throws IllegalArgumentException naming the first malformed entry
     */
    public static OriginAllowList parse(List<String> origins) {
        List<Entry> entries = new ArrayList<>();
        for (String origin : origins) {
            Matcher matcher = ENTRY.matcher(origin.toLowerCase(Locale.ROOT));
            if (!matcher.matches()) {
                throw new IllegalArgumentException(
                        "invalid fetch origin \"" + origin + "\": expected scheme://host[:port], scheme http or https,"
                                + " host optionally starting with *.");
            }
            String scheme = matcher.group(1);
            int port = matcher.group(5) == null ? defaultPort(scheme) : Integer.parseInt(matcher.group(5));
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("invalid port in fetch origin \"" + origin + "\"");
            }
            entries.add(new Entry(scheme, matcher.group(3), matcher.group(2) != null, port));
        }
        return new OriginAllowList(List.copyOf(entries));
    }

    static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    /** The entry that allows a URL, or {@code null} when none does. */
    Entry match(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort() < 0 ? defaultPort(scheme) : url.getPort();
        for (Entry entry : entries) {
            boolean hostMatches = entry.wildcard() ? host.endsWith("." + entry.host()) : host.equals(entry.host());
            if (entry.scheme().equals(scheme) && entry.port() == port && hostMatches) {
                return entry;
            }
        }
        return null;
    }

    /**
     * One allowed origin.
     *
     * @param wildcard whether it allows subdomains of {@code host} rather than {@code host} itself
     */
    record Entry(String scheme, String host, boolean wildcard, int port) {

        /** Whether the entry names a host exactly, which allows its private addresses. */
        boolean explicit() {
            return !wildcard;
        }
    }
}
