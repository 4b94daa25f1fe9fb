package dev.edgehost.host.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name for the address policy of fetches. */
@FunctionalInterface
public interface HostResolver {

    InetAddress[] resolve(String host) throws UnknownHostException;
}
