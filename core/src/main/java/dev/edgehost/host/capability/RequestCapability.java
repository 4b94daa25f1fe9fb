package dev.edgehost.host.capability;

/** What a guest may learn about the request it handles (ABI spec §4). */
public interface RequestCapability {

    /** The request method, e.g. {@code GET}. */
    String method();

    /** The absolute request URL with its query. */
    String url();

    /**
     * All values of a header, joined by {@code ", "}, or {@code null} when absent.
     *
     * @param lowerCaseName the header name in lower case
     */
    String header(String lowerCaseName);

    /** Every header as {@code name: value\n} lines, names in lower case, one line per value. */
    String headerLines();

    /**
     * Copies the next body bytes into {@code target}.
     *
     * @return how many bytes were copied; {@code 0} at the end of the body or when {@code length} is 0
     */
    int readBody(byte[] target, int offset, int length);
}
