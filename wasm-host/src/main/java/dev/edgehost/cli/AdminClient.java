package dev.edgehost.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The admin API as the CLI calls it: {@code --admin URL} and {@code --admin-token}. */
final class AdminClient {
    @Option(names = "--admin", defaultValue = "http://127.0.0.1:8081", description = "Admin API base URL (default: ${DEFAULT-VALUE}).")
    URI admin;

    @Option(names = "--admin-token", defaultValue = "${env:EDGE_ADMIN_TOKEN}", description = "Bearer token for the admin API (default: $EDGE_ADMIN_TOKEN).")
    String token;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * Sends a request to a path below the admin URL and prints the answer: the body to {@code out}
     * on success, otherwise the status and the error's code and message to {@code err}.
     *
     * @return the command's exit code: 0 for a 2xx answer, 1 otherwise
     */
    int send(String method, String pathAndQuery, HttpRequest.BodyPublisher body, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        return send(method, pathAndQuery, body, null, out, err);
    }

    /** Like {@link #send(String, String, HttpRequest.BodyPublisher, PrintWriter, PrintWriter)}, for a body of the given content type. */
    int send(String method, String pathAndQuery, HttpRequest.BodyPublisher body, String contentType, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        String base = admin.toString().replaceAll("/+$", "");
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                        .timeout(Duration.ofMinutes(5))
                        .method(method, body);
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        if (token != null && !token.isEmpty()) {
            request.header("authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("cannot reach the admin API at " + base + ": " + e);
            return 1;
        }
        if (response.statusCode() / 100 != 2) {
            err.println(AdminErrorMessage.describe(response.statusCode(), response.body()));
            return 1;
        }
        if (!response.body().isEmpty()) {
            out.println(response.body());
        }
        return 0;
    }
}
