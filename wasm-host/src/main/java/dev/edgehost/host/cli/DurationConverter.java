package dev.edgehost.host.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A positive duration on the command line: milliseconds ({@code 30000}), {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT30S}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern AMOUNT = Pattern.compile("([0-9]{1,12})(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        Duration duration = parse(value.trim());
        if (duration.isNegative() || duration.isZero()) {
            throw new CommandLine.TypeConversionException("a duration must be positive: " + value);
        }
        return duration;
    }

    private static Duration parse(String value) {
        Matcher amount = AMOUNT.matcher(value.toLowerCase(Locale.ROOT));
        if (amount.matches()) {
            long number = Long.parseLong(amount.group(1));
            String unit = amount.group(2) == null ? "ms" : amount.group(2);
            switch (unit) {
                case "s":
                    return Duration.ofSeconds(number);
                case "m":
                    return Duration.ofMinutes(number);
                case "h":
                    return Duration.ofHours(number);
                default:
                    return Duration.ofMillis(number);
            }
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException(
                    "expected milliseconds (30000), a number with a unit (500ms, 30s, 2m, 1h) or an ISO-8601 duration (PT30S): " + value);
        }
    }
}
