package dev.edgehost.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A host without a listener of its own serves the bundled samples that need none. */
class BundledSamplesWithoutListenerTest {

    @Test
    void build_bundledSamples_deploysThoseThatDoNotCallTheHost() {
        try (EdgeHost host = EdgeHost.builder().workers(1).bundledSamples(true).build()) {
            assertTrue(host.function("hello").isPresent());
            assertTrue(host.function("geo").isPresent());
            assertTrue(host.function("jwt-auth").isEmpty(), "it would call a listener that is not there");
            assertTrue(host.function("api-gateway").isEmpty(), "it would call a listener that is not there");
        }
    }
}
