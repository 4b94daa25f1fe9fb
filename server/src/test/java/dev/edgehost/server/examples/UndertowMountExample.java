package dev.edgehost.server.examples;

import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.FunctionSettings;
import dev.edgehost.server.EdgeHandlers;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The host's functions below {@code /edge} of an Undertow server that has routes of its own. It
 * starts the server on a free port, asks it three things and stops. Run from the repository root,
 * or with the samples folder as the argument.
 */
public final class UndertowMountExample {

    private UndertowMountExample() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path samples = Path.of(args.length > 0 ? args[0] : "guest-sdk-samples/wat");
        try (EdgeHost host = EdgeHost.builder().build()) {
            host.deploy("echo", Files.readAllBytes(samples.resolve("echo.wasm")), FunctionSettings.defaults());

            Undertow server = Undertow.builder()
                    .addHttpListener(0, "127.0.0.1")
                    .setHandler(Handlers.path(exchange -> exchange.getResponseSender().send("the app's own page"))
                            .addPrefixPath("/edge", EdgeHandlers.functions(host)))
                    .build();
            server.start();
            try {
                int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (String path : List.of("/", "/edge/echo/x?y=1", "/edge/missing")) {
                    HttpResponse<String> response = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    // Two lines are enough to tell who answered: echo's are the method and the URL it saw.
                    System.out.println("GET " + path + " -> " + response.statusCode() + " "
                            + response.body().lines().limit(2).collect(Collectors.joining(" ")));
                }
            } finally {
                server.stop();
            }
        }
    }
}
