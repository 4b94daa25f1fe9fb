package dev.edgehost.host.cgi;

import dev.edgehost.host.capability.GuestRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment of a CGI program for one request: the RFC 3875 §4.1 meta-variables, one
 * {@code HTTP_*} variable per request header (§4.1.18), {@code X_FULL_URL} and {@code X_REQUEST_ID}
 * as WAGI adds them, then the function's configuration entries. Each name appears once:
 *
 * <ul>
 *   <li>{@code CONTENT_TYPE} and {@code CONTENT_LENGTH} are set only when the request has a
 *       content type or a body (§4.1.2, §4.1.3), and those two headers are not repeated as
 *       {@code HTTP_*} variables; every other variable of the list is always set, empty when
 *       unknown (a {@code REMOTE_ADDR} an embedder did not give);
 *   <li>a header whose name holds anything but letters, digits and {@code -} is left out, so that
 *       {@code X_Forwarded_For} cannot pose as {@code X-Forwarded-For} (both would be
 *       {@code HTTP_X_FORWARDED_FOR}), and so is {@code Proxy}, which programs would read as
 *       their outbound proxy ({@code HTTP_PROXY}, "httpoxy");
 *   <li>a header whose variable has the name of a configuration entry is left out: the client
 *       does not override the operator;
 *   <li>a configuration entry named like one of the host's variables, or whose name holds
 *       {@code =} or NUL, is left out.
 * </ul>
 *
 * Stateless.
 */
public final class CgiEnvironment {
    static final String SERVER_SOFTWARE = "edge-host";

    private CgiEnvironment() {}

    /**
     * @param function the function's name; {@code SCRIPT_NAME} is {@code /NAME}
     * @param config the function's configuration entries, in the order they are passed
     */
    public static List<Map.Entry<String, String>> of(
            GuestRequest request, String function, String requestId, Map<String, String> config) {
        RequestUrl url = RequestUrl.parse(request.url());
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("REQUEST_METHOD", request.method());
        variables.put("PATH_INFO", url.pathInfo(function));
        variables.put("QUERY_STRING", url.rawQuery());
        Map<String, String> headers = joinedHeaders(request.headerFields());
        if (headers.containsKey("content-type")) {
            variables.put("CONTENT_TYPE", headers.get("content-type"));
        }
        if (request.bodyLength() > 0 || headers.containsKey("content-length") || headers.containsKey("transfer-encoding")) {
            variables.put("CONTENT_LENGTH", Long.toString(request.bodyLength()));
        }
        variables.put("SERVER_NAME", url.host());
        variables.put("SERVER_PORT", url.port());
        variables.put("SERVER_PROTOCOL", request.protocol());
        variables.put("SERVER_SOFTWARE", SERVER_SOFTWARE);
        variables.put("REMOTE_ADDR", request.remoteAddress());
        variables.put("SCRIPT_NAME", "/" + function);
        variables.put("GATEWAY_INTERFACE", "CGI/1.1");
        headers.forEach(
                (name, value) -> {
                    String variable = headerVariable(name);
                    if (variable != null && !config.containsKey(variable)) {
                        variables.put(variable, value);
                    }
                });
        variables.put("X_FULL_URL", request.url());
        variables.put("X_REQUEST_ID", requestId);
        config.forEach(
                (name, value) -> {
                    if (!variables.containsKey(name) && name.indexOf('=') < 0 && name.indexOf('\0') < 0) {
                        variables.put(name, value);
                    }
                });
        List<Map.Entry<String, String>> environment = new ArrayList<>(variables.size());
        variables.forEach((name, value) -> environment.add(Map.entry(name, value)));
        return List.copyOf(environment);
    }

    /** Every header once, in the order first seen, its values joined by {@code ", "}. */
    private static Map<String, String> joinedHeaders(List<Map.Entry<String, String>> fields) {
        Map<String, String> joined = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : fields) {
            joined.merge(field.getKey(), field.getValue(), (first, next) -> first + ", " + next);
        }
        return joined;
    }

    /** {@code HTTP_} and the name upper-cased with {@code -} as {@code _}, or {@code null} for a header left out. */
    private static String headerVariable(String lowerCaseName) {
        if (lowerCaseName.equals("content-type") || lowerCaseName.equals("content-length") || lowerCaseName.equals("proxy")) {
            return null;
        }
        for (int i = 0; i < lowerCaseName.length(); i++) {
            char c = lowerCaseName.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return null;
            }
        }
        return "HTTP_" + lowerCaseName.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
