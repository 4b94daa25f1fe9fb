package dev.edgehost.host.spi;

/**
 * Where a host keeps its deployments and its guests' key-value data: the data dir, memory, or a
 * store shared by several hosts such as Redis. The host closes it when it closes.
 */
public interface Backend extends AutoCloseable {

    /** Where deployments are kept; {@code null} keeps them in this process only. */
    FunctionRepository functions();

    /** Where guests' key-value data lives. */
    KvBackend kv();

    /** A short description for the log, e.g. {@code redis://cache:6379}; never a password. */
    String describe();

    /**
     * Whether the backend answers now. Quick (bounded by the key-value timeout), thread-safe and
     * never throws; the host asks about once a second and at every readiness check. A local
     * backend is always up, which is what the default says.
     */
    default BackendHealth health() {
        return BackendHealth.healthy();
    }

    /**
     * Who runs a scheduled run when several hosts share this backend; the default, for a backend
     * of one host, lets this host run every one.
     */
    default ScheduleLeases scheduleLeases() {
        return ScheduleLeases.alone();
    }

    @Override
    void close();
}
