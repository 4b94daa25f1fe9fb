package dev.edgehost.host;

/**
 * How the host runs a function's module for a request: through the edge ABI's {@code handle}, or
 * as a WASI command served as CGI (a new run of {@code _start} per request, the request in its
 * environment and standard input, the response read from its standard output).
 */
public enum FunctionMode {
    /** Decided by the module's exports: CGI when it exports {@code _start} and no {@code handle}, else ABI. */
    AUTO,
    /** An edge ABI guest: the host calls {@code handle}. */
    ABI,
    /** A WASI command served as CGI (RFC 3875, the WAGI convention): the host runs {@code _start}. */
    CGI
}
