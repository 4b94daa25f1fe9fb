package dev.edgehost.host.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The five-field cron syntax: what it accepts, when it runs next, and how it refuses the rest. */
class CronExpressionTest {

    @ParameterizedTest(name = "{0} after {1}")
    @CsvSource(delimiter = '|', value = {
        "* * * * *          | 2030-01-01T00:00:00Z | 2030-01-01T00:01:00Z",
        "* * * * *          | 2030-01-01T00:00:59Z | 2030-01-01T00:01:00Z",
        "*/15 * * * *       | 2030-01-01T00:15:00Z | 2030-01-01T00:30:00Z",
        "5 4 * * *          | 2030-01-01T04:05:00Z | 2030-01-02T04:05:00Z",
        "0 0 1 1 *          | 2030-06-01T00:00:00Z | 2031-01-01T00:00:00Z",
        "0 0 29 2 *         | 2030-01-01T00:00:00Z | 2032-02-29T00:00:00Z",
        "0 12 * * MON       | 2030-01-01T00:00:00Z | 2030-01-07T12:00:00Z",
        "0 12 * * 7         | 2030-01-01T00:00:00Z | 2030-01-06T12:00:00Z",
        "0 12 * * 0         | 2030-01-01T00:00:00Z | 2030-01-06T12:00:00Z",
        "0 0 13 * FRI       | 2030-01-01T00:00:00Z | 2030-01-04T00:00:00Z",
        "0 0 13 * *         | 2030-01-01T00:00:00Z | 2030-01-13T00:00:00Z",
        "0 9-17/4 * * *     | 2030-01-01T10:00:00Z | 2030-01-01T13:00:00Z",
        "0,30 * * jan-mar * | 2030-03-31T23:30:00Z | 2031-01-01T00:00:00Z",
        "59 23 31 DEC *     | 2030-12-31T23:58:00Z | 2030-12-31T23:59:00Z",
    })
    void next_expression_isTheFirstMatchingMinuteAfter(String expression, String after, String expected) {
        CronExpression cron = CronExpression.parse(expression);

        Instant next = cron.next(Instant.parse(after));

        assertEquals(Instant.parse(expected), next);
        assertTrue(cron.matches(next));
    }

    @Test
    void matches_minuteOfAnInstant_ignoresSeconds() {
        CronExpression cron = CronExpression.parse("30 6 * * *");

        assertTrue(cron.matches(Instant.parse("2030-01-01T06:30:59Z")));
        assertFalse(cron.matches(Instant.parse("2030-01-01T06:31:00Z")));
    }

    @Test
    void text_extraSpaces_isNormalized() {
        assertEquals("*/5 * * * *", CronExpression.parse("  */5   *\t* * *  ").text());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''                 | empty",
        "* * * *            | 4 fields; a cron expression has five",
        "* * * * * *        | 6 fields; a cron expression has five",
        "60 * * * *         | minute \"60\": out of range 0-59",
        "* 24 * * *         | hour \"24\": out of range 0-23",
        "* * 0 * *          | day-of-month \"0\": out of range 1-31",
        "* * * 13 *         | month \"13\": out of range 1-12",
        "* * * * 8          | day-of-week \"8\": out of range 0-7",
        "*/0 * * * *        | minute \"*/0\": the step must be between 1 and 59",
        "5/10 * * * *       | minute \"5/10\": a step needs a range, * or a-b",
        "10-5 * * * *       | minute \"10-5\": the range's start is after its end",
        "1,,2 * * * *       | minute \"\": an empty list item",
        "? * * * *          | minute \"?\": not a value",
        "* * L * *          | day-of-month \"L\": not a value",
        "* * * * MON#2      | day-of-week \"MON#2\": not a value",
        "@hourly            | 1 fields",
        "0 0 31 4 *         | the days of month given never occur in the months given",
        "0 0 30,31 FEB *    | the days of month given never occur in the months given",
    })
    void parse_invalid_isRefusedNamingTheProblem(String expression, String problem) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> CronExpression.parse(expression));

        assertTrue(refused.getMessage().contains(problem), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("invalid schedule"), refused.getMessage());
    }
}
