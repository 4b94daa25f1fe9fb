package dev.edgehost.server;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The server's HTTP listeners on one XNIO worker, set up as Undertow's own builder sets them up,
 * with its defaults, but with a {@link ConnectionGate} in front of each listener: the builder has no
 * place for one, and a cap on connections has to act before HTTP sees them.
 */
final class EdgeListeners {
    private static final int BUFFER_BYTES = 16 * 1024 - 20;

    private final OptionMap undertowOptions;
    private final ConnectionLimits limits;
    private final List<Listener> listeners = new ArrayList<>();
    private final List<AcceptingChannel<StreamConnection>> channels = new ArrayList<>();
    private XnioWorker worker;
    private DefaultByteBufferPool buffers;

    private record Listener(String host, int port, HttpHandler handler) {}

    EdgeListeners(OptionMap undertowOptions, ConnectionLimits limits) {
        this.undertowOptions = undertowOptions;
        this.limits = limits;
    }

    /** Adds a listener; the first added is number 0. */
    EdgeListeners add(String host, int port, HttpHandler handler) {
        listeners.add(new Listener(host, port, handler));
        return this;
    }

    /** Binds every listener and starts accepting connections. */
    void start() {
        int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
        OptionMap workerOptions =
                OptionMap.builder()
                        .set(Options.WORKER_IO_THREADS, ioThreads)
                        .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                        .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                        .set(Options.TCP_NODELAY, true)
                        .set(Options.CORK, true)
                        .getMap();
        OptionMap socketOptions =
                OptionMap.builder()
                        .set(Options.WORKER_IO_THREADS, ioThreads)
                        .set(Options.TCP_NODELAY, true)
                        .set(Options.REUSE_ADDRESSES, true)
                        .set(Options.BALANCING_TOKENS, 1)
                        .set(Options.BALANCING_CONNECTIONS, 2)
                        .set(Options.BACKLOG, 1000)
                        .getMap();
        OptionMap httpOptions = OptionMap.builder().set(UndertowOptions.BUFFER_PIPELINED_DATA, true).addAll(undertowOptions).getMap();
        buffers = new DefaultByteBufferPool(true, BUFFER_BYTES, -1, 4);
        try {
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(workerOptions);
            for (Listener listener : listeners) {
                HttpOpenListener http = new HttpOpenListener(buffers, httpOptions);
                http.setRootHandler(listener.handler());
                ConnectionGate gate = new ConnectionGate(http, limits.maxConnections(), limits.maxConnectionsPerClient());
                AcceptingChannel<StreamConnection> channel =
                        worker.createStreamConnectionServer(
                                new InetSocketAddress(InetAddress.getByName(listener.host()), listener.port()), gate, socketOptions);
                channel.resumeAccepts();
                channels.add(channel);
            }
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot listen: " + e.getMessage(), e);
        }
    }

    /** The port a listener is bound to. */
    int port(int listener) {
        return ((InetSocketAddress) channels.get(listener).getLocalAddress()).getPort();
    }

    /** Stops listening and closes every connection. */
    void stop() {
        channels.forEach(IoUtils::safeClose);
        channels.clear();
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination();
            } catch (InterruptedException e) {
                worker.shutdownNow();
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
        if (buffers != null) {
            buffers.close();
            buffers = null;
        }
    }
}
