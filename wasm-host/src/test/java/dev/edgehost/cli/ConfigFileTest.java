package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.FunctionLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An {@code edge-host.toml} read as serve's arguments and deploy's functions, and refused at the line that is wrong. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private Path write(String toml) throws IOException {
        return Files.writeString(dir.resolve("edge-host.toml"), toml);
    }

    private List<String> serveArguments(String toml) throws Exception {
        return ConfigFile.read(write(toml)).serveArguments(ServeCommand::commandLine, ServeCommand::check, Set.of("--config"));
    }

    private String refusal(String toml) throws IOException {
        Path file = write(toml);
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> {
            ConfigFile config = ConfigFile.read(file);
            config.serveArguments(ServeCommand::commandLine, ServeCommand::check, Set.of("--config"));
            config.functions();
        });
        return e.getMessage().substring(file.toString().length());
    }

    @Test
    void serveArguments_keysAreTheOptionsWithoutDashes() throws Exception {
        assertEquals(
                List.of("--port=9000", "--data-dir=/srv/edge", "--kv-timeout=100ms", "--no-samples", "--timeout-ms=2000", "--fuel=5000"),
                serveArguments("port = 9000\ndata-dir = \"/srv/edge\"\nkv-timeout = \"100ms\"\nsamples = false\n"
                        + "[limits]\ntimeout-ms = 2000\nfuel = 5000\n"));
    }

    @Test
    void serveArguments_fetchCacheKeys_areTheFetchCacheFlags() throws Exception {
        List<String> arguments = serveArguments("fetch-cache-bytes = 1048576\nfetch-cache-entry-bytes = 65536\n");
        ServeCommand parsed = ServeCommand.commandLine().parseArgs(arguments.toArray(String[]::new)).commandSpec().commandLine().getCommand();

        assertEquals(List.of("--fetch-cache-bytes=1048576", "--fetch-cache-entry-bytes=65536"), arguments);
        assertEquals(1048576, parsed.fetchCacheBytes);
        assertEquals(65536, parsed.fetchCacheEntryBytes);
    }

    @Test
    void serveArguments_flagTrueAndFalse_giveTheFlagAndItsNegation() throws Exception {
        assertEquals(List.of("--samples"), serveArguments("samples = true"));
        assertEquals(List.of("--no-samples"), serveArguments("no-samples = true"));
        assertEquals(List.of("--samples"), serveArguments("no-samples = false"));
    }

    @Test
    void serveArguments_aMapOptionTakesATable() throws Exception {
        assertEquals(List.of("--limit=fuel=7", "--limit=timeout-ms=9"), serveArguments("limit = { fuel = 7, timeout-ms = 9 }"));
    }

    @Test
    void read_notToml_isRefusedAtItsLine() throws IOException {
        assertTrue(refusal("port = 1\nadmin =\n").startsWith(":2:8: not TOML: Unexpected end of line, expected "));
    }

    @Test
    void read_missingFile_isRefused() {
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigFile.read(dir.resolve("none.toml")));
        assertTrue(e.getMessage().endsWith("none.toml: no such file"), e.getMessage());
    }

    @Test
    void serveArguments_unknownKey_isRefusedWithTheNearestSetting() throws IOException {
        assertEquals(":3:1: prot: no such setting; did you mean port?", refusal("# a comment\n\nprot = 8080\n"));
        assertEquals(":1:1: colour: no such setting", refusal("colour = \"blue\""));
    }

    @Test
    void serveArguments_badValue_isRefusedAtItsLineWithTheOptionsReason() throws IOException {
        assertEquals(":2:1: port: Invalid value for option '--port': 'eighty' is not an int", refusal("host = \"::\"\nport = \"eighty\"\n"));
        assertEquals(":1:1: samples: is true or false", refusal("samples = \"no\""));
        assertEquals(":1:1: port: takes one value, not an array", refusal("port = [1, 2]"));
        assertEquals(":1:1: queue: takes one value, not a table", refusal("queue = { a = 1 }"));
    }

    @Test
    void serveArguments_limitOutOfItsKeyspace_isRefusedInTheLimitsTable() throws IOException {
        assertEquals(":3:1: limits.fule: no such setting; did you mean fuel?", refusal("[limits]\nfuel = 1\nfule = 2\n"));
    }

    @Test
    void serveArguments_theFileCannotNameAnotherFile() throws IOException {
        assertEquals(":1:1: config: no such setting", refusal("config = \"other.toml\""));
    }

    @Test
    void functions_readNameModuleAndDeployOptions_pathsRelativeToTheFile() throws Exception {
        Files.createDirectories(dir.resolve("build"));
        Path module = Files.write(dir.resolve("build/hello.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        Path file = write("""
                [[functions]]
                name = "hello"
                module = "build/hello.wasm"
                fetch-allow = ["https://api.example.com", "https://*.example.org"]
                kv-store = "shared"
                config = { greeting = "hi", "redirect.FR" = "https://example.com/fr/" }
                limits = { fuel = 1000, timeout-ms = 500 }
                """);

        List<FunctionEntry> functions = ConfigFile.read(file).functions();

        assertEquals(1, functions.size());
        FunctionEntry hello = functions.get(0);
        assertEquals("hello", hello.name());
        assertEquals(module.toAbsolutePath(), hello.module());
        assertEquals("?fuel=1000&timeout-ms=500&config.greeting=hi&config.redirect.FR=https%3A%2F%2Fexample.com%2Ffr%2F"
                + "&fetch-allow=https%3A%2F%2Fapi.example.com&fetch-allow=https%3A%2F%2F*.example.org&kv-store=shared", hello.query());
        assertEquals(1000, hello.settings(FunctionLimits.defaults()).limits().fuel());
        assertEquals("hi", hello.settings(FunctionLimits.defaults()).config().get("greeting"));
        assertTrue(hello.where().endsWith("edge-host.toml:1:1: functions[0] (hello)"), hello.where());
    }

    @Test
    void functions_schedule_isRepeatableAndReachesTheQueryAndTheSettings() throws Exception {
        Files.write(dir.resolve("tick.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        Path file = write("""
                [[functions]]
                name = "tick"
                module = "tick.wasm"
                schedule = ["*/5 * * * *", "0 3 * * MON"]
                """);

        FunctionEntry tick = ConfigFile.read(file).functions().get(0);

        assertEquals("?schedule=*%2F5+*+*+*+*&schedule=0+3+*+*+MON", tick.query());
        assertEquals(List.of("*/5 * * * *", "0 3 * * MON"), tick.settings(FunctionLimits.defaults()).schedules());
    }

    @Test
    void functions_invalidSchedule_isRefusedAtItsLine() throws IOException {
        Files.write(dir.resolve("a.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});

        assertEquals(":4:1: functions[0] (a): schedule: invalid schedule \"* * *\": 3 fields; a cron expression has five,"
                        + " minute hour day-of-month month day-of-week (UTC)",
                refusal("[[functions]]\nname = \"a\"\nmodule = \"a.wasm\"\nschedule = \"* * *\"\n"));
    }

    @Test
    void functions_badEntries_areRefusedAtTheirLine() throws IOException {
        Files.write(dir.resolve("a.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        assertEquals(":1:1: functions[0]: name is missing", refusal("[[functions]]\nmodule = \"a.wasm\"\n"));
        assertEquals(":2:1: functions[0] (a): module: no such file: " + dir.resolve("b.wasm"),
                refusal("[[functions]]\nmodule = \"b.wasm\"\nname = \"a\"\n").replace("\n", ""));
        assertEquals(":4:1: functions[0] (a): schedul: no such setting; did you mean schedule?",
                refusal("[[functions]]\nname = \"a\"\nmodule = \"a.wasm\"\nschedul = \"* * * * *\"\n"));
        assertEquals(":4:12: functions[0] (a): limits.fuel: Invalid value for option '--fuel': 'lots' is not a long",
                refusal("[[functions]]\nname = \"a\"\nmodule = \"a.wasm\"\nlimits = { fuel = \"lots\" }\n"));
        assertEquals(":4:1: functions[0] (a): fuel: fuel must be between 1 and 1000000000000000: 0",
                refusal("[[functions]]\nname = \"a\"\nmodule = \"a.wasm\"\nfuel = 0\n"));
        assertEquals(":4:1: functions[1]: the name a is taken by functions[0]",
                refusal("[[functions]]\nname = \"a\"\nmodule = \"a.wasm\"\n[[functions]]\nname = \"a\"\nmodule = \"a.wasm\"\n"));
        assertEquals(":1:1: functions: is a list of tables, written [[functions]]", refusal("functions = \"a.wasm\""));
    }
}
