package dev.edgehost.host.guest;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.DigestAlgorithm;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.HostImport;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.abi.SignatureAlgorithm;
import dev.edgehost.abi.ValueType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntSupplier;

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
    private final KvCapability kv;
    private final FetchCapability fetch;
    private final CryptoCapability crypto;

    public EdgeImports(GuestCapabilities capabilities) {
        this.request = capabilities.request();
        this.response = capabilities.response();
        this.log = capabilities.log();
        this.config = capabilities.config();
        this.environment = capabilities.environment();
        this.kv = capabilities.kv();
        this.fetch = capabilities.fetch();
        this.crypto = capabilities.crypto();
    }

    /** Built once: every request links all host functions, and each needs its type. */
    private static final Map<HostImport, FunctionType> TYPES = types();

    private static Map<HostImport, FunctionType> types() {
        Map<HostImport, FunctionType> types = new EnumMap<>(HostImport.class);
        for (HostImport hostImport : HostImport.values()) {
            types.put(hostImport, FunctionType.of(valTypes(hostImport.params()), valTypes(hostImport.results())));
        }
        return types;
    }

    /** The Chicory type of an ABI signature. */
    public static FunctionType functionType(HostImport hostImport) {
        return TYPES.get(hostImport);
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
            function(HostImport.KV_GET, this::kvGet),
            function(HostImport.KV_SET, this::kvSet),
            function(HostImport.KV_DELETE, this::kvDelete),
            function(HostImport.KV_INCR, this::kvIncr),
            function(HostImport.KV_LIST, this::kvList),
            function(HostImport.FETCH, this::fetch),
            function(HostImport.FETCH_STATUS, this::fetchStatus),
            function(HostImport.FETCH_HEADER, this::fetchHeader),
            function(HostImport.FETCH_HEADERS, this::fetchHeaders),
            function(HostImport.FETCH_BODY_READ, this::fetchBodyRead),
            function(HostImport.FETCH_CLOSE, this::fetchClose),
            function(HostImport.CRYPTO_DIGEST, this::cryptoDigest),
            function(HostImport.CRYPTO_HMAC, this::cryptoHmac),
            function(HostImport.CRYPTO_VERIFY, this::cryptoVerify),
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
        return result(readInto(memory(instance), arg(args, 0), arg(args, 1), request::readBody));
    }

    /** Reads the next chunk of a body into {@code [buf, buf + cap)} (§4.5, §12.5). */
    private static int readInto(GuestMemory memory, int buf, int cap, BodySource body) {
        if (cap < 0) {
            return ErrorCode.INVALID_ARGUMENT.value();
        }
        memory.checkRange(buf, cap);
        byte[] chunk = new byte[Math.min(cap, 64 << 10)];
        int read = body.read(chunk, 0, chunk.length);
        memory.write(buf, read == chunk.length ? chunk : Arrays.copyOf(chunk, read));
        return read;
    }

    /** Where {@link #readInto} reads from. */
    @FunctionalInterface
    private interface BodySource {
        int read(byte[] target, int offset, int length);
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
        LogLevel logLevel = level >= LogLevel.DEBUG.value() && level <= LogLevel.ERROR.value() ? LogLevel.of(level) : LogLevel.INFO;
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

    /** {@code kv_get(key, key_len, buf, cap) -> i32}: ABI spec §11.1. */
    private long[] kvGet(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        byte[] key = memory.read(arg(args, 0), arg(args, 1));
        int buf = arg(args, 2);
        int cap = arg(args, 3);
        if (cap < 0) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        memory.checkRange(buf, cap);
        return abiResult(
                () -> {
                    byte[] value = kv.get(key);
                    return value == null ? ErrorCode.NOT_FOUND.value() : memory.writeResult(buf, cap, value);
                });
    }

    /** {@code kv_set(key, key_len, value, value_len, ttl_seconds) -> i32}: ABI spec §11.2. */
    private long[] kvSet(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        byte[] key = memory.read(arg(args, 0), arg(args, 1));
        byte[] value = memory.read(arg(args, 2), arg(args, 3));
        return abiResult(
                () -> {
                    kv.set(key, value, arg(args, 4));
                    return 0;
                });
    }

    /** {@code kv_delete(key, key_len) -> i32}: ABI spec §11.3. */
    private long[] kvDelete(Instance instance, long... args) {
        byte[] key = memory(instance).read(arg(args, 0), arg(args, 1));
        return abiResult(() -> kv.delete(key) ? 0 : ErrorCode.NOT_FOUND.value());
    }

    /** {@code kv_incr(key, key_len, delta: i64, ttl_seconds, out_ptr) -> i32}: ABI spec §11.4. */
    private long[] kvIncr(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        byte[] key = memory.read(arg(args, 0), arg(args, 1));
        long delta = args[2];
        int out = arg(args, 4);
        memory.checkRange(out, Long.BYTES);
        return abiResult(
                () -> {
                    long value = kv.increment(key, delta, arg(args, 3));
                    memory.write(out, ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
                    return 0;
                });
    }

    /** {@code kv_list(prefix, prefix_len, after, after_len, buf, cap) -> i32}: ABI spec §11.5. */
    private long[] kvList(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        byte[] prefix = memory.read(arg(args, 0), arg(args, 1));
        byte[] after = memory.read(arg(args, 2), arg(args, 3));
        int buf = arg(args, 4);
        int cap = arg(args, 5);
        if (cap < 0) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        memory.checkRange(buf, cap);
        // Every entry takes at least 5 bytes, so no more keys than this can fit.
        int limit = Math.min(cap / 5 + 1, 1_024);
        return abiResult(
                () -> {
                    ByteArrayOutputStream entries = new ByteArrayOutputStream();
                    for (byte[] key : kv.list(prefix, after, limit)) {
                        if (entries.size() + Integer.BYTES + key.length > cap) {
                            if (entries.size() == 0) {
                                return ErrorCode.LIMIT_EXCEEDED.value();
                            }
                            break;
                        }
                        entries.writeBytes(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(key.length).array());
                        entries.writeBytes(key);
                    }
                    memory.write(buf, entries.toByteArray());
                    return entries.size();
                });
    }

    /** {@code fetch(method, method_len, url, url_len, headers, headers_len, body, body_len) -> i32}: ABI spec §12.1. */
    private long[] fetch(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        String method = latin1(memory.read(arg(args, 0), arg(args, 1)));
        String url = new String(memory.read(arg(args, 2), arg(args, 3)), StandardCharsets.UTF_8);
        String headers = latin1(memory.read(arg(args, 4), arg(args, 5)));
        byte[] body = memory.read(arg(args, 6), arg(args, 7));
        return abiResult(() -> fetch.fetch(method, url, headers, body));
    }

    /** {@code fetch_status(handle) -> i32}: ABI spec §12.2. */
    private long[] fetchStatus(Instance instance, long... args) {
        return abiResult(() -> fetch.response(arg(args, 0)).status());
    }

    /** {@code fetch_header(handle, name, name_len, buf, cap) -> i32}: ABI spec §12.3. */
    private long[] fetchHeader(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        String name = latin1(memory.read(arg(args, 1), arg(args, 2)));
        return abiResult(
                () -> {
                    FetchResponse fetched = fetch.response(arg(args, 0));
                    if (!HeaderRules.isToken(name)) {
                        return ErrorCode.INVALID_ARGUMENT.value();
                    }
                    String value = fetched.header(name.toLowerCase(Locale.ROOT));
                    if (value == null) {
                        return notFound(memory, arg(args, 3), arg(args, 4));
                    }
                    return memory.writeResult(arg(args, 3), arg(args, 4), value.getBytes(StandardCharsets.ISO_8859_1));
                });
    }

    /** {@code fetch_headers(handle, buf, cap) -> i32}: ABI spec §12.4. */
    private long[] fetchHeaders(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        return abiResult(
                () -> {
                    byte[] lines = fetch.response(arg(args, 0)).headerLines().getBytes(StandardCharsets.ISO_8859_1);
                    return memory.writeResult(arg(args, 1), arg(args, 2), lines);
                });
    }

    /** {@code fetch_body_read(handle, buf, cap) -> i32}: ABI spec §12.5. */
    private long[] fetchBodyRead(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        return abiResult(() -> readInto(memory, arg(args, 1), arg(args, 2), fetch.response(arg(args, 0))::readBody));
    }

    /** {@code fetch_close(handle) -> i32}: ABI spec §12.6. */
    private long[] fetchClose(Instance instance, long... args) {
        return abiResult(
                () -> {
                    fetch.close(arg(args, 0));
                    return 0;
                });
    }

    /** {@code crypto_digest(alg, data, data_len, buf, cap) -> i32}: ABI spec §13.1. */
    private long[] cryptoDigest(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        byte[] data = memory.read(arg(args, 1), arg(args, 2));
        return digestResult(memory, arg(args, 0), arg(args, 3), arg(args, 4), algorithm -> crypto.digest(algorithm, data));
    }

    /** {@code crypto_hmac(alg, key, key_len, data, data_len, buf, cap) -> i32}: ABI spec §13.2. */
    private long[] cryptoHmac(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        byte[] key = memory.read(arg(args, 1), arg(args, 2));
        byte[] data = memory.read(arg(args, 3), arg(args, 4));
        return digestResult(memory, arg(args, 0), arg(args, 5), arg(args, 6), algorithm -> crypto.hmac(algorithm, key, data));
    }

    /** Writes what {@code compute} makes with the algorithm {@code alg} names into the buffer (§3.2). */
    private static long[] digestResult(
            GuestMemory memory, int alg, int buf, int cap, Function<DigestAlgorithm, byte[]> compute) {
        if (cap < 0) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        memory.checkRange(buf, cap);
        DigestAlgorithm algorithm = DigestAlgorithm.of(alg);
        if (algorithm == null) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        return abiResult(() -> memory.writeResult(buf, cap, compute.apply(algorithm)));
    }

    /** {@code crypto_verify(alg, key, key_len, data, data_len, sig, sig_len) -> i32}: ABI spec §13.3. */
    private long[] cryptoVerify(Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        byte[] key = memory.read(arg(args, 1), arg(args, 2));
        byte[] data = memory.read(arg(args, 3), arg(args, 4));
        byte[] signature = memory.read(arg(args, 5), arg(args, 6));
        SignatureAlgorithm algorithm = SignatureAlgorithm.of(arg(args, 0));
        if (algorithm == null) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        return abiResult(() -> crypto.verify(algorithm, key, data, signature) ? 1 : 0);
    }

    /** Runs an operation whose refusal is an ABI error code for the guest, not a failure. */
    private static long[] abiResult(IntSupplier operation) {
        try {
            return result(operation.getAsInt());
        } catch (AbiErrorException e) {
            return result(e.code().value());
        }
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
