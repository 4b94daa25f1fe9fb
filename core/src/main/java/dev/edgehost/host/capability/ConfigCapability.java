package dev.edgehost.host.capability;

/** The per-function configuration set at deploy time (ABI spec §6.2). */
public interface ConfigCapability {

    /** The value of a key, or {@code null} when the function has no such key. */
    String get(String key);
}
