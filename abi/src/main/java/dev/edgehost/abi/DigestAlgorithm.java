package dev.edgehost.abi;

/** Hash functions of {@code crypto_digest} and {@code crypto_hmac} (SPEC.md §13). */
public enum DigestAlgorithm {
    SHA_256(1, "SHA-256", 32),
    SHA_384(2, "SHA-384", 48),
    SHA_512(3, "SHA-512", 64);

    private final int value;
    private final String specName;
    private final int length;

    DigestAlgorithm(int value, String specName, int length) {
        this.value = value;
        this.specName = specName;
        this.length = length;
    }

    /** The number a guest passes as {@code alg}. */
    public int value() {
        return value;
    }

    /** The name SPEC.md and FIPS 180-4 use, e.g. {@code SHA-256}; also the JDK's algorithm name. */
    public String specName() {
        return specName;
    }

    /** The length of a digest, and of an HMAC, in bytes. */
    public int length() {
        return length;
    }

    /** The algorithm a guest named, or {@code null} when the value names none. */
    public static DigestAlgorithm of(int value) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.value == value) {
                return algorithm;
            }
        }
        return null;
    }
}
