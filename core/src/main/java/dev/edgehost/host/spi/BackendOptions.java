package dev.edgehost.host.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What the host asks of a backend it opens by URI.
 *
 * @param kvTimeout how long one key-value call may wait for a remote store before it fails with
 *     {@link KvUnavailableException}; requests hold a worker for that long at most
 */
public record BackendOptions(Duration kvTimeout) {

    public BackendOptions {
        Objects.requireNonNull(kvTimeout, "kvTimeout");
    }
}
