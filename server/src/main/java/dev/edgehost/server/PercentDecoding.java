package dev.edgehost.server;

import dev.edgehost.host.BadRequestException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Decodes a percent-encoded URL path segment to bytes ({@code +} stays a plus, as in paths). */
final class PercentDecoding {

    private PercentDecoding() {}

    static byte[] decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new BadRequestException("truncated percent-encoding in " + encoded);
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new BadRequestException("malformed percent-encoding in " + encoded);
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }
}
