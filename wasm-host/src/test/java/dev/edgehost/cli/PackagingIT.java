package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * The container image and the systemd unit of {@code packaging/}, checked without a container
 * engine: the Dockerfile's layout (a non-root user, the data dir a volume, the config's ports
 * exposed, every copied file built), and its entrypoint and health check run as the image would
 * run them, with the image's paths mapped to the files it copies.
 */
class PackagingIT {
    private static final Path ROOT = Path.of("..");
    private static final Path DOCKERFILE = ROOT.resolve("packaging/container/Dockerfile");
    private static final Path UNIT = ROOT.resolve("packaging/systemd/edge-host.service");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String[]> instructions;
    private static TomlParseResult config;

    @BeforeAll
    static void readDockerfile() throws IOException {
        instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String instruction = pending.toString().strip();
            pending.setLength(0);
            int space = instruction.indexOf(' ');
            instructions.add(new String[] {instruction.substring(0, space), instruction.substring(space + 1).strip()});
        }
        config = Toml.parse(copiedFrom("/etc/edge-host/edge-host.toml"));
        assertFalse(config.hasErrors(), () -> config.errors().toString());
    }

    private static List<String> all(String keyword) {
        return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).toList();
    }

    private static String only(String keyword) {
        List<String> found = all(keyword);
        assertEquals(1, found.size(), keyword + " once in " + DOCKERFILE);
        return found.get(0);
    }

    private static List<String> jsonArray(String text) throws IOException {
        return Arrays.asList(JSON.readValue(text, String[].class));
    }

    /** The image's paths and the repository's files COPY puts there. */
    private static Map<String, Path> copies() {
        Map<String, Path> copies = new LinkedHashMap<>();
        for (String copy : all("COPY")) {
            String[] parts = copy.split("\\s+");
            assertEquals(2, parts.length, "COPY SOURCE DESTINATION: " + copy);
            copies.put(parts[1], ROOT.resolve(parts[0]));
        }
        return copies;
    }

    private static Path copiedFrom(String imagePath) {
        Path source = copies().get(imagePath);
        assertTrue(source != null, "the image has " + imagePath);
        return source;
    }

    @Test
    void image_runsAsAnotherUserThanRoot_withTheDataDirAVolume_andTheConfigsPortsExposed() throws IOException {
        String user = only("USER").split(":")[0];
        assertTrue(user.matches("[0-9]+"), "a numeric user, which a runtime can check is not root without the image's passwd");
        assertNotEquals(0, Integer.parseInt(user));
        assertEquals(List.of(config.getString("data-dir")), jsonArray(only("VOLUME")));
        Set<Long> exposed = new TreeSet<>();
        Arrays.stream(only("EXPOSE").split("\\s+")).map(Long::valueOf).forEach(exposed::add);
        assertEquals(new TreeSet<>(List.of(config.getLong("port"), config.getLong("admin-port"), config.getLong("ops-port"))), exposed);
        for (Map.Entry<String, Path> copy : copies().entrySet()) {
            assertTrue(Files.isRegularFile(copy.getValue()), copy.getValue() + " is built before the image, for " + copy.getKey());
        }
    }

    @Test
    void image_entrypoint_servesAndPassesItsHealthCheck_andRefusesToStartWithoutAToken(@TempDir Path workDir) throws Exception {
        int port = freePort();
        int adminPort = freePort();
        int opsPort = freePort();
        List<String> command = new ArrayList<>();
        for (String word : containerCommand()) {
            command.add(copies().containsKey(word) ? copies().get(word).toAbsolutePath().toString() : word);
        }
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The command line wins over the image's config: free ports and a data dir of the test's.
        command.addAll(List.of("--port", String.valueOf(port), "--admin-port", String.valueOf(adminPort), "--ops-port",
                String.valueOf(opsPort), "--data-dir", workDir.resolve("data").toString()));

        Process refused = start(command, workDir, Map.of());
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, refused.exitValue());
        assertTrue(output(refused).contains("beyond loopback: give it a token"), output(refused));

        Process host = start(command, workDir, Map.of("EDGE_ADMIN_TOKEN", "container-token"));
        try {
            List<String> healthCheck = healthCheck(opsPort);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int status;
            do {
                assertTrue(host.isAlive(), () -> "the host exited: " + output(host));
                Process check = new ProcessBuilder(healthCheck).redirectErrorStream(true).start();
                assertTrue(check.waitFor(10, TimeUnit.SECONDS));
                status = check.exitValue();
                if (status != 0) {
                    Thread.sleep(200);
                }
            } while (status != 0 && System.nanoTime() < deadline);
            assertEquals(0, status, "the health check passes once the host is up");
        } finally {
            host.destroy();
            assertTrue(host.waitFor(30, TimeUnit.SECONDS));
        }
        List<String> lines = output(host).lines().toList();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), "log-format json: every line one JSON object: " + line);
        }
    }

    @Test
    void systemdUnit_verifies() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed: the unit is not verified");
        Process verify = new ProcessBuilder(analyze.toString(), "verify", UNIT.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), output);
        assertEquals("", output.strip());
    }

    /** ENTRYPOINT then CMD, as the image runs them when no command is given. */
    private static List<String> containerCommand() throws IOException {
        List<String> command = new ArrayList<>(jsonArray(only("ENTRYPOINT")));
        command.addAll(jsonArray(only("CMD")));
        return command;
    }

    /** The HEALTHCHECK's command, against the ops port the test gave the host. */
    private static List<String> healthCheck(int opsPort) throws IOException {
        String check = only("HEALTHCHECK");
        int cmd = check.indexOf("CMD [");
        assertTrue(cmd >= 0, "HEALTHCHECK ... CMD [...] in exec form: " + check);
        String configured = ":" + config.getLong("ops-port");
        List<String> command = new ArrayList<>();
        for (String word : jsonArray(check.substring(cmd + 4))) {
            command.add(word.replace("/" + config.getLong("ops-port"), "/" + opsPort).replace(configured, ":" + opsPort));
        }
        return command;
    }

    private final Map<Process, Path> logs = new LinkedHashMap<>();

    private Process start(List<String> command, Path workDir, Map<String, String> environment) throws IOException {
        Path log = workDir.resolve("process-" + logs.size() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("EDGE_ADMIN_TOKEN");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        logs.put(process, log);
        return process;
    }

    /** What the process printed so far. */
    private String output(Process process) {
        try {
            return Files.readString(logs.get(process), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the process's log is gone", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
