package dev.edgehost.host.capability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edgehost.abi.LogLevel;
import dev.edgehost.host.capability.GuestTestSupport.Line;
import dev.edgehost.host.capability.GuestTestSupport.RecordingLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLineStreamTest {
    private static final int MAX = FunctionLog.MAX_LINE_CHARS;

    private final RecordingLog log = new RecordingLog();
    private final LogLineStream stream = new LogLineStream(log, LogLevel.WARN);

    private void write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        stream.write(bytes, 0, bytes.length);
    }

    private static Line warn(String message) {
        return new Line(LogLevel.WARN, message);
    }

    @Test
    void write_textWithNewlines_logsOneLinePerLineAtTheStreamsLevel() {
        write("first\nsecond\n");

        assertEquals(List.of(warn("first"), warn("second")), log.lines());
    }

    @Test
    void write_lineSpreadOverSeveralWrites_isLoggedOnceComplete() {
        write("hel");
        write("lo wor");
        assertEquals(List.of(), log.lines());

        write("ld\n");

        assertEquals(List.of(warn("hello world")), log.lines());
    }

    @Test
    void write_emptyLines_areLoggedAsEmptyLines() {
        write("a\n\nb\n");

        assertEquals(List.of(warn("a"), warn(""), warn("b")), log.lines());
    }

    @Test
    void write_carriageReturn_isKeptAsPartOfTheLine() {
        // Only a line feed ends a line (§7); the log shows what the guest wrote.
        write("dos\r\n");

        assertEquals(List.of(warn("dos\r")), log.lines());
    }

    @Test
    void write_multiByteCharacterSplitAcrossWrites_isDecodedWhole() {
        byte[] check = "\u2713\n".getBytes(StandardCharsets.UTF_8);

        stream.write(check, 0, 1);
        stream.write(check, 1, 1);
        stream.write(check, 2, check.length - 2);

        assertEquals(List.of(warn("\u2713")), log.lines());
    }

    @Test
    void write_invalidUtf8_isReplacedWithReplacementCharacter() {
        stream.write(new byte[] {'a', (byte) 0xFF, 'b', '\n'}, 0, 4);

        assertEquals(List.of(warn("a\uFFFDb")), log.lines());
    }

    @Test
    void write_offsetAndLength_writeOnlyThatSlice() {
        byte[] bytes = "xxok\nyy".getBytes(StandardCharsets.UTF_8);

        stream.write(bytes, 2, 3);

        assertEquals(List.of(warn("ok")), log.lines());
    }

    @Test
    void close_textWithoutFinalNewline_logsItAsLastLine() {
        write("one\ntwo");
        assertEquals(List.of(warn("one")), log.lines());

        stream.close();

        assertEquals(List.of(warn("one"), warn("two")), log.lines());
    }

    @Test
    void close_afterFinalNewline_logsNothingMore() {
        write("one\n");

        stream.close();

        assertEquals(List.of(warn("one")), log.lines());
    }

    @Test
    void close_nothingWritten_logsNothing() {
        stream.close();

        assertEquals(List.of(), log.lines());
    }

    @Test
    void close_calledTwice_logsTheRestOnce() {
        write("rest");

        stream.close();
        stream.close();

        assertEquals(List.of(warn("rest")), log.lines());
    }

    /**
     * The logged lines with every run of ten or more equal characters shortened to {@code c*count},
     * so that a failure shows line lengths instead of pages of repeated characters.
     */
    private List<String> runLengths() {
        List<String> result = new ArrayList<>();
        for (Line line : log.lines()) {
            StringBuilder summary = new StringBuilder(line.level() + ": ");
            String message = line.message();
            int start = 0;
            while (start < message.length()) {
                int end = start;
                while (end < message.length() && message.charAt(end) == message.charAt(start)) {
                    end++;
                }
                if (end - start >= 10) {
                    summary.append(message.charAt(start)).append('*').append(end - start);
                } else {
                    summary.append(message, start, end);
                }
                start = end;
            }
            result.add(summary.toString());
        }
        return result;
    }

    @Test
    void write_lineLongerThanMax_isSplitIntoLinesOfMaxBytes() {
        write("a".repeat(MAX) + "b".repeat(MAX) + "c".repeat(10) + "\n");

        assertEquals(List.of("WARN: a*" + MAX, "WARN: b*" + MAX, "WARN: c*10"), runLengths());
    }

    @Test
    void write_lineLongerThanMaxWithoutNewline_logsFullPartsAtOnceAndRestOnClose() {
        write("a".repeat(MAX + 1));
        assertEquals(List.of("WARN: a*" + MAX), runLengths());

        stream.close();

        assertEquals(List.of("WARN: a*" + MAX, "WARN: a"), runLengths());
    }

    @Test
    void write_lineOfExactlyMaxBytesThenNewline_logsOneLine() {
        // The newline ends the line that just filled up; it must not add an empty line of its own.
        write("a".repeat(MAX) + "\n" + "next\n");

        assertEquals(List.of("WARN: a*" + MAX, "WARN: next"), runLengths());
    }

    @Test
    void write_lineOfTwiceMaxBytesThenNewline_logsTwoLines() {
        write("a".repeat(2 * MAX) + "\n");

        assertEquals(List.of("WARN: a*" + MAX, "WARN: a*" + MAX), runLengths());
    }

    @Test
    void close_afterLineOfExactlyMaxBytes_logsThatLineOnly() {
        write("a".repeat(MAX));

        stream.close();

        assertEquals(List.of("WARN: a*" + MAX), runLengths());
    }

    @Test
    void stream_withInfoLevel_logsAtInfo() {
        LogLineStream stdout = new LogLineStream(log, LogLevel.INFO);

        stdout.write(new byte[] {'x', '\n'}, 0, 2);

        assertEquals(List.of(new Line(LogLevel.INFO, "x")), log.lines());
    }
}
