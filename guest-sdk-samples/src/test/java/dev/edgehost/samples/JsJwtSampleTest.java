package dev.edgehost.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript sample {@code jwt-jwks} on a real host: RS256 and ES256 tokens signed here,
 * verified against a JWKS that a real origin serves and the function caches in its key-value
 * store with a TTL.
 */
class JsJwtSampleTest {
    private static final String SCRIPT = "javascript/jwt-jwks/jwt-jwks.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KeyPair rsa;
    private static KeyPair ec;
    private static SampleOrigin jwksOrigin;
    private static SampleHost host;

    @BeforeAll
    static void start() throws GeneralSecurityException {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGenerator.generateKeyPair();
        jwksOrigin = new SampleOrigin(jwks(), "application/json");
        host = SampleHost.start(false);
        host.deployScript("jwt", SCRIPT, Map.of("jwks-url", jwksOrigin.origin() + "/.well-known/jwks.json"), jwksOrigin.origin());
        host.deployScript(
                "jwt-short-cache",
                SCRIPT,
                Map.of("jwks-url", jwksOrigin.origin() + "/.well-known/jwks.json", "jwks-ttl", "1"),
                jwksOrigin.origin());
    }

    @AfterAll
    static void stop() {
        host.close();
        jwksOrigin.close();
    }

    private static String jwks() {
        RSAPublicKey rsaKey = (RSAPublicKey) rsa.getPublic();
        ECPublicKey ecKey = (ECPublicKey) ec.getPublic();
        return "{\"keys\":["
                + "{\"kty\":\"RSA\",\"kid\":\"rsa-1\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\"" + unsigned(rsaKey.getModulus(), 0)
                + "\",\"e\":\"" + unsigned(rsaKey.getPublicExponent(), 0) + "\"},"
                + "{\"kty\":\"EC\",\"kid\":\"ec-1\",\"alg\":\"ES256\",\"crv\":\"P-256\",\"x\":\"" + unsigned(ecKey.getW().getAffineX(), 32)
                + "\",\"y\":\"" + unsigned(ecKey.getW().getAffineY(), 32) + "\"}]}";
    }

    /** A JWK number: big-endian without a sign byte, padded to {@code length} bytes when given. */
    private static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (bytes.length < length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            bytes = padded;
        }
        return base64url(bytes);
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String token(String alg, String kid, String claims, PrivateKey key) throws GeneralSecurityException {
        String input =
                base64url(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8))
                        + "." + base64url(claims.getBytes(StandardCharsets.UTF_8));
        // JWS wants ECDSA signatures as r || s, which is the P1363 format.
        Signature signer = Signature.getInstance(alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
        signer.initSign(key);
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + base64url(signer.sign());
    }

    private static String claims(String sub, long expiresIn) {
        return "{\"sub\":\"" + sub + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + expiresIn) + "}";
    }

    private static HttpResponse<String> get(String function, String token) {
        HttpRequest.Builder request = host.request("/" + function + "/orders");
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return host.send(request.build());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static long jwksFetches() {
        return jwksOrigin.received().size();
    }

    @Test
    void rs256Valid_answersTheClaims() throws Exception {
        HttpResponse<String> response = get("jwt", token("RS256", "rsa-1", claims("alice", 600), rsa.getPrivate()));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("alice", json(response).path("sub").asText());
        assertEquals("RS256", json(response).path("alg").asText());
    }

    @Test
    void es256Valid_answersTheClaims() throws Exception {
        HttpResponse<String> response = get("jwt", token("ES256", "ec-1", claims("bob", 600), ec.getPrivate()));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("bob", json(response).path("sub").asText());
        assertEquals("ec-1", json(response).path("kid").asText());
    }

    @Test
    void manyRequests_fetchTheKeySetOnceWhileItIsCached() throws Exception {
        String token = token("RS256", "rsa-1", claims("carol", 600), rsa.getPrivate());
        assertEquals(200, get("jwt", token).statusCode());
        long fetched = jwksFetches();

        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("jwt", token).statusCode());
        }

        assertEquals(fetched, jwksFetches(), "the cached key set serves every request");
    }

    @Test
    void cacheTtlPassed_fetchesTheKeySetAgain() throws Exception {
        String token = token("ES256", "ec-1", claims("dave", 600), ec.getPrivate());
        assertEquals(200, get("jwt-short-cache", token).statusCode());
        long fetched = jwksFetches();

        Thread.sleep(2_500);
        assertEquals(200, get("jwt-short-cache", token).statusCode());

        assertEquals(fetched + 1, jwksFetches(), "the key set expired from the cache after its TTL of 1 s");
    }

    @Test
    void refusedTokens_are401WithTheReason() throws Exception {
        KeyPairGenerator other = KeyPairGenerator.getInstance("RSA");
        other.initialize(2048);
        assertRefused(get("jwt", null), "missing_token");
        assertRefused(get("jwt", "not.a-token"), "malformed_token");
        assertRefused(get("jwt", token("RS256", "rsa-1", claims("mallory", 600), other.generateKeyPair().getPrivate())), "bad_signature");
        assertRefused(get("jwt", token("RS256", "rsa-9", claims("mallory", 600), rsa.getPrivate())), "unknown_kid");
        assertRefused(get("jwt", token("ES256", "ec-1", claims("erin", -60), ec.getPrivate())), "expired");
    }

    private static void assertRefused(HttpResponse<String> response, String reason) throws IOException {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals(reason, json(response).path("error").asText());
        assertTrue(response.headers().firstValue("www-authenticate").orElseThrow().startsWith("Bearer"));
    }
}
