package dev.edgehost.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;

/**
 * Accepts a listener's connections up to a total and a per-client cap, and hands them to HTTP;
 * beyond either cap a new connection is closed at once, before a byte of it is read, so that one
 * client cannot take every connection and many cannot take the host's memory and file descriptors.
 * An IPv6 client counts by its /64, the block one subscriber usually holds.
 */
final class ConnectionGate implements ChannelListener<AcceptingChannel<StreamConnection>> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ChannelListener<? super StreamConnection> next;
    private final int maxConnections;
    private final int maxPerClient;
    private final Map<InetAddress, Integer> perClient = new HashMap<>();
    private int open;
    private long refusedSinceWarning;
    private long lastWarningNanos = System.nanoTime() - WARNING_INTERVAL_NANOS;

    ConnectionGate(ChannelListener<? super StreamConnection> next, int maxConnections, int maxPerClient) {
        this.next = next;
        this.maxConnections = maxConnections;
        this.maxPerClient = maxPerClient;
    }

    @Override
    public void handleEvent(AcceptingChannel<StreamConnection> channel) {
        StreamConnection connection;
        try {
            connection = channel.accept();
        } catch (IOException e) {
            LOG.debug("accepting a connection failed", e);
            return;
        }
        if (connection == null) {
            return;
        }
        InetAddress client = client(connection);
        if (!admit(client)) {
            IoUtils.safeClose(connection);
            return;
        }
        // XNIO keeps every close listener set, so HTTP's own does not replace this one.
        connection.setCloseListener(closed -> release(client));
        ChannelListeners.invokeChannelListener(connection, next);
    }

    private synchronized boolean admit(InetAddress client) {
        int fromClient = perClient.getOrDefault(client, 0);
        if (open >= maxConnections || fromClient >= maxPerClient) {
            refusedSinceWarning++;
            long now = System.nanoTime();
            if (now - lastWarningNanos >= WARNING_INTERVAL_NANOS) {
                LOG.warn(
                        "refused {} connections over the limits: {} open (at most {}), {} from {} (at most {} per client)",
                        refusedSinceWarning, open, maxConnections, fromClient, client, maxPerClient);
                refusedSinceWarning = 0;
                lastWarningNanos = now;
            }
            return false;
        }
        open++;
        perClient.put(client, fromClient + 1);
        return true;
    }

    private synchronized void release(InetAddress client) {
        open--;
        perClient.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1);
    }

    /** The address a client is counted by: an IPv4 address, or an IPv6 address's /64. */
    static InetAddress client(StreamConnection connection) {
        InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
        InetAddress address = peer == null ? null : peer.getAddress();
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
