package dev.edgehost.host.execution;

import dev.edgehost.host.spi.RequestRecord;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per function request on logger {@code edge.access}: a short message for people
 * ({@code GET hello 200 1.234 ms}) and, as SLF4J key-value pairs that a structured log writes as
 * fields, the request id, function and version, method, status, bytes in and out, fuel,
 * instantiate / execute / total time, and the error code when the host answered instead of the
 * guest, and the trace and span id when the request is traced.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("edge.access");

    private AccessLog() {}

    static void record(RequestRecord record) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        double totalMs = record.totalNanos() / 1e6;
        LoggingEventBuilder line =
                LOG.atInfo()
                        .addKeyValue("requestId", record.requestId())
                        .addKeyValue("function", record.function())
                        .addKeyValue("version", record.version())
                        .addKeyValue("versionNumber", record.versionNumber())
                        .addKeyValue("method", record.method())
                        .addKeyValue("status", record.status())
                        .addKeyValue("bytesIn", record.bytesIn())
                        .addKeyValue("bytesOut", record.bytesOut())
                        .addKeyValue("fuel", record.fuelUsed())
                        .addKeyValue("instantiateMs", record.instantiateNanos() / 1e6)
                        .addKeyValue("executeMs", record.executeNanos() / 1e6)
                        .addKeyValue("totalMs", totalMs);
        if (record.error() != null) {
            line = line.addKeyValue("error", record.error());
        }
        if (record.traceId() != null) {
            line = line.addKeyValue("traceId", record.traceId()).addKeyValue("spanId", record.spanId());
        }
        line.log("{} {} {} {} ms", record.method(), record.function(), record.status(), String.format(Locale.ROOT, "%.3f", totalMs));
    }
}
