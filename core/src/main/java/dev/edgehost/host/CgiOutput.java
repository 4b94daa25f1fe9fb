package dev.edgehost.host;

/** What the host makes of a CGI program's standard output when it does not begin with a CGI header block. */
public enum CgiOutput {
    /** The whole output is the body of a {@code 200} response of type {@code text/plain; charset=utf-8}. */
    LENIENT,
    /** The request fails with {@code 502 invalid_cgi_response}, naming what was wrong. */
    STRICT
}
