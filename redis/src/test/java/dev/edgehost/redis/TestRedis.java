package dev.edgehost.redis;

import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} on a free loopback port, started for a test class and stopped after
 * it: with persistence off, or with an append-only file in a data dir. It can be killed
 * ({@code kill -9}) and started again on the same port, as an outage. Without the binary the
 * tests are skipped with a message, except in CI ({@code CI} set), where a missing Redis is a
 * failure.
 */
public final class TestRedis implements AutoCloseable {
    private final List<String> command;
    private final int port;
    private final URI uri;
    private Process process;

    private TestRedis(List<String> command, int port) {
        this.command = command;
        this.port = port;
        this.uri = URI.create("redis://127.0.0.1:" + port);
    }

    /** A server that keeps nothing: a restart comes back empty. */
    public static TestRedis start() {
        return start(List.of("--save", "", "--appendonly", "no"));
    }

    /** A server that keeps every acknowledged write in an append-only file in {@code dataDir}. */
    public static TestRedis startPersistent(Path dataDir) {
        return start(List.of("--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", dataDir.toString()));
    }

    private static TestRedis start(List<String> persistence) {
        Path binary = findBinary();
        if (binary == null) {
            String message = "redis-server is not on the PATH; install it (Debian: apt-get install redis-server) to run the Redis tests";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1"));
        command.addAll(persistence);
        TestRedis redis = new TestRedis(List.copyOf(command), port);
        redis.launch();
        return redis;
    }

    private void launch() {
        try {
            process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        awaitReady();
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

    private void awaitReady() {
        for (int attempt = 0; attempt < 400; attempt++) {
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    public URI uri() {
        return uri;
    }

    /** Removes every key, so tests sharing the server start empty. */
    public void flush() {
        call(RedisCommands::flushall);
    }

    /** Runs commands on a connection of its own, opened for the call. */
    <T> T call(Function<RedisCommands<byte[], byte[]>, T> commands) {
        try (RedisConnection connection = RedisConnection.connect(uri, Duration.ofSeconds(5))) {
            return commands.apply(connection.kvCommands());
        }
    }

    /** {@code kill -9}: the server is gone at once, with whatever it had not written to its file. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server again on the same port: empty without persistence, with its file otherwise. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("kill it first");
        }
        launch();
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
