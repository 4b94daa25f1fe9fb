package dev.edgehost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The admin API as the CLI calls it: {@code --admin URL} and {@code --admin-token}. */
final class AdminClient {
    @Option(names = "--admin", defaultValue = "http://127.0.0.1:8081", description = "Admin API base URL (default: ${DEFAULT-VALUE}).")
    URI admin;

    @Option(names = "--admin-token", defaultValue = "${env:EDGE_ADMIN_TOKEN}", description = "Bearer token for the admin API (default: $EDGE_ADMIN_TOKEN).")
    String token;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The admin path of a function, its name encoded: {@code /functions/NAME}. */
    static String functionPath(String name) {
        return "/functions/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /**
     * Sends a request to a path below the admin URL and prints the answer: the body to {@code out}
     * on success, the failure to {@code err} otherwise.
     *
     * @return the command's exit code: 0 for a 2xx answer, 1 otherwise
     */
    int send(String method, String pathAndQuery, HttpRequest.BodyPublisher body, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = call(method, pathAndQuery, body);
        } catch (AdminUnreachableException e) {
            err.println(e.getMessage());
            return 1;
        }
        boolean ok = response.statusCode() / 100 == 2;
        if (!ok) {
            err.println(AdminFailure.describe(response));
        } else if (response.body().length > 0) {
            out.println(new String(response.body(), StandardCharsets.UTF_8));
        }
        return ok ? 0 : 1;
    }

    /**
     * Sends a bodiless request and returns the JSON of a {@code 200} answer; prints why to
     * {@code err} and returns {@code null} for any other answer or none.
     */
    JsonNode json(String method, String pathAndQuery, PrintWriter err) throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = call(method, pathAndQuery, HttpRequest.BodyPublishers.noBody());
        } catch (AdminUnreachableException e) {
            err.println(e.getMessage());
            return null;
        }
        if (response.statusCode() != 200) {
            err.println(AdminFailure.describe(response));
            return null;
        }
        return JSON.readTree(response.body());
    }

    /**
     * Sends a request and returns the answer whatever its status.
     *
     * @throws AdminUnreachableException when no answer came
     */
    HttpResponse<byte[]> call(String method, String pathAndQuery, HttpRequest.BodyPublisher body)
            throws InterruptedException {
        return call(method, pathAndQuery, body, null);
    }

    /** Like {@link #call(String, String, HttpRequest.BodyPublisher)}, for a body of the given content type. */
    HttpResponse<byte[]> call(String method, String pathAndQuery, HttpRequest.BodyPublisher body, String contentType)
            throws InterruptedException {
        HttpRequest.Builder request = request(pathAndQuery).timeout(Duration.ofMinutes(5)).method(method, body);
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AdminUnreachableException(base(), e);
        }
    }

    /** A request to a path below the admin URL, with the token; for callers that read the answer as it comes. */
    HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + pathAndQuery));
        if (token != null && !token.isEmpty()) {
            request.header("authorization", "Bearer " + token);
        }
        return request;
    }

    HttpClient client() {
        return client;
    }

    String base() {
        return admin.toString().replaceAll("/+$", "");
    }
}
