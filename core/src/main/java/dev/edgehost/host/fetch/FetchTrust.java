package dev.edgehost.host.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates fetches to TLS origins trust: the JVM's default trust anchors (its
 * {@code cacerts}, or the store {@code javax.net.ssl.trustStore} names) and, added to them, the
 * certificates of an operator's PEM file, such as the CA of internal origins. Stateless.
 */
public final class FetchTrust {
    private FetchTrust() {}

    /**
     * A TLS context trusting the default anchors and every certificate in {@code pemFile}.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    public static SSLContext withCertificates(Path pemFile) {
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(pemFile)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the fetch trust store " + pemFile + " cannot be read as PEM certificates: " + e.getMessage(), e);
        }
        if (extra.isEmpty()) {
            throw new IllegalArgumentException("the fetch trust store " + pemFile + " holds no certificate");
        }
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate certificate : defaultAnchors()) {
                anchors.setCertificateEntry("default-" + n++, certificate);
            }
            for (Certificate certificate : extra) {
                anchors.setCertificateEntry("extra-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the TLS context for fetches could not be built", e);
        }
    }

    private static X509Certificate[] defaultAnchors() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
