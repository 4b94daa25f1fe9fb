package dev.edgehost.host.registry;

import dev.edgehost.host.spi.FunctionHistory;

/**
 * What the admin API shows of a function's versions: the kept versions and traffic, and the
 * serving version's deployment. Immutable, so thread-safe.
 */
public record ServedFunctionView(FunctionHistory history, Deployment primary) {}
