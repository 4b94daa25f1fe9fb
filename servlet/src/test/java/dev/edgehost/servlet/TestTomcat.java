package dev.edgehost.servlet;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** A real embedded Tomcat on an ephemeral loopback port, with a real HTTP client. */
final class TestTomcat implements AutoCloseable {
    private final Tomcat tomcat = new Tomcat();
    private final Connector connector = new Connector();
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** A Tomcat keeping its work files in {@code baseDir}; nothing is mounted and nothing listens yet. */
    TestTomcat(Path baseDir) {
        tomcat.setBaseDir(baseDir.toString());
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        // Lets through a character that URIs forbid, to test what the servlet does with it.
        connector.setProperty("relaxedQueryChars", "|");
        tomcat.setConnector(connector);
    }

    /** Mounts a servlet at {@code mapping} in the context at {@code contextPath} ("" for the root). */
    TestTomcat mount(String contextPath, String mapping, String name, Servlet servlet) {
        Context context = (Context) tomcat.getHost().findChild(contextPath);
        if (context == null) {
            context = tomcat.addContext(contextPath, null);
        }
        Tomcat.addServlet(context, name, servlet);
        context.addServletMapping(mapping, name);
        return this;
    }

    TestTomcat start() {
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
        return this;
    }

    int port() {
        return connector.getLocalPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The bytes of a sample guest from guest-sdk-samples/wat. */
    static byte[] sample(String name) {
        try {
            return Files.readAllBytes(Path.of(System.getProperty("edge.samples"), name + ".wasm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop", e);
        }
    }
}
