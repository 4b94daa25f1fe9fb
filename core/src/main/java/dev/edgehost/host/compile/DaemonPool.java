package dev.edgehost.host.compile;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread pools of deploy work (parsing, compiling): a fixed number of daemon threads, named
 * {@code PREFIX-N}, that end after 30 s idle so an idle host holds none, with an unbounded queue,
 * and with the class loader of edge-core as their context loader, so that code they run finds the
 * host's classes whatever thread started the deploy. The pools are thread-safe.
 */
final class DaemonPool {
    private DaemonPool() {}

    static ExecutorService of(String prefix, int threads) {
        AtomicLong count = new AtomicLong();
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(
                        threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                        runnable -> {
                            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
                            thread.setDaemon(true);
                            thread.setContextClassLoader(DaemonPool.class.getClassLoader());
                            return thread;
                        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
