package dev.edgehost.host.capability;

import java.util.Objects;

/**
 * A byte string a guest passed (ABI spec §3.1) whose range lies in memory but whose bytes are not
 * read yet: a capability checks {@link #length()} against its limits first and calls {@link
 * #read()} only when they pass, so that a string too long is refused without being copied.
 */
public interface GuestBytes {

    /** How many bytes the string has. */
    int length();

    /** Copies the bytes out of guest memory, charging the request for the copy. */
    byte[] read();

    /** A string the host already holds, as a capability's callers outside a guest pass them. */
    static GuestBytes of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new GuestBytes() {
            @Override
            public int length() {
                return bytes.length;
            }

            @Override
            public byte[] read() {
                return bytes.clone();
            }
        };
    }
}
