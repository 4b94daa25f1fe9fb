package dev.edgehost.redis;

import dev.edgehost.host.StorageException;
import dev.edgehost.host.spi.FunctionRepository;
import dev.edgehost.host.spi.StoredFunction;
import dev.edgehost.host.spi.StoredFunctionJson;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployed functions in Redis, shared by every host on the server: modules under
 * {@code edge:module:<sha256>}, one JSON record per function in the hash {@code edge:functions},
 * and a message on channel {@code edge:deployments} naming each function saved or deleted, so
 * that the other hosts pick the change up at once. The module is written before the record that
 * refers to it, as in the data dir.
 */
final class RedisFunctionRepository implements FunctionRepository {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFunctionRepository.class);
    private static final byte[] FUNCTIONS = ascii("edge:functions");
    private static final String CHANNEL = "edge:deployments";
    /** Module and record in one step, so a concurrent clean-up never sees one without the other. */
    private static final String SAVE =
            "redis.call('SET', KEYS[1], ARGV[1])\n"
                    + "redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])\n"
                    + "redis.call('PUBLISH', ARGV[4], ARGV[2])\n"
                    + "return 1";
    private static final String DELETE =
            "local deleted = redis.call('HDEL', KEYS[1], ARGV[1])\n"
                    + "redis.call('PUBLISH', ARGV[2], ARGV[1])\n"
                    + "return deleted";
    private static final String DELETE_UNREFERENCED_MODULES =
            "local referenced = {}\n"
                    + "for _, record in ipairs(redis.call('HVALS', KEYS[1])) do\n"
                    + "  referenced['edge:module:' .. cjson.decode(record).sha256] = true\n"
                    + "end\n"
                    + "local removed = 0\n"
                    + "for _, key in ipairs(redis.call('KEYS', 'edge:module:*')) do\n"
                    + "  if not referenced[key] then redis.call('DEL', key); removed = removed + 1 end\n"
                    + "end\n"
                    + "return removed";

    private final RedisConnection connection;
    private final RedisCommands<byte[], byte[]> redis;
    private StatefulRedisPubSubConnection<String, String> subscription;

    RedisFunctionRepository(RedisConnection connection) {
        this.connection = connection;
        this.redis = connection.commands();
    }

    @Override
    public void save(StoredFunction function) {
        try {
            redis.eval(
                    SAVE,
                    ScriptOutputType.INTEGER,
                    new byte[][] {moduleKey(function.sha256()), FUNCTIONS},
                    function.wasm(),
                    ascii(function.name()),
                    StoredFunctionJson.write(function),
                    ascii(CHANNEL));
        } catch (IOException | RedisException e) {
            throw new StorageException("cannot store function " + function.name() + " in Redis: " + e.getMessage(), e);
        }
        deleteUnreferencedModules();
    }

    @Override
    public void delete(String name) {
        try {
            redis.eval(DELETE, ScriptOutputType.INTEGER, new byte[][] {FUNCTIONS}, ascii(name), ascii(CHANNEL));
        } catch (RedisException e) {
            throw new StorageException("cannot delete function " + name + " from Redis: " + e.getMessage(), e);
        }
        deleteUnreferencedModules();
    }

    @Override
    public StoredFunction load(String name) {
        try {
            byte[] record = redis.hget(FUNCTIONS, ascii(name));
            return record == null ? null : withModule(record);
        } catch (IOException | RedisException e) {
            LOG.error("skipping unreadable stored function {}: {}", name, e.toString());
            return null;
        }
    }

    @Override
    public List<StoredFunction> loadAll() {
        List<StoredFunction> functions = new ArrayList<>();
        Map<byte[], byte[]> records;
        try {
            records = redis.hgetall(FUNCTIONS);
        } catch (RedisException e) {
            throw new StorageException("cannot read the functions from Redis: " + e.getMessage(), e);
        }
        for (byte[] record : records.values()) {
            try {
                functions.add(withModule(record));
            } catch (IOException | RuntimeException e) {
                LOG.error("skipping unreadable stored function: {}", e.toString());
            }
        }
        return functions;
    }

    private StoredFunction withModule(byte[] record) throws IOException {
        StoredFunctionJson.Header header = StoredFunctionJson.read(record);
        return header.withModule(redis.get(moduleKey(header.sha256())));
    }

    @Override
    public synchronized boolean watch(Consumer<String> changed) {
        subscription = connection.client().connectPubSub(StringCodec.UTF8);
        subscription.addListener(
                new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String name) {
                        changed.accept(name);
                    }
                });
        subscription.sync().subscribe(CHANNEL);
        return true;
    }

    private void deleteUnreferencedModules() {
        try {
            redis.eval(DELETE_UNREFERENCED_MODULES, ScriptOutputType.INTEGER, new byte[][] {FUNCTIONS});
        } catch (RedisException e) {
            // Best effort, as in the data dir: leftovers only take space.
            LOG.warn("could not remove unused modules from Redis: {}", e.toString());
        }
    }

    private static byte[] moduleKey(String sha256) {
        return ascii("edge:module:" + sha256);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
