package dev.edgehost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.server.EdgeServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import picocli.CommandLine;

/**
 * {@code new LANG NAME} for every language: the project is generated, built with its own
 * {@code build.sh} where the toolchain is present (skipped, saying so, where it is not), deployed
 * as it is to a real host with {@code deploy}, and its own Java test runs against the build.
 */
class NewCommandTest {
    /** build.sh's exit status when its toolchain is missing. */
    private static final int NO_TOOLCHAIN = 3;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = EdgeHostCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @ParameterizedTest
    @EnumSource(NewCommand.Language.class)
    void new_buildsDeploysAnswersAndPassesItsOwnTest(NewCommand.Language language, @TempDir Path dir) throws Exception {
        String name = "hello-" + language.name();
        assertEquals(0, run("new", language.name(), name, "--dir", dir.toString()), err.toString());
        Path project = dir.resolve(name);
        assertTrue(out.toString().startsWith("created " + project + " (" + language.title + "): "), out.toString());
        assertTrue(Files.getPosixFilePermissions(project.resolve("build.sh")).contains(PosixFilePermission.OWNER_EXECUTE));
        assertTrue(Files.isRegularFile(project.resolve("pom.xml")));
        assertTrue(Files.isRegularFile(project.resolve(".gitignore")));
        String className = NewCommand.className(name);
        Path test = project.resolve("src/test/java/example/" + className + "Test.java");
        assertTrue(Files.isRegularFile(test), "a test: " + test);
        assertFalse(Files.readString(project.resolve("pom.xml")).contains("${edgeVersion}"), "versions are filled in");

        Process build = new ProcessBuilder("bash", "build.sh").directory(project.toFile()).redirectErrorStream(true).start();
        assertTrue(build.waitFor(10, TimeUnit.MINUTES), "build.sh did not finish");
        String built = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeFalse(build.exitValue() == NO_TOOLCHAIN, () -> "no toolchain for " + language + ", skipped: " + built);
        assertEquals(0, build.exitValue(), built);
        Path module = project.resolve(language.artifact(name));
        byte[] wasm = Files.readAllBytes(module);
        System.out.println(language + ": " + module.getFileName() + " is " + wasm.length + " bytes");
        if (language != NewCommand.Language.javascript) {
            assertTrue(hasNameSection(wasm), "the build keeps the name section, so traps name their functions");
        }

        try (EdgeServer server = EdgeServer.builder().host("127.0.0.1").port(0).adminPort(0).build().start()) {
            out.getBuffer().setLength(0);
            assertEquals(0, run("deploy", name, module.toString(), "--admin", "http://127.0.0.1:" + server.adminPort()), err.toString());
            HttpResponse<String> answer =
                    HttpClient.newHttpClient().send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/" + name + "/hello?x=1")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            String expected = language == NewCommand.Language.wat
                    ? "Hello from " + name + "\n"
                    : "{\"greeting\":\"Hello from " + name + "\",\"path\":\"/" + name + "/hello\"}";
            assertEquals(expected, answer.body());
        }

        TestExecutionSummary summary = runProjectTest(test, "example." + className + "Test", module, dir.resolve("classes"));
        assertEquals(2, summary.getTestsFoundCount(), "the project's tests");
        assertEquals(0, summary.getTotalFailureCount(), () -> summary.getFailures().stream()
                .map(failure -> failure.getTestIdentifier().getDisplayName() + ": " + failure.getException())
                .collect(Collectors.joining("\n")));
    }

    /** Compiles the project's test against the kit on this test's class path and runs it, as {@code mvn test} would. */
    private static TestExecutionSummary runProjectTest(Path source, String className, Path module, Path classes) throws Exception {
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                        List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString()), null,
                        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile()))
                .call();
        assertTrue(compiled, diagnostics.toString());
        String previous = System.setProperty("edge.module", module.toString());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, NewCommandTest.class.getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(loader.loadClass(className)))
                    .build();
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(request, listener);
            return listener.getSummary();
        } finally {
            Thread.currentThread().setContextClassLoader(context);
            if (previous == null) {
                System.clearProperty("edge.module");
            } else {
                System.setProperty("edge.module", previous);
            }
        }
    }

    /** Whether the module has a custom section called {@code name}. */
    static boolean hasNameSection(byte[] wasm) {
        int at = 8;
        while (at < wasm.length) {
            int id = wasm[at++] & 0xFF;
            long size = 0;
            int shift = 0;
            int b;
            do {
                b = wasm[at++] & 0xFF;
                size |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            int end = at + (int) size;
            if (id == 0) {
                int nameLength = wasm[at] & 0x7F;
                if (nameLength == 4 && new String(wasm, at + 1, 4, StandardCharsets.UTF_8).equals("name")) {
                    return true;
                }
            }
            at = end;
        }
        return false;
    }

    @Test
    void new_listsTheFilesAndTheNextSteps(@TempDir Path dir) throws IOException {
        assertEquals(0, run("new", "c", "shop", "--dir", dir.toString()), err.toString());

        assertTrue(out.toString().contains(".gitignore, README.md, build.sh, pom.xml, sdk/, shop.c, src/"), out.toString());
        assertTrue(out.toString().contains("edge-host dev shop.wasm"), out.toString());
        try (Stream<Path> sdk = Files.list(dir.resolve("shop/sdk"))) {
            assertEquals(List.of("edge.c", "edge.h"), sdk.map(path -> path.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
        assertEquals(Files.readString(Path.of("../guest-sdk-samples/c/sdk/edge.h")), Files.readString(dir.resolve("shop/sdk/edge.h")),
                "the SDK is the bundled one");
    }

    @Test
    void new_rust_vendorsTheSdkCrateAndSizeOptimises(@TempDir Path dir) throws IOException {
        assertEquals(0, run("new", "rust", "api-proxy", "--dir", dir.toString()), err.toString());

        String manifest = Files.readString(dir.resolve("api-proxy/Cargo.toml"));
        assertTrue(manifest.contains("edge-sdk = { path = \"sdk\" }"), manifest);
        assertTrue(manifest.contains("opt-level = \"s\"") && manifest.contains("lto = true") && manifest.contains("panic = \"abort\"")
                && manifest.contains("strip = \"debuginfo\""), manifest);
        assertTrue(Files.isRegularFile(dir.resolve("api-proxy/sdk/src/lib.rs")));
        assertTrue(Files.readString(dir.resolve("api-proxy/build.sh")).contains("release/api_proxy.wasm api-proxy.wasm"));
    }

    @Test
    void new_assemblyscript_pinsTheCompilerOfTheSdk(@TempDir Path dir) throws IOException {
        assertEquals(0, run("new", "assemblyscript", "flags", "--dir", dir.toString()), err.toString());

        String lock = Files.readString(dir.resolve("flags/package-lock.json"));
        String samplesLock = Files.readString(Path.of("../guest-sdk-samples/assemblyscript/package-lock.json"));
        String pinned = samplesLock.substring(samplesLock.indexOf("\"node_modules/assemblyscript\""));
        pinned = pinned.substring(0, pinned.indexOf("}"));
        assertTrue(lock.replaceAll("\\s", "").contains(pinned.replaceAll("\\s", "")), "the compiler of the samples' lock: " + lock);
        assertTrue(lock.contains("\"name\" : \"flags\""), lock);
        assertTrue(Files.readString(dir.resolve("flags/package.json")).contains("\"assemblyscript\" : \"0.28.20\""));
    }

    @Test
    void new_existingDirectory_isRefused(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("taken"));
        Files.writeString(dir.resolve("taken/file"), "mine");

        assertEquals(1, run("new", "wat", "taken", "--dir", dir.toString()));

        assertTrue(err.toString().contains("exists already"), err.toString());
        assertEquals("mine", Files.readString(dir.resolve("taken/file")));
    }

    @Test
    void new_invalidNameOrLanguage_isAUsageError(@TempDir Path dir) {
        assertEquals(2, run("new", "c", "Not A Name", "--dir", dir.toString()));
        assertTrue(err.toString().contains("invalid function name"), err.toString());

        assertEquals(2, run("new", "cobol", "fn", "--dir", dir.toString()));
        assertTrue(err.toString().contains("c, rust, assemblyscript, wat"), err.toString());
    }

    @Test
    void className_isTheNameInCamelCase() {
        assertEquals("HelloWorld", NewCommand.className("hello-world"));
        assertEquals("ApiProxyV2", NewCommand.className("api_proxy-v2"));
        assertEquals("F2fa", NewCommand.className("2fa"));
    }

    /** Every template file names only placeholders the command fills in. */
    @Test
    void templates_useOnlyKnownPlaceholders() {
        List<String> unknown = new ArrayList<>();
        for (String file : BundledFiles.list("templates")) {
            if (file.startsWith("sdk/") || file.equals("versions.properties")) {
                continue;
            }
            String text = new String(BundledFiles.read("templates/" + file), StandardCharsets.UTF_8);
            Matcher token = Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(text);
            while (token.find()) {
                if (!List.of("name", "crate", "Class", "nameLength", "lang", "language", "artifact", "build", "reference", "edgeVersion",
                        "junitVersion", "slf4jVersion").contains(token.group(1))) {
                    unknown.add(file + ": " + token.group());
                }
            }
        }
        assertEquals(List.of(), unknown);
    }
}
