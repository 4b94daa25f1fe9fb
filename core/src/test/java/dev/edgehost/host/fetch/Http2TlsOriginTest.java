package dev.edgehost.host.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches to a real TLS origin on loopback that offers HTTP/2 by ALPN, with a self-signed
 * certificate made by the JDK's keytool and trusted through the host's fetch trust store: the
 * client negotiates HTTP/2 and multiplexes a function's fetches, concurrent ones included, over
 * one pooled connection.
 */
class Http2TlsOriginTest {
    private static final String PASSWORD = "changeit";
    private static final int CONCURRENT = 8;
    private static final int REQUESTS = 5;
    private static final String SCRIPT =
            """
            export default {
              async fetch(request, env) {
                try {
                  const count = new URL(request.url).searchParams.has('one') ? 1 : %d;
                  const all = await Promise.all(Array.from({ length: count }, (_, i) => fetch(`${env.origin}/item/${i}`)));
                  return new Response((await Promise.all(all.map((r) => r.text()))).join(','));
                } catch (e) {
                  return new Response(`failed: ${e.message}`, { status: 502 });
                }
              },
            };
            """.formatted(CONCURRENT);

    @TempDir
    static Path dir;
    private static Undertow origin;
    private static String originUrl;
    private static Path certificate;
    /** The client address and port of every request: one per TCP connection. */
    private static final Set<String> clients = Collections.synchronizedSet(new HashSet<>());
    private static final List<String> protocols = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startOrigin() throws Exception {
        Path keyStore = dir.resolve("origin.p12");
        certificate = dir.resolve("origin.pem");
        keytool("-genkeypair", "-alias", "origin", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "origin", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        origin = Undertow.builder()
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .addHttpsListener(0, "127.0.0.1", tls, exchange -> {
                    clients.add(exchange.getSourceAddress().toString());
                    protocols.add(exchange.getProtocol().toString());
                    exchange.getResponseSender().send(ByteBuffer.wrap(exchange.getProtocol().toString().getBytes(StandardCharsets.UTF_8)));
                })
                .build();
        origin.start();
        originUrl = "https://127.0.0.1:" + ((InetSocketAddress) origin.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterAll
    static void stopOrigin() {
        origin.stop();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool failed: " + output);
    }

    private static void deploy(EdgeHost host) {
        // A loaded machine's first TLS handshakes take seconds: the deadline is for the test to finish, not for speed.
        FunctionLimits limits = FunctionLimits.builder().timeout(Duration.ofSeconds(60)).fetchTimeout(Duration.ofSeconds(50)).build();
        host.deployScript("h2", SCRIPT, FunctionSettings.builder().allowFetch(originUrl).config("origin", originUrl).limits(limits).build());
    }

    private static EdgeResponse get(EdgeHost host, String query) {
        return host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/h2" + query)).build());
    }

    @Test
    void fetchTrustStore_tlsOriginOfferingH2_negotiatesHttp2OverOnePooledConnection() {
        clients.clear();
        protocols.clear();
        try (EdgeHost host = EdgeHost.builder().workers(1).fetchTrustStore(certificate).build()) {
            deploy(host);
            // One fetch first: until a connection has said it speaks HTTP/2, concurrent fetches each open their own.
            assertEquals("HTTP/2.0", new String(get(host, "?one").body(), StandardCharsets.UTF_8));
            for (int request = 0; request < REQUESTS; request++) {
                EdgeResponse response = get(host, "");
                String body = new String(response.body(), StandardCharsets.UTF_8);
                assertEquals(200, response.status(), body);
                assertEquals(String.join(",", Collections.nCopies(CONCURRENT, "HTTP/2.0")), body);
            }
        }

        assertEquals(1 + REQUESTS * CONCURRENT, protocols.size());
        // Over HTTP/1.1, eight fetches at once would need eight connections.
        assertEquals(1, clients.size(), "the origin saw the connections " + clients);
    }

    @Test
    void withoutTheTrustStore_theSelfSignedOriginIsRefused() {
        try (EdgeHost host = EdgeHost.builder().workers(1).build()) {
            deploy(host);
            EdgeResponse response = get(host, "");

            assertEquals(502, response.status());
            assertTrue(new String(response.body(), StandardCharsets.UTF_8).startsWith("failed: fetch " + originUrl));
        }
    }

    @Test
    void fetchTrustStore_fileWithoutCertificates_isRefusedWhenBuilt() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> EdgeHost.builder().fetchTrustStore(empty).build());
        assertTrue(refused.getMessage().contains("empty.pem"), refused.getMessage());
    }
}
