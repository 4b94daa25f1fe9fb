package dev.edgehost.redis;

import dev.edgehost.host.spi.Backend;
import dev.edgehost.host.spi.BackendOptions;
import dev.edgehost.host.spi.BackendProvider;
import java.net.URI;

/** Opens {@link RedisBackend}s for {@code redis://} and {@code rediss://} URIs; found by the core through the service loader. */
public final class RedisBackendProvider implements BackendProvider {

    /** For the service loader. */
    public RedisBackendProvider() {}

    @Override
    public boolean supports(String scheme) {
        return "redis".equals(scheme) || "rediss".equals(scheme);
    }

    @Override
    public Backend open(URI uri) {
        return RedisBackend.open(uri);
    }

    @Override
    public Backend open(URI uri, BackendOptions options) {
        return RedisBackend.open(uri, options.kvTimeout());
    }
}
