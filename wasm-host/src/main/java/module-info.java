/**
 * The edge host: runs Wasm guests per request under hard limits. Only {@code dev.edgehost.host}
 * is API; every other package is implementation.
 */
module dev.edgehost.host {
    requires transitive dev.edgehost.abi;
    requires com.dylibso.chicory.runtime;
    requires com.dylibso.chicory.compiler;
    requires com.dylibso.chicory.wasi;
    requires com.github.benmanes.caffeine;
    requires com.fasterxml.jackson.databind;
    requires com.h2database.mvstore;
    requires lettuce.core;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires info.picocli;
    requires java.net.http;
    requires org.slf4j;
    requires transitive undertow.core;
    requires xnio.api;

    exports dev.edgehost.host;

    opens dev.edgehost.host.cli to info.picocli;
}
