package dev.edgehost.redis;

import dev.edgehost.host.spi.DecimalIntegers;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvNotAnIntegerException;
import dev.edgehost.host.spi.KvUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key-value store on Redis, shared by every host on the same server. Each operation is one
 * Lua script, so it is atomic across hosts. Beside each namespace's entries a sorted set indexes
 * its keys, because {@code kv_list} needs them in byte order; entries expire in Redis itself and
 * their index members are dropped when a listing meets them.
 */
final class RedisKvBackend implements KvBackend {
    private static final String NOT_AN_INTEGER = "EDGE_NOT_AN_INTEGER";

    private static final String SET =
            "redis.call('SET', KEYS[1], ARGV[1])\n"
                    + "if ARGV[2] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end\n"
                    + "redis.call('ZADD', KEYS[2], 0, ARGV[3])\n"
                    + "return 1";
    private static final String DELETE =
            "local deleted = redis.call('DEL', KEYS[1])\n"
                    + "redis.call('ZREM', KEYS[2], ARGV[1])\n"
                    + "return deleted";
    /** INCRBY refuses what is no canonical 64-bit decimal, and overflow; GET returns the exact text. */
    private static final String INCREMENT =
            "if redis.call('EXISTS', KEYS[1]) == 0 then\n"
                    + "  redis.call('SET', KEYS[1], ARGV[1])\n"
                    + "  if ARGV[2] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end\n"
                    + "  redis.call('ZADD', KEYS[2], 0, ARGV[3])\n"
                    + "  return ARGV[1]\n"
                    + "end\n"
                    + "local ok = pcall(redis.call, 'INCRBY', KEYS[1], ARGV[1])\n"
                    + "if not ok then return redis.error_reply('" + NOT_AN_INTEGER + "') end\n"
                    + "return redis.call('GET', KEYS[1])";
    /** One page of the index from ARGV[1], keeping members whose entry still exists. */
    private static final String LIST_PAGE =
            "local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], '+', 'LIMIT', 0, tonumber(ARGV[2]))\n"
                    + "local live = {}\n"
                    + "for _, member in ipairs(members) do\n"
                    + "  if redis.call('EXISTS', ARGV[3] .. member) == 1 then table.insert(live, member)\n"
                    + "  else redis.call('ZREM', KEYS[1], member) end\n"
                    + "end\n"
                    + "return {members[#members] or '', live}";

    private final RedisCommands<byte[], byte[]> redis;

    RedisKvBackend(RedisConnection connection) {
        this.redis = connection.kvCommands();
    }

    @Override
    public byte[] get(String namespace, byte[] key) {
        try {
            return redis.get(entryKey(namespace, key));
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void set(String namespace, byte[] key, byte[] value, long ttlSeconds) {
        run(SET, ScriptOutputType.INTEGER, namespace, key, value, millis(ttlSeconds), key);
    }

    @Override
    public boolean delete(String namespace, byte[] key) {
        Long deleted = run(DELETE, ScriptOutputType.INTEGER, namespace, key, key);
        return deleted != null && deleted > 0;
    }

    @Override
    public long increment(String namespace, byte[] key, long delta, long ttlSeconds) {
        byte[] value = run(INCREMENT, ScriptOutputType.VALUE, namespace, key, DecimalIntegers.format(delta), millis(ttlSeconds), key);
        return DecimalIntegers.parse(value);
    }

    @Override
    public List<byte[]> list(String namespace, byte[] prefix, byte[] after, int limit) {
        byte[] from = after.length > 0 && Arrays.compareUnsigned(after, prefix) >= 0 ? bound('(', after) : bound('[', prefix);
        List<byte[]> keys = new ArrayList<>();
        while (keys.size() < limit) {
            int page = Math.max(limit - keys.size(), 16);
            List<Object> result =
                    run(LIST_PAGE, ScriptOutputType.MULTI, new byte[][] {indexKey(namespace)},
                            from, ascii(Integer.toString(page)), entryKey(namespace, new byte[0]));
            byte[] last = (byte[]) result.get(0);
            @SuppressWarnings("unchecked")
            List<byte[]> live = (List<byte[]>) result.get(1);
            for (byte[] key : live) {
                if (!startsWith(key, prefix)) {
                    return keys;
                }
                if (keys.size() < limit) {
                    keys.add(key);
                }
            }
            if (last.length == 0 || !startsWith(last, prefix)) {
                return keys;
            }
            from = bound('(', last);
        }
        return keys;
    }

    private <T> T run(String script, ScriptOutputType type, String namespace, byte[] key, byte[]... args) {
        return run(script, type, new byte[][] {entryKey(namespace, key), indexKey(namespace)}, args);
    }

    private <T> T run(String script, ScriptOutputType type, byte[][] keys, byte[]... args) {
        try {
            return redis.eval(script, type, keys, args);
        } catch (RedisCommandExecutionException e) {
            if (String.valueOf(e.getMessage()).contains(NOT_AN_INTEGER)) {
                throw new KvNotAnIntegerException("the stored value is no decimal 64-bit integer, or the sum overflows");
            }
            throw unavailable(e);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    private static KvUnavailableException unavailable(RedisException e) {
        return new KvUnavailableException("Redis failed: " + e.getMessage(), e);
    }

    private static byte[] entryKey(String namespace, byte[] key) {
        byte[] prefix = ("edge:kv:" + namespace + "\u0000").getBytes(StandardCharsets.UTF_8);
        byte[] entryKey = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, entryKey, prefix.length, key.length);
        return entryKey;
    }

    private static byte[] indexKey(String namespace) {
        return ascii("edge:kvindex:" + namespace);
    }

    private static byte[] bound(char kind, byte[] value) {
        byte[] bound = new byte[value.length + 1];
        bound[0] = (byte) kind;
        System.arraycopy(value, 0, bound, 1, value.length);
        return bound;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] millis(long ttlSeconds) {
        return ascii(Long.toString(ttlSeconds * 1000));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        // The connection belongs to the RedisBackend, which closes it.
    }
}
