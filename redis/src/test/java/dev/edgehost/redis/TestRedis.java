package dev.edgehost.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} on a free loopback port, started for a test class and stopped after
 * it, with persistence off. Without the binary the tests are skipped with a message, except in CI
 * ({@code CI} set), where a missing Redis is a failure.
 */
public final class TestRedis implements AutoCloseable {
    private final Process process;
    private final URI uri;

    private TestRedis(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    public static TestRedis start() {
        Path binary = findBinary();
        if (binary == null) {
            String message = "redis-server is not on the PATH; install it (Debian: apt-get install redis-server) to run the Redis tests";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        try {
            int port = freePort();
            Process process =
                    new ProcessBuilder(
                                    List.of(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                                            "--save", "", "--appendonly", "no"))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            URI uri = URI.create("redis://127.0.0.1:" + port);
            awaitReady(port, process);
            return new TestRedis(process, uri);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
    }

    private static Path findBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path debian = Path.of("/usr/bin/redis-server");
        return Files.isExecutable(debian) ? debian : null;
    }

    private static void awaitReady(int port, Process process) {
        for (int attempt = 0; attempt < 200; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue());
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                if (socket.isConnected()) {
                    return;
                }
            } catch (IOException e) {
                sleep();
            }
        }
        throw new IllegalStateException("redis-server did not start listening on port " + port);
    }

    private static void sleep() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public URI uri() {
        return uri;
    }

    /** Removes every key, so tests sharing the server start empty. */
    public void flush() {
        try (RedisConnection connection = RedisConnection.connect(uri)) {
            connection.commands().flushall();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
