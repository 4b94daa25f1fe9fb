package dev.edgehost.host.capability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgehost.abi.DigestAlgorithm;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdkCryptoTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9".getBytes(StandardCharsets.US_ASCII);

    private final JdkCrypto crypto = new JdkCrypto();

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static KeyPair keyPair(String algorithm, Object spec) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (spec instanceof Integer bits) {
            generator.initialize(bits);
        } else {
            generator.initialize((ECGenParameterSpec) spec);
        }
        return generator.generateKeyPair();
    }

    private static byte[] sign(String jdkAlgorithm, KeyPair pair, byte[] data) throws GeneralSecurityException {
        Signature signer = Signature.getInstance(jdkAlgorithm);
        signer.initSign(pair.getPrivate());
        signer.update(data);
        return signer.sign();
    }

    private static void assertRefused(Runnable call) {
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(AbiErrorException.class, call::run).code());
    }

    // --- digest: FIPS 180-4 example "abc" ---

    @Test
    void digest_abc_matchesFips180Examples() {
        assertArrayEquals(
                hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                crypto.digest(DigestAlgorithm.SHA_256, ABC));
        assertArrayEquals(
                hex("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
                crypto.digest(DigestAlgorithm.SHA_384, ABC));
        assertArrayEquals(
                hex("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                        + "454d4423643ce80e2a9ac94fa54ca49f"),
                crypto.digest(DigestAlgorithm.SHA_512, ABC));
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void digest_emptyData_hasTheAlgorithmsLength(DigestAlgorithm algorithm) {
        assertEquals(algorithm.length(), crypto.digest(algorithm, new byte[0]).length);
    }

    // --- hmac: RFC 4231 test case 2 ---

    @Test
    void hmac_rfc4231Case2_matches() {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        byte[] data = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(
                hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                crypto.hmac(DigestAlgorithm.SHA_256, key, data));
        assertArrayEquals(
                hex("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"),
                crypto.hmac(DigestAlgorithm.SHA_384, key, data));
        assertArrayEquals(
                hex("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fd"
                        + "caeab1a34d4a6b4b636e070a38bce737"),
                crypto.hmac(DigestAlgorithm.SHA_512, key, data));
    }

    @Test
    void hmac_keyLongerThanTheBlock_isHashedFirst() {
        byte[] longKey = new byte[200];
        Arrays.fill(longKey, (byte) 7);
        assertArrayEquals(
                crypto.hmac(DigestAlgorithm.SHA_256, crypto.digest(DigestAlgorithm.SHA_256, longKey), ABC),
                crypto.hmac(DigestAlgorithm.SHA_256, longKey, ABC));
    }

    @Test
    void hmac_emptyKey_isRefused() {
        assertRefused(() -> crypto.hmac(DigestAlgorithm.SHA_256, new byte[0], ABC));
    }

    // --- verify: RS256 ---

    @Test
    void verify_rs256_acceptsItsSignatureAndRejectsAnyChange() throws GeneralSecurityException {
        KeyPair pair = keyPair("RSA", 2048);
        byte[] key = pair.getPublic().getEncoded();
        byte[] signature = sign("SHA256withRSA", pair, DATA);

        assertTrue(crypto.verify(SignatureAlgorithm.RS256, key, DATA, signature));
        byte[] tampered = signature.clone();
        tampered[10] ^= 1;
        assertFalse(crypto.verify(SignatureAlgorithm.RS256, key, DATA, tampered));
        assertFalse(crypto.verify(SignatureAlgorithm.RS256, key, ABC, signature));
        assertFalse(crypto.verify(SignatureAlgorithm.RS256, key, DATA, new byte[0]));
        assertFalse(crypto.verify(SignatureAlgorithm.RS256, key, DATA, Arrays.copyOf(signature, 300)));
    }

    @Test
    void verify_rs256KeyUnder2048Bits_isRefused() throws GeneralSecurityException {
        KeyPair pair = keyPair("RSA", 1024);
        byte[] signature = sign("SHA256withRSA", pair, DATA);
        assertRefused(() -> crypto.verify(SignatureAlgorithm.RS256, pair.getPublic().getEncoded(), DATA, signature));
    }

    @Test
    void verify_rs256WithAnEcKey_isRefused() throws GeneralSecurityException {
        byte[] ecKey = keyPair("EC", new ECGenParameterSpec("secp256r1")).getPublic().getEncoded();
        assertRefused(() -> crypto.verify(SignatureAlgorithm.RS256, ecKey, DATA, new byte[256]));
    }

    // --- verify: ES256 ---

    @Test
    void verify_es256_acceptsRawRAndSAndRejectsDer() throws GeneralSecurityException {
        KeyPair pair = keyPair("EC", new ECGenParameterSpec("secp256r1"));
        byte[] key = pair.getPublic().getEncoded();
        byte[] raw = sign("SHA256withECDSAinP1363Format", pair, DATA);
        byte[] der = sign("SHA256withECDSA", pair, DATA);

        assertEquals(64, raw.length);
        assertTrue(crypto.verify(SignatureAlgorithm.ES256, key, DATA, raw));
        assertFalse(crypto.verify(SignatureAlgorithm.ES256, key, DATA, der));
        byte[] tampered = raw.clone();
        tampered[63] ^= 1;
        assertFalse(crypto.verify(SignatureAlgorithm.ES256, key, DATA, tampered));
        assertFalse(crypto.verify(SignatureAlgorithm.ES256, key, DATA, new byte[64]));
        assertFalse(crypto.verify(SignatureAlgorithm.ES256, key, DATA, new byte[0]));
    }

    @Test
    void verify_es256KeyOnAnotherCurve_isRefused() throws GeneralSecurityException {
        byte[] p384 = keyPair("EC", new ECGenParameterSpec("secp384r1")).getPublic().getEncoded();
        assertRefused(() -> crypto.verify(SignatureAlgorithm.ES256, p384, DATA, new byte[64]));
    }

    @Test
    void verify_malformedKey_isRefused() {
        assertRefused(() -> crypto.verify(SignatureAlgorithm.RS256, new byte[0], DATA, new byte[256]));
        assertRefused(() -> crypto.verify(SignatureAlgorithm.ES256, "not a key".getBytes(StandardCharsets.US_ASCII), DATA, new byte[64]));
    }

    @Test
    void verify_keyOverTheSizeCap_isRefused() {
        assertRefused(() -> crypto.verify(SignatureAlgorithm.RS256, new byte[JdkCrypto.MAX_PUBLIC_KEY_BYTES + 1], DATA, new byte[256]));
    }
}
