package dev.edgehost.host.cgi;

import java.util.Locale;

/**
 * The parts of a request's absolute URL that CGI meta-variables name, read without
 * {@link java.net.URI}, which refuses characters that servers pass through in paths.
 *
 * @param scheme {@code http} or {@code https}, in lower case
 * @param host the host as the URL gives it (an IPv6 address in brackets)
 * @param port the explicit port, or the scheme's default
 * @param rawPath the path as sent, percent-encoded, {@code /} when empty
 * @param rawQuery the query without its {@code ?}, as sent; empty when there is none
 */
record RequestUrl(String scheme, String host, String port, String rawPath, String rawQuery) {

    static RequestUrl parse(String url) {
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd < 0 ? "http" : url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        int authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int authorityEnd = firstOf(url, authorityStart, "/?#");
        String authority = url.substring(authorityStart, authorityEnd);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        int portColon = authority.lastIndexOf(':');
        String host = authority;
        String port = scheme.equals("https") ? "443" : "80";
        if (portColon >= 0 && portColon > authority.lastIndexOf(']')) {
            host = authority.substring(0, portColon);
            if (portColon + 1 < authority.length()) {
                port = authority.substring(portColon + 1);
            }
        }
        int queryStart = url.indexOf('?', authorityEnd);
        int fragment = url.indexOf('#', authorityEnd);
        int pathEnd = queryStart >= 0 ? queryStart : fragment >= 0 ? fragment : url.length();
        String path = url.substring(authorityEnd, pathEnd);
        String query = "";
        if (queryStart >= 0) {
            int queryEnd = fragment > queryStart ? fragment : url.length();
            query = url.substring(queryStart + 1, queryEnd);
        }
        return new RequestUrl(scheme, host, port, path.isEmpty() ? "/" : path, query);
    }

    private static int firstOf(String text, int from, String characters) {
        for (int i = from; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /**
     * What follows the first path segment that names the function, percent-decoded as RFC 3875
     * §4.1.5 has it: {@code /a/b} for {@code /NAME/a/b}, empty for {@code /NAME}.
     */
    String pathInfo(String function) {
        int segmentStart = 0;
        while (segmentStart < rawPath.length()) {
            int next = rawPath.indexOf('/', segmentStart + 1);
            int segmentEnd = next < 0 ? rawPath.length() : next;
            String segment = rawPath.substring(segmentStart + (rawPath.charAt(segmentStart) == '/' ? 1 : 0), segmentEnd);
            if (PercentDecoding.decode(segment).equals(function)) {
                return PercentDecoding.decode(rawPath.substring(segmentEnd));
            }
            segmentStart = segmentEnd;
        }
        return "";
    }
}
