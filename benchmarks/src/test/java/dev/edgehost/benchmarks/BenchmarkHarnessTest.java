package dev.edgehost.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.Engine;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.execution.InvocationStats;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.instances.RuntimeOptions;
import dev.edgehost.host.kv.MvStoreKvBackend;
import dev.edgehost.host.registry.Deployment;
import dev.edgehost.host.registry.EdgeRuntime;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A quick check that the benchmarks run at all; they are measured only by their documented commands. */
class BenchmarkHarnessTest {

    @Test
    void instantiate_everyVariantOfASmallGuest_returnsAnInstance() {
        for (String variant : List.of("host", "fresh", "plain", "floor")) {
            InstantiationBenchmark benchmark = new InstantiationBenchmark();
            benchmark.guest = "16p-init";
            benchmark.engine = "compiler";
            benchmark.variant = variant;
            benchmark.setUp();
            try {
                benchmark.dirty();
                assertNotNull(benchmark.instantiate(), variant);
            } finally {
                benchmark.tearDown();
            }
        }
    }

    @Test
    void kv_everyOperationOnTheEmbeddedStore_runsThroughTheGuestAndDirectly() throws Exception {
        for (String operation : List.of("get", "set", "incr")) {
            KvBenchmark benchmark = new KvBenchmark();
            benchmark.backend = "embedded";
            benchmark.operation = operation;
            benchmark.setUp();
            try {
                assertEquals("bench", new String(benchmark.throughGuest(), StandardCharsets.US_ASCII), operation);
                benchmark.direct();
            } finally {
                benchmark.tearDown();
            }
        }
    }

    @Test
    void fetch_throughTheGuest_answersTheOriginsBody() throws Exception {
        FetchBenchmark benchmark = new FetchBenchmark();
        benchmark.setUp();
        try {
            assertArrayEquals(FetchBenchmark.ORIGIN_BODY, benchmark.throughGuest());
            assertArrayEquals(FetchBenchmark.ORIGIN_BODY, benchmark.direct());
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void fetchCache_hitAndMiss_readTheOriginsBody() {
        FetchCacheBenchmark benchmark = new FetchCacheBenchmark();
        benchmark.setUp();
        try {
            assertEquals(FetchBenchmark.ORIGIN_BODY.length, benchmark.hit());
            assertEquals(FetchBenchmark.ORIGIN_BODY.length, benchmark.miss());
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void render_cGuest_answersItsPage() {
        try (EdgeRuntime runtime = new EdgeRuntime(null, 1 << 24, MvStoreKvBackend.inMemory(), new FetchClients(), RuntimeOptions.defaults())) {
            Deployment deployment =
                    runtime.deploy("render", UploadBenchmark.read("/guests/c/render.wasm"),
                                    FunctionSettings.builder().engine(Engine.COMPILER).build(), false)
                            .deployment();
            GuestRequest request =
                    new GuestRequest("GET", "http://localhost/render/page/7?b=x&a=1.5", List.of(), new byte[0]);
            for (int i = 0; i < 2; i++) {
                GuestResponse response = runtime.invoke(deployment, request, "test", (level, message) -> { }, new InvocationStats());
                String page = new String(response.body(), StandardCharsets.UTF_8);
                assertEquals(200, response.status());
                assertTrue(page.contains("<p>route: name page, number 7</p>"), page);
                assertTrue(page.contains("<li>a = 1.5 (1.5)</li>\n<li>b = x</li>"), page);
                assertTrue(page.contains("sha-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), page);
            }
        }
    }

    @Test
    void javaScript_shortRun_measuresEveryNumber() throws Exception {
        ObjectNode result = JavaScriptReport.measure(JavaScriptReport.Settings.of(1, 1));

        assertTrue(result.path("fuel").path("js").asLong() > result.path("fuel").path("wat").asLong(), result::toString);
        assertTrue(result.path("serial").path("jsRequestsPerSecond").asDouble() > 0, result::toString);
        assertTrue(result.path("threads16").path("watRequestsPerSecond").asDouble() > 0, result::toString);
        assertTrue(result.path("firstLine").path("jsP50Millis").asDouble() > 0, result::toString);
        assertEquals(0, result.path("deploy").path("moduleCompilations").asLong(), "a script's deploy compiles nothing");
    }

    @Test
    void peers_everyGuest_runsPlainAndOnTheHostsPathAlike() throws Exception {
        for (PeerReport.Guest guest : PeerReport.guests()) {
            PeerReport.Guest small = new PeerReport.Guest(guest.name(), guest.wasm(), guest.name().equals("fib") ? 20 : 10, guest.realCode());

            double[] measured = PeerReport.plainAndHost(small, 0, 1);

            assertTrue(measured[0] > 0 && measured[1] > 0, guest.name());
            if (NodeHello.available()) {
                assertTrue(PeerReport.v8(small, 0, 1) > 0, guest.name());
            }
        }
    }

    @Test
    void render_chart_drawsOneBarPerValueAndTheTarget() {
        String svg =
                new SvgChart("title", "subtitle", List.of("a", "b"))
                        .render(List.of(new SvgChart.Row("row", new double[] {1, 2}, 1.5)), "x");

        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>\n"));
        assertEquals(2 + 2, svg.split("<rect x=", -1).length - 1, "two legend boxes and two bars");
        assertTrue(svg.contains("stroke=\"#d00\""));
    }
}
