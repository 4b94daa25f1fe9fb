package dev.edgehost.host.capability;

import dev.edgehost.abi.DigestAlgorithm;
import dev.edgehost.abi.SignatureAlgorithm;

/**
 * Hashing, message authentication and signature verification for guests (ABI spec §13). The data
 * is fed in chunks, so that host functions hash a guest's memory without copying it whole and
 * can stop at the deadline between chunks. Methods throw {@link AbiErrorException} with the code
 * the guest gets when they refuse their arguments.
 */
public interface CryptoCapability {
    /** The longest public key accepted, far above any key of the supported algorithms (an RSA-16384 key is about 2 KiB). */
    int MAX_PUBLIC_KEY_BYTES = 16 << 10;

    /** A hash or MAC being computed over data fed in chunks. */
    interface Hashing {
        void update(byte[] bytes, int offset, int length);

        /** The digest or MAC of everything fed. */
        byte[] finish();
    }

    /** A signature check over signed data fed in chunks. */
    interface Verifying {
        void update(byte[] bytes, int offset, int length);

        /** Whether {@code signature} signs everything fed. */
        boolean verify(byte[] signature);
    }

    /** Starts a digest. */
    Hashing digest(DigestAlgorithm algorithm);

    /** Starts an HMAC (RFC 2104) under {@code key}; an empty key is refused. */
    Hashing hmac(DigestAlgorithm algorithm, byte[] key);

    /**
     * Starts checking a signature under the DER-encoded SubjectPublicKeyInfo {@code publicKey}. A
     * key that is malformed, not of the algorithm's kind or longer than {@link
     * #MAX_PUBLIC_KEY_BYTES} is refused; a signature of any shape merely fails to verify.
     */
    Verifying verify(SignatureAlgorithm algorithm, byte[] publicKey);

    /** The digest of {@code data}. */
    default byte[] digest(DigestAlgorithm algorithm, byte[] data) {
        Hashing hashing = digest(algorithm);
        hashing.update(data, 0, data.length);
        return hashing.finish();
    }

    /** The HMAC of {@code data} under {@code key}. */
    default byte[] hmac(DigestAlgorithm algorithm, byte[] key, byte[] data) {
        Hashing hashing = hmac(algorithm, key);
        hashing.update(data, 0, data.length);
        return hashing.finish();
    }

    /** Whether {@code signature} is a valid signature of {@code data} under {@code publicKey}. */
    default boolean verify(SignatureAlgorithm algorithm, byte[] publicKey, byte[] data, byte[] signature) {
        Verifying verifying = verify(algorithm, publicKey);
        verifying.update(data, 0, data.length);
        return verifying.verify(signature);
    }
}
