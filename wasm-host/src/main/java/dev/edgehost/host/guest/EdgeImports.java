package dev.edgehost.host.guest;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.HostImport;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.abi.ValueType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The host side of import module {@code edge}: every function unmarshals its arguments from guest
 * memory here, in one place, and delegates to a small capability. Header names and values travel
 * as ISO-8859-1 so that every byte survives unchanged; other strings are UTF-8.
 */
public final class EdgeImports {
    private final RequestCapability request;
    private final ResponseCapability response;
    private final LogCapability log;
    private final ConfigCapability config;
    private final EnvironmentCapability environment;

    public EdgeImports(
            RequestCapability request,
            ResponseCapability response,
            LogCapability log,
            ConfigCapability config,
            EnvironmentCapability environment) {
        this.request = request;
        this.response = response;
        this.log = log;
        this.config = config;
        this.environment = environment;
    }

    /** The Chicory type of an ABI signature. */
    public static FunctionType functionType(HostImport hostImport) {
        return FunctionType.of(valTypes(hostImport.params()), valTypes(hostImport.results()));
    }

    private static List<ValType> valTypes(List<ValueType> types) {
        List<ValType> result = new ArrayList<>(types.size());
        for (ValueType type : types) {
            result.add(type == ValueType.I64 ? ValType.I64 : ValType.I32);
        }
        return result;
    }

    /** Host functions for every import of ABI v1 this host provides. */
    public HostFunction[] hostFunctions() {
        return new HostFunction[] {
            function(HostImport.REQ_METHOD, this::reqMethod),
            function(HostImport.REQ_URL, this::reqUrl),
            function(HostImport.REQ_HEADER, this::reqHeader),
            function(HostImport.REQ_HEADERS, this::reqHeaders),
            function(HostImport.REQ_BODY_READ, this::reqBodyRead),
            function(HostImport.RESP_SET_STATUS, this::respSetStatus),
            function(HostImport.RESP_SET_HEADER, this::respSetHeader),
            function(HostImport.RESP_ADD_HEADER, this::respAddHeader),
            function(HostImport.RESP_WRITE, this::respWrite),
            function(HostImport.LOG, this::log),
            function(HostImport.CONFIG_GET, this::configGet),
            function(HostImport.TIME_NOW_MS, this::timeNowMs),
            function(HostImport.RANDOM_FILL, this::randomFill),
        };
    }

    private static HostFunction function(HostImport hostImport, WasmFunctionHandle handle) {
        return new HostFunction(Abi.IMPORT_MODULE, hostImport.importName(), functionType(hostImport), handle);
    }

    private static GuestMemory memory(Instance instance) {
        return new GuestMemory(instance.memory());
    }

    private static long[] result(int value) {
        return new long[] {value};
    }

    private static int arg(long[] args, int index) {
        return (int) args[index];
    }

    /** {@code req_method(buf, cap) -> i32}: ABI spec §4.1. */
    private long[] reqMethod(Instance instance, long... args) {
        byte[] method = request.method().getBytes(StandardCharsets.ISO_8859_1);
        return result(memory(instance).writeResult(arg(args, 0), arg(args, 1), method));
    }

    /** {@code req_url(buf, cap) -> i32}: ABI spec §4.2. */
    private long[] reqUrl(Instance instance, long... args) {
        byte[] url = request.url().getBytes(StandardCharsets.UTF_8);
        return result(memory(instance).writeResult(arg(args, 0), arg(args, 1), url));
    }

    /** {@code req_header(name, name_len, buf, cap) -> i32}: ABI spec §4.3. */
    private long[] reqHeader(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        String name = latin1(memory.read(arg(args, 0), arg(args, 1)));
        if (!HeaderRules.isToken(name)) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        String value = request.header(name.toLowerCase(Locale.ROOT));
        if (value == null) {
            return result(notFound(memory, arg(args, 2), arg(args, 3)));
        }
        return result(memory.writeResult(arg(args, 2), arg(args, 3), value.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** {@code req_headers(buf, cap) -> i32}: ABI spec §4.4. */
    private long[] reqHeaders(Instance instance, long... args) {
        byte[] lines = request.headerLines().getBytes(StandardCharsets.ISO_8859_1);
        return result(memory(instance).writeResult(arg(args, 0), arg(args, 1), lines));
    }

    /** {@code req_body_read(buf, cap) -> i32}: ABI spec §4.5. */
    private long[] reqBodyRead(Instance instance, long... args) {
        int buf = arg(args, 0);
        int cap = arg(args, 1);
        if (cap < 0) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        GuestMemory memory = memory(instance);
        memory.checkRange(buf, cap);
        byte[] chunk = new byte[Math.min(cap, 64 << 10)];
        int read = request.readBody(chunk, 0, chunk.length);
        memory.write(buf, read == chunk.length ? chunk : Arrays.copyOf(chunk, read));
        return result(read);
    }

    /** {@code resp_set_status(code) -> i32}: ABI spec §5.1. */
    private long[] respSetStatus(Instance instance, long... args) {
        return result(response.setStatus(arg(args, 0)));
    }

    /** {@code resp_set_header(name, name_len, value, value_len) -> i32}: ABI spec §5.2. */
    private long[] respSetHeader(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        String name = latin1(memory.read(arg(args, 0), arg(args, 1)));
        String value = latin1(memory.read(arg(args, 2), arg(args, 3)));
        return result(response.setHeader(name, value));
    }

    /** {@code resp_add_header(name, name_len, value, value_len) -> i32}: ABI spec §5.3. */
    private long[] respAddHeader(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        String name = latin1(memory.read(arg(args, 0), arg(args, 1)));
        String value = latin1(memory.read(arg(args, 2), arg(args, 3)));
        return result(response.addHeader(name, value));
    }

    /** {@code resp_write(ptr, len) -> i32}: ABI spec §5.4. */
    private long[] respWrite(Instance instance, long... args) {
        return result(response.write(memory(instance).read(arg(args, 0), arg(args, 1))));
    }

    /** {@code log(level, ptr, len)}: ABI spec §6.1. An unknown level is logged as {@code info}. */
    private long[] log(Instance instance, long... args) {
        int level = arg(args, 0);
        byte[] message = memory(instance).read(arg(args, 1), arg(args, 2));
        LogLevel logLevel = level >= 0 && level < LogLevel.values().length ? LogLevel.of(level) : LogLevel.INFO;
        log.log(logLevel, new String(message, StandardCharsets.UTF_8));
        return null;
    }

    /** {@code config_get(key, key_len, buf, cap) -> i32}: ABI spec §6.2. */
    private long[] configGet(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        String key = strictUtf8(memory.read(arg(args, 0), arg(args, 1)));
        String value = key == null ? null : config.get(key);
        if (value == null) {
            return result(notFound(memory, arg(args, 2), arg(args, 3)));
        }
        return result(memory.writeResult(arg(args, 2), arg(args, 3), value.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code time_now_ms() -> i64}: ABI spec §6.3. */
    private long[] timeNowMs(Instance instance, long... args) {
        return new long[] {environment.nowMillis()};
    }

    /** {@code random_fill(ptr, len) -> i32}: ABI spec §6.4. */
    private long[] randomFill(Instance instance, long... args) {
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

    /** The result for an absent value: the buffer is still checked, as if it were written. */
    private static int notFound(GuestMemory memory, int buf, int cap) {
        if (cap < 0) {
            return ErrorCode.INVALID_ARGUMENT.value();
        }
        memory.checkRange(buf, cap);
        return ErrorCode.NOT_FOUND.value();
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

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
