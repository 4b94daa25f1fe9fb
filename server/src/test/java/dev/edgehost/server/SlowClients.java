package dev.edgehost.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Raw loopback connections that send part of a request and then hold it, or send more of it slowly. */
final class SlowClients implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    /** Opens {@code count} connections to the port, each sending {@code prefix}. */
    static SlowClients open(int port, int count, String prefix) {
        return open("127.0.0.1", port, count, prefix);
    }

    /** Like {@link #open(int, int, String)}, from another loopback address such as 127.0.0.2. */
    static SlowClients open(String fromAddress, int port, int count, String prefix) {
        SlowClients clients = new SlowClients();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                clients.sockets.add(socket);
                socket.bind(new InetSocketAddress(fromAddress, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port));
                if (!prefix.isEmpty()) {
                    socket.getOutputStream().write(prefix.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                }
            }
        } catch (IOException e) {
            clients.close();
            throw new UncheckedIOException(e);
        }
        return clients;
    }

    /** Sends one more byte on every connection still open; returns how many took it. */
    int trickle(byte next) {
        int sent = 0;
        for (Socket socket : sockets) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(next);
                out.flush();
                sent++;
            } catch (IOException e) {
                // The host closed this one; the rest go on.
            }
        }
        return sent;
    }

    /** How many connections the host has closed, each read with a wait of a few milliseconds. */
    int closedByHost() {
        int closed = 0;
        for (Socket socket : sockets) {
            if (isClosedByHost(socket)) {
                closed++;
            }
        }
        return closed;
    }

    /** Waits up to {@code millis} for the host to close {@code expected} connections; returns how many it closed. */
    int awaitClosedByHost(int expected, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        int closed = closedByHost();
        while (closed < expected && System.nanoTime() < end) {
            Thread.sleep(50);
            closed = closedByHost();
        }
        return closed;
    }

    static boolean isClosedByHost(Socket socket) {
        try {
            socket.setSoTimeout(2);
            InputStream in = socket.getInputStream();
            // Whatever the host answered before closing is read past; the end or a reset is what counts.
            for (int read = in.read(); ; read = in.read()) {
                if (read < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int size() {
        return sockets.size();
    }

    /** Sends a whole request on one of the connections and returns the status line of the answer. */
    String statusLine(int connection, String request) {
        Socket socket = sockets.get(connection);
        try {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            StringBuilder line = new StringBuilder();
            InputStream in = socket.getInputStream();
            for (int read = in.read(); read >= 0 && read != '\r'; read = in.read()) {
                line.append((char) read);
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first connection the host has not closed. */
    int firstOpen() {
        for (int i = 0; i < sockets.size(); i++) {
            if (!isClosedByHost(sockets.get(i))) {
                return i;
            }
        }
        throw new IllegalStateException("the host closed every connection");
    }

    /** Closes the first {@code count} connections. */
    void closeFirst(int count) {
        for (int i = 0; i < count; i++) {
            try {
                sockets.remove(0).close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a test's socket can only fail if it is closed already.
            }
        }
        sockets.clear();
    }
}
