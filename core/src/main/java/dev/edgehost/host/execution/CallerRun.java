package dev.edgehost.host.execution;

/**
 * Runs a request's task on the thread that submitted it ({@link RequestExecutor#submitHere}) as a
 * worker would: with the host's class loader as the thread's context loader, which code run for
 * the guest may use to find services, and the caller's own loader back after. The deadline's
 * interrupt does not outlive the task ({@link Deadline#close}). Used by one thread at a time.
 */
final class CallerRun {
    private CallerRun() {}

    static void run(Runnable task) {
        Thread thread = Thread.currentThread();
        ClassLoader callers = thread.getContextClassLoader();
        ClassLoader hosts = RequestExecutor.class.getClassLoader();
        if (callers == hosts) {
            task.run();
            return;
        }
        thread.setContextClassLoader(hosts);
        try {
            task.run();
        } finally {
            thread.setContextClassLoader(callers);
        }
    }
}
