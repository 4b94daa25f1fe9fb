package dev.edgehost.host.capability;

/** A received fetch response as the guest reads it (ABI spec §12.2 to §12.5). */
public interface FetchResponse {

    int status();

    /** All values of a header joined by {@code ", "}, or {@code null}; the name in lower case. */
    String header(String lowerCaseName);

    /** Every header as {@code name: value\n} lines, names in lower case, one line per value. */
    String headerLines();

    /** Copies the next body bytes; 0 at the end. */
    int readBody(byte[] target, int offset, int length);
}
