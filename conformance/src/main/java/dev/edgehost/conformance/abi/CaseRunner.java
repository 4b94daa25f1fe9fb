package dev.edgehost.conformance.abi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs cases against a host: stands up the case's origins, deploys its guest with its settings
 * (or checks that the deploy is refused as expected), stores its key-value preconditions, sends
 * its requests in order and checks each response, and undeploys the guest again.
 */
public final class CaseRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPECTED_ERROR = "expected-error.json";

    private final HostUnderTest host;

    public CaseRunner(HostUnderTest host) {
        this.host = host;
    }

    public CaseResult run(ConformanceCase testCase) {
        String function = "conformance-" + testCase.name();
        JsonNode deploy = testCase.manifest().path("deploy");
        try (CannedOrigins origins = new CannedOrigins(deploy.path("origins"))) {
            HttpResponse<String> deployed =
                    host.deploy(function, testCase.module(), testCase.deploysScript(), settings(deploy.path("settings"), origins));
            try {
                Path expectedError = testCase.dir().resolve(EXPECTED_ERROR);
                if (Files.isRegularFile(expectedError)) {
                    checkRefused(deployed, JSON.readTree(Files.readString(expectedError)));
                    return CaseResult.pass(testCase.name());
                }
                if (deployed.statusCode() / 100 != 2) {
                    throw new CaseFailure("deploy answered " + deployed.statusCode() + ": " + deployed.body());
                }
                host.kvClear(function);
                for (Map.Entry<String, JsonNode> entry : CannedOrigins.iterable(deploy.path("kv"))) {
                    HttpResponse<String> stored = host.kvPut(function, entry.getKey(), origins.substitute(entry.getValue().asText()));
                    if (stored.statusCode() / 100 != 2) {
                        throw new CaseFailure("storing key " + entry.getKey() + " answered " + stored.statusCode());
                    }
                }
                int index = 0;
                for (JsonNode request : testCase.manifest().path("requests")) {
                    index++;
                    int times = request.path("repeat").asInt(1);
                    for (int i = 0; i < times; i++) {
                        // For expectations about time, such as a cached response going stale.
                        Thread.sleep(request.path("delayMs").asLong(0));
                        long started = System.nanoTime();
                        Received response = send(function, request, origins);
                        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                        String what = "request " + index + (times > 1 ? " (time " + (i + 1) + ")" : "");
                        ResponseCheck.check(response, request.path("expect"), what);
                        ResponseCheck.checkTime(elapsedMs, request.path("expect"), what);
                    }
                }
                checkKvAfter(function, testCase.manifest().path("kvAfter"));
                return CaseResult.pass(testCase.name());
            } finally {
                if (deployed.statusCode() / 100 == 2) {
                    host.undeploy(function);
                }
            }
        } catch (CaseFailure failure) {
            return CaseResult.fail(testCase.name(), failure.getMessage());
        } catch (IOException | RuntimeException e) {
            return CaseResult.fail(testCase.name(), "could not run: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CaseResult.fail(testCase.name(), "interrupted");
        }
    }

    private static Map<String, List<String>> settings(JsonNode settings, CannedOrigins origins) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> setting : CannedOrigins.iterable(settings)) {
            result.put(setting.getKey(), CannedOrigins.values(setting.getValue()).stream().map(origins::substitute).toList());
        }
        return result;
    }

    private static void checkRefused(HttpResponse<String> deployed, JsonNode expected) throws CaseFailure, IOException {
        int status = expected.path("status").asInt(400);
        if (deployed.statusCode() != status) {
            throw new CaseFailure("deploy answered " + deployed.statusCode() + ", expected " + status + ": " + deployed.body());
        }
        String error = expected.path("error").asText();
        JsonNode body = JSON.readTree(deployed.body());
        String actual = body.path("error").asText();
        if (!actual.equals(error)) {
            throw new CaseFailure("deploy was refused with error " + actual + ", expected " + error + ": " + deployed.body());
        }
        String messagePattern = expected.path("messagePattern").asText("");
        if (!messagePattern.isEmpty() && !Pattern.compile(messagePattern).matcher(body.path("message").asText()).find()) {
            throw new CaseFailure("the refusal's message does not match " + messagePattern + ": " + deployed.body());
        }
    }

    private Received send(String function, JsonNode request, CannedOrigins origins)
            throws IOException, InterruptedException {
        String method = request.path("method").asText("GET");
        HttpRequest.BodyPublisher body;
        if (request.has("bodyRepeat")) {
            String text = request.path("bodyRepeat").path("text").asText();
            body = HttpRequest.BodyPublishers.ofString(text.repeat(request.path("bodyRepeat").path("count").asInt()));
        } else if (request.has("body")) {
            body = HttpRequest.BodyPublishers.ofString(origins.substitute(request.path("body").asText()), StandardCharsets.UTF_8);
        } else {
            body = HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder().method(method, body);
        for (Map.Entry<String, JsonNode> header : CannedOrigins.iterable(request.path("headers"))) {
            for (String value : CannedOrigins.values(header.getValue())) {
                builder.header(header.getKey(), origins.substitute(value));
            }
        }
        return host.send(function, builder, request.path("path").asText(""));
    }

    private void checkKvAfter(String function, JsonNode kvAfter) throws CaseFailure, IOException, InterruptedException {
        for (Map.Entry<String, JsonNode> entry : CannedOrigins.iterable(kvAfter)) {
            HttpResponse<String> stored = host.kvGet(function, entry.getKey());
            if (entry.getValue().isNull()) {
                if (stored.statusCode() != 404) {
                    throw new CaseFailure("key " + entry.getKey() + " should be absent, the admin API answered " + stored.statusCode());
                }
            } else if (stored.statusCode() != 200 || !stored.body().equals(entry.getValue().asText())) {
                throw new CaseFailure("key " + entry.getKey() + " should hold \"" + entry.getValue().asText() + "\", the admin API answered "
                        + stored.statusCode() + " \"" + stored.body() + "\"");
            }
        }
    }
}
