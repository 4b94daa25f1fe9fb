package dev.edgehost.host.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.spi.RequestRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per function request on logger {@code edge.access}: request id, function and
 * version, method, status, bytes in and out, fuel, instantiate / execute / total time, and the
 * error code when the host answered instead of the guest.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("edge.access");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AccessLog() {}

    static void record(RequestRecord record) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("requestId", record.requestId());
        line.put("function", record.function());
        line.put("version", record.version());
        line.put("method", record.method());
        line.put("status", record.status());
        line.put("bytesIn", record.bytesIn());
        line.put("bytesOut", record.bytesOut());
        line.put("fuel", record.fuelUsed());
        line.put("instantiateMs", record.instantiateNanos() / 1e6);
        line.put("executeMs", record.executeNanos() / 1e6);
        line.put("totalMs", record.totalNanos() / 1e6);
        if (record.error() != null) {
            line.put("error", record.error());
        }
        try {
            LOG.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object node always serializes", e);
        }
    }
}
