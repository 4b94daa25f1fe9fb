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
    /** The module ./build.sh writes; -Dedge.module=PATH tests another build. */
    private static final Path MODULE = Path.of(System.getProperty("edge.module", "${name}.wasm"));

    @Test
    void get_answersTheGreeting_andLogsTheRequest(TestEdge edge) {
        TestFunction function = edge.deploy("${name}", MODULE);

        TestResponse response = function.get("/hello?x=1");

        assertEquals(200, response.status(), response.toString());
        assertEquals("text/plain; charset=utf-8", response.header("content-type"));
        assertEquals("Hello from ${name}\n", response.text());
        assertEquals(List.of("GET http://localhost/${name}/hello?x=1"), response.logMessages());
        assertTrue(response.fuel() < 10_000, "fuel used: " + response.fuel());
    }

    @Test
    void greeting_comesFromTheConfiguration(TestEdge edge) {
        TestFunction function = edge.deploy("${name}", MODULE, settings -> settings.config("greeting", "Howdy"));

        assertEquals("Howdy from ${name}\n", function.get("").text());
    }
}
