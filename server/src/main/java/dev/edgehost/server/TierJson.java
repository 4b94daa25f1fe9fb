package dev.edgehost.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgehost.host.registry.TierInfo;

/**
 * The function JSON's account of which code serves it: {@code "tier"} ({@code interpreter} or
 * {@code compiled}), {@code "state"} of its compile ({@code queued}, {@code compiling}, {@code
 * ready}, {@code failed}) and, for a module compiled in the background, {@code "compile"} with the
 * time it waited, the time it took (so far) and why it failed.
 */
final class TierJson {
    private TierJson() {}

    static void put(ObjectNode node, TierInfo tier) {
        node.put("tier", tier.tier());
        node.put("state", tier.state());
        if (tier.queuedMs() == null && tier.compileMs() == null && tier.failure() == null) {
            return;
        }
        ObjectNode compile = node.putObject("compile");
        if (tier.queuedMs() != null) {
            compile.put("queuedMs", tier.queuedMs());
        }
        if (tier.compileMs() != null) {
            compile.put("compileMs", tier.compileMs());
        }
        if (tier.failure() != null) {
            compile.put("failure", tier.failure());
        }
    }
}
