package dev.edgehost.host.server;

import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.runtime.EdgeRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample guests bundled in the jar, deployed on the embedded defaults so that a fresh host
 * answers at once. They are not written to the data dir, and never replace a function the user
 * deployed under the same name.
 */
final class BundledSamples {
    private static final Logger LOG = LoggerFactory.getLogger(BundledSamples.class);
    private static final String INDEX = "/samples/bundled.txt";

    private BundledSamples() {}

    /** The names the jar bundles, in the order of its index. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        try (InputStream index = BundledSamples.class.getResourceAsStream(INDEX)) {
            if (index == null) {
                throw new IllegalStateException("the jar lacks its sample index " + INDEX);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    static void deployMissing(EdgeRuntime runtime, FunctionSettings settings) {
        for (String name : names()) {
            if (runtime.find(name).isPresent()) {
                continue;
            }
            runtime.deploy(name, read(name), settings, false);
            LOG.info("deployed bundled sample /{}", name);
        }
    }

    private static byte[] read(String name) {
        try (InputStream wasm = BundledSamples.class.getResourceAsStream("/samples/" + name + ".wasm")) {
            if (wasm == null) {
                throw new IllegalStateException("the jar lacks the sample " + name);
            }
            return wasm.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
