package dev.edgehost.host.execution;

import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.host.registry.DeployParameters;
import dev.edgehost.host.registry.EdgeRuntime;
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
 * deployed under the same name. A sample whose settings name {@value #SELF} (the origin of the
 * host's own public listener, for samples that call other samples) is deployed only once that
 * origin is known.
 */
final class BundledSamples {
    private static final Logger LOG = LoggerFactory.getLogger(BundledSamples.class);
    private static final String ROOT = "/samples/";
    private static final String INDEX = ROOT + "bundled.txt";
    /** In a sample's settings, the origin of the host's own public listener. */
    static final String SELF = "${self}";

    /**
     * One line of the index.
     *
     * @param name the function name
     * @param path the module's path below the samples folder; a {@code .js} path is a JavaScript function
     * @param settings the deploy settings as the admin API's query string, empty for the defaults
     */
    record Sample(String name, String path, String settings) {}

    private BundledSamples() {}

    /** The samples the jar bundles, in the order of its index. */
    static List<Sample> index() {
        List<Sample> samples = new ArrayList<>();
        try (InputStream index = BundledSamples.class.getResourceAsStream(INDEX)) {
            if (index == null) {
                throw new IllegalStateException("the jar lacks its sample index " + INDEX);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String[] fields = entry.split("\\s+");
                if (fields.length < 2 || fields.length > 3) {
                    throw new IllegalStateException("the sample index has a malformed line: " + entry);
                }
                samples.add(new Sample(fields[0], fields[1], fields.length == 3 ? fields[2] : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    /**
     * Deploys the samples not deployed yet under their names.
     *
     * @param selfOrigin the origin of the host's public listener, such as {@code http://127.0.0.1:8080},
     *     or {@code null} while it is not known: the samples that need it wait
     */
    static void deployMissing(EdgeRuntime runtime, FunctionSettings defaults, String selfOrigin) {
        for (Sample sample : index()) {
            if (runtime.find(sample.name()).isPresent() || runtime.isLoading(sample.name())) {
                continue;
            }
            boolean callsSelf = sample.settings().contains(SELF);
            if (callsSelf && selfOrigin == null) {
                continue;
            }
            FunctionSettings settings =
                    DeployParameters.parseQuery(callsSelf ? sample.settings().replace(SELF, selfOrigin) : sample.settings(), defaults);
            FunctionKind kind = sample.path().endsWith(".js") ? FunctionKind.JAVASCRIPT : FunctionKind.WASM;
            runtime.deploy(sample.name(), read(sample.path()), kind, settings, false);
            LOG.info("deployed bundled sample /{}", sample.name());
        }
    }

    static byte[] read(String path) {
        try (InputStream wasm = BundledSamples.class.getResourceAsStream(ROOT + path)) {
            if (wasm == null) {
                throw new IllegalStateException("the jar lacks the sample " + path);
            }
            return wasm.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
