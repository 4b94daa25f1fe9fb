package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testing.kit.EdgeTest;
import dev.edgehost.testing.kit.TestEdge;
import dev.edgehost.testing.kit.TestFunction;
import dev.edgehost.testing.kit.TestResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ${name} on a host inside the test (edge-testing, docs/testing.md in edge-host). */
@EdgeTest
class ${Class}Test {
    /** The script; -Dedge.module=PATH tests another one. */
    private static final Path MODULE = Path.of(System.getProperty("edge.module", "${name}.js"));

    @Test
    void get_answersTheGreetingAndThePathAsJson(TestEdge edge) {
        TestFunction function = edge.deploy("${name}", MODULE);

        TestResponse response = function.get("/hello?x=1");

        assertEquals(200, response.status(), response.toString());
        assertEquals("application/json", response.header("content-type"));
        assertEquals("{\"greeting\":\"Hello from ${name}\",\"path\":\"/${name}/hello\"}", response.text());
        assertEquals(List.of("${name}: GET /${name}/hello"), response.logMessages());
        assertTrue(response.fuel() < 500_000_000, "fuel used: " + response.fuel());
    }

    @Test
    void greeting_comesFromTheConfiguration(TestEdge edge) {
        TestFunction function = edge.deploy("${name}", MODULE, settings -> settings.config("greeting", "Howdy \"friend\""));

        assertEquals("{\"greeting\":\"Howdy \\\"friend\\\" from ${name}\",\"path\":\"/${name}\"}", function.get("").text());
    }
}
