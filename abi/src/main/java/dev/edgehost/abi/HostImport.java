package dev.edgehost.abi;

import static dev.edgehost.abi.ValueType.I32;
import static dev.edgehost.abi.ValueType.I64;

import java.util.List;

/**
 * Every function of import module {@value Abi#IMPORT_MODULE}, with its exact signature and the
 * SPEC.md section that defines it. Names and signatures are a contract: they never change within
 * ABI v1.
 */
public enum HostImport {
    REQ_METHOD("req_method", "4.1", types(I32, I32), I32),
    REQ_URL("req_url", "4.2", types(I32, I32), I32),
    REQ_HEADER("req_header", "4.3", types(I32, I32, I32, I32), I32),
    REQ_HEADERS("req_headers", "4.4", types(I32, I32), I32),
    REQ_BODY_READ("req_body_read", "4.5", types(I32, I32), I32),

    RESP_SET_STATUS("resp_set_status", "5.1", types(I32), I32),
    RESP_SET_HEADER("resp_set_header", "5.2", types(I32, I32, I32, I32), I32),
    RESP_ADD_HEADER("resp_add_header", "5.3", types(I32, I32, I32, I32), I32),
    RESP_WRITE("resp_write", "5.4", types(I32, I32), I32),
    RESP_FLUSH("resp_flush", "5.6", types(), I32),

    LOG("log", "6.1", types(I32, I32, I32), null),
    CONFIG_GET("config_get", "6.2", types(I32, I32, I32, I32), I32),
    TIME_NOW_MS("time_now_ms", "6.3", types(), I64),
    RANDOM_FILL("random_fill", "6.4", types(I32, I32), I32),

    KV_GET("kv_get", "11.1", types(I32, I32, I32, I32), I32),
    KV_SET("kv_set", "11.2", types(I32, I32, I32, I32, I32), I32),
    KV_DELETE("kv_delete", "11.3", types(I32, I32), I32),
    KV_INCR("kv_incr", "11.4", types(I32, I32, I64, I32, I32), I32),
    KV_LIST("kv_list", "11.5", types(I32, I32, I32, I32, I32, I32), I32),
    FETCH("fetch", "12.1", types(I32, I32, I32, I32, I32, I32, I32, I32), I32),
    FETCH_STATUS("fetch_status", "12.2", types(I32), I32),
    FETCH_HEADER("fetch_header", "12.3", types(I32, I32, I32, I32, I32), I32),
    FETCH_HEADERS("fetch_headers", "12.4", types(I32, I32, I32), I32),
    FETCH_BODY_READ("fetch_body_read", "12.5", types(I32, I32, I32), I32),
    FETCH_CLOSE("fetch_close", "12.6", types(I32), I32),
    FETCH_START("fetch_start", "12.7", types(I32, I32, I32, I32, I32, I32, I32, I32), I32),
    FETCH_WAIT("fetch_wait", "12.8", types(I32), I32),
    FETCH_WAIT_ANY("fetch_wait_any", "12.9", types(I32, I32, I32), I32),

    CRYPTO_DIGEST("crypto_digest", "13.1", types(I32, I32, I32, I32, I32), I32),
    CRYPTO_HMAC("crypto_hmac", "13.2", types(I32, I32, I32, I32, I32, I32, I32), I32),
    CRYPTO_VERIFY("crypto_verify", "13.3", types(I32, I32, I32, I32, I32, I32, I32), I32);

    private final String importName;
    private final String specSection;
    private final List<ValueType> params;
    private final List<ValueType> results;

    HostImport(String importName, String specSection, List<ValueType> params, ValueType result) {
        this.importName = importName;
        this.specSection = specSection;
        this.params = params;
        this.results = result == null ? List.of() : List.of(result);
    }

    private static List<ValueType> types(ValueType... types) {
        return List.of(types);
    }

    /** The name the guest imports, e.g. {@code req_header}. */
    public String importName() {
        return importName;
    }

    /** The SPEC.md section that defines this function, e.g. {@code 4.3}. */
    public String specSection() {
        return specSection;
    }

    /** Parameter types, in order. */
    public List<ValueType> params() {
        return params;
    }

    /** Result types: empty or one. */
    public List<ValueType> results() {
        return results;
    }

    /** The signature as written in WAT, e.g. {@code (param i32 i32) (result i32)}; empty for none. */
    public String watSignature() {
        StringBuilder wat = new StringBuilder();
        if (!params.isEmpty()) {
            wat.append("(param");
            params.forEach(type -> wat.append(' ').append(type.watName()));
            wat.append(')');
        }
        results.forEach(type -> wat.append(wat.length() == 0 ? "" : " ").append("(result ").append(type.watName()).append(')'));
        return wat.toString();
    }

    /** The import of that name, or {@code null} when ABI v1 has none. */
    public static HostImport byName(String importName) {
        for (HostImport hostImport : values()) {
            if (hostImport.importName.equals(importName)) {
                return hostImport;
            }
        }
        return null;
    }
}
