package dev.edgehost.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A Node.js {@code http} server answering fixed bytes on loopback: the peer of the HTTP hello
 * benchmarks. Needs {@code node} on the PATH; {@link #available} says whether it is.
 */
final class NodeHello implements AutoCloseable {
    private static final String SCRIPT =
            "const http = require('http');\n"
                    + "const body = Buffer.from(process.argv[2], 'base64');\n"
                    + "const type = process.argv[3];\n"
                    + "const server = http.createServer((request, response) => {\n"
                    + "  response.writeHead(200, {'content-type': type, 'content-length': body.length});\n"
                    + "  response.end(body);\n"
                    + "});\n"
                    + "server.listen(0, '127.0.0.1', () => console.log(server.address().port));\n";

    private final Process process;
    private final int port;

    NodeHello(byte[] body, String contentType) throws IOException {
        Path script = Files.createTempFile("edge-node-hello", ".js");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        script.toFile().deleteOnExit();
        process = new ProcessBuilder(List.of("node", script.toString(), Base64.getEncoder().encodeToString(body), contentType))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("node did not start the hello server");
        }
        port = Integer.parseInt(line.strip());
    }

    /** Whether {@code node} runs here; the reports skip the Node.js peer, and say so, when not. */
    static boolean available() {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
