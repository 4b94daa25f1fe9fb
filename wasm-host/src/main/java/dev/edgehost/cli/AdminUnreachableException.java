package dev.edgehost.cli;

import java.io.IOException;

/** The admin API gave no answer: the host is down, or the URL is wrong. */
final class AdminUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AdminUnreachableException(String base, IOException cause) {
        super("cannot reach the admin API at " + base + ": " + cause, cause);
    }
}
