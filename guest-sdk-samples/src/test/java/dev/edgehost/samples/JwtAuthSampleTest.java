package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The C sample {@code jwt-auth} on a real host, forwarding to a real origin. */
class JwtAuthSampleTest {
    private static final String SECRET = "test-secret-of-some-length";
    private static final String WASM = "c/jwt-auth/jwt-auth.wasm";

    private static SampleOrigin origin;
    private static SampleHost host;
    private static KeyPair rsa;

    @BeforeAll
    static void start() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        String pem =
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(rsa.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
        origin = new SampleOrigin();
        host = SampleHost.start(false);
        host.deploy(
                "jwt",
                WASM,
                Map.of("jwt_secret", SECRET, "jwt_public_key", pem, "origin", origin.origin() + "/api"),
                origin.origin());
        host.deploy("hs-only", WASM, Map.of("jwt_secret", SECRET, "origin", origin.origin()), origin.origin());
    }

    @AfterAll
    static void stop() {
        host.close();
        origin.close();
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String signingInput(String alg, String claims) {
        return base64url(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
                + "."
                + base64url(claims.getBytes(StandardCharsets.UTF_8));
    }

    private static String hs256(String claims, String secret) throws GeneralSecurityException {
        String input = signingInput("HS256", claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + base64url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String rs256(String claims) throws GeneralSecurityException {
        String input = signingInput("RS256", claims);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(rsa.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + base64url(signer.sign());
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = host.request(path);
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return host.send(request.build());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("{\"error\":\"" + error + "\"}\n", response.body());
        assertTrue(response.headers().firstValue("www-authenticate").orElseThrow().startsWith("Bearer"));
    }

    @Test
    void noToken_is401() {
        assertRefused(get("/jwt/orders", null), 401, "missing_token");
    }

    @Test
    void malformedToken_is401() {
        assertRefused(get("/jwt/orders", "not-a-jwt"), 401, "malformed_token");
        assertRefused(get("/jwt/orders", "a.b.c.d"), 401, "malformed_token");
        assertRefused(get("/jwt/orders", base64url("{\"alg\":".getBytes(StandardCharsets.UTF_8)) + ".e30.AA"), 401, "malformed_token");
    }

    @Test
    void hs256Valid_forwardsClaimsAndPathToTheOrigin() throws GeneralSecurityException {
        long exp = now() + 600;
        String claims = "{\"sub\":\"alice\",\"role\":\"admin\",\"exp\":" + exp + ",\"groups\":[\"a\",\"b\"]}";
        int before = origin.received().size();

        HttpResponse<String> response = get("/jwt/orders/7?expand=items", hs256(claims, SECRET));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"origin\":\"ok\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        SampleOrigin.Received received = origin.received().get(before);
        assertEquals("GET", received.method());
        assertEquals("/api/orders/7?expand=items", received.uri().toString());
        assertEquals("alice", received.headers().getFirst("x-jwt-sub"));
        assertEquals("admin", received.headers().getFirst("x-jwt-role"));
        assertEquals(String.valueOf(exp), received.headers().getFirst("x-jwt-exp"));
        assertNull(received.headers().getFirst("x-jwt-groups"), "an array claim is not forwarded");
        assertNull(received.headers().getFirst("authorization"), "the token stays at the edge");
        assertEquals(sha256Hex(claims), received.headers().getFirst("x-jwt-claims-sha256"));
    }

    @Test
    void post_forwardsMethodAndBody() throws GeneralSecurityException {
        int before = origin.received().size();
        HttpResponse<String> response =
                host.send(
                        host.request("/jwt/submit")
                                .header("authorization", "Bearer " + hs256("{\"sub\":\"bob\"}", SECRET))
                                .POST(HttpRequest.BodyPublishers.ofString("payload"))
                                .build());

        assertEquals(200, response.statusCode(), response.body());
        SampleOrigin.Received received = origin.received().get(before);
        assertEquals("POST", received.method());
        assertEquals("payload", received.body());
    }

    @Test
    void hs256WrongSecret_is403() throws GeneralSecurityException {
        assertRefused(get("/jwt/orders", hs256("{\"sub\":\"mallory\"}", "another-secret")), 403, "bad_signature");
    }

    @Test
    void hs256Expired_is403() throws GeneralSecurityException {
        assertRefused(get("/jwt/orders", hs256("{\"sub\":\"alice\",\"exp\":" + (now() - 5) + "}", SECRET)), 403, "token_expired");
    }

    @Test
    void hs256NotYetValid_is403() throws GeneralSecurityException {
        assertRefused(get("/jwt/orders", hs256("{\"sub\":\"alice\",\"nbf\":" + (now() + 600) + "}", SECRET)), 403, "token_not_yet_valid");
    }

    @Test
    void rs256Valid_isForwarded() throws GeneralSecurityException {
        int before = origin.received().size();
        HttpResponse<String> response = get("/jwt/", rs256("{\"sub\":\"carol\",\"exp\":" + (now() + 60) + "}"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("carol", origin.received().get(before).headers().getFirst("x-jwt-sub"));
    }

    @Test
    void rs256TamperedPayload_is403() throws GeneralSecurityException {
        String token = rs256("{\"sub\":\"carol\"}");
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + base64url("{\"sub\":\"admin\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRefused(get("/jwt/", forged), 403, "bad_signature");
    }

    @Test
    void algorithmWithoutAKey_is403() throws GeneralSecurityException {
        assertRefused(get("/hs-only/", rs256("{\"sub\":\"carol\"}")), 403, "algorithm_not_accepted");
        String none = signingInput("none", "{\"sub\":\"eve\"}") + ".";
        assertRefused(get("/jwt/", none), 403, "algorithm_not_accepted");
    }

    private static String sha256Hex(String text) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
