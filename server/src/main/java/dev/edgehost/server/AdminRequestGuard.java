package dev.edgehost.server;

import dev.edgehost.abi.HttpError;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps web pages away from the admin API. A page cannot read the admin API's answers, but it can
 * send it requests from a developer's browser: through a name that it rebinds to 127.0.0.1 (DNS
 * rebinding), the page's own origin then being the admin API's, or as a simple cross-site request.
 * So, in front of every admin call:
 *
 * <ul>
 *   <li>Without a token, the {@code Host} must be a loopback name or address ({@code localhost},
 *       {@code 127.x.x.x}, {@code [::1]}, any port): a rebound name arrives with its own name.
 *   <li>A request carrying {@code Origin}, or {@code Sec-Fetch-Site} of {@code cross-site} or
 *       {@code same-site}, comes from a web page and is refused unless its origin is allowed.
 *   <li>A body sent as {@code text/plain} or {@code multipart/form-data}, which a page may send
 *       anywhere without asking, is refused; so is {@code application/x-www-form-urlencoded} from
 *       a browser, while curl's {@code --data-binary}, which sends that type without any browser
 *       header, keeps working.
 * </ul>
 */
final class AdminRequestGuard implements HttpHandler {
    private static final Pattern PORT = Pattern.compile("(:[0-9]{1,5})?");
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern ORIGIN = Pattern.compile("https?://([a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");
    private static final HttpString SEC_FETCH_SITE = new HttpString("sec-fetch-site");
    private static final String SEC_FETCH = "sec-fetch-";

    private final boolean loopbackHostOnly;
    private final Set<String> allowedOrigins;
    private final HttpHandler next;

    /**
     * @param loopbackHostOnly whether requests must name a loopback host: when the admin API has no token
     * @param allowedOrigins origins from {@link #normalizeOrigins}
     */
    AdminRequestGuard(boolean loopbackHostOnly, List<String> allowedOrigins, HttpHandler next) {
        this.loopbackHostOnly = loopbackHostOnly;
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.next = next;
    }

    /**
     * Origins as browsers send them: {@code scheme://host[:port]}, in lower case.
     *
     * @throws IllegalArgumentException naming the first value that is no such origin
     */
    static List<String> normalizeOrigins(List<String> origins) {
        Set<String> normalized = new LinkedHashSet<>();
        for (String origin : origins) {
            String value = origin.trim().toLowerCase(Locale.ROOT).replaceAll("/$", "");
            if (!ORIGIN.matcher(value).matches()) {
                throw new IllegalArgumentException(
                        "invalid admin origin \"" + origin + "\": expected scheme://host[:port], scheme http or https");
            }
            normalized.add(value);
        }
        return List.copyOf(normalized);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderValues hosts = exchange.getRequestHeaders().get(Headers.HOST);
        if (loopbackHostOnly && hosts != null && (hosts.size() != 1 || !isLoopbackHost(hosts.getFirst()))) {
            refuse(
                    exchange,
                    HttpError.FORBIDDEN_HOST,
                    "without an admin token the admin API answers requests for localhost, 127.x.x.x or [::1] only, not for "
                            + hosts.getFirst());
            return;
        }
        HeaderValues origins = exchange.getRequestHeaders().get(Headers.ORIGIN);
        boolean allowedOrigin = origins != null && origins.size() == 1 && allowedOrigins.contains(origins.getFirst().toLowerCase(Locale.ROOT));
        if (origins != null && !allowedOrigin) {
            refuse(
                    exchange,
                    HttpError.FORBIDDEN_ORIGIN,
                    "the admin API does not answer web pages (origin " + origins.getFirst() + "); an origin may be allowed with --admin-allow-origin");
            return;
        }
        String site = exchange.getRequestHeaders().getFirst(SEC_FETCH_SITE);
        if (!allowedOrigin && site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
            refuse(exchange, HttpError.FORBIDDEN_ORIGIN, "the admin API does not answer requests from other sites' web pages");
            return;
        }
        if (carriesBody(exchange) && isRefusedMediaType(exchange, origins != null || hasSecFetchHeader(exchange))) {
            refuse(
                    exchange,
                    HttpError.UNSUPPORTED_MEDIA_TYPE,
                    "send modules and values as application/wasm or application/octet-stream, not as "
                            + exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE)
                            + ": web pages may send that type anywhere without asking");
            return;
        }
        next.handleRequest(exchange);
    }

    /** A loopback name or address with an optional port; never resolved, so no lookup can rebind it. */
    static boolean isLoopbackHost(String host) {
        String value = host.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end > 0 && value.substring(1, end).equals("::1") && PORT.matcher(value.substring(end + 1)).matches();
        }
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String port = colon < 0 ? "" : value.substring(colon);
        return PORT.matcher(port).matches()
                && (name.equals("localhost") || name.equals("localhost.") || IPV4_LOOPBACK.matcher(name).matches());
    }

    private static boolean carriesBody(HttpServerExchange exchange) {
        HttpString method = exchange.getRequestMethod();
        return method.equals(Methods.PUT) || method.equals(Methods.POST) || method.equals(Methods.PATCH);
    }

    private static boolean hasSecFetchHeader(HttpServerExchange exchange) {
        for (HeaderValues header : exchange.getRequestHeaders()) {
            if (header.getHeaderName().toString().regionMatches(true, 0, SEC_FETCH, 0, SEC_FETCH.length())) {
                return true;
            }
        }
        return false;
    }

    /** The content types of HTML forms and of fetch's simple requests, which need no preflight. */
    private static boolean isRefusedMediaType(HttpServerExchange exchange, boolean fromBrowser) {
        HeaderValues types = exchange.getRequestHeaders().get(Headers.CONTENT_TYPE);
        if (types == null) {
            return false;
        }
        for (String type : types) {
            String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (media.equals("text/plain")
                    || media.equals("multipart/form-data")
                    || (fromBrowser && media.equals("application/x-www-form-urlencoded"))) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(HttpServerExchange exchange, HttpError error, String message) {
        if (!exchange.isRequestComplete()) {
            // The refused body is never read; the connection closes after the answer instead.
            exchange.setPersistent(false);
        }
        ErrorResponder.send(exchange, error, message);
    }
}
