package dev.edgehost.conformance.abi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.server.EdgeServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every case of {@code cases/} against this host, a real server on ephemeral ports. */
class AbiConformanceTest {
    static final Path CASES = Path.of("cases");

    private static EdgeServer server;

    @BeforeAll
    static void startHost() {
        server = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).build().start();
    }

    @AfterAll
    static void stopHost() {
        server.close();
    }

    static HostUnderTest host() {
        return new HostUnderTest(URI.create("http://127.0.0.1:" + server.port()), URI.create("http://127.0.0.1:" + server.adminPort()), null);
    }

    @TestFactory
    Stream<DynamicTest> everyCase_passesAgainstThisHost() {
        CaseRunner runner = new CaseRunner(host());
        return CaseLoader.load(CASES).stream().map(testCase -> DynamicTest.dynamicTest(testCase.name(), () -> {
            CaseResult result = runner.run(testCase);
            assertTrue(result.passed(), result::detail);
        }));
    }

    @Test
    void keyValueCases_runAgainOnTheSameHost_passAgain() {
        CaseRunner runner = new CaseRunner(host());
        for (ConformanceCase testCase : CaseLoader.load(CASES)) {
            if (testCase.name().startsWith("kv-")) {
                for (int run = 1; run <= 2; run++) {
                    CaseResult result = runner.run(testCase);
                    int attempt = run;
                    assertTrue(result.passed(), () -> testCase.name() + " in run " + attempt + ": " + result.detail());
                }
            }
        }
    }
}
