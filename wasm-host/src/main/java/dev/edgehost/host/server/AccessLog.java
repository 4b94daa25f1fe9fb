package dev.edgehost.host.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.runtime.Deployment;
import dev.edgehost.host.runtime.InvocationStats;
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

    static void record(
            String requestId,
            Deployment deployment,
            String method,
            int status,
            long bytesIn,
            long bytesOut,
            InvocationStats stats,
            long totalNanos,
            String error) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("requestId", requestId);
        line.put("function", deployment.name());
        line.put("version", deployment.sha256().substring(0, 12));
        line.put("method", method);
        line.put("status", status);
        line.put("bytesIn", bytesIn);
        line.put("bytesOut", bytesOut);
        line.put("fuel", stats.fuelUsed());
        line.put("instantiateMs", stats.instantiateNanos() / 1e6);
        line.put("executeMs", stats.executeNanos() / 1e6);
        line.put("totalMs", totalNanos / 1e6);
        if (error != null) {
            line.put("error", error);
        }
        try {
            LOG.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object node always serializes", e);
        }
    }
}
