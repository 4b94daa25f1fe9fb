package dev.edgehost.host.spi;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The one format of integers in the store: an optional {@code -} and digits, without leading zeros
 * or a plus sign, within 64 bits. It is Redis's own rule for INCRBY, so both backends accept and
 * refuse the same values.
 */
public final class DecimalIntegers {
    private static final Pattern CANONICAL = Pattern.compile("0|-?[1-9][0-9]{0,18}");

    private DecimalIntegers() {}

    public static long parse(byte[] value) {
        String text = new String(value, StandardCharsets.ISO_8859_1);
        if (!CANONICAL.matcher(text).matches()) {
            throw new KvNotAnIntegerException("not a decimal integer: " + text);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new KvNotAnIntegerException("not a 64-bit integer: " + text);
        }
    }

    public static long add(long value, long delta) {
        try {
            return Math.addExact(value, delta);
        } catch (ArithmeticException e) {
            throw new KvNotAnIntegerException("the sum overflows 64 bits");
        }
    }

    public static byte[] format(long value) {
        return Long.toString(value).getBytes(StandardCharsets.ISO_8859_1);
    }
}
