package dev.edgehost.host.spi;

import java.util.Objects;

/**
 * Whether a backend can be used right now, and if not, why: what {@code /readyz} and the
 * {@code edge_backend_up} metric report.
 *
 * @param up whether the backend answers
 * @param reason why it does not, for the log and the readiness answer; {@code null} when up
 */
public record BackendHealth(boolean up, String reason) {
    private static final BackendHealth UP = new BackendHealth(true, null);

    public BackendHealth {
        if (!up) {
            Objects.requireNonNull(reason, "reason");
        }
    }

    public static BackendHealth healthy() {
        return UP;
    }

    public static BackendHealth down(String reason) {
        return new BackendHealth(false, reason);
    }
}
