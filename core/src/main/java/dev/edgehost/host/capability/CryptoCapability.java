package dev.edgehost.host.capability;

import dev.edgehost.abi.DigestAlgorithm;
import dev.edgehost.abi.SignatureAlgorithm;

/**
 * Hashing, message authentication and signature verification for guests (ABI spec §13). Methods
 * throw {@link AbiErrorException} with the code the guest gets when they refuse their arguments.
 */
public interface CryptoCapability {

    /** The digest of {@code data}. */
    byte[] digest(DigestAlgorithm algorithm, byte[] data);

    /** The HMAC (RFC 2104) of {@code data} under {@code key}; an empty key is refused. */
    byte[] hmac(DigestAlgorithm algorithm, byte[] key, byte[] data);

    /**
     * Whether {@code signature} is a valid signature of {@code data} under the DER-encoded
     * SubjectPublicKeyInfo {@code publicKey}. A key that is malformed or not of the algorithm's kind
     * is refused; a signature of any shape merely fails to verify.
     */
    boolean verify(SignatureAlgorithm algorithm, byte[] publicKey, byte[] data, byte[] signature);
}
