package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.server.EdgeServer;
import dev.edgehost.testing.TestGuests;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kv get|put|delete|list} against a real running host, in the namespace the guest uses. */
class KvCommandTest {
    private EdgeServer server;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() {
        server = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).adminToken("t0ken").build().start();
        server.host().deploy("counter", TestGuests.sample("kv-counter"), FunctionSettings.defaults());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Runs a command against the test's host. */
    private int run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--admin", "http://127.0.0.1:" + server.adminPort(), "--admin-token", "t0ken"}, 0, all, args.length, 4);
        return runBare(all);
    }

    private int runBare(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine commandLine = EdgeHostCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void putThenGet_roundTripsTheValue() {
        assertEquals(0, run("kv", "put", "counter", "greeting", "hello there"), err.toString());
        assertEquals("set greeting (11 B)", out.toString().strip());

        assertEquals(0, run("kv", "get", "counter", "greeting"), err.toString());
        assertEquals("hello there\n", out.toString());
    }

    @Test
    void put_valueTheGuestReads_isWhatTheGuestCountsFrom() {
        assertEquals(0, run("kv", "put", "counter", "visits", "41"), err.toString());

        EdgeResponse response = server.host().handle(EdgeRequest.builder("GET", URI.create("http://localhost/counter")).build());
        assertEquals("42", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void put_keyWithSpacesAndSlashes_isOneKey() {
        assertEquals(0, run("kv", "put", "counter", "a b/c?d", "v"), err.toString());

        assertEquals(0, run("kv", "list", "counter", "--json"), err.toString());
        assertTrue(out.toString().contains("\"a b/c?d\""), out.toString());
        assertEquals(0, run("kv", "get", "counter", "a b/c?d"), err.toString());
        assertEquals("v", out.toString().strip());
    }

    @Test
    void putFromFile_getToFile_keepsTheBytes(@TempDir Path dir) throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xFF, '\n', 'x'};
        Path in = Files.write(dir.resolve("in.bin"), bytes);
        Path outFile = dir.resolve("out.bin");

        assertEquals(0, run("kv", "put", "counter", "blob", "--file", in.toString()), err.toString());
        assertEquals(0, run("kv", "get", "counter", "blob", "-o", outFile.toString()), err.toString());

        assertArrayEquals(bytes, Files.readAllBytes(outFile));
    }

    @Test
    void put_valueAndFile_isAUsageError(@TempDir Path dir) throws Exception {
        Path in = Files.writeString(dir.resolve("in.txt"), "x");

        assertEquals(2, run("kv", "put", "counter", "k", "v", "--file", in.toString()));
        assertTrue(err.toString().contains("not both"), err.toString());
    }

    @Test
    void put_ttl_expiresTheValue() throws Exception {
        assertEquals(0, run("kv", "put", "counter", "short", "lived", "--ttl", "1"), err.toString());
        assertEquals("set short (5 B, expires in 1 s)", out.toString().strip());

        Thread.sleep(2_100);

        assertEquals(1, run("kv", "get", "counter", "short"));
        assertEquals("error: the admin API answered 404 not_found: no such key", err.toString().strip());
    }

    @Test
    void list_printsATableOfKeysSizesAndValues() {
        run("kv", "put", "counter", "b-key", "second");
        run("kv", "put", "counter", "a-key", "line one\nline two");

        assertEquals(0, run("kv", "list", "counter"), err.toString());

        String[] lines = out.toString().split("\n");
        assertEquals(3, lines.length, out.toString());
        assertTrue(lines[0].matches("KEY +SIZE +VALUE"), lines[0]);
        assertTrue(lines[1].matches("a-key +17 B +line one\\.line two"), lines[1]);
        assertTrue(lines[2].matches("b-key +6 B +second"), lines[2]);
    }

    @Test
    void list_prefixAndLimit_pageThroughTheKeys() throws Exception {
        for (String key : new String[] {"user:1", "user:2", "user:3", "other"}) {
            run("kv", "put", "counter", key, "v");
        }

        assertEquals(0, run("kv", "list", "counter", "--prefix", "user:", "--limit", "2", "--json"), err.toString());
        JsonNode page = new ObjectMapper().readTree(out.toString());
        assertEquals("[\"user:1\",\"user:2\"]", page.path("keys").toString());
        assertEquals("user:2", page.path("next").asText());

        assertEquals(0, run("kv", "list", "counter", "--prefix", "user:", "--limit", "2"), err.toString());
        assertTrue(out.toString().contains("more keys: kv list counter --after user:2"), out.toString());
        assertEquals(0, run("kv", "list", "counter", "--prefix", "user:", "--after", "user:2"), err.toString());
        assertTrue(out.toString().contains("user:3") && !out.toString().contains("user:1"), out.toString());
    }

    @Test
    void list_empty_saysSo() {
        assertEquals(0, run("kv", "list", "counter"), err.toString());

        assertEquals("no keys", out.toString().strip());
    }

    @Test
    void delete_removesTheKey_andAgainIsNotFound() {
        run("kv", "put", "counter", "k", "v");

        assertEquals(0, run("kv", "delete", "counter", "k"), err.toString());
        assertEquals("deleted k", out.toString().strip());
        assertEquals(1, run("kv", "delete", "counter", "k"));
        assertEquals("error: the admin API answered 404 not_found: no such key", err.toString().strip());
    }

    @Test
    void unknownFunction_isNamedInTheError() {
        assertEquals(1, run("kv", "list", "ghost"));

        assertEquals("error: the admin API answered 404 not_found: no function named \"ghost\"", err.toString().strip());
    }

    @Test
    void list_limitOutOfRange_showsTheHostsReason() {
        assertEquals(1, run("kv", "list", "counter", "--limit", "5000"));

        assertEquals("error: the admin API answered 400 bad_request: limit must be between 1 and 1000", err.toString().strip());
    }

    @Test
    void kv_withoutSubcommand_isAUsageError() {
        assertEquals(2, runBare("kv"));
        assertTrue(err.toString().contains("Missing required subcommand"), err.toString());
    }

    @Test
    void put_fromStandardInput_readsItAll() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("piped value".getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, run("kv", "put", "counter", "piped"), err.toString());
        } finally {
            System.setIn(stdin);
        }

        assertEquals(0, run("kv", "get", "counter", "piped"), err.toString());
        assertEquals("piped value", out.toString().strip());
    }
}
