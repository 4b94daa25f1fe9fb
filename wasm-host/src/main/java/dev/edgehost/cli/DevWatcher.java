package dev.edgehost.cli;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Watches the files {@code dev} serves, and the directories it serves every function file of,
 * and reports each file once its writes have settled: a file is reported when it has not changed
 * for {@link #SETTLE_MILLIS}, so that a compiler writing it in pieces causes one redeploy, of the
 * whole file. Change notices come from the platform's {@link WatchService}; every
 * {@link #POLL_MILLIS} the files' sizes and times are compared too, for file systems whose
 * notices are slow or missing. One thread of its own calls the listener. Thread-safe.
 */
final class DevWatcher implements AutoCloseable {
    static final long SETTLE_MILLIS = 200;
    static final long POLL_MILLIS = 500;
    private static final long TICK_MILLIS = 50;

    /** Told of settled changes, on the watcher's thread. */
    interface Listener {
        /** The file was written (or appeared in a watched directory) and is now stable. */
        void changed(Path file);

        /** The file is gone. */
        void removed(Path file);
    }

    /** What a file looked like: {@code null} fields when it is missing. */
    private record Stamp(Long size, Long modified) {
        static final Stamp MISSING = new Stamp(null, null);
    }

    /** A change seen and not yet reported: when, and what the file looked like then. */
    private record Pending(long atMillis, Stamp stamp) {}

    private final Set<Path> files;
    private final Set<Path> directories;
    private final Listener listener;
    private final Map<Path, Stamp> known = new HashMap<>();
    private final Map<Path, Pending> pending = new HashMap<>();
    private final WatchService watchService;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param files single files to watch, whatever their name
     * @param directories directories whose function files ({@link FunctionFile#isServed}) to watch
     */
    DevWatcher(Set<Path> files, Set<Path> directories, Listener listener) throws IOException {
        this.files = Set.copyOf(files);
        this.directories = Set.copyOf(directories);
        this.listener = listener;
        this.watchService = FileSystems.getDefault().newWatchService();
        Set<Path> watched = new LinkedHashSet<>(this.directories);
        this.files.forEach(file -> watched.add(file.getParent()));
        for (Path directory : watched) {
            directory.register(
                    watchService,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
        for (Path file : tracked()) {
            known.put(file, stamp(file));
        }
        this.thread = new Thread(this::run, "edge-dev-watch");
        thread.setDaemon(true);
    }

    /** The function files of the directories, sorted, as they are now. */
    static List<Path> functionFiles(Path directory) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (FunctionFile.isServed(entry) && Files.isRegularFile(entry)) {
                    found.add(entry);
                }
            }
        }
        found.sort(null);
        return found;
    }

    DevWatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        long lastPoll = System.currentTimeMillis();
        try {
            while (running) {
                WatchKey key = watchService.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                long now = System.currentTimeMillis();
                if (key != null) {
                    Path directory = (Path) key.watchable();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.context() instanceof Path) {
                            noticed(directory.resolve((Path) event.context()), now);
                        } else {
                            // Notices overflowed: compare every file now.
                            lastPoll = 0;
                        }
                    }
                    key.reset();
                }
                if (now - lastPoll >= POLL_MILLIS) {
                    poll(now);
                    lastPoll = now;
                }
                settle(now);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: stop watching.
        }
    }

    private void noticed(Path file, long now) {
        if (isTracked(file) && !pending.containsKey(file)) {
            pending.put(file, new Pending(now, stamp(file)));
        }
    }

    private boolean isTracked(Path file) {
        return files.contains(file) || (directories.contains(file.getParent()) && FunctionFile.isServed(file));
    }

    /** Compares every tracked file, and any new one, with what it was. */
    private void poll(long now) {
        for (Path file : tracked()) {
            Stamp stamp = stamp(file);
            if (!stamp.equals(known.get(file)) && !pending.containsKey(file)) {
                pending.put(file, new Pending(now, stamp));
            }
        }
    }

    private Set<Path> tracked() {
        Set<Path> all = new LinkedHashSet<>(files);
        all.addAll(known.keySet());
        for (Path directory : directories) {
            try {
                all.addAll(functionFiles(directory));
            } catch (IOException e) {
                // A directory that went away has no files; its known ones are reported removed.
            }
        }
        return all;
    }

    /** Reports the files that have not changed for {@link #SETTLE_MILLIS}. */
    private void settle(long now) {
        for (Path file : new ArrayList<>(pending.keySet())) {
            Pending change = pending.get(file);
            if (now - change.atMillis() < SETTLE_MILLIS) {
                continue;
            }
            Stamp stamp = stamp(file);
            if (!stamp.equals(change.stamp())) {
                pending.put(file, new Pending(now, stamp));
                continue;
            }
            pending.remove(file);
            if (stamp.equals(known.get(file))) {
                continue;
            }
            known.put(file, stamp);
            if (stamp.equals(Stamp.MISSING)) {
                listener.removed(file);
            } else {
                listener.changed(file);
            }
        }
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        } catch (IOException e) {
            return Stamp.MISSING;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            watchService.close();
        } catch (IOException e) {
            // Closing is all that is wanted.
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
