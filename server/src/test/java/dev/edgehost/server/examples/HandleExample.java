package dev.edgehost.server.examples;

import dev.edgehost.host.EdgeException;
import dev.edgehost.host.EdgeHost;
import dev.edgehost.host.EdgeRequest;
import dev.edgehost.host.EdgeResponse;
import dev.edgehost.host.FunctionLimits;
import dev.edgehost.host.FunctionSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The host inside a program that is no HTTP server (a job, a queue consumer): functions run
 * through {@link EdgeHost#handle}. Run from the repository root, or with the samples folder as the
 * argument.
 */
public final class HandleExample {

    private HandleExample() {}

    public static void main(String[] args) throws IOException {
        Path samples = Path.of(args.length > 0 ? args[0] : "guest-sdk-samples/wat");
        try (EdgeHost host = EdgeHost.builder()
                .defaultLimits(FunctionLimits.builder().timeout(Duration.ofSeconds(2)).build())
                .build()) {
            host.deploy("echo", Files.readAllBytes(samples.resolve("echo.wasm")), FunctionSettings.defaults());

            EdgeRequest request = EdgeRequest.builder("POST", URI.create("http://localhost/echo/orders?id=42"))
                    .header("content-type", "text/plain")
                    .body("order 42 shipped".getBytes(StandardCharsets.UTF_8))
                    .build();
            EdgeResponse response = host.handle(request);
            System.out.println(response.status() + " " + new String(response.body(), StandardCharsets.UTF_8));
            System.out.println("request " + response.requestId() + " used " + response.fuelUsed() + " fuel");

            try {
                host.handle(EdgeRequest.builder("GET", URI.create("http://localhost/missing")).build());
            } catch (EdgeException e) {
                // The status and code the host's HTTP port would answer.
                System.out.println(e.error().status() + " " + e.error().code() + ": " + e.getMessage());
            }
        }
    }
}
