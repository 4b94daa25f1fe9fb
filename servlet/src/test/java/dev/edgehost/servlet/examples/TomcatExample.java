package dev.edgehost.servlet.examples;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.servlet.EdgeServlet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/**
 * The host's functions below {@code /edge} of an embedded Tomcat, through {@link EdgeServlet}. It
 * starts Tomcat on a free port, asks it two things and stops. Run from the repository root, or
 * with the samples folder as the argument.
 */
public final class TomcatExample {

    private TomcatExample() {}

    public static void main(String[] args) throws IOException, InterruptedException, LifecycleException {
        Path samples = Path.of(args.length > 0 ? args[0] : "guest-sdk-samples/wat");
        // Tomcat needs a directory of its own for work files.
        Path baseDir = Files.createTempDirectory("edge-tomcat");
        try (EdgeHost host = EdgeHost.builder().build()) {
            host.deploy("echo", Files.readAllBytes(samples.resolve("echo.wasm")), FunctionSettings.defaults());

            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Context context = tomcat.addContext("", null);
            Tomcat.addServlet(context, "edge", new EdgeServlet(host));
            context.addServletMapping("/edge/*", "edge");
            tomcat.start();
            try {
                int port = tomcat.getConnector().getLocalPort();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (String path : List.of("/edge/echo/x?y=1", "/edge/missing")) {
                    HttpResponse<String> response = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    // Two lines are enough to tell who answered: echo's are the method and the URL it saw.
                    System.out.println("GET " + path + " -> " + response.statusCode() + " "
                            + response.body().lines().limit(2).collect(Collectors.joining(" ")));
                }
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        } finally {
            try (Stream<Path> files = Files.walk(baseDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
