package dev.edgehost.host.registry;

/**
 * What a deploy did.
 *
 * @param created whether the name was new (otherwise an earlier version was replaced)
 */
public record DeployOutcome(Deployment deployment, boolean created) {}
