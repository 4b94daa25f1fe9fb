package dev.edgehost.host.spi;

/**
 * Told of every function request the host finished, after the access log; for metrics. Called on
 * the worker that ran the request, so it must be quick, thread-safe and must not throw.
 */
@FunctionalInterface
public interface RequestObserver {

    void finished(RequestRecord record);
}
