package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.GuestTestSupport.MEMORY_BYTES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.edgehost.abi.Abi;
import dev.edgehost.abi.DigestAlgorithm;
import dev.edgehost.abi.HostImport;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.capability.GuestTestSupport.Line;
import dev.edgehost.host.capability.GuestTestSupport.RecordingLog;
import dev.edgehost.host.fetch.FetchClients;
import dev.edgehost.host.fetch.FunctionFetch;
import dev.edgehost.host.fetch.OriginAllowList;
import dev.edgehost.host.fetch.TraceParent;
import dev.edgehost.host.kv.FunctionKv;
import dev.edgehost.host.kv.MvStoreKvBackend;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostCapabilitiesTest {
    private static final long NOW = 1_700_000_000_123L;
    /** The 70-byte URL of the worked example in SPEC.md §3.2. */
    private static final String URL = "https://example.com/search?q=webassembly&lang=en&page=2&sort=relevance";

    private static final int MAX_BODY = 16;
    private static final int MAX_HEADERS = 3;

    /** Where the tests put the byte strings they pass in, and the buffers they pass out. */
    private static final int NAME = 0x100;
    private static final int VALUE = 0x200;
    private static final int BUF = 0x1000;
    /** Fills buffers before a call so that untouched bytes show; reads as {@code U} in text. */
    private static final byte MARK = 0x55;

    private static final Set<String> BOTH_MODULES = Set.of(Abi.IMPORT_MODULE, Abi.WASI_MODULE);

    private final Instance instance = GuestTestSupport.instance();
    private final Memory memory = instance.memory();
    private final RecordingLog log = new RecordingLog();
    private final Map<String, String> config = new HashMap<>();
    private final List<Integer> randomRequests = new ArrayList<>();
    private final EnvironmentCapability environment =
            new EnvironmentCapability() {
                @Override
                public long nowMillis() {
                    return NOW;
                }

                @Override
                public void fillRandom(byte[] target) {
                    randomRequests.add(target.length);
                    for (int i = 0; i < target.length; i++) {
                        target[i] = (byte) (0xA0 + i);
                    }
                }
            };
    private final GuestResponse response = new GuestResponse(MAX_BODY, MAX_HEADERS, 1 << 16);
    private final KvCapability kv = new FunctionKv(MvStoreKvBackend.inMemory(), "fn/test", FunctionLimits.defaults());
    private final FetchCapability fetch =
            new FunctionFetch(
                    new FetchClients(),
                    OriginAllowList.parse(List.of()),
                    FunctionLimits.defaults(),
                    "request-1",
                    TraceParent.continueOrStart(null),
                    System.nanoTime() + Duration.ofMinutes(1).toNanos());
    private GuestRequest request = new GuestRequest("GET", URL, List.of(), new byte[0]);

    private GuestCapabilities capabilities() {
        return new GuestCapabilities(request, response, log, config::get, environment, kv, fetch, new JdkCrypto(), GuestTestSupport.work(), GuestTestSupport.process());
    }

    // --- Calling the host functions as a guest would ---

    private long[] invoke(HostImport function, long... args) {
        HostFunction host =
                Arrays.stream(HostCapabilities.hostFunctions(capabilities(), BOTH_MODULES))
                        .filter(candidate -> candidate.name().equals(function.importName()))
                        .findFirst()
                        .orElseThrow();
        return host.handle().apply(instance, args);
    }

    private int call(HostImport function, long... args) {
        return (int) invoke(function, args)[0];
    }

    private int put(int ptr, byte[] bytes) {
        memory.write(ptr, bytes);
        return bytes.length;
    }

    private int put(int ptr, String text) {
        return put(ptr, text.getBytes(StandardCharsets.UTF_8));
    }

    private void mark(int ptr, int len) {
        byte[] marks = new byte[len];
        Arrays.fill(marks, MARK);
        memory.write(ptr, marks);
    }

    private byte[] bytesAt(int ptr, int len) {
        return memory.readBytes(ptr, len);
    }

    private String textAt(int ptr, int len) {
        return new String(bytesAt(ptr, len), StandardCharsets.UTF_8);
    }

    private int reqHeader(String name, int buf, int cap) {
        return call(HostImport.REQ_HEADER, NAME, put(NAME, name), buf, cap);
    }

    private int setHeader(String name, String value) {
        return call(HostImport.RESP_SET_HEADER, NAME, put(NAME, name), VALUE, put(VALUE, value));
    }

    private int addHeader(String name, String value) {
        return call(HostImport.RESP_ADD_HEADER, NAME, put(NAME, name), VALUE, put(VALUE, value));
    }

    private int configGet(String key, int buf, int cap) {
        return call(HostImport.CONFIG_GET, NAME, put(NAME, key), buf, cap);
    }

    private static GuestRequest requestWithHeaders(String... namesAndValues) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new GuestRequest("GET", URL, headers, new byte[0]);
    }

    private static GuestRequest requestWithBody(byte[] body) {
        return new GuestRequest("POST", URL, List.of(), body);
    }

    // --- Registration ---

    @Test
    void hostFunctions_everyImportOfAbiV1_isProvidedOnceUnderModuleEdge() {
        List<HostFunction> functions =
                Arrays.stream(HostCapabilities.hostFunctions(capabilities(), BOTH_MODULES))
                        .filter(function -> function.module().equals(Abi.IMPORT_MODULE))
                        .collect(Collectors.toList());

        Set<String> expected =
                Arrays.stream(HostImport.values())
                        .map(HostImport::importName)
                        .collect(Collectors.toSet());
        assertEquals(expected.size(), functions.size());
        assertEquals(expected, functions.stream().map(HostFunction::name).collect(Collectors.toSet()));
        for (HostFunction function : functions) {
            HostImport hostImport = HostImport.byName(function.name());
            assertEquals(HostCapabilities.functionType(hostImport), function.functionType(), function.name());
        }
    }

    @Test
    void hostFunctions_everyWasiFunction_isProvidedOnceUnderItsModuleWithItsType() {
        Map<String, FunctionType> wasi = new HashMap<>();
        for (HostFunction function : HostCapabilities.hostFunctions(capabilities(), BOTH_MODULES)) {
            if (function.module().equals(Abi.WASI_MODULE)) {
                assertEquals(null, wasi.put(function.name(), function.functionType()), function.name());
            } else {
                assertEquals(Abi.IMPORT_MODULE, function.module(), function.name());
            }
        }
        assertEquals(WasiImports.functionTypes(), wasi);
        assertEquals(46, wasi.size(), "every function of WASI preview1");
    }

    @Test
    void hostFunctions_onlyTheModulesImported_areBound() {
        HostFunction[] edgeOnly = HostCapabilities.hostFunctions(capabilities(), Set.of(Abi.IMPORT_MODULE));
        HostFunction[] wasiOnly = HostCapabilities.hostFunctions(capabilities(), Set.of(Abi.WASI_MODULE));

        assertEquals(HostImport.values().length, edgeOnly.length);
        assertTrue(Arrays.stream(wasiOnly).allMatch(function -> function.module().equals(Abi.WASI_MODULE)));
        assertEquals(0, HostCapabilities.hostFunctions(capabilities(), Set.of()).length);
    }

    @Test
    void functionType_configGet_hasFourI32ParamsAndI32Result() {
        assertEquals(
                FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32)),
                HostCapabilities.functionType(HostImport.CONFIG_GET));
    }

    @Test
    void functionType_timeNowMs_hasNoParamsAndI64Result() {
        assertEquals(
                FunctionType.of(List.of(), List.of(ValType.I64)), HostCapabilities.functionType(HostImport.TIME_NOW_MS));
    }

    @Test
    void functionType_log_hasNoResult() {
        assertEquals(
                FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()),
                HostCapabilities.functionType(HostImport.LOG));
    }

    // --- §4.1 req_method ---

    @Test
    void reqMethod_capLargerThanValue_writesMethodAndReturnsLength() {
        request = new GuestRequest("PATCH", URL, List.of(), new byte[0]);
        mark(BUF, 8);

        assertEquals(5, call(HostImport.REQ_METHOD, BUF, 8));

        assertEquals("PATCH" + "UUU", textAt(BUF, 8));
    }

    @Test
    void reqMethod_capZero_returnsLengthWithoutWriting() {
        mark(BUF, 1);

        assertEquals(3, call(HostImport.REQ_METHOD, BUF, 0));

        assertEquals(MARK, memory.read(BUF));
    }

    @Test
    void reqMethod_negativeCap_returnsInvalidArgument() {
        assertEquals(-2, call(HostImport.REQ_METHOD, BUF, -1));
    }

    @Test
    void reqMethod_bufferPastMemoryEnd_traps() {
        assertThrows(TrapException.class, () -> call(HostImport.REQ_METHOD, MEMORY_BYTES - 2, 8));
    }

    // --- §4.2 req_url, with the worked example of §3.2 ---

    @Test
    void reqUrl_capSmallerThanValue_writesPrefixAndReturnsFullLength() {
        mark(1024, 70);

        assertEquals(70, call(HostImport.REQ_URL, 1024, 64));

        assertEquals(URL.substring(0, 64), textAt(1024, 64));
        assertEquals(MARK, memory.read(1024 + 64));
    }

    @Test
    void reqUrl_retryWithCapOfReturnedLength_writesWholeUrl() {
        int length = call(HostImport.REQ_URL, 1024, 64);

        assertEquals(70, call(HostImport.REQ_URL, 1024, length));

        assertEquals(URL, textAt(1024, 70));
    }

    @Test
    void reqUrl_nonAsciiPath_writesUtf8AndReturnsByteLength() {
        request = new GuestRequest("GET", "https://example.com/caf\u00e9", List.of(), new byte[0]);

        assertEquals(25, call(HostImport.REQ_URL, BUF, 64));

        assertEquals("https://example.com/caf\u00e9", textAt(BUF, 25));
    }

    @Test
    void reqUrl_negativeCap_returnsInvalidArgument() {
        assertEquals(-2, call(HostImport.REQ_URL, BUF, Integer.MIN_VALUE));
    }

    @Test
    void reqUrl_bufferWrappingAround2To32_traps() {
        assertThrows(TrapException.class, () -> call(HostImport.REQ_URL, -16, 100));
    }

    // --- §4.3 req_header ---

    @Test
    void reqHeader_nameInOtherCase_findsHeader() {
        request = requestWithHeaders("Content-Type", "text/plain");

        assertEquals(10, reqHeader("CONTENT-type", BUF, 64));

        assertEquals("text/plain", textAt(BUF, 10));
    }

    @Test
    void reqHeader_severalLines_joinsValuesInOrderWithCommaSpace() {
        request = requestWithHeaders("Accept", "text/html", "X-Other", "x", "accept", "*/*");

        assertEquals(14, reqHeader("accept", BUF, 64));

        assertEquals("text/html, */*", textAt(BUF, 14));
    }

    @Test
    void reqHeader_capSmallerThanValue_writesPrefixAndReturnsFullLength() {
        request = requestWithHeaders("x-token", "abcdefgh");
        mark(BUF, 4);

        assertEquals(8, reqHeader("x-token", BUF, 3));

        assertEquals("abcU", textAt(BUF, 4));
    }

    @Test
    void reqHeader_presentWithEmptyValue_returnsZero() {
        request = requestWithHeaders("x-empty", "");

        assertEquals(0, reqHeader("x-empty", BUF, 8));
    }

    @Test
    void reqHeader_valueWithBytesAbove127_writesThemUnchanged() {
        // Undertow hands over header bytes as ISO-8859-1 characters; each must reach the guest as one byte.
        request = requestWithHeaders("x-raw", "caf\u00e9\u00ff");

        assertEquals(5, reqHeader("x-raw", BUF, 8));

        assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0xE9, (byte) 0xFF}, bytesAt(BUF, 5));
    }

    @Test
    void reqHeader_absent_returnsNotFoundWithoutWriting() {
        request = requestWithHeaders("x-present", "yes");
        mark(BUF, 8);

        assertEquals(-1, reqHeader("x-absent", BUF, 8));

        assertEquals("UUUUUUUU", textAt(BUF, 8));
    }

    @Test
    void reqHeader_absentWithBufferPastMemoryEnd_traps() {
        // §3.2 step 2 holds even when nothing would be written.
        assertThrows(TrapException.class, () -> reqHeader("x-absent", MEMORY_BYTES - 4, 8));
    }

    @Test
    void reqHeader_absentWithNegativeCap_returnsInvalidArgument() {
        assertEquals(-2, reqHeader("x-absent", BUF, -1));
    }

    @Test
    void reqHeader_presentWithNegativeCap_returnsInvalidArgument() {
        request = requestWithHeaders("x-present", "yes");

        assertEquals(-2, reqHeader("x-present", BUF, -1));
    }

    @Test
    void reqHeader_presentWithBufferPointerNegativeAsSignedInt_traps() {
        request = requestWithHeaders("x-present", "yes");

        assertThrows(TrapException.class, () -> reqHeader("x-present", -4, 4));
    }

    @Test
    void reqHeader_emptyName_returnsInvalidArgument() {
        request = requestWithHeaders("", "value");

        assertEquals(-2, call(HostImport.REQ_HEADER, NAME, 0, BUF, 8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x header", "x:header", "x-header ", "(x)", "x\theader", "\u00e9t\u00e9"})
    void reqHeader_nameNotAToken_returnsInvalidArgument(String name) {
        request = requestWithHeaders(name, "value");

        assertEquals(-2, reqHeader(name, BUF, 8));
    }

    @Test
    void reqHeader_nameNotUtf8_returnsInvalidArgument() {
        request = requestWithHeaders("x-\u00ff", "value");
        int nameLength = put(NAME, new byte[] {'x', '-', (byte) 0xFF});

        assertEquals(-2, call(HostImport.REQ_HEADER, NAME, nameLength, BUF, 8));
    }

    @Test
    void reqHeader_namePastMemoryEnd_traps() {
        assertThrows(TrapException.class, () -> call(HostImport.REQ_HEADER, MEMORY_BYTES - 1, 2, BUF, 8));
    }

    @Test
    void reqHeader_nameLengthNegativeAsSignedInt_traps() {
        assertThrows(TrapException.class, () -> call(HostImport.REQ_HEADER, NAME, -1, BUF, 8));
    }

    // --- §4.4 req_headers ---

    @Test
    void reqHeaders_severalHeaders_writesLowerCaseLinesInOrderUnjoined() {
        request = requestWithHeaders("Host", "example.com", "Accept", "text/html", "ACCEPT", "*/*", "X-Empty", "");
        String expected = "host: example.com\naccept: text/html\naccept: */*\nx-empty: \n";

        assertEquals(expected.length(), call(HostImport.REQ_HEADERS, BUF, 256));

        assertEquals(expected, textAt(BUF, expected.length()));
    }

    @Test
    void reqHeaders_capSmallerThanBlock_writesPrefixAndReturnsFullLength() {
        request = requestWithHeaders("a", "1", "b", "2");
        mark(BUF, 6);

        assertEquals(10, call(HostImport.REQ_HEADERS, BUF, 5));

        assertEquals("a: 1\nU", textAt(BUF, 6));
    }

    @Test
    void reqHeaders_noHeaders_returnsZero() {
        assertEquals(0, call(HostImport.REQ_HEADERS, BUF, 16));
    }

    @Test
    void reqHeaders_negativeCap_returnsInvalidArgument() {
        request = requestWithHeaders("a", "1");

        assertEquals(-2, call(HostImport.REQ_HEADERS, BUF, -5));
    }

    @Test
    void reqHeaders_bufferPastMemoryEnd_traps() {
        assertThrows(TrapException.class, () -> call(HostImport.REQ_HEADERS, MEMORY_BYTES, 1));
    }

    // --- §4.5 req_body_read ---

    @Test
    void reqBodyRead_capSmallerThanBody_readsChunksToTheEndThenZero() {
        request = requestWithBody("hello world".getBytes(StandardCharsets.UTF_8));

        assertEquals(4, call(HostImport.REQ_BODY_READ, BUF, 4));
        assertEquals("hell", textAt(BUF, 4));
        assertEquals(4, call(HostImport.REQ_BODY_READ, BUF, 4));
        assertEquals("o wo", textAt(BUF, 4));
        assertEquals(3, call(HostImport.REQ_BODY_READ, BUF, 4));
        assertEquals("rld", textAt(BUF, 3));
        assertEquals(0, call(HostImport.REQ_BODY_READ, BUF, 4));
        assertEquals(0, call(HostImport.REQ_BODY_READ, BUF, 4));
    }

    @Test
    void reqBodyRead_capLargerThanRest_writesRestAndLeavesBufferTailUntouched() {
        request = requestWithBody(new byte[] {1, 2, 3});
        mark(BUF, 6);

        assertEquals(3, call(HostImport.REQ_BODY_READ, BUF, 6));

        assertArrayEquals(new byte[] {1, 2, 3, MARK, MARK, MARK}, bytesAt(BUF, 6));
    }

    @Test
    void reqBodyRead_bodyLargerThanMemory_readsWholeBodyInALoop() {
        byte[] body = new byte[100_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        request = requestWithBody(body);

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int read;
        while ((read = call(HostImport.REQ_BODY_READ, 0, MEMORY_BYTES)) > 0) {
            received.writeBytes(bytesAt(0, read));
        }

        assertEquals(0, read);
        assertArrayEquals(body, received.toByteArray());
    }

    @Test
    void reqBodyRead_capZero_returnsZeroAndConsumesNothing() {
        request = requestWithBody(new byte[] {9, 8, 7});

        assertEquals(0, call(HostImport.REQ_BODY_READ, BUF, 0));

        assertEquals(3, call(HostImport.REQ_BODY_READ, BUF, 8));
        assertArrayEquals(new byte[] {9, 8, 7}, bytesAt(BUF, 3));
    }

    @Test
    void reqBodyRead_noBody_returnsZero() {
        assertEquals(0, call(HostImport.REQ_BODY_READ, BUF, 8));
    }

    @Test
    void reqBodyRead_negativeCap_returnsInvalidArgumentAndConsumesNothing() {
        request = requestWithBody(new byte[] {9, 8, 7});

        assertEquals(-2, call(HostImport.REQ_BODY_READ, BUF, -1));

        assertEquals(3, call(HostImport.REQ_BODY_READ, BUF, 8));
    }

    @Test
    void reqBodyRead_bufferPastMemoryEnd_trapsAndConsumesNothing() {
        // The body fits in memory, but the whole buffer must; a trapping call has no other effect (§3.4).
        request = requestWithBody(new byte[] {9, 8, 7});

        assertThrows(TrapException.class, () -> call(HostImport.REQ_BODY_READ, MEMORY_BYTES - 4, 8));

        assertEquals(3, call(HostImport.REQ_BODY_READ, BUF, 8));
    }

    @Test
    void reqBodyRead_bufferWrappingAround2To32_traps() {
        request = requestWithBody(new byte[] {9, 8, 7});

        assertThrows(TrapException.class, () -> call(HostImport.REQ_BODY_READ, -2, 8));
    }

    // --- §5.1 resp_set_status ---

    @ParameterizedTest
    @ValueSource(ints = {200, 204, 404, 599})
    void respSetStatus_finalStatus_setsItAndReturnsZero(int status) {
        assertEquals(0, call(HostImport.RESP_SET_STATUS, status));

        assertEquals(status, response.status());
    }

    @ParameterizedTest
    @ValueSource(ints = {99, 600, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void respSetStatus_outside100To599_returnsInvalidArgumentAndKeepsStatus(int status) {
        call(HostImport.RESP_SET_STATUS, 201);

        assertEquals(-2, call(HostImport.RESP_SET_STATUS, status));

        assertEquals(201, response.status());
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 101, 103, 199})
    void respSetStatus_informational_returnsDeniedAndKeepsStatus(int status) {
        assertEquals(-4, call(HostImport.RESP_SET_STATUS, status));

        assertEquals(200, response.status());
    }

    // --- §5.2 resp_set_header and §5.3 resp_add_header ---

    @Test
    void respSetHeader_newHeader_addsItWithLowerCaseName() {
        assertEquals(0, setHeader("Content-Type", "text/plain"));

        assertEquals(List.of(Map.entry("content-type", "text/plain")), response.headers());
    }

    @Test
    void respSetHeader_existingHeaderInOtherCase_replacesEveryValue() {
        addHeader("Set-Cookie", "a=1");
        addHeader("x-other", "o");
        addHeader("set-cookie", "b=2");

        assertEquals(0, setHeader("SET-COOKIE", "c=3"));

        assertEquals(List.of(Map.entry("x-other", "o"), Map.entry("set-cookie", "c=3")), response.headers());
    }

    @Test
    void respAddHeader_existingHeader_keepsEveryValueInOrder() {
        setHeader("set-cookie", "a=1");

        assertEquals(0, addHeader("Set-Cookie", "b=2"));

        assertEquals(List.of(Map.entry("set-cookie", "a=1"), Map.entry("set-cookie", "b=2")), response.headers());
    }

    @Test
    void respSetHeader_valueWithBytesAbove127_keepsThemUnchanged() {
        int valueLength = put(VALUE, new byte[] {'c', 'a', 'f', (byte) 0xE9});

        assertEquals(0, call(HostImport.RESP_SET_HEADER, NAME, put(NAME, "x-raw"), VALUE, valueLength));

        assertEquals(List.of(Map.entry("x-raw", "caf\u00e9")), response.headers());
    }

    @Test
    void respSetHeader_emptyValue_isAccepted() {
        assertEquals(0, setHeader("x-empty", ""));

        assertEquals(List.of(Map.entry("x-empty", "")), response.headers());
    }

    @ParameterizedTest
    @ValueSource(bytes = {'\r', '\n', 0})
    void respSetHeader_valueWithCrLfOrNul_returnsInvalidArgumentAndKeepsHeaders(byte forbidden) {
        setHeader("x-kept", "1");
        int valueLength = put(VALUE, new byte[] {'o', 'k', forbidden, 'x'});

        assertEquals(-2, call(HostImport.RESP_SET_HEADER, NAME, put(NAME, "x-kept"), VALUE, valueLength));

        assertEquals(List.of(Map.entry("x-kept", "1")), response.headers());
    }

    @ParameterizedTest
    @ValueSource(bytes = {'\r', '\n', 0})
    void respAddHeader_valueWithCrLfOrNul_returnsInvalidArgument(byte forbidden) {
        int valueLength = put(VALUE, new byte[] {forbidden});

        assertEquals(-2, call(HostImport.RESP_ADD_HEADER, NAME, put(NAME, "x-new"), VALUE, valueLength));

        assertEquals(List.of(), response.headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x header", "x:y", "x\u00e9", "x\r\ny"})
    void respSetHeader_nameNotAToken_returnsInvalidArgument(String name) {
        assertEquals(-2, setHeader(name, "v"));

        assertEquals(List.of(), response.headers());
    }

    @Test
    void respAddHeader_nameNotAToken_returnsInvalidArgument() {
        assertEquals(-2, addHeader("x/y", "v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-request-id", "Content-Length", "TRANSFER-ENCODING", "Connection", "server-timing"})
    void respSetHeader_hostOwnedName_returnsDenied(String name) {
        assertEquals(-4, setHeader(name, "1"));

        assertEquals(List.of(), response.headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Request-Id", "keep-alive", "Upgrade", "TRAILER"})
    void respAddHeader_hostOwnedName_returnsDenied(String name) {
        assertEquals(-4, addHeader(name, "1"));

        assertEquals(List.of(), response.headers());
    }

    @Test
    void respAddHeader_atHeaderLimit_returnsLimitExceeded() {
        addHeader("a", "1");
        addHeader("b", "2");
        addHeader("c", "3");

        assertEquals(-3, addHeader("a", "4"));

        assertEquals(MAX_HEADERS, response.headers().size());
    }

    @Test
    void respSetHeader_newNameAtHeaderLimit_returnsLimitExceeded() {
        addHeader("a", "1");
        addHeader("b", "2");
        addHeader("c", "3");

        assertEquals(-3, setHeader("d", "4"));

        assertEquals(List.of(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3")), response.headers());
    }

    @Test
    void respSetHeader_existingNameAtHeaderLimit_replacesIt() {
        addHeader("a", "1");
        addHeader("b", "2");
        addHeader("c", "3");

        assertEquals(0, setHeader("B", "20"));

        assertEquals(List.of(Map.entry("a", "1"), Map.entry("c", "3"), Map.entry("b", "20")), response.headers());
    }

    @Test
    void respSetHeader_namePastMemoryEnd_trapsAndKeepsHeaders() {
        assertThrows(
                TrapException.class, () -> call(HostImport.RESP_SET_HEADER, MEMORY_BYTES - 2, 4, VALUE, 0));

        assertEquals(List.of(), response.headers());
    }

    @Test
    void respAddHeader_valueRangeWrappingAround2To32_traps() {
        int nameLength = put(NAME, "x-ok");

        assertThrows(TrapException.class, () -> call(HostImport.RESP_ADD_HEADER, NAME, nameLength, -4, 8));

        assertEquals(List.of(), response.headers());
    }

    // --- §5.4 resp_write ---

    @Test
    void respWrite_withinLimit_appendsBytesAndReturnsLength() {
        int length = put(VALUE, "hello ");
        put(VALUE + 16, "world");

        assertEquals(6, call(HostImport.RESP_WRITE, VALUE, length));
        assertEquals(5, call(HostImport.RESP_WRITE, VALUE + 16, 5));

        assertEquals("hello world", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void respWrite_upToExactlyTheLimit_isAccepted() {
        put(VALUE, "0123456789abcdef");

        assertEquals(MAX_BODY, call(HostImport.RESP_WRITE, VALUE, MAX_BODY));

        assertEquals(MAX_BODY, response.body().length);
    }

    @Test
    void respWrite_pastTheLimit_returnsLimitExceededAndAppendsNothing() {
        put(VALUE, "0123456789abcdefXYZ");
        call(HostImport.RESP_WRITE, VALUE, 10);

        assertEquals(-3, call(HostImport.RESP_WRITE, VALUE + 10, 7));

        assertEquals("0123456789", new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(6, call(HostImport.RESP_WRITE, VALUE + 10, 6));
    }

    @Test
    void respWrite_emptyRange_returnsZero() {
        assertEquals(0, call(HostImport.RESP_WRITE, MEMORY_BYTES, 0));

        assertEquals(0, response.body().length);
    }

    @Test
    void respWrite_rangePastMemoryEnd_trapsAndAppendsNothing() {
        assertThrows(TrapException.class, () -> call(HostImport.RESP_WRITE, MEMORY_BYTES - 3, 4));

        assertEquals(0, response.body().length);
    }

    @Test
    void respWrite_lengthNegativeAsSignedInt_traps() {
        // §3.1: not an invalid argument but a range of almost 4 GiB.
        assertThrows(TrapException.class, () -> call(HostImport.RESP_WRITE, VALUE, -1));
    }

    // --- §6.1 log ---

    @Test
    void log_eachDefinedLevel_logsMessageAtThatLevel() {
        int length = put(VALUE, "hello");

        for (LogLevel level : LogLevel.values()) {
            invoke(HostImport.LOG, level.value(), VALUE, length);
        }

        assertEquals(
                List.of(
                        new Line(LogLevel.DEBUG, "hello"),
                        new Line(LogLevel.INFO, "hello"),
                        new Line(LogLevel.WARN, "hello"),
                        new Line(LogLevel.ERROR, "hello")),
                log.lines());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 100, -1, Integer.MIN_VALUE})
    void log_unknownLevel_logsAsInfo(int level) {
        invoke(HostImport.LOG, level, VALUE, put(VALUE, "odd level"));

        assertEquals(List.of(new Line(LogLevel.INFO, "odd level")), log.lines());
    }

    @Test
    void log_utf8Message_isDecoded() {
        invoke(HostImport.LOG, 1, VALUE, put(VALUE, "gr\u00fc\u00df \u2713"));

        assertEquals(List.of(new Line(LogLevel.INFO, "gr\u00fc\u00df \u2713")), log.lines());
    }

    @Test
    void log_invalidUtf8_isReplacedWithReplacementCharacter() {
        int length = put(VALUE, new byte[] {'a', (byte) 0xFF, 'b'});

        invoke(HostImport.LOG, 2, VALUE, length);

        assertEquals(List.of(new Line(LogLevel.WARN, "a\uFFFDb")), log.lines());
    }

    @Test
    void log_emptyMessage_logsEmptyLine() {
        invoke(HostImport.LOG, 0, VALUE, 0);

        assertEquals(List.of(new Line(LogLevel.DEBUG, "")), log.lines());
    }

    @Test
    void log_messagePastMemoryEnd_trapsAndLogsNothing() {
        assertThrows(TrapException.class, () -> invoke(HostImport.LOG, 1, MEMORY_BYTES - 1, 2));

        assertEquals(List.of(), log.lines());
    }

    @Test
    void log_messagePointerNegativeAsSignedInt_traps() {
        assertThrows(TrapException.class, () -> invoke(HostImport.LOG, 1, -1, 1));
    }

    // --- §6.2 config_get ---

    @Test
    void configGet_presentKey_writesUtf8ValueAndReturnsByteLength() {
        config.put("greeting", "gr\u00fc\u00df");

        assertEquals(6, configGet("greeting", BUF, 16));

        assertEquals("gr\u00fc\u00df", textAt(BUF, 6));
    }

    @Test
    void configGet_capSmallerThanValue_writesPrefixAndReturnsFullLength() {
        config.put("mode", "production");
        mark(BUF, 5);

        assertEquals(10, configGet("mode", BUF, 4));

        assertEquals("prodU", textAt(BUF, 5));
    }

    @Test
    void configGet_nonAsciiKey_isLookedUpAsUtf8() {
        config.put("cl\u00e9", "value");

        assertEquals(5, configGet("cl\u00e9", BUF, 16));
    }

    @Test
    void configGet_keyInOtherCase_returnsNotFound() {
        config.put("Mode", "production");

        assertEquals(-1, configGet("mode", BUF, 16));
    }

    @Test
    void configGet_absentKey_returnsNotFoundWithoutWriting() {
        config.put("present", "yes");
        mark(BUF, 4);

        assertEquals(-1, configGet("absent", BUF, 4));

        assertEquals("UUUU", textAt(BUF, 4));
    }

    @Test
    void configGet_emptyKey_returnsNotFound() {
        config.put("present", "yes");

        assertEquals(-1, call(HostImport.CONFIG_GET, NAME, 0, BUF, 4));
    }

    @Test
    void configGet_keyNotUtf8_returnsNotFoundEvenIfItsDecodingMatchesAKey() {
        // A lenient decoder turns the stray byte 0xE9 into U+FFFD and would find this key; §6.2 says
        // a key that is not valid UTF-8 is never found.
        config.put("caf\uFFFD", "lenient");
        int keyLength = put(NAME, new byte[] {'c', 'a', 'f', (byte) 0xE9});

        assertEquals(-1, call(HostImport.CONFIG_GET, NAME, keyLength, BUF, 16));
    }

    @Test
    void configGet_absentKeyWithBufferPastMemoryEnd_traps() {
        assertThrows(TrapException.class, () -> configGet("absent", MEMORY_BYTES - 1, 2));
    }

    @Test
    void configGet_absentKeyWithNegativeCap_returnsInvalidArgument() {
        assertEquals(-2, configGet("absent", BUF, -1));
    }

    @Test
    void configGet_presentKeyWithNegativeCap_returnsInvalidArgument() {
        config.put("mode", "production");

        assertEquals(-2, configGet("mode", BUF, -1));
    }

    @Test
    void configGet_keyPastMemoryEnd_traps() {
        assertThrows(TrapException.class, () -> call(HostImport.CONFIG_GET, MEMORY_BYTES - 1, 4, BUF, 4));
    }

    // --- §6.3 time_now_ms ---

    @Test
    void timeNowMs_returnsEnvironmentTimeAsI64() {
        // NOW does not fit in an i32, so a narrowing anywhere on the way would show.
        assertArrayEquals(new long[] {NOW}, invoke(HostImport.TIME_NOW_MS));
    }

    // --- §6.4 random_fill ---

    @Test
    void randomFill_validRange_writesExactlyLenBytesFromEnvironment() {
        mark(BUF - 1, 6);

        assertEquals(0, call(HostImport.RANDOM_FILL, BUF, 4));

        assertArrayEquals(
                new byte[] {MARK, (byte) 0xA0, (byte) 0xA1, (byte) 0xA2, (byte) 0xA3, MARK}, bytesAt(BUF - 1, 6));
        assertEquals(List.of(4), randomRequests);
    }

    @Test
    void randomFill_maximumLength_fillsWholeRange() {
        assertEquals(0, call(HostImport.RANDOM_FILL, 0, Abi.RANDOM_FILL_MAX));

        assertEquals((byte) 0xA0, memory.read(0));
        assertEquals((byte) (0xA0 + Abi.RANDOM_FILL_MAX - 1), memory.read(Abi.RANDOM_FILL_MAX - 1));
        assertEquals(List.of(Abi.RANDOM_FILL_MAX), randomRequests);
    }

    @Test
    void randomFill_zeroLength_returnsZeroAndWritesNothing() {
        mark(BUF, 1);

        assertEquals(0, call(HostImport.RANDOM_FILL, BUF, 0));

        assertEquals(MARK, memory.read(BUF));
    }

    @ParameterizedTest
    @ValueSource(ints = {65_537, Integer.MAX_VALUE, -1, Integer.MIN_VALUE})
    void randomFill_lengthAbove65536OrNegative_returnsInvalidArgumentWithoutWriting(int length) {
        mark(0, 4);

        assertEquals(-2, call(HostImport.RANDOM_FILL, 0, length));

        assertArrayEquals(new byte[] {MARK, MARK, MARK, MARK}, bytesAt(0, 4));
        assertEquals(List.of(), randomRequests);
    }

    @Test
    void randomFill_rangePastMemoryEnd_trapsWithoutWriting() {
        mark(MEMORY_BYTES - 2, 2);

        assertThrows(TrapException.class, () -> call(HostImport.RANDOM_FILL, MEMORY_BYTES - 2, 4));

        assertArrayEquals(new byte[] {MARK, MARK}, bytesAt(MEMORY_BYTES - 2, 2));
    }

    @Test
    void randomFill_rangeWrappingAround2To32_traps() {
        assertThrows(TrapException.class, () -> call(HostImport.RANDOM_FILL, -2, 4));
    }

    // --- §13 cryptography ---

    private static final byte[] SHA256_ABC =
            HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    @Test
    void cryptoDigest_fullBuffer_writesTheDigestAndReturnsItsLength() {
        int len = put(VALUE, "abc");
        mark(BUF, 40);

        assertEquals(32, call(HostImport.CRYPTO_DIGEST, 1, VALUE, len, BUF, 40));
        assertArrayEquals(SHA256_ABC, bytesAt(BUF, 32));
        assertEquals("UUUUUUUU", textAt(BUF + 32, 8));
    }

    @Test
    void cryptoDigest_smallBuffer_writesThePrefixAndReturnsTheFullLength() {
        int len = put(VALUE, "abc");
        mark(BUF, 16);

        assertEquals(32, call(HostImport.CRYPTO_DIGEST, 1, VALUE, len, BUF, 10));
        assertArrayEquals(Arrays.copyOf(SHA256_ABC, 10), bytesAt(BUF, 10));
        assertEquals("UUUUUU", textAt(BUF + 10, 6));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, -1})
    void cryptoDigest_unknownAlgorithm_returnsInvalidArgumentWithoutWriting(int alg) {
        mark(BUF, 4);
        assertEquals(-2, call(HostImport.CRYPTO_DIGEST, alg, VALUE, put(VALUE, "abc"), BUF, 64));
        assertEquals("UUUU", textAt(BUF, 4));
    }

    @Test
    void cryptoDigest_negativeCap_returnsInvalidArgument() {
        assertEquals(-2, call(HostImport.CRYPTO_DIGEST, 1, VALUE, 3, BUF, -1));
    }

    @Test
    void cryptoDigest_bufferPastMemoryEnd_traps() {
        assertThrows(TrapException.class, () -> call(HostImport.CRYPTO_DIGEST, 1, VALUE, 3, MEMORY_BYTES - 8, 32));
    }

    @Test
    void cryptoDigest_dataPastMemoryEnd_traps() {
        assertThrows(TrapException.class, () -> call(HostImport.CRYPTO_DIGEST, 1, MEMORY_BYTES - 2, 3, BUF, 32));
    }

    @Test
    void cryptoHmac_sha512_writesTheMac() {
        int keyLen = put(NAME, "Jefe");
        int dataLen = put(VALUE, "what do ya want for nothing?");

        assertEquals(64, call(HostImport.CRYPTO_HMAC, 3, NAME, keyLen, VALUE, dataLen, BUF, 64));
        byte[] expected =
                new JdkCrypto()
                        .hmac(
                                DigestAlgorithm.SHA_512,
                                "Jefe".getBytes(StandardCharsets.US_ASCII),
                                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected, bytesAt(BUF, 64));
    }

    @Test
    void cryptoHmac_emptyKey_returnsInvalidArgument() {
        assertEquals(-2, call(HostImport.CRYPTO_HMAC, 1, NAME, 0, VALUE, put(VALUE, "abc"), BUF, 32));
    }

    @Test
    void cryptoHmac_keyPastMemoryEnd_traps() {
        assertThrows(TrapException.class, () -> call(HostImport.CRYPTO_HMAC, 1, MEMORY_BYTES - 1, 2, VALUE, 3, BUF, 32));
    }

    @Test
    void cryptoVerify_es256_returnsOneForAValidSignatureAndZeroOtherwise() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(pair.getPrivate());
        signer.update("payload".getBytes(StandardCharsets.US_ASCII));
        byte[] signature = signer.sign();
        int keyLen = put(NAME, pair.getPublic().getEncoded());
        int dataLen = put(VALUE, "payload");
        int sigLen = put(BUF, signature);

        assertEquals(1, call(HostImport.CRYPTO_VERIFY, 2, NAME, keyLen, VALUE, dataLen, BUF, sigLen));
        assertEquals(0, call(HostImport.CRYPTO_VERIFY, 2, NAME, keyLen, VALUE, dataLen - 1, BUF, sigLen));
        assertEquals(0, call(HostImport.CRYPTO_VERIFY, 2, NAME, keyLen, VALUE, dataLen, BUF, sigLen - 1));
        assertEquals(-2, call(HostImport.CRYPTO_VERIFY, 1, NAME, keyLen, VALUE, dataLen, BUF, sigLen));
        assertEquals(-2, call(HostImport.CRYPTO_VERIFY, 3, NAME, keyLen, VALUE, dataLen, BUF, sigLen));
    }

    @Test
    void cryptoVerify_malformedKey_returnsInvalidArgument() {
        assertEquals(-2, call(HostImport.CRYPTO_VERIFY, 1, NAME, put(NAME, "junk"), VALUE, 3, BUF, 256));
    }

    @Test
    void cryptoVerify_signaturePastMemoryEnd_traps() {
        assertThrows(TrapException.class, () -> call(HostImport.CRYPTO_VERIFY, 2, NAME, 4, VALUE, 3, MEMORY_BYTES - 10, 64));
    }
}
