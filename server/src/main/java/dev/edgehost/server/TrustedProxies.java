package dev.edgehost.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code Forwarded} and {@code X-Forwarded-For} headers the host believes, as
 * CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address). The client is the
 * connection's peer, or, when the peer is trusted, the first hop from the right of the forwarding
 * chain that is not: every proxy appends the address it received from, so only the hops trusted
 * proxies added are true. Immutable and thread-safe.
 */
final class TrustedProxies {
    /** Characters of an IPv4 or IPv6 literal: parsing one never asks DNS. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private record Block(byte[] network, int prefix) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (bytes[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * @throws IllegalArgumentException naming a block that is not an address or CIDR block
     */
    static TrustedProxies parse(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String cidr : cidrs) {
            String trimmed = cidr.strip();
            int slash = trimmed.indexOf('/');
            InetAddress network = literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr);
            }
            int bits = network.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IP address or CIDR block: " + cidr, e);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("the prefix of " + cidr + " is 0 to " + bits);
            }
            blocks.add(new Block(network.getAddress(), prefix));
        }
        return new TrustedProxies(blocks);
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    boolean trusts(InetAddress address) {
        return blocks.stream().anyMatch(block -> block.contains(address));
    }

    /**
     * The client's address.
     *
     * @param peer the connection's peer
     * @param hops the forwarding chain, leftmost (the original client, as claimed) first
     */
    InetAddress client(InetAddress peer, List<String> hops) {
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0 && trusts(client); i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                // An obfuscated or unknown hop: the trusted proxy that wrote it is as far as the chain is known.
                return client;
            }
            client = hop;
        }
        return client;
    }

    /** An address literal, or {@code null} for anything else (a name is never resolved). */
    static InetAddress literal(String text) {
        if (text.isEmpty() || !LITERAL.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
