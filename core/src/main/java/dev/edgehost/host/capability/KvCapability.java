package dev.edgehost.host.capability;

import java.util.List;

/**
 * The function's key-value namespace (ABI spec §11). Every method counts as one operation and
 * throws {@link AbiErrorException} with the code the guest gets when it refuses. Keys and values
 * arrive unread: an implementation checks their lengths before it reads them.
 */
public interface KvCapability {

    /** The value, or {@code null} when there is none. */
    byte[] get(GuestBytes key);

    /** Stores a value; {@code ttlSeconds} 0 means no expiry. */
    void set(GuestBytes key, GuestBytes value, int ttlSeconds);

    /** Whether there was an entry to delete. */
    boolean delete(GuestBytes key);

    /** Adds {@code delta} atomically and returns the new value. */
    long increment(GuestBytes key, long delta, int ttlSeconds);

    /**
     * At most {@code limit} keys with the prefix, strictly after {@code after} (empty: from the
     * first), in unsigned byte order.
     */
    List<byte[]> list(GuestBytes prefix, GuestBytes after, int limit);
}
