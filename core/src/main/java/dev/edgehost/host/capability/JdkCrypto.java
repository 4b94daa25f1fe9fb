package dev.edgehost.host.capability;

import dev.edgehost.abi.DigestAlgorithm;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.SignatureAlgorithm;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.InvalidParameterSpecException;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@link CryptoCapability} on the JDK's own providers. Stateless: one instance serves every request. */
public final class JdkCrypto implements CryptoCapability {
    /** RFC 7518 §3.3: RS256 keys of fewer bits MUST NOT be used. */
    static final int MIN_RSA_BITS = 2048;

    private static final ECParameterSpec P256 = p256();

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (NoSuchAlgorithmException | InvalidParameterSpecException e) {
            throw new IllegalStateException("the JDK provides no curve P-256", e);
        }
    }

    @Override
    public Hashing digest(DigestAlgorithm algorithm) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm.specName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides " + algorithm.specName(), e);
        }
        return new Hashing() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                digest.update(bytes, offset, length);
            }

            @Override
            public byte[] finish() {
                return digest.digest();
            }
        };
    }

    @Override
    public Hashing hmac(DigestAlgorithm algorithm, byte[] key) {
        if (key.length == 0) {
            throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "an HMAC key must not be empty");
        }
        String name = "Hmac" + algorithm.specName().replace("-", "");
        Mac mac;
        try {
            mac = Mac.getInstance(name);
            mac.init(new SecretKeySpec(key, name));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK provides " + name + " for any non-empty key", e);
        }
        return new Hashing() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                mac.update(bytes, offset, length);
            }

            @Override
            public byte[] finish() {
                return mac.doFinal();
            }
        };
    }

    @Override
    public Verifying verify(SignatureAlgorithm algorithm, byte[] publicKey) {
        PublicKey key = publicKey(algorithm, publicKey);
        Signature verifier;
        try {
            verifier = Signature.getInstance(jdkName(algorithm));
            verifier.initVerify(key);
        } catch (InvalidKeyException e) {
            throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "the public key is not usable: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides " + jdkName(algorithm), e);
        }
        return new Verifying() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                try {
                    verifier.update(bytes, offset, length);
                } catch (SignatureException e) {
                    throw new IllegalStateException("an initialised verifier takes data", e);
                }
            }

            @Override
            public boolean verify(byte[] signature) {
                try {
                    return verifier.verify(signature);
                } catch (SignatureException e) {
                    // The signature is not even well formed: from the guest's point of view, simply not valid.
                    return false;
                }
            }
        };
    }

    /** ES256 signatures are JWS's raw {@code r || s}, which the JDK reads in its P1363 format. */
    private static String jdkName(SignatureAlgorithm algorithm) {
        return algorithm == SignatureAlgorithm.RS256 ? "SHA256withRSA" : "SHA256withECDSAinP1363Format";
    }

    private static PublicKey publicKey(SignatureAlgorithm algorithm, byte[] der) {
        if (der.length > MAX_PUBLIC_KEY_BYTES) {
            throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "the public key is longer than " + MAX_PUBLIC_KEY_BYTES + " bytes");
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance(algorithm == SignatureAlgorithm.RS256 ? "RSA" : "EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException | RuntimeException e) {
            // The JDK's DER parser reports some malformed encodings with unchecked exceptions.
            throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "the public key is no DER SubjectPublicKeyInfo of " + algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot read " + algorithm + " keys", e);
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "an RS256 key must have at least " + MIN_RSA_BITS + " bits");
        }
        if (key instanceof ECPublicKey ec && !isP256(ec.getParams())) {
            throw new AbiErrorException(ErrorCode.INVALID_ARGUMENT, "an ES256 key must be on curve P-256");
        }
        return key;
    }

    private static boolean isP256(ECParameterSpec params) {
        return params.getCurve().equals(P256.getCurve())
                && params.getOrder().equals(P256.getOrder())
                && params.getGenerator().equals(P256.getGenerator());
    }
}
