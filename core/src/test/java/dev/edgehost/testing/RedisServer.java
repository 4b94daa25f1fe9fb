package dev.edgehost.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} on a free loopback port: with persistence off, or with an
 * append-only file in a data dir. It can be killed ({@code kill -9}) and started again on the
 * same port, as an outage. Without the binary the test is skipped with a message saying how to
 * install it, except in CI ({@code CI} set), where a missing Redis is a failure. Tests get one
 * through {@link RedisServerExtension}, which stops it after them. Not thread-safe: one test
 * thread drives it.
 */
public final class RedisServer implements AutoCloseable {
    private final List<String> command;
    private final int port;
    private final URI uri;
    private Process process;

    private RedisServer(List<String> command, int port) {
        this.command = command;
        this.port = port;
        this.uri = URI.create("redis://127.0.0.1:" + port);
    }

    /** A server that keeps nothing: a restart comes back empty. */
    static RedisServer start() {
        return start(List.of("--save", "", "--appendonly", "no"));
    }

    /** A server that keeps every acknowledged write in an append-only file in {@code dataDir}. */
    static RedisServer startPersistent(Path dataDir) {
        return start(List.of("--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", dataDir.toString()));
    }

    private static RedisServer start(List<String> persistence) {
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
        RedisServer server = new RedisServer(List.copyOf(command), port);
        server.launch();
        return server;
    }

    private void launch() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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

    /**
     * Removes every key, so tests sharing the server start empty. Sent as an inline command on a
     * socket of its own: the kit needs no Redis client for it.
     */
    public void flush() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("FLUSHALL\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = readLine(socket.getInputStream());
            if (!reply.equals("+OK")) {
                throw new IllegalStateException("FLUSHALL answered " + reply);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot flush redis-server on port " + port, e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
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
