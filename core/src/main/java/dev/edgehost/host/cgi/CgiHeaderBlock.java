package dev.edgehost.host.cgi;

import dev.edgehost.host.capability.HeaderRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header fields at the start of a CGI program's output and where the body begins, or the
 * reason the output does not begin with a header block: a line that is no {@code name: value}
 * field with a token name, or no blank line before the end.
 *
 * @param problem why there is no header block, or {@code null}
 */
record CgiHeaderBlock(List<Field> fields, int bodyStart, String problem) {

    static CgiHeaderBlock find(byte[] output) {
        List<Field> fields = new ArrayList<>();
        int position = 0;
        for (int line = 1; ; line++) {
            int end = indexOf(output, (byte) '\n', position);
            if (end < 0) {
                return new CgiHeaderBlock(fields, 0, output.length == 0
                        ? "the program wrote nothing to standard output"
                        : "no blank line ends the header fields");
            }
            int contentEnd = end > position && output[end - 1] == '\r' ? end - 1 : end;
            if (contentEnd == position) {
                return new CgiHeaderBlock(fields, end + 1, null);
            }
            String text = new String(output, position, contentEnd - position, StandardCharsets.ISO_8859_1);
            int colon = text.indexOf(':');
            if (colon <= 0 || !HeaderRules.isToken(text.substring(0, colon))) {
                return new CgiHeaderBlock(
                        fields, 0, "line " + line + " is not a header field: \"" + CgiResponseReader.abbreviated(text) + "\"");
            }
            fields.add(new Field(text.substring(0, colon), withoutBlanks(text.substring(colon + 1))));
            position = end + 1;
        }
    }

    /** The value without the spaces and tabs around it (RFC 9110 §5.5). */
    private static String withoutBlanks(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return value.substring(start, end);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** One header field as written, its name's case kept and its value without surrounding blanks. */
    record Field(String name, String value) {}
}
