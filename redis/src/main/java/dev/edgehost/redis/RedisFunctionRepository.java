package dev.edgehost.redis;

import dev.edgehost.host.FunctionKind;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployed functions in Redis, shared by every host on the server: modules under
 * {@code edge:module:<sha256>}, one JSON record per function in the hash {@code edge:functions},
 * and a message on channel {@code edge:deployments} naming each function saved or deleted, so
 * that the other hosts pick the change up at once. The module is written before the record that
 * refers to it, as in the data dir.
 *
 * <p>A removal also leaves a record in the hash {@code edge:removed} (the name and when), in the
 * same step, until the name is deployed again: the evidence that lets a host that missed the
 * announcement remove the function, while a function that is merely missing (Redis lost it) is
 * published again by the hosts that serve it. {@code edge:generation} holds a random id written
 * by the first host that finds Redis without one; Redis that lost its content lost the id too.
 *
 * <p>A record names its function's kept versions ({@code versions}); their modules stay while it
 * does, so that a rollback or a traffic split on any host finds them. A rollback or traffic change
 * is one record write, so every host switches at once.
 */
final class RedisFunctionRepository implements FunctionRepository {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFunctionRepository.class);
    private static final byte[] FUNCTIONS = ascii("edge:functions");
    private static final byte[] REMOVED = ascii("edge:removed");
    private static final byte[] GENERATION = ascii("edge:generation");
    private static final String CHANNEL = "edge:deployments";
    /**
     * Module and record in one step, so a concurrent clean-up never sees one without the other;
     * KEYS[4..] and ARGV[5..] are the modules of the other versions traffic goes to.
     */
    private static final String SAVE =
            "redis.call('SET', KEYS[1], ARGV[1])\n"
                    + "for i = 4, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 1]) end\n"
                    + "redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])\n"
                    + "redis.call('HDEL', KEYS[3], ARGV[2])\n"
                    + "redis.call('PUBLISH', ARGV[4], ARGV[2])\n"
                    + "return 1";
    /**
     * {@link #SAVE} unless the stored record's newest version is not ARGV[#ARGV] (a record
     * without versions is version 1); no record at all is no conflict.
     */
    private static final String SAVE_IF_NEWEST =
            "local record = redis.call('HGET', KEYS[2], ARGV[2])\n"
                    + "if record then\n"
                    + "  local decoded = cjson.decode(record)\n"
                    + "  local newest = 1\n"
                    + "  if type(decoded.versions) == 'table' then\n"
                    + "    newest = 0\n"
                    + "    for _, version in ipairs(decoded.versions) do\n"
                    + "      if version.version > newest then newest = version.version end\n"
                    + "    end\n"
                    + "  end\n"
                    + "  if newest ~= tonumber(ARGV[#ARGV]) then return 0 end\n"
                    + "end\n"
                    + SAVE;
    /** A function back from a host that serves it, unless Redis holds one of that name or its removal. */
    private static final String RESTORE =
            "if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 or redis.call('HEXISTS', KEYS[3], ARGV[2]) == 1 then\n"
                    + "  return 0\n"
                    + "end\n"
                    + "redis.call('SET', KEYS[1], ARGV[1])\n"
                    + "for i = 4, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 1]) end\n"
                    + "redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])\n"
                    + "redis.call('PUBLISH', ARGV[4], ARGV[2])\n"
                    + "return 1";
    private static final String DELETE =
            "local deleted = redis.call('HDEL', KEYS[1], ARGV[1])\n"
                    + "redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])\n"
                    + "redis.call('PUBLISH', ARGV[2], ARGV[1])\n"
                    + "return deleted";
    private static final String GENERATION_OR_NEW =
            "local id = redis.call('GET', KEYS[1])\n"
                    + "if id then return {id, 0} end\n"
                    + "redis.call('SET', KEYS[1], ARGV[1])\n"
                    + "return {ARGV[1], 1}";
    private static final String DELETE_UNREFERENCED_MODULES =
            "local referenced = {}\n"
                    + "for _, record in ipairs(redis.call('HVALS', KEYS[1])) do\n"
                    + "  local decoded = cjson.decode(record)\n"
                    + "  referenced['edge:module:' .. decoded.sha256] = true\n"
                    + "  if type(decoded.versions) == 'table' then\n"
                    + "    for _, version in ipairs(decoded.versions) do referenced['edge:module:' .. version.sha256] = true end\n"
                    + "  end\n"
                    + "end\n"
                    + "local removed = 0\n"
                    + "for _, key in ipairs(redis.call('KEYS', 'edge:module:*')) do\n"
                    + "  if not referenced[key] then redis.call('DEL', key); removed = removed + 1 end\n"
                    + "end\n"
                    + "return removed";

    private final RedisConnection connection;
    private final RedisCommands<byte[], byte[]> redis;
    private final String description;
    private StatefulRedisPubSubConnection<String, String> subscription;

    RedisFunctionRepository(RedisConnection connection, String description) {
        this.connection = connection;
        this.redis = connection.functionCommands();
        this.description = description;
    }

    @Override
    public void save(StoredFunction function) {
        try {
            redis.eval(
                    SAVE,
                    ScriptOutputType.INTEGER,
                    keys(function),
                    values(function));
        } catch (IOException | RedisException e) {
            throw new StorageException("cannot store function " + function.name() + " in Redis: " + e.getMessage(), e);
        }
        deleteUnreferencedModules();
    }

    @Override
    public boolean saveIfNewest(StoredFunction function, int newest) {
        Long stored;
        try {
            byte[][] values = values(function);
            byte[][] withNewest = Arrays.copyOf(values, values.length + 1);
            withNewest[values.length] = ascii(String.valueOf(newest));
            stored = redis.eval(SAVE_IF_NEWEST, ScriptOutputType.INTEGER, keys(function), withNewest);
        } catch (IOException | RedisException e) {
            throw new StorageException("cannot store function " + function.name() + " in Redis: " + e.getMessage(), e);
        }
        if (stored == null || stored != 1) {
            return false;
        }
        deleteUnreferencedModules();
        return true;
    }

    /** The module, the record and the announcement's keys, then the other serving versions' modules. */
    private static byte[][] keys(StoredFunction function) {
        List<byte[]> keys = new ArrayList<>(List.of(moduleKey(function.sha256()), FUNCTIONS, REMOVED));
        function.modules().keySet().stream().sorted().forEach(sha256 -> keys.add(moduleKey(sha256)));
        return keys.toArray(byte[][]::new);
    }

    private static byte[][] values(StoredFunction function) throws IOException {
        List<byte[]> values =
                new ArrayList<>(List.of(function.wasm(), ascii(function.name()), StoredFunctionJson.write(function), ascii(CHANNEL)));
        function.modules().keySet().stream().sorted().forEach(sha256 -> values.add(function.modules().get(sha256)));
        return values.toArray(byte[][]::new);
    }

    @Override
    public boolean restore(StoredFunction function) {
        Long stored;
        try {
            stored =
                    redis.eval(
                            RESTORE,
                            ScriptOutputType.INTEGER,
                            keys(function),
                            values(function));
        } catch (IOException | RedisException e) {
            throw new StorageException("cannot store function " + function.name() + " in Redis: " + e.getMessage(), e);
        }
        return stored != null && stored == 1;
    }

    @Override
    public void delete(String name) {
        try {
            redis.eval(
                    DELETE, ScriptOutputType.INTEGER, new byte[][] {FUNCTIONS, REMOVED}, ascii(name), ascii(CHANNEL),
                    removalRecord());
        } catch (RedisException e) {
            throw new StorageException("cannot delete function " + name + " from Redis: " + e.getMessage(), e);
        }
        deleteUnreferencedModules();
    }

    private static byte[] removalRecord() {
        return ascii("{\"removedAt\":\"" + Instant.now() + "\"}");
    }

    @Override
    public boolean removed(String name) {
        try {
            return Boolean.TRUE.equals(redis.hexists(REMOVED, ascii(name)));
        } catch (RedisException e) {
            throw unreachable(e);
        }
    }

    @Override
    public Generation generation() {
        List<Object> answer;
        try {
            answer =
                    redis.eval(
                            GENERATION_OR_NEW, ScriptOutputType.MULTI, new byte[][] {GENERATION},
                            ascii(UUID.randomUUID().toString()));
        } catch (RedisException e) {
            throw unreachable(e);
        }
        return new Generation(new String((byte[]) answer.get(0), StandardCharsets.UTF_8), parseFlag(answer.get(1)));
    }

    /** Lua integers in a multi-bulk reply arrive as {@code Long}s, whatever the codec. */
    private static boolean parseFlag(Object flag) {
        return flag instanceof Long ? (Long) flag == 1 : "1".equals(String.valueOf(flag));
    }

    @Override
    public StoredFunction load(String name) {
        byte[] record;
        try {
            record = redis.hget(FUNCTIONS, ascii(name));
        } catch (RedisException e) {
            throw unreachable(e);
        }
        if (record == null) {
            return null;
        }
        try {
            return withModule(record);
        } catch (RedisException e) {
            throw unreachable(e);
        } catch (IOException | RuntimeException e) {
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
            throw unreachable(e);
        }
        for (byte[] record : records.values()) {
            try {
                functions.add(withModule(record));
            } catch (RedisException e) {
                throw unreachable(e);
            } catch (IOException | RuntimeException e) {
                LOG.error("skipping unreadable stored function: {}", e.toString());
            }
        }
        return functions;
    }

    private StorageException unreachable(RedisException e) {
        return new StorageException("cannot read the functions from Redis at " + description + ": " + e.getMessage(), e);
    }

    private StoredFunction withModule(byte[] record) throws IOException {
        StoredFunctionJson.Header header = StoredFunctionJson.read(record);
        return header.withModules(redis.get(moduleKey(header.sha256())), version -> redis.get(moduleKey(version.sha256())));
    }

    @Override
    public byte[] module(String sha256, FunctionKind kind) {
        try {
            return redis.get(moduleKey(sha256));
        } catch (RedisException e) {
            throw unreachable(e);
        }
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
