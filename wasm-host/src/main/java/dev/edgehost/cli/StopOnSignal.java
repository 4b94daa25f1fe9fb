package dev.edgehost.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM or Ctrl-C for a command that runs until it is stopped: a JVM shutdown hook that counts
 * down the command's stop latch and lets the JVM exit only once the command has counted down its
 * finished latch (closed its server, removed its files), or after a grace period. Closing removes
 * the hook, for a command that stopped otherwise. Used by the command's thread.
 */
final class StopOnSignal implements AutoCloseable {
    private final CountDownLatch stop;
    private final CountDownLatch finished;
    private final Duration grace;
    private final Thread hook;

    StopOnSignal(String name, CountDownLatch stop, CountDownLatch finished, Duration grace) {
        this.stop = stop;
        this.finished = finished;
        this.grace = grace;
        this.hook = new Thread(this::stopping, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void stopping() {
        stop.countDown();
        try {
            finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is what is stopping the command.
        }
    }
}
