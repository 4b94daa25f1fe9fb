package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.abiResult;
import static dev.edgehost.host.capability.Marshalling.arg;
import static dev.edgehost.host.capability.Marshalling.function;
import static dev.edgehost.host.capability.Marshalling.memory;
import static dev.edgehost.host.capability.Marshalling.result;

import com.dylibso.chicory.runtime.HostFunction;
import dev.edgehost.abi.DigestAlgorithm;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.HostImport;
import dev.edgehost.abi.SignatureAlgorithm;
import dev.edgehost.host.Limit;
import dev.edgehost.host.fuel.FuelCosts;
import java.util.List;

/**
 * The crypto capability (ABI spec §13). Hashing, message authentication and signature
 * verification. It owns these imports, their marshalling from guest memory and the limits they
 * enforce. Stateless: the request's state is found through {@link #bind}'s {@link CurrentRequest}
 * at each call. Data is hashed straight from guest memory in chunks, paid for first, with the
 * deadline checked between chunks; keys and signatures longer than any valid one are refused
 * before they are read.
 */
public final class CryptoImports implements HostCapability {
    /** No signature of the supported algorithms is longer than the longest key accepted. */
    static final int MAX_SIGNATURE_BYTES = CryptoCapability.MAX_PUBLIC_KEY_BYTES;

    static final CryptoImports UNIT = new CryptoImports();

    private CryptoImports() {}

    @Override
    public String name() {
        return "crypto";
    }

    @Override
    public List<Limit> limits() {
        return List.of();
    }

    @Override
    public List<HostFunction> bind(CurrentRequest current) {
        return List.of(
                function(HostImport.CRYPTO_DIGEST, (instance, args) -> cryptoDigest(crypto(current), memory(instance, current), args)),
                function(HostImport.CRYPTO_HMAC, (instance, args) -> cryptoHmac(crypto(current), memory(instance, current), args)),
                function(HostImport.CRYPTO_VERIFY, (instance, args) -> cryptoVerify(crypto(current), memory(instance, current), args)));
    }

    private static CryptoCapability crypto(CurrentRequest current) {
        return current.capabilities().crypto();
    }

    /** {@code crypto_digest(alg, data, data_len, buf, cap) -> i32}: ABI spec §13.1. */
    private static long[] cryptoDigest(CryptoCapability crypto, GuestMemory memory, long... args) {
        int data = arg(args, 1);
        int dataLength = arg(args, 2);
        memory.checkRange(data, dataLength);
        DigestAlgorithm algorithm = outputAlgorithm(memory, arg(args, 0), arg(args, 3), arg(args, 4));
        if (algorithm == null) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        memory.work().charge(FuelCosts.hostHashed(Integer.toUnsignedLong(dataLength)));
        CryptoCapability.Hashing hashing = crypto.digest(algorithm);
        memory.readChunks(data, dataLength, (chunk, length) -> hashing.update(chunk, 0, length));
        return result(memory.writeResult(arg(args, 3), arg(args, 4), hashing.finish()));
    }

    /** {@code crypto_hmac(alg, key, key_len, data, data_len, buf, cap) -> i32}: ABI spec §13.2. */
    private static long[] cryptoHmac(CryptoCapability crypto, GuestMemory memory, long... args) {
        int key = arg(args, 1);
        int keyLength = arg(args, 2);
        int data = arg(args, 3);
        int dataLength = arg(args, 4);
        memory.checkRange(key, keyLength);
        memory.checkRange(data, dataLength);
        DigestAlgorithm algorithm = outputAlgorithm(memory, arg(args, 0), arg(args, 5), arg(args, 6));
        if (algorithm == null) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        return abiResult(
                () -> {
                    memory.work().charge(FuelCosts.hostHashed(Integer.toUnsignedLong(keyLength) + Integer.toUnsignedLong(dataLength)));
                    CryptoCapability.Hashing hashing = crypto.hmac(algorithm, memory.read(key, keyLength));
                    memory.readChunks(data, dataLength, (chunk, length) -> hashing.update(chunk, 0, length));
                    return memory.writeResult(arg(args, 5), arg(args, 6), hashing.finish());
                });
    }

    /** {@code crypto_verify(alg, key, key_len, data, data_len, sig, sig_len) -> i32}: ABI spec §13.3. */
    private static long[] cryptoVerify(CryptoCapability crypto, GuestMemory memory, long... args) {
        int key = arg(args, 1);
        int keyLength = arg(args, 2);
        int data = arg(args, 3);
        int dataLength = arg(args, 4);
        int signature = arg(args, 5);
        int signatureLength = arg(args, 6);
        memory.checkRange(key, keyLength);
        memory.checkRange(data, dataLength);
        memory.checkRange(signature, signatureLength);
        SignatureAlgorithm algorithm = SignatureAlgorithm.of(arg(args, 0));
        if (algorithm == null || keyLength > CryptoCapability.MAX_PUBLIC_KEY_BYTES) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        return abiResult(
                () -> {
                    memory.work().charge(FuelCosts.HOST_VERIFY);
                    CryptoCapability.Verifying verifying = crypto.verify(algorithm, memory.read(key, keyLength));
                    if (signatureLength > MAX_SIGNATURE_BYTES) {
                        return 0;
                    }
                    memory.work().charge(FuelCosts.hostHashed(Integer.toUnsignedLong(dataLength)));
                    memory.readChunks(data, dataLength, (chunk, length) -> verifying.update(chunk, 0, length));
                    return verifying.verify(memory.read(signature, signatureLength)) ? 1 : 0;
                });
    }

    /**
     * The algorithm {@code alg} names for an output written to {@code [buf, buf + cap)} (§3.2), or
     * {@code null} when {@code cap} is negative or {@code alg} names none; traps when the buffer is
     * outside memory.
     */
    private static DigestAlgorithm outputAlgorithm(GuestMemory memory, int alg, int buf, int cap) {
        if (cap < 0) {
            return null;
        }
        memory.checkRange(buf, cap);
        return DigestAlgorithm.of(alg);
    }
}
