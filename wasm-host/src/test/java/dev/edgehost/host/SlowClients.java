package dev.edgehost.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
        SlowClients clients = new SlowClients();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                clients.sockets.add(socket);
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
