package dev.edgehost.otel;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute names of the host's spans and log records (docs/operations.md, "Tracing"): the
 * OpenTelemetry semantic conventions' where one fits, {@code edge.*} for the host's own. Never a
 * body, a key-value key or value, or a URL's query. Constants only.
 */
public final class SpanAttributes {
    /** The function's name, on every span and log record. */
    public static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("edge.function");
    /** The deployment's version: the first 12 hex digits of the module's SHA-256. */
    public static final AttributeKey<String> VERSION = AttributeKey.stringKey("edge.function.version");
    /** The host's request id, as in {@code x-request-id}. */
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("edge.request_id");
    /** Fuel the guest used (ABI spec §8.1). */
    public static final AttributeKey<Long> FUEL = AttributeKey.longKey("edge.fuel");
    public static final AttributeKey<Double> INSTANTIATE_MS = AttributeKey.doubleKey("edge.instantiate_ms");
    public static final AttributeKey<Double> EXECUTE_MS = AttributeKey.doubleKey("edge.execute_ms");
    public static final AttributeKey<Long> KV_OPERATIONS = AttributeKey.longKey("edge.kv_operations");
    public static final AttributeKey<Long> FETCHES = AttributeKey.longKey("edge.fetches");
    /** The stable error code when the host answered instead of the guest, or a fetch or key-value call failed. */
    public static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("edge.error_code");
    public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    /** A fetch's URL without its query or fragment. */
    public static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    /** {@code get}, {@code set}, {@code delete}, {@code increment} or {@code list}. */
    public static final AttributeKey<String> KV_OPERATION = AttributeKey.stringKey("edge.kv.operation");
    public static final AttributeKey<String> KV_STORE = AttributeKey.stringKey("edge.kv.store");
    /** {@code hit}, {@code miss}, {@code ok}, {@code deleted}, {@code absent}, or an error code. */
    public static final AttributeKey<String> KV_OUTCOME = AttributeKey.stringKey("edge.kv.outcome");
    /** {@code guest} for the guest's own log lines, {@code host} for the host's notes on the request. */
    public static final AttributeKey<String> LOG_SOURCE = AttributeKey.stringKey("edge.log.source");

    private SpanAttributes() {}
}
