/**
 * The edge host's runtime core: runs Wasm guests per request under hard limits. {@code
 * dev.edgehost.host} is the API and {@code dev.edgehost.host.spi} the interfaces a backend (such
 * as edge-redis) or an observer implements; every other package is implementation, exported only
 * to the host's own adapters.
 */
module dev.edgehost.host {
    requires transitive dev.edgehost.abi;
    requires com.dylibso.chicory.runtime;
    requires com.dylibso.chicory.compiler;
    requires com.github.benmanes.caffeine;
    requires com.fasterxml.jackson.databind;
    requires com.h2database.mvstore;
    requires java.management;
    // Not used by core since fetches moved to Apache HttpClient; kept because the modules built on
    // core compile their tests (which call hosts with the JDK's client) in core's module graph.
    requires java.net.http;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.client5.httpclient5.cache;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires org.apache.httpcomponents.core5.httpcore5.h2;
    // The HotSpot flag that decides whether huge compiled methods are JIT-compiled (HugeMethods).
    requires jdk.management;
    requires org.slf4j;

    exports dev.edgehost.host;
    exports dev.edgehost.host.spi;

    // Internal entry points of the host's own adapters: not API, and not open to anyone else.
    exports dev.edgehost.host.capability to dev.edgehost.server;
    exports dev.edgehost.host.execution to dev.edgehost.server, dev.edgehost.cli;
    exports dev.edgehost.host.registry to dev.edgehost.server, dev.edgehost.cli;
    exports dev.edgehost.host.store to dev.edgehost.server;
    exports dev.edgehost.host.kv to dev.edgehost.server;

    uses dev.edgehost.host.spi.BackendProvider;
}
