package dev.edgehost.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real {@code redis-server}s for a test class, each stopped after the test (or the class) that
 * started it; without the binary the tests are skipped with a message (a failure in CI). Register
 * it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension redis = RedisServerExtension.shared();
 * ... builder.redis(redis.uri()) ...
 * }</pre>
 *
 * <p>{@link #shared()} starts one server for the whole class ({@link #uri}, {@link #flush});
 * {@link #onDemand()} starts none, and a test takes its own with {@link #start} or
 * {@link #startPersistent}, stopped after its {@code @AfterEach} methods. Not thread-safe: for
 * test classes that run their tests one at a time.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final boolean shared;
    private RedisServer server;
    private final List<RedisServer> forClass = new ArrayList<>();
    private final List<RedisServer> forTest = new ArrayList<>();
    private boolean inTest;

    private RedisServerExtension(boolean shared) {
        this.shared = shared;
    }

    /** One server for every test of the class, started before them. */
    public static RedisServerExtension shared() {
        return new RedisServerExtension(true);
    }

    /** No server up front: each test starts the ones it needs. */
    public static RedisServerExtension onDemand() {
        return new RedisServerExtension(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (shared) {
            server = start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        closeAll(forTest);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server = null;
        closeAll(forClass);
    }

    /** The class's shared server. */
    public RedisServer server() {
        if (server == null) {
            throw new IllegalStateException(shared ? "the shared redis-server starts before the class's tests" : "registered onDemand(): start one");
        }
        return server;
    }

    /** The shared server's {@code redis://} address. */
    public URI uri() {
        return server().uri();
    }

    /** Removes every key of the shared server. */
    public void flush() {
        server().flush();
    }

    /** Another server that keeps nothing, stopped after the current test (or the class, before its tests). */
    public RedisServer start() {
        return closeLater(RedisServer.start());
    }

    /** Another server with an append-only file in {@code dataDir}, stopped as {@link #start()}'s. */
    public RedisServer startPersistent(Path dataDir) {
        return closeLater(RedisServer.startPersistent(dataDir));
    }

    private RedisServer closeLater(RedisServer started) {
        (inTest ? forTest : forClass).add(started);
        return started;
    }

    private static void closeAll(List<RedisServer> servers) {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
        servers.clear();
    }
}
