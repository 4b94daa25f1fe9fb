package dev.edgehost.host.capability;

import static dev.edgehost.host.capability.Marshalling.abiResult;
import static dev.edgehost.host.capability.Marshalling.arg;
import static dev.edgehost.host.capability.Marshalling.function;
import static dev.edgehost.host.capability.Marshalling.memory;
import static dev.edgehost.host.capability.Marshalling.result;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import dev.edgehost.abi.DigestAlgorithm;
import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.HostImport;
import dev.edgehost.abi.SignatureAlgorithm;
import dev.edgehost.host.Limit;
import java.util.List;
import java.util.function.Function;

/**
 * The crypto capability (ABI spec §13). Hashing, message authentication and signature
 * verification. It owns these imports, their marshalling from guest memory and the limits they
 * enforce. Stateless: a request's state comes in through {@link #bind}.
 */
public final class CryptoImports implements HostCapability {

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
    public List<HostFunction> bind(GuestCapabilities capabilities) {
        return List.of(
                function(HostImport.CRYPTO_DIGEST, (instance, args) -> cryptoDigest(capabilities.crypto(), instance, args)),
                function(HostImport.CRYPTO_HMAC, (instance, args) -> cryptoHmac(capabilities.crypto(), instance, args)),
                function(HostImport.CRYPTO_VERIFY, (instance, args) -> cryptoVerify(capabilities.crypto(), instance, args)));
    }

    /** {@code crypto_digest(alg, data, data_len, buf, cap) -> i32}: ABI spec §13.1. */
    private static long[] cryptoDigest(CryptoCapability crypto, Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        byte[] data = memory.read(arg(args, 1), arg(args, 2));
        return digestResult(memory, arg(args, 0), arg(args, 3), arg(args, 4), algorithm -> crypto.digest(algorithm, data));
    }

    /** {@code crypto_hmac(alg, key, key_len, data, data_len, buf, cap) -> i32}: ABI spec §13.2. */
    private static long[] cryptoHmac(CryptoCapability crypto, Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        byte[] key = memory.read(arg(args, 1), arg(args, 2));
        byte[] data = memory.read(arg(args, 3), arg(args, 4));
        return digestResult(memory, arg(args, 0), arg(args, 5), arg(args, 6), algorithm -> crypto.hmac(algorithm, key, data));
    }

    /** {@code crypto_verify(alg, key, key_len, data, data_len, sig, sig_len) -> i32}: ABI spec §13.3. */
    private static long[] cryptoVerify(CryptoCapability crypto, Instance instance, long... args) {
        GuestMemory memory = memory(instance);
        byte[] key = memory.read(arg(args, 1), arg(args, 2));
        byte[] data = memory.read(arg(args, 3), arg(args, 4));
        byte[] signature = memory.read(arg(args, 5), arg(args, 6));
        SignatureAlgorithm algorithm = SignatureAlgorithm.of(arg(args, 0));
        if (algorithm == null) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        return abiResult(() -> crypto.verify(algorithm, key, data, signature) ? 1 : 0);
    }

    /** Writes what {@code compute} makes with the algorithm {@code alg} names into the buffer (§3.2). */
    private static long[] digestResult(
            GuestMemory memory, int alg, int buf, int cap, Function<DigestAlgorithm, byte[]> compute) {
        if (cap < 0) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        memory.checkRange(buf, cap);
        DigestAlgorithm algorithm = DigestAlgorithm.of(alg);
        if (algorithm == null) {
            return result(ErrorCode.INVALID_ARGUMENT.value());
        }
        return abiResult(() -> memory.writeResult(buf, cap, compute.apply(algorithm)));
    }
}
