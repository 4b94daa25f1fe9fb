package dev.edgehost.host.cgi;

import dev.edgehost.abi.ErrorCode;
import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.CgiOutput;
import dev.edgehost.host.InvalidCgiResponseException;
import dev.edgehost.host.capability.GuestResponse;
import dev.edgehost.host.capability.HeaderRules;
import dev.edgehost.host.capability.LogCapability;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a CGI program's standard output as its response (RFC 3875 §6): header lines ended by
 * {@code \n} or {@code \r\n}, a blank line, the body. {@code Status: NNN reason} sets the status;
 * a {@code Location} without {@code Status} is a {@code 302} redirect (also a local one, which
 * this host does not follow itself); every other field is a response header under the rules ABI
 * guests have: a header the host owns is left out (and logged), a value with a control character
 * or more fields or bytes than the limits allow fails the response, as does a body larger than
 * {@code max-response-body}.
 *
 * <p>Output that does not begin with a header block (its first line is no header field, or no
 * blank line ends the fields) is, when lenient, the whole body of a {@code 200} plain-text
 * response, so that a program that only prints works; when strict it fails. Strict also wants
 * what §6.2 wants: a {@code Content-Type} unless the response is a redirect.
 */
final class CgiResponseReader {
    static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    private final CgiOutput mode;
    private final GuestResponse response;
    private final LogCapability log;
    private final long maxBodyBytes;

    /**
     * @param maxBodyBytes the function's {@code max-response-body}, to name in a failure
     */
    CgiResponseReader(CgiOutput mode, GuestResponse response, LogCapability log, long maxBodyBytes) {
        this.mode = mode;
        this.response = response;
        this.log = log;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Builds the response from the output.
     *
     * @throws InvalidCgiResponseException when the output is no valid CGI response
     */
    void read(byte[] output) {
        CgiHeaderBlock block = CgiHeaderBlock.find(output);
        if (block.problem() != null) {
            if (mode == CgiOutput.STRICT) {
                throw new InvalidCgiResponseException("the output does not begin with a CGI header block: " + block.problem());
            }
            checked(response.addHeader("content-type", PLAIN_TEXT), "content-type");
            writeBody(output, 0);
            return;
        }
        String status = null;
        String location = null;
        boolean contentType = false;
        for (CgiHeaderBlock.Field field : block.fields()) {
            String name = field.name().toLowerCase(Locale.ROOT);
            String value = field.value();
            if (name.equals("status")) {
                if (status != null) {
                    throw invalid("the header block has more than one Status field");
                }
                status = value;
                continue;
            }
            if (name.equals("location")) {
                if (location != null) {
                    throw invalid("the header block has more than one Location field");
                }
                if (value.isEmpty()) {
                    throw invalid("the Location field is empty");
                }
                location = value;
            } else if (name.equals("content-type")) {
                if (contentType) {
                    throw invalid("the header block has more than one Content-Type field");
                }
                contentType = true;
            }
            addHeader(field.name(), value);
        }
        int code = status != null ? status(status) : location != null ? 302 : 200;
        if (mode == CgiOutput.STRICT && !contentType && location == null) {
            throw invalid("the header block has neither a Content-Type nor a Location field");
        }
        response.setStatus(code);
        writeBody(output, block.bodyStart());
    }

    private void addHeader(String name, String value) {
        int result = response.addHeader(name, value);
        if (result == ErrorCode.DENIED.value()) {
            log.log(LogLevel.WARN, "the CGI response's " + name + " header is one the host sets itself; it was left out");
            return;
        }
        checked(result, name);
    }

    private static void checked(int result, String name) {
        if (result == ErrorCode.INVALID_ARGUMENT.value()) {
            throw invalid("the " + name + " header's value has a control character");
        }
        if (result == ErrorCode.LIMIT_EXCEEDED.value()) {
            throw invalid("the response has more header fields or header bytes than the function's limits"
                    + " (max-response-headers, max-response-header-bytes)");
        }
    }

    /** The code of a {@code Status} field: three digits, then optionally a space and a reason phrase. */
    private static int status(String value) {
        boolean wellFormed =
                value.length() >= 3
                        && isDigit(value.charAt(0))
                        && isDigit(value.charAt(1))
                        && isDigit(value.charAt(2))
                        && (value.length() == 3 || value.charAt(3) == ' ');
        if (!wellFormed) {
            throw invalid("the Status field is not a three-digit code and a reason phrase: \"" + abbreviated(value) + "\"");
        }
        int code = Integer.parseInt(value.substring(0, 3));
        if (code < 200 || code > 599) {
            throw invalid("the Status " + code + " is not a final status from 200 to 599");
        }
        return code;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void writeBody(byte[] output, int from) {
        byte[] body = from == 0 ? output : Arrays.copyOfRange(output, from, output.length);
        if (response.write(body) == ErrorCode.LIMIT_EXCEEDED.value()) {
            throw invalid("the body of " + body.length + " bytes is larger than the function's max-response-body of "
                    + maxBodyBytes + " bytes");
        }
    }

    static String abbreviated(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    private static InvalidCgiResponseException invalid(String message) {
        return new InvalidCgiResponseException("invalid CGI response: " + message);
    }
}
