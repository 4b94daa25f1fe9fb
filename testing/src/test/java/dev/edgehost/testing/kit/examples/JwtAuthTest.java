package dev.edgehost.testing.kit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.testing.kit.EdgeTest;
import dev.edgehost.testing.kit.Samples;
import dev.edgehost.testing.kit.StubOrigin;
import dev.edgehost.testing.kit.TestEdge;
import dev.edgehost.testing.kit.TestFunction;
import dev.edgehost.testing.kit.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Testing a C function, the jwt-auth sample, as its author would: the origin it forwards to is a
 * stub the test answers, and the tokens are signed in the test.
 */
@EdgeTest
class JwtAuthTest {
    private static final String SECRET = "s3cret";

    private StubOrigin origin;
    private TestFunction auth;

    @BeforeEach
    void deploy(TestEdge edge) {
        origin = edge.origin().answer("GET", "/orders/*", 200, "{\"orders\":[]}", "content-type", "application/json");
        auth = edge.deploy("jwt-auth", Samples.module("c/jwt-auth/jwt-auth.wasm"),
                settings -> settings.config("jwt_secret", SECRET).config("origin", origin.url()));
    }

    @Test
    void validToken_isForwardedWithItsClaims() throws Exception {
        TestResponse response = auth.request("GET", "/orders/7?page=2")
                .header("authorization", "Bearer " + token("{\"sub\":\"ada\",\"role\":\"admin\"}"))
                .send();

        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"orders\":[]}", response.text());
        StubOrigin.Received forwarded = origin.received().get(0);
        assertEquals("/orders/7?page=2", forwarded.path());
        assertEquals("ada", forwarded.header("x-jwt-sub"));
        assertEquals("admin", forwarded.header("x-jwt-role"));
        assertEquals(null, forwarded.header("authorization"), "the token stays at the edge");
        assertTrue(response.logMessages().contains("jwt-auth: HS256 token of ada accepted"), response.logMessages().toString());
    }

    @Test
    void missingToken_is401AndNothingIsForwarded() {
        TestResponse response = auth.get("/orders/7");

        assertEquals(401, response.status());
        assertEquals("{\"error\":\"missing_token\"}\n", response.text());
        assertEquals("Bearer", response.header("www-authenticate"));
        assertTrue(origin.received().isEmpty());
    }

    @Test
    void tokenSignedWithAnotherSecret_is403() throws Exception {
        String forged = token("{\"sub\":\"mallory\"}").replaceAll("\\.[^.]+$", "." + signature("header.payload", "other"));

        TestResponse response = auth.request("GET", "/orders/7").header("authorization", "Bearer " + forged).send();

        assertEquals(403, response.status());
        assertEquals("{\"error\":\"bad_signature\"}\n", response.text());
    }

    private static String token(String claims) throws Exception {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signed = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return signed + "." + signature(signed, SECRET);
    }

    private static String signature(String signed, String secret) throws Exception {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
