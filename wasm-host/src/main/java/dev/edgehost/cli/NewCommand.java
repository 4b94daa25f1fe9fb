package dev.edgehost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code new LANG NAME}: a function project that builds with the language's toolchain, serves
 * with {@code dev} and tests with the edge-testing kit: the source, the SDK copied from the
 * bundled one, a build script, a {@code pom.xml} and a test, and a README.
 */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = {
            "Create a function project: the source, the SDK, a build script, a Java test with the edge-testing kit and a README.",
            "LANG is one of ${COMPLETION-CANDIDATES}."
        })
final class NewCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The languages there are templates for. */
    enum Language {
        c("C", "sdk/c/sdk", "sdk"),
        rust("Rust", "sdk/rust/sdk", "sdk"),
        assemblyscript("AssemblyScript", "sdk/assemblyscript/sdk", "sdk"),
        wat("WebAssembly text", "sdk/wat", ""),
        javascript("JavaScript", null, "");

        final String title;
        /** The SDK's folder below the templates, or {@code null}: a script's API is the engine's globals. */
        final String sdk;
        final String sdkTarget;

        Language(String title, String sdk, String sdkTarget) {
            this.title = title;
            this.sdk = sdk;
            this.sdkTarget = sdkTarget;
        }

        /** The file the project deploys: the module its build writes, or the script itself. */
        String artifact(String name) {
            return name + (this == javascript ? ".js" : ".wasm");
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LANG", description = "c, rust, assemblyscript, wat or javascript.")
    Language language;

    @Parameters(index = "1", paramLabel = "NAME", description = "The function's name: 1 to 63 of a-z, 0-9, '-' and '_', starting with a letter or digit.")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Create the project in DIR/NAME (default: the current directory).")
    Path parent;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!NAME.matcher(name).matches()) {
            err.println("error: invalid function name \"" + name + "\": 1 to 63 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
            return 2;
        }
        Path project = parent.resolve(name);
        if (Files.exists(project) && (!Files.isDirectory(project) || hasFiles(project))) {
            err.println("error: " + project + " exists already; choose another NAME or --dir");
            return 1;
        }
        Map<String, String> tokens = tokens();
        copyTemplate("templates/" + language.name(), project, tokens);
        copyTemplate("templates/common", project, tokens);
        copySdk(project);
        if (language == Language.assemblyscript) {
            writePackageFiles(project);
        }
        List<String> created;
        try (Stream<Path> entries = Files.list(project)) {
            created = entries.map(path -> path.getFileName().toString() + (Files.isDirectory(path) ? "/" : "")).sorted().toList();
        }
        out.println("created " + project + " (" + language.title + "): " + String.join(", ", created));
        String[][] steps = {
            {"cd " + project + " && ./build.sh", (language == Language.javascript ? "checks " : "builds ") + language.artifact(name)},
            {"edge-host dev " + language.artifact(name), "serves it at http://127.0.0.1:8080/" + name + ", redeploying each change"},
            {"mvn test", "its Java test, with the edge-testing kit"},
        };
        int width = 0;
        for (String[] step : steps) {
            width = Math.max(width, step[0].length());
        }
        out.println("next:");
        for (String[] step : steps) {
            out.println("  " + step[0] + " ".repeat(width - step[0].length() + 2) + "# " + step[1]);
        }
        return 0;
    }

    private Map<String, String> tokens() {
        Properties versions = new Properties();
        try {
            versions.load(new StringReader(new String(BundledFiles.read("templates/versions.properties"), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("the bundled versions are unreadable", e);
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("${name}", name);
        tokens.put("${crate}", name.replace('-', '_'));
        tokens.put("${Class}", className(name));
        tokens.put("${nameLength}", String.valueOf(name.getBytes(StandardCharsets.UTF_8).length));
        tokens.put("${lang}", language.name());
        tokens.put("${language}", language.title);
        tokens.put("${artifact}", language.artifact(name));
        tokens.put("${build}", language == Language.javascript ? "check the syntax of" : "build");
        tokens.put("${reference}", language.sdk == null
                ? "Its API is in `docs/javascript.md` of edge-host: the Workers subset (`Request`, `Response`, `fetch`, `env`, `crypto`)."
                : "The SDK is in `sdk/`, copied from edge-host's; its reference is `docs/sdk/" + language.name() + ".md` there.");
        tokens.put("${edgeVersion}", versions.getProperty("edgeVersion"));
        tokens.put("${junitVersion}", versions.getProperty("junitVersion"));
        tokens.put("${slf4jVersion}", versions.getProperty("slf4jVersion"));
        return tokens;
    }

    /** {@code hello-world} is {@code HelloWorld}; a name starting with a digit gets an {@code F}. */
    static String className(String name) {
        StringBuilder className = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                className.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return Character.isDigit(className.charAt(0)) ? "F" + className : className.toString();
    }

    private void copyTemplate(String folder, Path project, Map<String, String> tokens) throws IOException {
        for (String file : BundledFiles.list(folder)) {
            String target = file.replace("__name__", name).replace("__Class__", tokens.get("${Class}"));
            if (target.equals("gitignore")) {
                target = ".gitignore";
            }
            String text = new String(BundledFiles.read(folder + "/" + file), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                text = text.replace(token.getKey(), token.getValue());
            }
            write(project.resolve(target), text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void copySdk(Path project) throws IOException {
        if (language.sdk == null) {
            return;
        }
        String folder = "templates/" + language.sdk;
        for (String file : BundledFiles.list(folder)) {
            Path target = language.sdkTarget.isEmpty() ? project.resolve(file) : project.resolve(language.sdkTarget).resolve(file);
            write(target, BundledFiles.read(folder + "/" + file));
        }
    }

    /** package.json and package-lock.json pinning the compiler at the version the bundled SDK is built with. */
    private void writePackageFiles(Path project) throws IOException {
        ObjectNode lock = (ObjectNode) JSON.readTree(BundledFiles.read("templates/sdk/assemblyscript/package-lock.json"));
        lock.put("name", name);
        ObjectNode root = (ObjectNode) lock.path("packages").path("");
        root.put("name", name);
        root.remove("license");
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("name", name);
        manifest.put("private", true);
        manifest.putObject("scripts").put("build", "bash build.sh");
        manifest.set("devDependencies", root.path("devDependencies").deepCopy());
        write(project.resolve("package.json"), (JSON.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8));
        write(project.resolve("package-lock.json"), (JSON.writeValueAsString(lock) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        if (file.getFileName().toString().endsWith(".sh")) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException notPosix) {
                // On Windows the script runs with bash build.sh.
            }
        }
    }

    private static boolean hasFiles(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isPresent();
        }
    }
}
