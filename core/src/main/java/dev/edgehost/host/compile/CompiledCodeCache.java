package dev.edgehost.host.compile;

import com.dylibso.chicory.compiler.Cache;
import dev.edgehost.host.store.FunctionStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled modules (the JVM classes Chicory's compiler makes) kept on disk, so that a restarted
 * host loads them instead of compiling again. Entries live in a directory per Chicory version, as
 * generated code fits only the runtime that made it, and each file starts with the SHA-256 of its
 * payload, so a torn or damaged file is a miss, never a failed deploy. Whoever can write this
 * directory can run code in the host: it needs the same protection as the host's own jar.
 */
public final class CompiledCodeCache implements Cache {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledCodeCache.class);
    private static final String VERSION_RESOURCE = "/META-INF/maven/com.dylibso.chicory/compiler/pom.properties";
    private static final int HASH_HEX = 64;

    private final Path dir;

    private CompiledCodeCache(Path dir) {
        this.dir = dir;
    }

    /** A cache under {@code root}, or {@code null} when the Chicory version is unknown or the dir unusable. */
    public static CompiledCodeCache open(Path root) {
        String version = chicoryVersion();
        if (version == null) {
            LOG.warn("Chicory's version is unknown; compiled modules are not kept on disk");
            return null;
        }
        Path dir = root.resolve("chicory-" + version);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LOG.warn("cannot create {}; compiled modules are not kept on disk: {}", dir, e.toString());
            return null;
        }
        return new CompiledCodeCache(dir);
    }

    private static String chicoryVersion() {
        try (InputStream in = Cache.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public byte[] get(String key) {
        Path file = file(key);
        try {
            if (!Files.exists(file)) {
                return null;
            }
            byte[] stored = Files.readAllBytes(file);
            if (stored.length < HASH_HEX) {
                return null;
            }
            byte[] payload = Arrays.copyOfRange(stored, HASH_HEX, stored.length);
            String hash = new String(stored, 0, HASH_HEX, StandardCharsets.US_ASCII);
            return hash.equals(FunctionStore.sha256(payload)) ? payload : null;
        } catch (IOException e) {
            LOG.warn("cannot read compiled module {}: {}", file, e.toString());
            return null;
        }
    }

    @Override
    public void putIfAbsent(String key, byte[] data) {
        Path file = file(key);
        Path temp = file.resolveSibling(file.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
        try {
            byte[] hash = FunctionStore.sha256(data).getBytes(StandardCharsets.US_ASCII);
            byte[] stored = Arrays.copyOf(hash, hash.length + data.length);
            System.arraycopy(data, 0, stored, hash.length, data.length);
            Files.write(temp, stored);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Only a later restart pays for this: it compiles the module again.
            LOG.warn("cannot keep compiled module {}: {}", file, e.toString());
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                LOG.debug("cannot remove {}: {}", temp, cleanup.toString());
            }
        }
    }

    /** Keys are Chicory's module digests, {@code algo:base64}; file names are their hex SHA-256. */
    private Path file(String key) {
        return dir.resolve(FunctionStore.sha256(key.getBytes(StandardCharsets.UTF_8)) + ".jar");
    }
}
