package dev.edgehost.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Fuel of JavaScript functions (ABI spec §8.1): a request is charged from the snapshot the deploy
 * made on, so it uses the same fuel pooled or fresh and on either engine, and the script's top
 * level is paid by the deploy, under its own budget.
 */
class JavaScriptFuelTest {
    private static final String WORK =
            "export default { fetch(request) {\n"
                    + "  const words = [];\n"
                    + "  for (let i = 0; i < 50; i++) words.push('w' + i);\n"
                    + "  return Response.json({ url: request.url, words: words.join(',') });\n"
                    + "} };\n";

    private static long fuel(EdgeHost host, String function) {
        return JavaScriptFunctionTest.get(host, "/" + function).fuelUsed();
    }

    @Test
    void fuel_pooledAndFreshInstances_isTheSame() {
        long pooled;
        long fresh;
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            host.deployScript("work", WORK, FunctionSettings.defaults());
            pooled = fuel(host, "work");
            assertEquals(pooled, fuel(host, "work"), "a pooled instance restored to the snapshot uses the same fuel again");
        }
        try (EdgeHost host = EdgeHost.builder().workers(1).pooling(false).build()) {
            host.deployScript("work", WORK, FunctionSettings.defaults());
            fresh = fuel(host, "work");
            assertEquals(fresh, fuel(host, "work"));
        }

        assertEquals(pooled, fresh);
    }

    @Test
    void fuel_compilerAndInterpreter_isTheSame() {
        FunctionSettings interpreted =
                FunctionSettings.builder()
                        .engine(Engine.INTERPRETER)
                        .limits(FunctionLimits.builder().timeout(Duration.ofMinutes(2)).build())
                        .build();
        long compiled;
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            host.deployScript("work", WORK, FunctionSettings.defaults());
            compiled = fuel(host, "work");
        }
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            host.deployScript("work", WORK, interpreted);

            // The same URL: the handler's work depends on its length.
            assertEquals(compiled, fuel(host, "work"));
        }
    }

    @Test
    void fuel_topLevelWork_isChargedToTheDeployNotToRequests() {
        String heavyTopLevel = "let sum = 0;\nfor (let i = 0; i < 2000; i++) sum += i % 7;\n" + WORK;
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            host.deployScript("light", WORK, FunctionSettings.defaults());
            host.deployScript("heavy", heavyTopLevel, FunctionSettings.defaults());

            long light = fuel(host, "light");
            long heavy = fuel(host, "heavy");

            // The top level's loop alone costs millions; a request pays none of it.
            assertTrue(Math.abs(heavy - light) < 20_000, () -> "light " + light + ", heavy " + heavy);
        }
    }

    @Test
    void fuel_requestBudgetBelowTheLoad_stillDeploys() {
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            host.deployScript(
                    "small-budget",
                    JavaScriptFunctionTest.HELLO,
                    FunctionSettings.builder().limits(FunctionLimits.builder().fuel(5_000_000).build()).build());

            assertEquals(200, JavaScriptFunctionTest.get(host, "/small-budget").status());
        }
    }

    @Test
    void deployScript_topLevelNeverEnds_isRefusedAtTheDeployBudget() {
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            EdgeException failure =
                    assertThrows(
                            EdgeException.class,
                            () -> host.deployScript("endless", "for (;;) {}\n" + JavaScriptFunctionTest.HELLO, FunctionSettings.defaults()));

            assertEquals("invalid_script", failure.error().code());
            assertTrue(failure.getMessage().contains("deploy budget") || failure.getMessage().contains("deploy deadline"), failure.getMessage());
            assertTrue(host.function("endless").isEmpty());
        }
    }

    @Test
    void loadBudget_isAtLeastTheFloorAndAtMostTheFunctionsOwnWhenLarger() {
        FunctionLimits small = FunctionLimits.builder().fuel(1000).timeout(Duration.ofMillis(5)).build();
        FunctionLimits large = FunctionLimits.builder().fuel(5_000_000_000L).timeout(Duration.ofSeconds(30)).build();

        assertEquals(ScriptFunctions.MIN_LOAD_FUEL, ScriptFunctions.loadBudget(small).fuel());
        assertEquals(ScriptFunctions.MIN_LOAD_TIMEOUT, ScriptFunctions.loadBudget(small).timeout());
        assertEquals(5_000_000_000L, ScriptFunctions.loadBudget(large).fuel());
        assertEquals(Duration.ofSeconds(30), ScriptFunctions.loadBudget(large).timeout());
    }
}
