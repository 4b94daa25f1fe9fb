package dev.edgehost.host.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The functions a starting host was given to deploy (bundled samples, a config file's functions)
 * and has not deployed yet: what {@link EdgeRuntime#isLoading} says of them, what became of each,
 * and the counts readiness reports. A name is pending until its deploy starts and loading while it
 * runs; a deploy or undeploy on this host replaces a pending one (the newer change wins).
 * Thread-safe.
 */
public final class StartupLoading {
    /** What became of one function given at start. */
    public enum State {
        PENDING, LOADING, LOADED, FAILED, REPLACED;

        /** Its name in the function JSON. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One function given at start. Immutable.
     *
     * @param name the function name
     * @param source where it was given, as the log and the function JSON name it
     * @param state what became of it
     * @param error the stable code of why it did not deploy, or {@code null}
     * @param message why it did not deploy, or {@code null}
     */
    public record Status(String name, String source, State state, String error, String message) {}

    private final Map<String, Status> functions = new LinkedHashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);

    /** @param sources by name, where each function was given, in the order they deploy */
    public StartupLoading(Map<String, String> sources) {
        sources.forEach((name, source) -> functions.put(name, new Status(name, source, State.PENDING, null, null)));
    }

    /** Whether the function is given at start and neither deployed nor given up yet. */
    public synchronized boolean isPending(String name) {
        Status status = functions.get(name);
        return status != null && (status.state() == State.PENDING || status.state() == State.LOADING);
    }

    /** Starts deploying a pending function; false when a change on this host replaced it meanwhile. */
    public synchronized boolean begin(String name) {
        return move(name, State.PENDING, State.LOADING, null, null);
    }

    public synchronized void loaded(String name) {
        move(name, State.LOADING, State.LOADED, null, null);
    }

    /** A function that did not deploy, with the stable code and the message of why. */
    public synchronized void failed(String name, String error, String message) {
        move(name, State.LOADING, State.FAILED, error, message);
    }

    /** A function that a deploy or undeploy on this host replaces; false if it was not pending. */
    synchronized boolean replaced(String name) {
        return move(name, State.PENDING, State.REPLACED, null, null);
    }

    private boolean move(String name, State from, State to, String error, String message) {
        Status status = functions.get(name);
        if (status == null || status.state() != from) {
            return false;
        }
        functions.put(name, new Status(name, status.source(), to, error, message));
        return true;
    }

    /** What became of a function given at start; empty for any other name. */
    public synchronized Optional<Status> status(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    public void finish() {
        done.countDown();
    }

    /** Waits for the deploys to finish; false if they did not within the timeout. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    public synchronized LoadProgress progress() {
        int loaded = 0;
        int pending = 0;
        int failed = 0;
        int replaced = 0;
        for (Status status : functions.values()) {
            switch (status.state()) {
                case LOADED -> loaded++;
                case FAILED -> failed++;
                case REPLACED -> replaced++;
                default -> pending++;
            }
        }
        return new LoadProgress(functions.size(), loaded, pending, failed, replaced, done.getCount() == 0);
    }
}
