package dev.edgehost.host.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.StorageException;
import dev.edgehost.host.spi.FunctionRepository;
import dev.edgehost.host.spi.FunctionVersion;
import dev.edgehost.host.spi.StoredFunction;
import dev.edgehost.host.spi.StoredFunctionJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployed functions in the data dir, crash-safe: module bytes are content-addressed files under
 * {@code modules/} ({@code SHA.wasm}, and {@code SHA.js} for a script), and each function is one
 * small JSON file under {@code functions/} naming its module. Every file is written to a
 * temporary name, flushed to disk and atomically renamed, and a module is written before the
 * function file that refers to it, so a crash at any point leaves either the old or the new
 * deployment, never a torn one. The modules of a function's kept versions stay as long as its
 * record names them ({@code versions}). Safe for one host's threads when calls are serialised by
 * the runtime's lock, as they are.
 */
public final class FunctionStore implements FunctionRepository {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_SUFFIX = ".json";
    private static final String WASM_SUFFIX = ".wasm";
    private static final String SCRIPT_SUFFIX = ".js";

    private final Path functionsDir;
    private final Path modulesDir;

    private FunctionStore(Path functionsDir, Path modulesDir) {
        this.functionsDir = functionsDir;
        this.modulesDir = modulesDir;
    }

    /**
     * Opens the store in a data dir, creating it if needed.
     *
     * @throws StorageException when the dir cannot be created, read or written
     */
    public static FunctionStore open(Path dataDir) {
        Path functions = dataDir.resolve("functions");
        Path modules = dataDir.resolve("modules");
        try {
            Files.createDirectories(functions);
            Files.createDirectories(modules);
        } catch (IOException e) {
            throw new StorageException("cannot create the data dir " + dataDir + ": " + e, e);
        }
        for (Path dir : List.of(functions, modules)) {
            if (!Files.isReadable(dir) || !Files.isWritable(dir)) {
                throw new StorageException("the data dir " + dir + " is not readable and writable", null);
            }
        }
        return new FunctionStore(functions, modules);
    }

    @Override
    public void save(StoredFunction function) {
        try {
            writeModule(function.sha256(), function.kind(), function.wasm());
            for (FunctionVersion version : function.history().versions()) {
                byte[] wasm = function.module(version.sha256());
                if (wasm != null) {
                    writeModule(version.sha256(), version.kind(), wasm);
                }
            }
            writeAtomically(functionsDir.resolve(function.name() + JSON_SUFFIX), StoredFunctionJson.write(function));
        } catch (IOException e) {
            throw new StorageException("cannot store function " + function.name() + ": " + e, e);
        }
        deleteUnreferencedModules();
    }

    private void writeModule(String sha256, FunctionKind kind, byte[] wasm) throws IOException {
        Path module = modulesDir.resolve(sha256 + suffix(kind));
        if (!Files.exists(module) || !sha256.equals(sha256(Files.readAllBytes(module)))) {
            writeAtomically(module, wasm);
        }
    }

    /** Removes a function durably; its module goes too unless another function uses it. */
    @Override
    public void delete(String name) {
        try {
            Files.deleteIfExists(functionsDir.resolve(name + JSON_SUFFIX));
            fsync(functionsDir);
        } catch (IOException e) {
            throw new StorageException("cannot delete function " + name + ": " + e, e);
        }
        deleteUnreferencedModules();
    }

    /**
     * Every stored function. An entry that cannot be read (a torn file from an old crash, a module
     * that fails its checksum) is skipped with a log line, so one bad entry never stops the host.
     */
    @Override
    public List<StoredFunction> loadAll() {
        List<StoredFunction> functions = new ArrayList<>();
        for (Path file : list(functionsDir, JSON_SUFFIX)) {
            try {
                functions.add(load(file));
            } catch (IOException | RuntimeException e) {
                LOG.error("skipping unreadable stored function {}: {}", file.getFileName(), e.toString());
            }
        }
        return functions;
    }

    @Override
    public StoredFunction load(String name) {
        Path file = functionsDir.resolve(name + JSON_SUFFIX);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return load(file);
        } catch (IOException | RuntimeException e) {
            LOG.error("skipping unreadable stored function {}: {}", name, e.toString());
            return null;
        }
    }

    private StoredFunction load(Path file) throws IOException {
        StoredFunctionJson.Header header = StoredFunctionJson.read(Files.readAllBytes(file));
        byte[] wasm = Files.readAllBytes(modulesDir.resolve(header.sha256() + suffix(header.kind())));
        return header.withModules(wasm, version -> module(version.sha256(), version.kind()));
    }

    /** A kept version's module, or {@code null} when the data dir no longer holds it. */
    @Override
    public byte[] module(String sha256, FunctionKind kind) {
        Path module = modulesDir.resolve(sha256 + suffix(kind));
        try {
            return Files.exists(module) ? Files.readAllBytes(module) : null;
        } catch (IOException e) {
            throw new StorageException("cannot read module " + sha256 + ": " + e, e);
        }
    }

    private static String suffix(FunctionKind kind) {
        return kind == FunctionKind.JAVASCRIPT ? SCRIPT_SUFFIX : WASM_SUFFIX;
    }

    /** Functions of one host change only through it: nothing else writes this data dir. */
    @Override
    public boolean watch(Consumer<String> changed) {
        return false;
    }

    @Override
    public void close() {
        // Every write is complete when it returns; there is nothing to release.
    }

    private void deleteUnreferencedModules() {
        try {
            Set<String> referenced = new HashSet<>();
            for (Path file : list(functionsDir, JSON_SUFFIX)) {
                JsonNode record = JSON.readTree(file.toFile());
                referenced.add(moduleFile(record));
                // Every kept version's module stays, for a rollback to it.
                for (JsonNode version : record.path("versions")) {
                    referenced.add(moduleFile(version));
                }
            }
            for (String suffix : List.of(WASM_SUFFIX, SCRIPT_SUFFIX)) {
                for (Path module : list(modulesDir, suffix)) {
                    if (!referenced.contains(module.getFileName().toString())) {
                        Files.deleteIfExists(module);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Garbage collection is best effort; leftovers are only disk space.
            LOG.warn("could not remove unused modules: {}", e.toString());
        }
    }

    private static String moduleFile(JsonNode record) {
        FunctionKind kind = FunctionKind.ofId(record.path("kind").asText(FunctionKind.WASM.id()));
        return record.path("sha256").asText() + suffix(kind);
    }

    private static List<Path> list(Path dir, String suffix) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + suffix)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new StorageException("cannot list " + dir + ": " + e, e);
        }
        files.sort(null);
        return files;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel =
                FileChannel.open(
                        temp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        fsync(target.getParent());
    }

    /** Makes a rename durable; some file systems do not support syncing a directory. */
    private static void fsync(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync directory {}: {}", dir, e.toString());
        }
    }

    /** The lower-case hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
