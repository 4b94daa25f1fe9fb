package dev.edgehost.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.registry.EdgeRuntime;
import dev.edgehost.host.registry.StartupLoading;
import java.util.Optional;

/**
 * The function JSON of a function that does not serve yet while the host starts: {@code {"name",
 * "startup": {"state", "source"}}}, the state {@code pending}, {@code loading} or {@code failed}
 * for one given at start (with {@code "error"}, its stable code, and {@code "message"} on
 * failure), or {@code loading} from {@code "source": "stored"} for a stored one. Apart from the
 * {@code "state"} of a serving function's compile (TierJson). Stateless.
 */
final class StartupStatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StartupStatusJson() {}

    /** Empty when the name is neither given at start nor loading, or was replaced since. */
    static Optional<ObjectNode> of(EdgeRuntime runtime, String name) {
        Optional<StartupLoading.Status> given = runtime.startupStatus(name);
        if (given.isPresent() && given.get().state() != StartupLoading.State.REPLACED
                && given.get().state() != StartupLoading.State.LOADED) {
            StartupLoading.Status status = given.get();
            ObjectNode node = node(name, status.state().id(), status.source());
            if (status.state() == StartupLoading.State.FAILED) {
                ObjectNode startup = (ObjectNode) node.get("startup");
                startup.put("error", status.error());
                startup.put("message", status.message());
            }
            return Optional.of(node);
        }
        if (runtime.isLoading(name)) {
            return Optional.of(node(name, StartupLoading.State.LOADING.id(), "stored"));
        }
        return Optional.empty();
    }

    private static ObjectNode node(String name, String state, String source) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", name);
        ObjectNode startup = node.putObject("startup");
        startup.put("state", state);
        startup.put("source", source);
        return node;
    }
}
