package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.arg;
import static dev.edgehost.host.capability.Marshalling.function;
import static dev.edgehost.host.capability.Marshalling.memory;
import static dev.edgehost.host.capability.Marshalling.notFound;
import static dev.edgehost.host.capability.Marshalling.result;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
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
 * a request's state comes in through {@link #bind}.
 */
public final class EnvironmentImports implements HostCapability {

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
    public List<HostFunction> bind(GuestCapabilities capabilities) {
        return List.of(
                function(HostImport.LOG, (instance, args) -> log(capabilities.log(), instance, args)),
                function(HostImport.CONFIG_GET, (instance, args) -> configGet(capabilities.config(), instance, args)),
                function(HostImport.TIME_NOW_MS, (instance, args) -> timeNowMs(capabilities.environment(), instance, args)),
                function(HostImport.RANDOM_FILL, (instance, args) -> randomFill(capabilities.environment(), instance, args)));
    }

    /** {@code log(level, ptr, len)}: ABI spec §6.1. An unknown level is logged as {@code info}. */
    private static long[] log(LogCapability log, Instance instance, long... args) {
        int level = arg(args, 0);
        byte[] message = memory(instance).read(arg(args, 1), arg(args, 2));
        LogLevel logLevel = level >= LogLevel.DEBUG.value() && level <= LogLevel.ERROR.value() ? LogLevel.of(level) : LogLevel.INFO;
        log.log(logLevel, new String(message, StandardCharsets.UTF_8));
        return null;
    }

    /** {@code config_get(key, key_len, buf, cap) -> i32}: ABI spec §6.2. */
    private static long[] configGet(ConfigCapability config, Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        String key = strictUtf8(memory.read(arg(args, 0), arg(args, 1)));
        String value = key == null ? null : config.get(key);
        if (value == null) {
            return result(notFound(memory, arg(args, 2), arg(args, 3)));
        }
        return result(memory.writeResult(arg(args, 2), arg(args, 3), value.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code time_now_ms() -> i64}: ABI spec §6.3. */
    private static long[] timeNowMs(EnvironmentCapability environment, Instance instance, long... args) {
        return new long[] {environment.nowMillis()};
    }

    /** {@code random_fill(ptr, len) -> i32}: ABI spec §6.4. */
    private static long[] randomFill(EnvironmentCapability environment, Instance instance, long... args) {
        int ptr = arg(args, 0);
        int len = arg(args, 1);
        if (len < 0 || len > Abi.RANDOM_FILL_MAX) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        GuestMemory memory = memory(instance);
        memory.checkRange(ptr, len);
        byte[] random = new byte[len];
        environment.fillRandom(random);
        memory.write(ptr, random);
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
