package dev.edgehost.host.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log events of deploys and removals, on logger {@code edge.deployments}: one line each with
 * the function, its version and the cause, as fields ({@code event}, {@code function},
 * {@code version}, {@code cause}) for structured logs.
 */
final class DeploymentLog {
    private static final Logger LOG = LoggerFactory.getLogger("edge.deployments");

    private DeploymentLog() {}

    static void deployed(Deployment deployment, boolean created, String cause) {
        LOG.atInfo()
                .addKeyValue("event", "deploy")
                .addKeyValue("function", deployment.name())
                .addKeyValue("version", deployment.version())
                .addKeyValue("versionNumber", deployment.number())
                .addKeyValue("created", created)
                .addKeyValue("cause", cause)
                .log("{} {} version {} ({}): {}", created ? "deployed" : "redeployed", deployment.name(), deployment.number(),
                        deployment.version(), cause);
    }

    static void undeployed(Deployment deployment, String cause) {
        LOG.atInfo()
                .addKeyValue("event", "undeploy")
                .addKeyValue("function", deployment.name())
                .addKeyValue("version", deployment.version())
                .addKeyValue("cause", cause)
                .log("undeployed {} version {}: {}", deployment.name(), deployment.version(), cause);
    }

    static void undeployedWhileLoading(String name) {
        LOG.atInfo()
                .addKeyValue("event", "undeploy")
                .addKeyValue("function", name)
                .addKeyValue("cause", "undeployed on this host while it was loading")
                .log("undeployed {} before it had loaded: undeployed on this host", name);
    }
}
