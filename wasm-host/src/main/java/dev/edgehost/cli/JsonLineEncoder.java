package dev.edgehost.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log event and line, for log collectors and {@code jq}: {@code ts} (ISO-8601
 * in UTC, milliseconds), {@code level}, {@code logger}, {@code thread}, {@code message}, then the
 * MDC (a request's {@code function} and {@code requestId}) and the event's key-value pairs as
 * fields of their own (numbers stay numbers), and {@code error} and {@code stack} for an
 * exception. A field already written is not written again. Logback's own {@code JsonEncoder}
 * writes epoch milliseconds and nests the pairs and the MDC, which is why the host has this one.
 * Thread-safe: every event gets its own generator.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    /**
     * Doubles written by Jackson's own shortest-digits writer: the JDK's {@code Double.toString}
     * (which gives the same text for the access log's milliseconds) was a third of the access
     * log writer's time.
     */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] NOTHING = new byte[0];

    /** The last millisecond's timestamp text: lines come many to a millisecond under load, and formatting one cost a sixth of the access log writer's time. */
    private volatile Stamp lastStamp = new Stamp(Long.MIN_VALUE, "");

    private record Stamp(long millis, String text) {}

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            Set<String> written = new HashSet<>();
            json.writeStartObject();
            field(json, written, "ts", timestamp(event.getInstant()));
            field(json, written, "level", event.getLevel().toString());
            field(json, written, "logger", event.getLoggerName());
            field(json, written, "thread", event.getThreadName());
            field(json, written, "message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> entry : mdc.entrySet()) {
                    field(json, written, entry.getKey(), entry.getValue());
                }
            }
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair pair : event.getKeyValuePairs()) {
                    field(json, written, pair.key, pair.value);
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                field(json, written, "error", thrown.getClassName() + ": " + thrown.getMessage());
                field(json, written, "stack", ThrowableProxyUtil.asString(thrown));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        line.write('\n');
        return line.toByteArray();
    }

    private String timestamp(Instant time) {
        long millis = time.toEpochMilli();
        Stamp stamp = lastStamp;
        if (stamp.millis() != millis) {
            stamp = new Stamp(millis, TIMESTAMP.format(time));
            lastStamp = stamp;
        }
        return stamp.text();
    }

    private static void field(JsonGenerator json, Set<String> written, String name, Object value) throws IOException {
        if (name == null || !written.add(name)) {
            return;
        }
        json.writeFieldName(name);
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                json.writeNumber(number);
            } else {
                json.writeString(Double.toString(number));
            }
        } else if (value instanceof BigInteger) {
            json.writeNumber((BigInteger) value);
        } else if (value instanceof BigDecimal) {
            json.writeNumber((BigDecimal) value);
        } else if (value instanceof Boolean) {
            json.writeBoolean((Boolean) value);
        } else {
            json.writeString(value.toString());
        }
    }
}
