/** The Redis backend of the edge host: deployments and key-value data shared by every host on one Redis. */
module dev.edgehost.redis {
    requires transitive dev.edgehost.host;
    requires lettuce.core;
    requires org.slf4j;

    exports dev.edgehost.redis;

    provides dev.edgehost.host.spi.BackendProvider with dev.edgehost.redis.RedisBackendProvider;
}
