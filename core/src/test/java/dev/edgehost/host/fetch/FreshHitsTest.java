package dev.edgehost.host.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.FetchResponse;
import dev.edgehost.testing.TestOrigin;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fast path of fresh hits ({@link FreshHits}) against a real loopback origin: what it serves is
 * what the cache module serves, counted the same, and everything it does not judge itself takes
 * the full path.
 */
class FreshHitsTest {
    private static final FunctionLimits LIMITS = FunctionLimits.defaults();

    private TestOrigin origin;
    private final FetchClients clients = new FetchClients(FetchCache.defaults());

    @BeforeEach
    void startOrigin() {
        origin = TestOrigin.start();
    }

    @AfterEach
    void stop() {
        origin.close();
        clients.close();
    }

    private FunctionFetch fetch() {
        return new FunctionFetch(
                clients,
                OriginAllowList.parse(List.of(origin.origin())),
                LIMITS,
                "request-1",
                TraceParent.continueOrStart(null),
                System.nanoTime() + Duration.ofMinutes(1).toNanos(),
                "f",
                (level, message) -> { },
                true);
    }

    /** Fetches served by the function's fast path so far. */
    private long served() {
        return clients.function("f", LIMITS.fetchConnectTimeout(), true, LIMITS.fetchMaxResponseBytes()).freshHitsServed();
    }

    private Fetched get(String path, String headerLines) {
        FunctionFetch fetch = fetch();
        FetchResponse response = fetch.response(fetch.fetch("GET", origin.origin() + path, headerLines, new byte[0]));
        return read(response, fetch);
    }

    private static Fetched read(FetchResponse response, FunctionFetch fetch) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 << 10];
        for (int read = response.readBody(buffer, 0, buffer.length); read > 0; read = response.readBody(buffer, 0, buffer.length)) {
            body.write(buffer, 0, read);
        }
        return new Fetched(response.status(), response.header(CacheResult.HEADER), response.headerLines(), body.toString(StandardCharsets.UTF_8), fetch);
    }

    private record Fetched(int status, String cache, String headerLines, String body, FunctionFetch fetch) {
        /** The header lines but for {@code age}, which turns a second older between two fetches now and then. */
        Set<String> linesButAge() {
            return Arrays.stream(headerLines.split("\r?\n")).filter(line -> !line.toLowerCase(Locale.ROOT).startsWith("age:")).collect(Collectors.toSet());
        }
    }

    private long originRequests(String path) {
        return origin.received().stream().filter(received -> received.path().equals(path)).count();
    }

    /** Answers a body counting the origin's requests, with the headers given, dated now. */
    private static HttpHandler counting(String... headers) {
        AtomicInteger count = new AtomicInteger();
        return exchange -> {
            exchange.getResponseHeaders().put(new HttpString("date"), DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
            TestOrigin.answer(200, "answer " + count.incrementAndGet(), headers).handleRequest(exchange);
        };
    }

    @Test
    void get_freshEntry_isServedOnTheFastPathAndCountedAsAHit() {
        origin.route("/jwks", counting("cache-control", "max-age=300"));

        Fetched first = get("/jwks", "");
        Fetched second = get("/jwks", "");

        assertEquals("miss", first.cache());
        assertEquals("hit", second.cache());
        assertEquals("answer 1", second.body());
        assertEquals(1, served());
        assertEquals(1, second.fetch().cacheResults(CacheResult.HIT));
        assertEquals(1, second.fetch().cacheCounts().hits());
        assertEquals(1, originRequests("/jwks"));
    }

    @Test
    void get_fastPathHit_isTheResponseTheCacheModuleServes() {
        origin.route("/same", counting("cache-control", "max-age=300", "content-type", "application/json", "etag", "\"e1\"", "x-extra", "kept"));
        get("/same", "");

        // A request max-age the entry meets: the module serves the hit itself.
        Fetched module = get("/same", "cache-control: max-age=3600");
        assertEquals(0, served());
        Fetched fast = get("/same", "");
        assertEquals(1, served());

        assertEquals("hit", module.cache());
        assertEquals("hit", fast.cache());
        assertEquals(module.status(), fast.status());
        assertEquals(module.body(), fast.body());
        assertEquals(module.linesButAge(), fast.linesButAge());
    }

    @Test
    void get_originAge_isCarriedIntoTheFastPathsAgeAsTheModuleDoes() {
        origin.route("/aged", counting("cache-control", "max-age=300", "age", "100"));
        get("/aged", "");

        Fetched module = get("/aged", "cache-control: max-age=3600");
        Fetched fast = get("/aged", "");

        assertEquals(1, served());
        String fastAge = fast.fetch().response(1).header("age");
        String moduleAge = module.fetch().response(1).header("age");
        assertTrue(Set.of("100", "101").contains(fastAge), fastAge);
        assertTrue(Set.of("100", "101").contains(moduleAge), moduleAge);
    }

    @Test
    void get_largeBody_isIdenticalOnTheFastPath() {
        StringBuilder large = new StringBuilder();
        for (int i = 0; large.length() < 300_000; i++) {
            large.append(i).append(',');
        }
        origin.route("/large", TestOrigin.answer(200, large.toString(), "cache-control", "max-age=300"));

        Fetched first = get("/large", "");
        FunctionFetch fetch = fetch();
        Fetched streamed = read(fetch.response(fetch.start("GET", origin.origin() + "/large", "", new byte[0])), fetch);

        assertEquals(1, served());
        assertEquals("hit", streamed.cache());
        assertEquals(large.toString(), first.body());
        assertEquals(large.toString(), streamed.body());
        assertTrue(streamed.headerLines().contains("content-length: " + large.length()), streamed.headerLines());
    }

    @Test
    void get_varyMismatch_goesToTheOrigin() {
        origin.route("/v", exchange -> TestOrigin.answer(
                        200, "for " + exchange.getRequestHeaders().getFirst("accept"), "cache-control", "max-age=300", "vary", "accept")
                .handleRequest(exchange));

        get("/v", "accept: application/json");
        Fetched text = get("/v", "accept: text/plain");
        Fetched none = get("/v", "");
        assertEquals(0, served());
        Fetched jsonAgain = get("/v", "accept: application/json");

        assertEquals("miss", text.cache());
        assertEquals("for text/plain", text.body());
        assertEquals("miss", none.cache());
        assertEquals("hit", jsonAgain.cache());
        assertEquals("for application/json", jsonAgain.body());
        assertEquals(1, served());
        assertEquals(3, originRequests("/v"));
    }

    @Test
    void get_varyStar_isNeverServedOnTheFastPath() {
        origin.route("/star", counting("cache-control", "max-age=300", "vary", "*"));

        get("/star", "");
        get("/star", "");

        assertEquals(0, served());
    }

    @Test
    void get_staleEntry_goesThroughRevalidation() throws InterruptedException {
        origin.route("/stale", exchange -> {
            exchange.getResponseHeaders().put(new HttpString("date"), DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
            exchange.getResponseHeaders().put(new HttpString("cache-control"), "max-age=1");
            exchange.getResponseHeaders().put(new HttpString("etag"), "\"s1\"");
            if ("\"s1\"".equals(exchange.getRequestHeaders().getFirst("if-none-match"))) {
                exchange.setStatusCode(304);
                return;
            }
            TestOrigin.send(exchange, 200, "body s1");
        });

        get("/stale", "");
        Thread.sleep(2100);
        Fetched revalidated = get("/stale", "");

        assertEquals("revalidated", revalidated.cache());
        assertEquals("body s1", revalidated.body());
        assertEquals("\"s1\"", origin.received().get(1).header("if-none-match"));
        assertEquals(0, served());
    }

    @Test
    void get_staleWhileRevalidate_fallsBackToTheFullPath() throws InterruptedException {
        origin.route("/swr", counting("cache-control", "max-age=1, stale-while-revalidate=600"));

        get("/swr", "");
        assertEquals("hit", get("/swr", "").cache());
        assertEquals(1, served());
        Thread.sleep(2100);
        Fetched stale = get("/swr", "");

        assertEquals("stale", stale.cache());
        assertEquals("answer 1", stale.body());
        assertEquals(1, served());
    }

    @Test
    void get_responseNoCacheWithFields_isLeftToTheModule() {
        origin.route("/ncf", counting("cache-control", "max-age=300, no-cache=\"set-cookie\""));

        get("/ncf", "");
        Fetched second = get("/ncf", "");

        assertEquals("hit", second.cache());
        assertEquals(0, served());
    }

    @Test
    void get_requestsAskingForMore_takeTheFullPath() {
        origin.route("/more", counting("cache-control", "public, max-age=300"));
        get("/more", "");

        Fetched noCache = get("/more", "cache-control: no-cache");
        Fetched authorized = get("/more", "authorization: Bearer secret");
        Fetched conditional = get("/more", "if-none-match: \"nope\"");
        Fetched pragma = get("/more", "pragma: no-cache");

        assertEquals("bypass", noCache.cache());
        assertEquals("hit", authorized.cache());
        assertEquals(0, served());
        assertTrue(Set.of("hit", "miss", "revalidated").contains(conditional.cache()), conditional.cache());
        assertTrue(Set.of("hit", "miss", "bypass").contains(pragma.cache()), pragma.cache());
    }

    @Test
    void head_takesTheFullPath() {
        origin.route("/h", counting("cache-control", "max-age=300"));
        get("/h", "");

        FunctionFetch fetch = fetch();
        FetchResponse head = fetch.response(fetch.fetch("HEAD", origin.origin() + "/h", "", new byte[0]));

        assertEquals("hit", head.header(CacheResult.HEADER));
        assertEquals(0, served());
        assertEquals(1, originRequests("/h"));
    }

    @Test
    void get_functionWithTheCacheOff_neverTakesTheFastPath() {
        origin.route("/off", counting("cache-control", "max-age=300"));
        FunctionFetch off = new FunctionFetch(
                clients, OriginAllowList.parse(List.of(origin.origin())), LIMITS, "request-1", TraceParent.continueOrStart(null),
                System.nanoTime() + Duration.ofMinutes(1).toNanos(), "f", (level, message) -> { }, false);

        off.fetch("GET", origin.origin() + "/off", "", new byte[0]);
        int second = off.fetch("GET", origin.origin() + "/off", "", new byte[0]);

        assertEquals("bypass", off.response(second).header(CacheResult.HEADER));
        assertEquals(2, originRequests("/off"));
        assertEquals(0, clients.function("f", LIMITS.fetchConnectTimeout(), false, LIMITS.fetchMaxResponseBytes()).freshHitsServed());
    }
}
