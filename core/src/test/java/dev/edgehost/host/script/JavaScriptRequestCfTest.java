package dev.edgehost.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.spi.ClientLocation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code request.cf} in JavaScript: where the client is, from the host's locator, never from the client's headers. */
class JavaScriptRequestCfTest {
    private static final String ECHO_CF = "export default { fetch(request) { return Response.json(request.cf); } };";

    private static String cf(EdgeHost host, String remoteAddress) {
        EdgeRequest request = EdgeRequest.builder("GET", URI.create("http://localhost/where"))
                .remoteAddress(remoteAddress)
                .header("x-edge-geo-country", "XX")
                .header("x-edge-asn", "1")
                .build();
        return new String(host.handle(request).body(), StandardCharsets.UTF_8);
    }

    @Test
    void cf_isTheLocatedClient_inTheShapeWorkersGivesIt() {
        try (EdgeHost host = EdgeHost.builder().workers(2).clientLocator(address -> address.getHostAddress().equals("203.0.113.7")
                ? Optional.of(new ClientLocation("FR", "IDF", "Paris", 48.8566, 2.3522, "Europe/Paris", 64_496L))
                : Optional.empty()).build()) {
            host.deployScript("where", ECHO_CF, FunctionSettings.defaults());

            assertEquals("{\"country\":\"FR\",\"regionCode\":\"IDF\",\"city\":\"Paris\",\"latitude\":\"48.8566\","
                    + "\"longitude\":\"2.3522\",\"timezone\":\"Europe/Paris\",\"asn\":64496}", cf(host, "203.0.113.7"));
            assertEquals("{}", cf(host, "198.51.100.1"), "an address the locator does not know: nothing, and nothing the client sent");
        }
    }
}
