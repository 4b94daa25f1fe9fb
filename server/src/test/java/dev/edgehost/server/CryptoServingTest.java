package dev.edgehost.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.testhost.TestHost;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cryptography functions of ABI §13 over real HTTP: a guest hashes, authenticates and verifies
 * the request body and answers with the raw result.
 */
class CryptoServingTest {
    /** Reads the body (at most 4 KiB) to 1024; {@code $body_len} holds its length. */
    private static final String READ_BODY =
            "(import \"edge\" \"req_body_read\" (func $read (param i32 i32) (result i32)))"
                    + "(import \"edge\" \"resp_write\" (func $write (param i32 i32) (result i32)))"
                    + "(memory (export \"memory\") 1)"
                    + "(global $body_len (mut i32) (i32.const 0))"
                    + "(func $read_body (local $n i32)"
                    + " (loop $more (local.set $n (call $read (i32.add (i32.const 1024) (global.get $body_len))"
                    + "                                      (i32.sub (i32.const 4096) (global.get $body_len))))"
                    + "  (global.set $body_len (i32.add (global.get $body_len) (local.get $n)))"
                    + "  (br_if $more (i32.gt_s (local.get $n) (i32.const 0)))))";

    private static TestHost host;

    @BeforeAll
    static void start() {
        host = TestHost.start(null);
        host.deployOrFail(
                "digest",
                TestHost.wat(
                        "(module (import \"edge\" \"crypto_digest\" (func $digest (param i32 i32 i32 i32 i32) (result i32)))"
                                + READ_BODY
                                + "(func (export \"handle\") (local $len i32) (call $read_body)"
                                + " (local.set $len (call $digest (i32.const 3) (i32.const 1024) (global.get $body_len)"
                                + "                                (i32.const 8192) (i32.const 64)))"
                                + " (drop (call $write (i32.const 8192) (local.get $len)))))"),
                "");
        host.deployOrFail(
                "hmac",
                TestHost.wat(
                        "(module (import \"edge\" \"crypto_hmac\""
                                + "  (func $hmac (param i32 i32 i32 i32 i32 i32 i32) (result i32)))"
                                + READ_BODY
                                + "(data (i32.const 0) \"secret\")"
                                + "(func (export \"handle\") (local $len i32) (call $read_body)"
                                + " (local.set $len (call $hmac (i32.const 1) (i32.const 0) (i32.const 6)"
                                + "   (i32.const 1024) (global.get $body_len) (i32.const 8192) (i32.const 64)))"
                                + " (drop (call $write (i32.const 8192) (local.get $len)))))"),
                "");
        // The body is a 2-byte big-endian key length, the key, 64 bytes of signature, then the data.
        host.deployOrFail(
                "verify",
                TestHost.wat(
                        "(module (import \"edge\" \"crypto_verify\""
                                + "  (func $verify (param i32 i32 i32 i32 i32 i32 i32) (result i32)))"
                                + READ_BODY
                                + "(func (export \"handle\") (local $key_len i32)"
                                + " (call $read_body)"
                                + " (local.set $key_len (i32.or (i32.shl (i32.load8_u (i32.const 1024)) (i32.const 8))"
                                + "                             (i32.load8_u (i32.const 1025))))"
                                + " (i32.store8 (i32.const 0) (i32.add (i32.const 48)"
                                + "  (call $verify (i32.const 2) (i32.const 1026) (local.get $key_len)"
                                + "   (i32.add (i32.const 1090) (local.get $key_len))"
                                + "   (i32.sub (global.get $body_len) (i32.add (i32.const 66) (local.get $key_len)))"
                                + "   (i32.add (i32.const 1026) (local.get $key_len)) (i32.const 64))))"
                                + " (drop (call $write (i32.const 0) (i32.const 1)))))"),
                "");
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static byte[] post(String function, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response =
                host.client()
                        .send(
                                HttpRequest.newBuilder(host.uri("/" + function))
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
        return response.body();
    }

    @Test
    void digest_sha512OfTheBody_matchesTheJdk() throws Exception {
        byte[] body = "the quick brown fox".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(MessageDigest.getInstance("SHA-512").digest(body), post("digest", body));
    }

    @Test
    void hmac_sha256OfTheBody_matchesTheJdk() throws Exception {
        byte[] body = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ".getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertArrayEquals(mac.doFinal(body), post("hmac", body));
    }

    @Test
    void verify_es256_tellsValidFromTamperedAndRefusesABadKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        byte[] data = Base64.getUrlEncoder().encode("{\"sub\":\"carol\"}".getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(pair.getPrivate());
        signer.update(data);
        byte[] signature = signer.sign();
        byte[] key = pair.getPublic().getEncoded();

        assertEquals("1", new String(post("verify", verifyBody(key, signature, data)), StandardCharsets.US_ASCII));
        signature[0] ^= 1;
        assertEquals("0", new String(post("verify", verifyBody(key, signature, data)), StandardCharsets.US_ASCII));
        // 48 + -2: the character before '0'.
        assertEquals(".", new String(post("verify", verifyBody(new byte[] {1, 2, 3}, signature, data)), StandardCharsets.US_ASCII));
    }

    private static byte[] verifyBody(byte[] key, byte[] signature, byte[] data) {
        byte[] body = new byte[2 + key.length + signature.length + data.length];
        body[0] = (byte) (key.length >> 8);
        body[1] = (byte) key.length;
        System.arraycopy(key, 0, body, 2, key.length);
        System.arraycopy(signature, 0, body, 2 + key.length, signature.length);
        System.arraycopy(data, 0, body, 2 + key.length + signature.length, data.length);
        return body;
    }
}
