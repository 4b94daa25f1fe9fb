package dev.edgehost.host.kv;

import dev.edgehost.host.spi.DecimalIntegers;
import dev.edgehost.host.spi.KvBackend;
import dev.edgehost.host.spi.KvUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The embedded key-value store: one H2 MVStore file in the data dir, or memory only. Every write
 * is committed to the file before it is acknowledged, so a killed host loses no acknowledged
 * write, and MVStore's append-only chunks keep the file consistent across crashes. Commits are
 * grouped: a writer whose write a commit begun after it already covers does not commit again, and
 * no lock is held over a commit but the commit's own, so that one function writing in a loop makes
 * another's write wait for at most the commit under way, not for a turn that an unfair lock may
 * never give it. Commits run on a thread of the store's own, which no deadline interrupts: an
 * interrupt that reaches a thread writing the file closes its channel (Java's interruptible
 * channels), and with it the store for every function, as a key-value flood stopped at its
 * deadline in the middle of a commit did.
 *
 * <p>Keys are {@code namespace NUL key}, with the key's bytes as ISO-8859-1 characters: string
 * order is then unsigned byte order within a namespace, which is the order {@code kv_list} needs.
 * Values are the expiry (epoch milliseconds, 0 for none) followed by the value's bytes; expired
 * entries are hidden at once and swept away in the background.
 */
public final class MvStoreKvBackend implements KvBackend {
    private static final char SEPARATOR = '\u0000';
    private static final long SWEEP_SECONDS = 60;

    private final MVStore store;
    private final MVMap<String, byte[]> entries;
    private final ScheduledExecutorService sweeper;
    private final ExecutorService committer = daemon("edge-kv-commits");
    /** Writes made to the map so far; a commit begun after the n-th covers it. */
    private final AtomicLong writes = new AtomicLong();
    private final Object commitLock = new Object();
    /** The writes the last commit covers. Guarded by {@link #commitLock}. */
    private long committed;

    private MvStoreKvBackend(MVStore store) {
        this.store = store;
        this.entries = store.openMap("kv");
        this.sweeper = Executors.newSingleThreadScheduledExecutor(MvStoreKvBackend::sweeperThread);
        sweeper.scheduleWithFixedDelay(this::sweepExpired, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    private static Thread sweeperThread(Runnable runnable) {
        Thread thread = new Thread(runnable, "edge-kv-sweeper");
        thread.setDaemon(true);
        return thread;
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(
                runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Opens (or creates) the store file.
     *
     * @throws KvUnavailableException when the file cannot be opened, for instance because another
     *     host process holds it
     */
    public static MvStoreKvBackend open(Path file) {
        try {
            return new MvStoreKvBackend(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
        } catch (MVStoreException e) {
            throw new KvUnavailableException("cannot open the key-value store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@link #open} failed because another store holds the file: another host process
     * (or another host in this one) using the same data dir.
     */
    public static boolean isLocked(KvUnavailableException failure) {
        return failure.getCause() instanceof MVStoreException cause && cause.getErrorCode() == DataUtils.ERROR_FILE_LOCKED;
    }

    /** A store in memory only, gone when the host stops. */
    public static MvStoreKvBackend inMemory() {
        return new MvStoreKvBackend(new MVStore.Builder().autoCommitDisabled().open());
    }

    @Override
    public byte[] get(String namespace, byte[] key) {
        byte[] entry = live(entries.get(key(namespace, key)));
        return entry == null ? null : Arrays.copyOfRange(entry, Long.BYTES, entry.length);
    }

    @Override
    public void set(String namespace, byte[] key, byte[] value, long ttlSeconds) {
        long write;
        synchronized (this) {
            entries.put(key(namespace, key), entry(expiry(ttlSeconds), value));
            write = writes.incrementAndGet();
        }
        commit(write);
    }

    @Override
    public boolean delete(String namespace, byte[] key) {
        byte[] removed;
        long write;
        synchronized (this) {
            removed = live(entries.remove(key(namespace, key)));
            write = writes.incrementAndGet();
        }
        commit(write);
        return removed != null;
    }

    @Override
    public long increment(String namespace, byte[] key, long delta, long ttlSeconds) {
        long value;
        long write;
        synchronized (this) {
            value = add(namespace, key, delta, ttlSeconds);
            write = writes.incrementAndGet();
        }
        commit(write);
        return value;
    }

    private long add(String namespace, byte[] key, long delta, long ttlSeconds) {
        String storeKey = key(namespace, key);
        byte[] current = live(entries.get(storeKey));
        long value;
        long expiresAt;
        if (current == null) {
            value = delta;
            expiresAt = expiry(ttlSeconds);
        } else {
            value = DecimalIntegers.add(DecimalIntegers.parse(Arrays.copyOfRange(current, Long.BYTES, current.length)), delta);
            expiresAt = ByteBuffer.wrap(current).getLong();
        }
        entries.put(storeKey, entry(expiresAt, DecimalIntegers.format(value)));
        return value;
    }

    @Override
    public List<byte[]> list(String namespace, byte[] prefix, byte[] after, int limit) {
        String base = namespace + SEPARATOR;
        String prefixKey = base + latin1(prefix);
        String afterKey = base + latin1(after) + SEPARATOR; // the least key greater than `after`
        String from = after.length > 0 && afterKey.compareTo(prefixKey) > 0 ? afterKey : prefixKey;
        List<byte[]> keys = new ArrayList<>();
        for (Iterator<String> it = entries.keyIterator(from); it.hasNext() && keys.size() < limit; ) {
            String storeKey = it.next();
            if (!storeKey.startsWith(prefixKey)) {
                break;
            }
            if (live(entries.get(storeKey)) != null) {
                keys.add(storeKey.substring(base.length()).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return keys;
    }

    /** Returns once a commit begun after the write {@code write} has ended: at once when one already has. */
    private void commit(long write) {
        synchronized (commitLock) {
            if (committed >= write) {
                return;
            }
            long covered = writes.get();
            awaitUninterruptibly(committer.submit(() -> store.commit()));
            committed = covered;
        }
    }

    /** Waits for the commit however often the caller is interrupted meanwhile, and keeps the interrupt for it to find. */
    private static void awaitUninterruptibly(Future<?> commit) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    commit.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof MVStoreException failure) {
                        throw new KvUnavailableException("cannot write the key-value store: " + failure.getMessage(), failure);
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) e.getCause();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void sweepExpired() {
        long now = System.currentTimeMillis();
        long write = 0;
        for (Iterator<String> it = entries.keyIterator(null); it.hasNext(); ) {
            String storeKey = it.next();
            synchronized (this) {
                byte[] entry = entries.get(storeKey);
                if (entry != null && isExpired(entry, now)) {
                    entries.remove(storeKey);
                    write = writes.incrementAndGet();
                }
            }
        }
        if (write > 0) {
            commit(write);
        }
    }

    private static String key(String namespace, byte[] key) {
        return namespace + SEPARATOR + latin1(key);
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static long expiry(long ttlSeconds) {
        return ttlSeconds == 0 ? 0 : System.currentTimeMillis() + ttlSeconds * 1000;
    }

    private static byte[] entry(long expiresAt, byte[] value) {
        return ByteBuffer.allocate(Long.BYTES + value.length).putLong(expiresAt).put(value).array();
    }

    private static byte[] live(byte[] entry) {
        return entry == null || isExpired(entry, System.currentTimeMillis()) ? null : entry;
    }

    private static boolean isExpired(byte[] entry, long now) {
        long expiresAt = ByteBuffer.wrap(entry).getLong();
        return expiresAt != 0 && expiresAt <= now;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        // Neither a write nor a commit under way: the same order as the writers take the two locks.
        synchronized (this) {
            synchronized (commitLock) {
                store.close();
            }
        }
        committer.shutdown();
    }
}
