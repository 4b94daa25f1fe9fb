package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The C samples as a host bundles them: deployed from {@code bundled.txt} with its settings. */
class BundledCSamplesTest {
    /** The HS256 token for the demo secret of {@code bundled.txt}, as README.md gives it. */
    private static final String DEMO_TOKEN =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZW1vIiwibmFtZSI6IkRlbW8gVXNlciJ9"
                    + ".K7J2QBGvmiVv8mCEr0i4d0qRjlopVcUbcFIgpcvk0uM";

    @Test
    void bundledSamples_areDeployedWithTheirSettings() {
        try (SampleHost host = SampleHost.start(true, new CountryTable())) {
            HttpResponse<String> geo = host.send(host.request("/geo").header("x-forwarded-for", CountryTable.FRANCE).build());
            assertEquals(302, geo.statusCode());
            assertEquals("https://example.com/fr/", geo.headers().firstValue("location").orElseThrow());

            assertEquals(401, host.send(host.request("/jwt-auth").build()).statusCode());
            // The demo token passes, and the request goes on to the bundled echo of this very host,
            // whatever port it serves on.
            HttpResponse<String> withToken =
                    host.send(host.request("/jwt-auth/orders?x=1").header("authorization", "Bearer " + DEMO_TOKEN).build());
            assertEquals(200, withToken.statusCode(), withToken.body());
            String sentTo = host.request("/echo/orders?x=1").build().uri().toString();
            assertTrue(withToken.body().startsWith("GET\n" + sentTo + "\n"), withToken.body());
            assertTrue(withToken.body().contains("x-jwt-sub: demo\n"), withToken.body());
        }
    }
}
