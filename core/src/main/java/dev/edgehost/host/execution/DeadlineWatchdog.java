package dev.edgehost.host.execution;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that interrupts every {@link Deadline} whose time has come, instead of a timer task
 * scheduled and cancelled per request. Each thread that opens deadlines has a slot of its own
 * here, found once: opening a deadline pushes it onto its thread's slot and closing it pops it, a
 * few plain writes with no lock and no allocation. The watchdog reads every slot and sleeps until
 * the earliest deadline it found (with none, for a second at a time). It is woken only when a
 * deadline opens that ends before then, which is rare: requests of one function open theirs in
 * the order they end, and a deadline that closed is left to pass, not woken for. Started on the
 * first deadline; {@link #close} stops it. A virtual thread carries one request and ends, so
 * its slot goes back to be reused by the next one as soon as it has no deadline open, rather
 * than one slot per request waiting for the watchdog to find its thread gone. Thread-safe.
 */
public final class DeadlineWatchdog implements AutoCloseable {
    /** What {@link #expireDue} returns when no deadline is open. */
    private static final long NONE = Long.MIN_VALUE;
    /** How long the watchdog sleeps with no deadline open. */
    private static final long IDLE_NANOS = 1_000_000_000L;

    private final String name;
    private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Slot> ownSlot = ThreadLocal.withInitial(this::newSlot);
    /** Slots of virtual threads that have no deadline open, for the next to take. */
    private final Queue<Slot> freeSlots = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    /** When the watchdog plans to look next; before its first plan, a time already past. */
    private volatile long wakeAt = System.nanoTime();
    private volatile boolean closed;

    /** @param name the watchdog thread's name */
    public DeadlineWatchdog(String name) {
        this.name = name;
    }

    /**
     * The deadlines one thread has open, innermost last. Only its thread writes it; the watchdog
     * reads it, and may see a slot's entry a moment stale, which is harmless: a deadline that has
     * closed does not expire.
     */
    static final class Slot {
        private final Thread owner;
        /** The watchdog to give the slot back to when it empties, for a virtual thread's; else null. */
        private final DeadlineWatchdog reuse;
        private Deadline[] open = new Deadline[4];
        private volatile int count;

        Slot(Thread owner, DeadlineWatchdog reuse) {
            this.owner = owner;
            this.reuse = reuse;
        }

        void push(Deadline deadline) {
            int at = count;
            if (at == open.length) {
                Deadline[] grown = new Deadline[at * 2];
                System.arraycopy(open, 0, grown, 0, at);
                open = grown;
            }
            open[at] = deadline;
            // The volatile write publishes the entry (and a grown array) to the watchdog.
            count = at + 1;
        }

        void remove(Deadline deadline) {
            int last = count - 1;
            int at = last;
            while (at >= 0 && open[at] != deadline) {
                at--;
            }
            if (at < 0) {
                return;
            }
            System.arraycopy(open, at + 1, open, at, last - at);
            open[last] = null;
            count = last;
            if (last == 0 && reuse != null) {
                reuse.ownSlot.remove();
                reuse.freeSlots.add(this);
            }
        }
    }

    private Slot newSlot() {
        Thread current = Thread.currentThread();
        if (VirtualThreads.isVirtual(current)) {
            Slot free = freeSlots.poll();
            if (free != null) {
                return free;
            }
            Slot slot = new Slot(null, this);
            slots.add(slot);
            return slot;
        }
        Slot slot = new Slot(current, null);
        slots.add(slot);
        return slot;
    }

    /** Watches a deadline the calling thread just opened, ending at {@code atNanos} on {@link System#nanoTime}'s clock. */
    Slot watch(Deadline deadline, long atNanos) {
        Slot slot = ownSlot.get();
        slot.push(deadline);
        Thread watcher = thread == null ? start() : thread;
        // Read after the push: either the watchdog's next look finds this deadline, or it planned
        // its sleep before the push and the plan read here is the one to correct.
        if (atNanos - wakeAt < 0) {
            LockSupport.unpark(watcher);
        }
        return slot;
    }

    private synchronized Thread start() {
        if (thread == null && !closed) {
            Thread watcher = new Thread(this::watchAll, name);
            watcher.setDaemon(true);
            // Started from a request's thread; it must not keep that thread's class loader.
            watcher.setContextClassLoader(DeadlineWatchdog.class.getClassLoader());
            watcher.start();
            thread = watcher;
        }
        return thread;
    }

    private void watchAll() {
        while (!closed) {
            long next = expireDue();
            long plan = next == NONE ? System.nanoTime() + IDLE_NANOS : next;
            wakeAt = plan;
            // A deadline opened while the slots were read may have seen the old plan: look again,
            // and plan anew only for one that ends before this plan. Deadlines open and close all
            // the time under load; one that closed, or a later one, is no reason to look again.
            long again = expireDue();
            if (again != NONE && again - plan < 0) {
                continue;
            }
            long sleep = plan - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(this, sleep);
            }
        }
    }

    /** Interrupts every deadline due now; returns when the earliest other one ends, or {@link #NONE}. */
    private long expireDue() {
        long now = System.nanoTime();
        long earliest = NONE;
        for (Slot slot : slots) {
            int count = slot.count;
            Deadline[] open = slot.open;
            if (count == 0 && slot.owner != null && !slot.owner.isAlive()) {
                slots.remove(slot);
                continue;
            }
            for (int i = 0; i < Math.min(count, open.length); i++) {
                Deadline deadline = open[i];
                if (deadline == null || !deadline.isOpen()) {
                    continue;
                }
                long at = deadline.atNanos();
                if (at - now <= 0) {
                    deadline.expire();
                } else if (earliest == NONE || at - earliest < 0) {
                    earliest = at;
                }
            }
        }
        return earliest;
    }

    /** Stops the watchdog; deadlines still open then never expire. */
    @Override
    public void close() {
        closed = true;
        Thread watcher = thread;
        if (watcher != null) {
            LockSupport.unpark(watcher);
        }
    }
}
