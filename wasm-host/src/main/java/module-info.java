/** The edge-host command: serves functions, and manages a running host's functions through its admin API. */
module dev.edgehost.cli {
    requires dev.edgehost.geoip;
    requires dev.edgehost.otel;
    requires dev.edgehost.server;
    // bench builds the same module with plain Chicory, beside the host.
    requires com.dylibso.chicory.compiler;
    requires info.picocli;
    requires org.tomlj;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires org.slf4j;

    opens dev.edgehost.cli to info.picocli;
    // Logback builds the encoder its configuration names.
    exports dev.edgehost.cli to ch.qos.logback.core;
}
