package dev.edgehost.host.fetch;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host's HTTP clients for guest fetches, one per connect timeout in use (the JDK client fixes
 * it per client). Clients never follow redirects themselves: every hop is checked by policy.
 */
public final class FetchClients {
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();
    private final HostResolver resolver;

    /** Clients that resolve host names through the system's resolver. */
    public FetchClients() {
        this(InetAddress::getAllByName);
    }

    /** Clients whose address policy checks names as {@code resolver} resolves them. */
    public FetchClients(HostResolver resolver) {
        this.resolver = resolver;
    }

    HostResolver resolver() {
        return resolver;
    }

    HttpClient client(Duration connectTimeout) {
        return clients.computeIfAbsent(
                connectTimeout,
                timeout ->
                        HttpClient.newBuilder()
                                .version(HttpClient.Version.HTTP_1_1)
                                .followRedirects(HttpClient.Redirect.NEVER)
                                .connectTimeout(timeout)
                                .build());
    }
}
