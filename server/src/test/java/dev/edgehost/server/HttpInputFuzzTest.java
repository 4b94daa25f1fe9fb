package dev.edgehost.server;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.edgehost.testhost.TestHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Raw HTTP from a hostile client, to the public port and the admin API of a real server: a path,
 * header lines and a body of its choosing. Whatever arrives, the host answers with a status below
 * 500 or closes the connection, and never shows a stack trace. {@code mvn verify} replays the
 * corpus in {@code HttpInputFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes (docs/fuzzing.md).
 */
class HttpInputFuzzTest {
    private static TestHost host;

    @BeforeAll
    static void startHost() {
        host = TestHost.start(null);
        host.deployOrFail("echo", TestHost.sample("echo"), "");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    /** The unreferenced resource only scopes the network permission Jazzer's sanitizer needs. */
    @SuppressWarnings("try")
    @FuzzTest(maxDuration = "5m")
    void request_anyPathHeadersAndBody_isAnsweredWithoutAServerError(FuzzedDataProvider data) throws IOException {
        boolean admin = data.consumeBoolean();
        String method = data.pickValue(new String[] {"GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"});
        String path = (admin ? "/functions/" : "/echo/") + data.consumeString(200);
        String headers = data.consumeString(400);
        byte[] body = data.consumeRemainingAsBytes();
        int port = admin ? host.server().adminPort() : host.server().port();
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        String answer;
        try (SilentCloseable allowed = BugDetectors.allowNetworkConnections();
                Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException | SocketException closed) {
            return;
        }
        if (answer.isEmpty()) {
            return;
        }
        int status = Integer.parseInt(answer.substring(9, 12));
        if (status >= 500 || answer.contains("Exception") || answer.contains("\tat ")) {
            throw new AssertionError("the host answered " + head.replace("\r\n", "\\r\\n") + " with " + answer);
        }
    }
}
