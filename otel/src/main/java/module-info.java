/** OpenTelemetry traces and logs of the edge host's requests, exported over OTLP/HTTP. */
module dev.edgehost.otel {
    requires transitive dev.edgehost.host;
    requires transitive io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires io.opentelemetry.sdk;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.sdk.trace;
    requires io.opentelemetry.sdk.logs;
    requires io.opentelemetry.exporter.otlp;
    requires java.logging;
    requires org.slf4j;

    exports dev.edgehost.otel;
}
