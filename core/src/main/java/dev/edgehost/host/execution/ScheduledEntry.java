package dev.edgehost.host.execution;

import dev.edgehost.abi.Abi;
import dev.edgehost.host.FunctionKind;
import dev.edgehost.host.FunctionMode;
import dev.edgehost.host.capability.GuestRequest;
import dev.edgehost.host.registry.Deployment;

/**
 * The export a run calls: a request's is the module's entry ({@code handle}, or {@code _start} in
 * CGI mode); a scheduled run's is the module's {@code scheduled} export when it has one, the
 * JavaScript engine's {@code edge_js_scheduled} for a script (its {@code scheduled} handler), and
 * otherwise the module's entry, which sees the method {@code SCHEDULED}. Only the host makes
 * requests with that method: a client's is refused ({@link RequestExecutor#submit}). Stateless.
 */
final class ScheduledEntry {
    /** The JavaScript engine's export that runs a script's scheduled handler. */
    static final String JS_SCHEDULED = "edge_js_scheduled";

    private ScheduledEntry() {}

    static String of(Deployment deployment, GuestRequest request) {
        String entry = deployment.description().entry();
        if (!request.method().equals(ScheduledRuns.METHOD) || deployment.description().mode() == FunctionMode.CGI) {
            return entry;
        }
        if (deployment.kind() == FunctionKind.JAVASCRIPT) {
            return JS_SCHEDULED;
        }
        return deployment.description().exports().contains(Abi.EXPORT_SCHEDULED) ? Abi.EXPORT_SCHEDULED : entry;
    }
}
