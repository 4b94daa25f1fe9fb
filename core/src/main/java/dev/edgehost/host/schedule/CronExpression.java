package dev.edgehost.host.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A five-field cron expression in UTC: minute (0-59), hour (0-23), day of month (1-31), month
 * (1-12 or {@code JAN}-{@code DEC}) and day of week (0-7, 0 and 7 both Sunday, or {@code SUN}-{@code SAT}).
 * Each field is {@code *} or a comma-separated list of values, ranges {@code a-b}, and steps
 * {@code *}{@code /n} or {@code a-b/n}. As in cron, when both the day of month and the day of week
 * are restricted (neither is {@code *}), a day matches if either does. Nothing else is accepted:
 * no seconds, no {@code ?}, {@code L}, {@code W} or {@code #}, no {@code @hourly} macros.
 * Immutable and thread-safe.
 */
public final class CronExpression {
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Eight years hold every date, February 29 included, on every day of the week. */
    private static final int SEARCH_DAYS = 366 * 8;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronExpression(String text, BitSet[] fields, boolean anyDayOfMonth, boolean anyDayOfWeek) {
        this.text = text;
        this.minutes = fields[0];
        this.hours = fields[1];
        this.daysOfMonth = fields[2];
        this.months = fields[3];
        this.daysOfWeek = fields[4];
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    /**
     * Parses an expression; fields are separated by spaces or tabs.
     *
     * @throws IllegalArgumentException naming the field and what is wrong with it
     */
    public static CronExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("invalid schedule: empty; a cron expression has five fields,"
                    + " minute hour day-of-month month day-of-week, e.g. \"*/5 * * * *\"");
        }
        String[] parts = expression.strip().split("[ \t]+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("invalid schedule \"" + expression + "\": " + parts.length
                    + " fields; a cron expression has five, minute hour day-of-month month day-of-week (UTC)");
        }
        BitSet[] fields = new BitSet[5];
        for (int i = 0; i < 5; i++) {
            try {
                fields[i] = CronField.values()[i].parse(parts[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "invalid schedule \"" + expression + "\": " + CronField.values()[i].label + " " + e.getMessage(), e);
            }
        }
        // Day of week 7 is Sunday too.
        if (fields[4].get(7)) {
            fields[4].clear(7);
            fields[4].set(0);
        }
        CronExpression cron = new CronExpression(String.join(" ", parts), fields, parts[2].equals("*"), parts[4].equals("*"));
        if (cron.anyDayOfWeek && !cron.dayOfMonthEverOccurs()) {
            throw new IllegalArgumentException(
                    "invalid schedule \"" + expression + "\": the days of month given never occur in the months given");
        }
        return cron;
    }

    /** Whether some day of month given exists in some month given (February has 29 days in leap years). */
    private boolean dayOfMonthEverOccurs() {
        for (int month = months.nextSetBit(1); month >= 0; month = months.nextSetBit(month + 1)) {
            int longest = Month.of(month).maxLength();
            if (daysOfMonth.nextSetBit(1) <= longest) {
                return true;
            }
        }
        return false;
    }

    /** The expression with its fields separated by single spaces. */
    public String text() {
        return text;
    }

    /** Whether the expression matches the minute that {@code time} falls in (UTC). */
    public boolean matches(Instant time) {
        LocalDateTime at = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        return minutes.get(at.getMinute()) && hours.get(at.getHour()) && matchesDay(at.toLocalDate());
    }

    private boolean matchesDay(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean dayOfMonth = daysOfMonth.get(day.getDayOfMonth());
        boolean dayOfWeek = daysOfWeek.get(day.getDayOfWeek().getValue() % 7);
        if (anyDayOfMonth || anyDayOfWeek) {
            return dayOfMonth && dayOfWeek;
        }
        return dayOfMonth || dayOfWeek;
    }

    /** The first whole minute strictly after {@code time} that the expression matches. */
    public Instant next(Instant time) {
        LocalDateTime start = LocalDateTime.ofInstant(time, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate day = start.toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (!matchesDay(day)) {
                continue;
            }
            boolean today = day.equals(start.toLocalDate());
            for (int hour = hours.nextSetBit(today ? start.getHour() : 0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                int fromMinute = today && hour == start.getHour() ? start.getMinute() : 0;
                int minute = minutes.nextSetBit(fromMinute);
                if (minute >= 0) {
                    return day.atTime(hour, minute).toInstant(ZoneOffset.UTC);
                }
            }
        }
        throw new IllegalStateException("no run of \"" + text + "\" within eight years");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronExpression && ((CronExpression) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** The five fields: their ranges and names. */
    private enum CronField {
        MINUTE("minute", 0, 59, List.of()),
        HOUR("hour", 0, 23, List.of()),
        DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
        MONTH("month", 1, 12, MONTHS),
        DAY_OF_WEEK("day-of-week", 0, 7, DAYS);

        private final String label;
        private final int min;
        private final int max;
        /** Names of the values from the first one up, e.g. JAN for 1 and SUN for 0. */
        private final List<String> names;

        CronField(String label, int min, int max, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
        }

        BitSet parse(String field) {
            BitSet values = new BitSet(max + 1);
            for (String item : field.split(",", -1)) {
                parseItem(item, values);
            }
            return values;
        }

        private void parseItem(String item, BitSet values) {
            if (item.isEmpty()) {
                throw new IllegalArgumentException("\"" + item + "\": an empty list item");
            }
            int slash = item.indexOf('/');
            String range = slash < 0 ? item : item.substring(0, slash);
            int step = 1;
            if (slash >= 0) {
                step = number(item.substring(slash + 1), "step");
                if (step < 1 || step > max) {
                    throw new IllegalArgumentException("\"" + item + "\": the step must be between 1 and " + max);
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                from = value(dash < 0 ? range : range.substring(0, dash));
                to = dash < 0 ? from : value(range.substring(dash + 1));
                if (dash < 0 && slash >= 0) {
                    throw new IllegalArgumentException("\"" + item + "\": a step needs a range, * or a-b");
                }
                if (from > to) {
                    throw new IllegalArgumentException("\"" + item + "\": the range's start is after its end");
                }
            }
            for (int v = from; v <= to; v += step) {
                values.set(v);
            }
        }

        private int value(String text) {
            int named = names.indexOf(text.toUpperCase(Locale.ROOT));
            if (named >= 0) {
                return named + (this == MONTH ? 1 : 0);
            }
            int value = number(text, "value");
            if (value < min || value > max) {
                throw new IllegalArgumentException("\"" + text + "\": out of range " + min + "-" + max);
            }
            return value;
        }

        private static int number(String text, String what) {
            if (text.isEmpty() || text.length() > 2 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("\"" + text + "\": not a " + what);
            }
            return Integer.parseInt(text);
        }
    }
}
