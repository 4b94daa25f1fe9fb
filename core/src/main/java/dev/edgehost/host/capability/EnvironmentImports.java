package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.arg;
import static dev.edgehost.host.capability.Marshalling.function;
import static dev.edgehost.host.capability.Marshalling.memory;
import static dev.edgehost.host.capability.Marshalling.notFound;
import static dev.edgehost.host.capability.Marshalling.result;

import com.dylibso.chicory.runtime.HostFunction;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.HostImport;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.Limit;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The environment capability (ABI spec §6). Logging, configuration, the clock and randomness. It
 * owns these imports, their marshalling from guest memory and the limits they enforce. Stateless:
 * the request's state is found through {@link #bind}'s {@link CurrentRequest} at each call.
 */
public final class EnvironmentImports implements HostCapability {
    /**
     * The most bytes of one message {@code log} reads: enough for more UTF-8 text than a log line
     * keeps (every character takes at most three bytes), so the line logged is the same as if the
     * whole message had been read.
     */
    static final int LOG_READ_MAX = 3 * (FunctionLog.MAX_LINE_CHARS + 1);

    static final EnvironmentImports UNIT = new EnvironmentImports();

    private EnvironmentImports() {}

    @Override
    public String name() {
        return "environment";
    }

    @Override
    public List<Limit> limits() {
        return List.of();
    }

    @Override
    public List<HostFunction> bind(CurrentRequest current) {
        return List.of(
                function(HostImport.LOG, (instance, args) -> log(current.capabilities().log(), memory(instance, current), args)),
                function(HostImport.CONFIG_GET, (instance, args) -> configGet(current.capabilities().config(), memory(instance, current), args)),
                function(HostImport.TIME_NOW_MS, (instance, args) -> new long[] {current.capabilities().environment().nowMillis()}),
                function(HostImport.RANDOM_FILL,
                        (instance, args) -> randomFill(current.capabilities().environment(), memory(instance, current), args)));
    }

    /**
     * {@code log(level, ptr, len)}: ABI spec §6.1. An unknown level is logged as {@code info}. Reads
     * no more of the message than a log line keeps, and nothing once the log takes no more lines.
     */
    private static long[] log(LogCapability log, GuestMemory memory, long... args) {
        int level = arg(args, 0);
        int ptr = arg(args, 1);
        int len = arg(args, 2);
        memory.checkRange(ptr, len);
        if (log.isFull()) {
            return null;
        }
        byte[] message = memory.read(ptr, Math.min(len, LOG_READ_MAX));
        LogLevel logLevel = level >= LogLevel.DEBUG.value() && level <= LogLevel.ERROR.value() ? LogLevel.of(level) : LogLevel.INFO;
        log.log(logLevel, new String(message, StandardCharsets.UTF_8));
        return null;
    }

    /** {@code config_get(key, key_len, buf, cap) -> i32}: ABI spec §6.2. */
    private static long[] configGet(ConfigCapability config, GuestMemory memory, long... args) {
        String key = strictUtf8(memory.read(arg(args, 0), arg(args, 1)));
        String value = key == null ? null : config.get(key);
        if (value == null) {
            return result(notFound(memory, arg(args, 2), arg(args, 3)));
        }
        return result(memory.writeResult(arg(args, 2), arg(args, 3), value.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code random_fill(ptr, len) -> i32}: ABI spec §6.4. */
    private static long[] randomFill(EnvironmentCapability environment, GuestMemory memory, long... args) {
        int ptr = arg(args, 0);
        int len = arg(args, 1);
        if (len < 0 || len > Abi.RANDOM_FILL_MAX) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        memory.fill(ptr, len, environment::fillRandom);
        return result(0);
    }

    /**
     * The bytes as UTF-8, or {@code null} when they are not valid UTF-8: decoding them leniently
     * would turn a stray byte into U+FFFD and could match a key that contains that character.
     */
    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
