package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The CGI samples as a host bundles them: WASI commands served as CGI from {@code bundled.txt}. */
class BundledCgiSamplesTest {

    @Test
    void bundledSamples_areServedAsCgi() {
        try (SampleHost host = SampleHost.start(true)) {
            HttpResponse<String> hello = host.send(host.request("/cgi-hello").build());
            HttpResponse<String> echo = host.send(host.request("/cgi-echo/a/b?c=d").build());

            assertEquals("Hello from a CGI program!\n", hello.body());
            assertTrue(echo.body().startsWith("arg cgi-echo\narg --from-bundled.txt\nenv REQUEST_METHOD=GET\nenv PATH_INFO=/a/b\n"),
                    echo::body);
        }
    }
}
