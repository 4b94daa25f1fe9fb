package dev.edgehost.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} on a free loopback port with persistence off, for the Redis rows of the
 * key-value benchmark. Needs the binary on the PATH (Debian: {@code apt-get install redis-server}).
 */
final class RedisProcess implements AutoCloseable {
    private final Process process;
    private final URI uri;

    RedisProcess() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        process =
                new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        uri = URI.create("redis://127.0.0.1:" + port);
        for (int attempt = 0; ; attempt++) {
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || attempt == 200) {
                    process.destroyForcibly();
                    throw new IllegalStateException("redis-server did not start listening on port " + port, notYet);
                }
                Thread.sleep(25);
            }
        }
    }

    URI uri() {
        return uri;
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
