/**
 * The edge host as an HTTP server on Undertow. {@code dev.edgehost.server} is the API:
 * {@code EdgeServer} and {@code EdgeHandlers}; the rest is implementation.
 */
module dev.edgehost.server {
    requires transitive dev.edgehost.host;
    requires transitive undertow.core;
    requires com.fasterxml.jackson.databind;
    requires transitive micrometer.core;
    requires micrometer.registry.prometheus;
    requires org.slf4j;
    requires xnio.api;

    exports dev.edgehost.server;
}
