package dev.edgehost.abi;

/** Signature schemes of {@code crypto_verify} (SPEC.md §13.3), named as in JWS (RFC 7518). */
public enum SignatureAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256, an RSA key of at least 2048 bits. */
    RS256(1),
    /** ECDSA on curve P-256 with SHA-256; the signature is {@code r || s}, 32 bytes each. */
    ES256(2);

    private final int value;

    SignatureAlgorithm(int value) {
        this.value = value;
    }

    /** The number a guest passes as {@code alg}. */
    public int value() {
        return value;
    }

    /** The algorithm a guest named, or {@code null} when the value names none. */
    public static SignatureAlgorithm of(int value) {
        for (SignatureAlgorithm algorithm : values()) {
            if (algorithm.value == value) {
                return algorithm;
            }
        }
        return null;
    }
}
