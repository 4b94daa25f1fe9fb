package dev.edgehost.host.execution;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Java 21's virtual threads, reached at run time since the host is built for Java 17: whether
 * requests run on them ({@value #PROPERTY}: {@code auto}, the default, where the JVM has them;
 * {@code true}; {@code false} for the carrier pool), an executor that starts one per request, and
 * whether a thread is one. Thread-safe: no state but what is found once.
 */
final class VirtualThreads {
    /** The system property that chooses: {@code auto}, {@code true} or {@code false}. */
    static final String PROPERTY = "edge.virtual-threads";
    /** The JDK's property for the threads that carry virtual threads; read once, when the first starts. */
    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();
    private static final Method OF_VIRTUAL = method(Thread.class, "ofVirtual");

    private VirtualThreads() {}

    /** Whether this JVM has virtual threads (Java 21 or later). */
    static boolean available() {
        return OF_VIRTUAL != null && IS_VIRTUAL != null;
    }

    /** Whether requests run on virtual threads, as {@value #PROPERTY} and the JVM decide. */
    static boolean chosen() {
        String setting = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return !setting.equals("false") && available();
    }

    /** Whether the setting asks for virtual threads this JVM does not have. */
    static boolean askedButMissing() {
        return System.getProperty(PROPERTY, "auto").trim().equalsIgnoreCase("true") && !available();
    }

    /** Whether the thread is a virtual one; never on Java 17. */
    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes the JVM carry virtual threads on at least {@code threads} platform threads, so that
     * as many guests as may run Wasm at once each have one (a virtual thread is not preempted: with
     * fewer, a long guest would keep another from running at all). Takes effect only before the
     * first virtual thread starts and when nothing set it already; returns the parallelism that
     * applies, as far as the property tells.
     */
    static int reserveCarriers(int threads) {
        String set = System.getProperty(PARALLELISM);
        if (set == null) {
            int parallelism = Math.max(threads, Runtime.getRuntime().availableProcessors());
            System.setProperty(PARALLELISM, String.valueOf(parallelism));
            return parallelism;
        }
        try {
            return Integer.parseInt(set.trim());
        } catch (NumberFormatException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** An executor that starts a virtual thread named {@code prefix} and a number for each task. */
    static ExecutorService perTask(String prefix) {
        try {
            Object builder = OF_VIRTUAL.invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
            ThreadFactory factory = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
            return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class).invoke(null, factory);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            throw new IllegalStateException("cannot start virtual threads: " + cause, cause);
        }
    }

    private static Method method(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
