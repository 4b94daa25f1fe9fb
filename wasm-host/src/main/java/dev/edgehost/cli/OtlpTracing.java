package dev.edgehost.cli;

import dev.edgehost.otel.OtelTracer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code serve --otlp-endpoint}: the tracer exporting to an OTLP/HTTP collector, with the headers
 * of {@code --otlp-headers} ({@code $EDGE_OTLP_HEADERS}): {@code name=value} pairs separated by
 * commas, values percent-decoded, as {@code OTEL_EXPORTER_OTLP_HEADERS} writes them. Stateless.
 */
final class OtlpTracing {

    private OtlpTracing() {}

    /** @throws IllegalArgumentException when the endpoint is no http(s) URL or a header is no {@code name=value} */
    static OtelTracer open(URI endpoint, String serviceName, String headers) {
        OtelTracer.Builder tracer = OtelTracer.otlp(endpoint).serviceName(serviceName);
        if (headers != null && !headers.isBlank()) {
            for (String pair : headers.split(",")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    // The value is not repeated: it is often a secret.
                    throw new IllegalArgumentException("--otlp-headers: each header is name=value; one is not");
                }
                tracer.header(pair.substring(0, equals).trim(), URLDecoder.decode(pair.substring(equals + 1).trim(), StandardCharsets.UTF_8));
            }
        }
        return tracer.build();
    }
}
