/**
 * A JUnit 5 test kit for edge functions: {@code @EdgeTest} gives a test an in-process host
 * ({@code TestEdge}) to deploy modules on, seed and read their key-value data, stub the origins
 * they fetch from and assert on responses, logs and fuel.
 */
module dev.edgehost.testing.kit {
    requires transitive dev.edgehost.host;
    requires transitive org.junit.jupiter.api;
    requires jdk.httpserver;

    exports dev.edgehost.testing.kit;
}
