package dev.edgehost.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart as SVG, small enough to read in a diff: one row per label, one bar per
 * series, the value written after each bar, and an optional target drawn as a red mark.
 */
final class SvgChart {
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759"};
    private static final int LABEL_WIDTH = 230;
    private static final int PLOT_WIDTH = 480;
    private static final int BAR_HEIGHT = 14;
    private static final int ROW_GAP = 10;
    private static final int TOP = 58;

    private final String title;
    private final String subtitle;
    private final List<String> series;

    /** One row: a value per series (NaN for none) and a target, or NaN. */
    record Row(String label, double[] values, double target) {}

    SvgChart(String title, String subtitle, List<String> series) {
        this.title = title;
        this.subtitle = subtitle;
        this.series = series;
    }

    String render(List<Row> rows, String unit) {
        double max = 0;
        for (Row row : rows) {
            for (double value : row.values()) {
                max = Double.isNaN(value) ? max : Math.max(max, value);
            }
            max = Double.isNaN(row.target()) ? max : Math.max(max, row.target());
        }
        max = max <= 0 ? 1 : max * 1.15;
        int rowHeight = series.size() * BAR_HEIGHT + ROW_GAP;
        int height = TOP + rows.size() * rowHeight + 30;
        int width = LABEL_WIDTH + PLOT_WIDTH + 90;
        StringBuilder svg = new StringBuilder();
        svg.append(format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        svg.append(format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(format("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", escape(title)));
        svg.append(format("<text x=\"10\" y=\"38\" fill=\"#555\">%s</text>%n", escape(subtitle)));
        int legendX = LABEL_WIDTH;
        for (int s = 0; s < series.size(); s++) {
            svg.append(format("<rect x=\"%d\" y=\"44\" width=\"10\" height=\"10\" fill=\"%s\"/>", legendX, COLORS[s % COLORS.length]));
            svg.append(format("<text x=\"%d\" y=\"53\">%s</text>%n", legendX + 14, escape(series.get(s))));
            legendX += 34 + 7 * series.get(s).length();
        }
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int y = TOP + r * rowHeight;
            svg.append(format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LABEL_WIDTH - 8, y + series.size() * BAR_HEIGHT / 2 + 4, escape(row.label())));
            for (int s = 0; s < series.size(); s++) {
                double value = row.values()[s];
                if (Double.isNaN(value)) {
                    continue;
                }
                int barY = y + s * BAR_HEIGHT;
                int barWidth = (int) Math.round(PLOT_WIDTH * value / max);
                svg.append(format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                        LABEL_WIDTH, barY, Math.max(barWidth, 1), BAR_HEIGHT - 2, COLORS[s % COLORS.length]));
                svg.append(format("<text x=\"%d\" y=\"%d\" font-size=\"11\">%s%s</text>%n",
                        LABEL_WIDTH + barWidth + 4, barY + BAR_HEIGHT - 4, number(value), unit));
            }
            if (!Double.isNaN(row.target())) {
                int x = LABEL_WIDTH + (int) Math.round(PLOT_WIDTH * row.target() / max);
                svg.append(format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d00\" stroke-width=\"2\"/>%n",
                        x, y - 2, x, y + series.size() * BAR_HEIGHT));
            }
        }
        svg.append(format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
                LABEL_WIDTH, TOP - 4, LABEL_WIDTH, TOP + rows.size() * rowHeight));
        svg.append("</svg>\n");
        return svg.toString();
    }

    void write(Path file, List<Row> rows, String unit) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(rows, unit), StandardCharsets.UTF_8);
    }

    static String number(double value) {
        if (value >= 100) {
            return format("%.0f", value);
        }
        if (value >= 10) {
            return format("%.1f", value);
        }
        return format("%.3g", value);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
