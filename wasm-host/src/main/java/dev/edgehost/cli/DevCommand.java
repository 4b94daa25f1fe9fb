package dev.edgehost.cli;

import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.spi.FunctionLogListener;
import dev.edgehost.server.EdgeServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dev [PATH...]}: serves modules on loopback for their author, redeploys each when its file
 * changes, and prints every request with the guest's log lines beneath it, until Ctrl-C.
 */
@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        description = {
            "Serve .wasm modules and .js scripts on loopback, redeploy each when its file changes, and print every request with",
            "its log lines. A file is served as /NAME, NAME being its file name without the extension; a directory serves each",
            ".wasm, .js and .mjs file in it, including ones that appear later. A change that does not deploy leaves the last good version serving.",
            "Deploy flags apply to every function. Ctrl-C stops."
        })
final class DevCommand implements Callable<Integer> {
    private static final String LOOPBACK = "127.0.0.1";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = ".wasm modules, .js or .mjs scripts, or directories of them (default: the current directory).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--port", defaultValue = "8080", description = "Port the functions are served on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--admin-port", defaultValue = "8081", description = "Port of the admin API (logs, kv, list); 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the functions and their key-value data in DIR across runs (default: a temporary directory, removed at exit).")
    Path dataDir;

    @Mixin
    DeployOptions deployOptions;

    @Mixin
    LimitOptions limits;

    /** Counted down to stop; for a shutdown hook or a caller that runs the command in process. */
    final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        FunctionSettings settings;
        try {
            settings = deployOptions.settings(limits);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        Set<Path> files = new LinkedHashSet<>();
        Set<Path> directories = new LinkedHashSet<>();
        for (Path path : paths.isEmpty() ? List.of(Path.of(".")) : paths) {
            Path absolute = path.toAbsolutePath().normalize();
            if (Files.isDirectory(absolute)) {
                directories.add(absolute);
            } else if (Files.isRegularFile(absolute)) {
                files.add(absolute);
            } else {
                err.println("error: no such file or directory: " + path);
                return 1;
            }
        }
        List<Path> initial = new ArrayList<>(files);
        for (Path directory : directories) {
            initial.addAll(DevWatcher.functionFiles(directory));
        }
        String clash = clash(initial);
        if (clash != null) {
            err.println("error: " + clash);
            return 1;
        }
        Path temporary = dataDir == null ? Files.createTempDirectory("edge-dev-") : null;
        StopOnSignal signal = new StopOnSignal("edge-dev-stop", stop, finished, Duration.ofSeconds(30));
        try {
            return serve(settings, files, directories, initial, dataDir == null ? temporary : dataDir);
        } finally {
            signal.close();
            if (temporary != null) {
                deleteRecursively(temporary);
            }
            finished.countDown();
        }
    }

    private Integer serve(FunctionSettings settings, Set<Path> files, Set<Path> directories, List<Path> initial, Path data)
            throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        LogPrinter printer = new LogPrinter(out);
        EdgeServer server =
                EdgeServer.builder()
                        .host(LOOPBACK)
                        .port(port)
                        .adminHost(LOOPBACK)
                        .adminPort(adminPort)
                        .dataDir(data)
                        .bundledSamples(false)
                        .logListener(new Printing(printer))
                        .build();
        try (server) {
            DevFunctions functions = new DevFunctions(server.host(), settings, printer);
            String[] base = {""};
            // Made before the first deploys, so that a file written meanwhile is deployed again.
            DevWatcher watcher = new DevWatcher(files, directories, new DevWatcher.Listener() {
                @Override
                public void changed(Path file) {
                    boolean known = functions.served().containsKey(file);
                    if (functions.deploy(file) && !known) {
                        printer.note("serving " + FunctionFile.of(file).name() + " at " + base[0] + "/" + FunctionFile.of(file).name());
                    }
                }

                @Override
                public void removed(Path file) {
                    functions.removed(file);
                }
            });
            // Deployed before the server listens, so that the first request finds them.
            for (Path file : initial) {
                functions.deploy(file);
            }
            try {
                server.start();
            } catch (RuntimeException e) {
                watcher.close();
                spec.commandLine().getErr().println("error: cannot serve on " + LOOPBACK + " ports " + port + " and " + adminPort + ": "
                        + rootMessage(e) + "; choose others with --port and --admin-port (0 picks a free one)");
                return 1;
            }
            base[0] = "http://" + LOOPBACK + ":" + server.port();
            printer.plain("edge-host dev: serving on " + base[0] + " (admin API http://" + LOOPBACK + ":" + server.adminPort() + ")");
            TextTable table = new TextTable("FUNCTION", "URL", "FILE");
            functions.served().entrySet().stream()
                    .sorted(Map.Entry.comparingByValue())
                    .forEach(entry -> table.row(entry.getValue(), base[0] + "/" + entry.getValue(), entry.getKey().toString()));
            if (functions.served().isEmpty()) {
                printer.plain("no functions yet: watching " + directories + " for " + String.join(" and ", FunctionFile.EXTENSIONS) + " files");
            } else {
                table.print(out);
            }
            watcher.start();
            printer.plain("watching for changes; Ctrl-C stops");
            try {
                stop.await();
            } catch (InterruptedException e) {
                // Whoever runs the command in process asks it to stop so, as Ctrl-C does; this is the
                // interruption handled, so it is not passed on to the closing below.
            } finally {
                watcher.close();
            }
            printer.flush();
            printer.plain("edge-host dev: stopped");
        }
        return 0;
    }

    /** Two files served under one name, or {@code null}. */
    private static String clash(List<Path> files) {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path file : files) {
            Path earlier = byName.putIfAbsent(FunctionFile.of(file).name(), file);
            if (earlier != null && !earlier.equals(file)) {
                return "both " + earlier + " and " + file + " would be served as /" + FunctionFile.of(file).name();
            }
        }
        return null;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> all = Files.walk(directory)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is the system's to clean up.
        }
    }

    /** The host's log events, printed as they happen. */
    private static final class Printing implements FunctionLogListener {
        private final LogPrinter printer;

        Printing(LogPrinter printer) {
            this.printer = printer;
        }

        @Override
        public void logged(LogLine line) {
            printer.log(line.requestId(), line.source(), line.level().name().toLowerCase(Locale.ROOT), line.message());
        }

        @Override
        public void finished(RequestLine request) {
            printer.request(
                    request.time().toString(), request.requestId(), request.method(), request.path(), request.status(),
                    request.totalNanos() / 1e6, request.fuelUsed(), request.error(), request.message());
        }
    }
}
