package dev.tasker.loadtests.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark result table printed as GitHub-flavoured Markdown, so the output can be pasted into
 * {@code docs/benchmarks.md} as is. Columns are padded to equal width for reading in a terminal.
 */
public final class ResultTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param header column titles; every row must have as many cells */
    public ResultTable(String... header) {
        this.header = List.of(header);
    }

    /**
     * Appends a row.
     *
     * @param cells one value per column
     * @return this table
     * @throws IllegalArgumentException when the number of cells differs from the number of columns
     */
    public ResultTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.size()
                    + " columns " + header);
        }
        rows.add(List.of(cells));
        return this;
    }

    /**
     * Appends a latency row: the label, the sample count, p50, p95, p99 and max in ms, then a last cell.
     * The table must have exactly these seven columns.
     *
     * @param label   what was measured
     * @param summary the latency distribution
     * @param last    the last column's value (e.g. a rate), or "" for none
     * @return this table
     */
    public ResultTable latencyRow(String label, LatencySummary summary, String last) {
        return row(label, Integer.toString(summary.count()), ms(summary.p50Ms()), ms(summary.p95Ms()),
                ms(summary.p99Ms()), ms(summary.maxMs()), last);
    }

    /** @return the table as Markdown lines joined by '\n', ending with a newline */
    public String render() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, header, widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        appendLine(out, rule, widths);
        for (List<String> row : rows) {
            appendLine(out, row, widths);
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < cells.size(); i++) {
            out.append(' ').append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length())).append(" |");
        }
        out.append('\n');
    }

    /** @return a duration in ms with one decimal, e.g. {@code 12.3} */
    public static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** @return a duration given in ms as whole µs, e.g. {@code 131} for 0.1314 */
    public static String us(double ms) {
        return String.format(Locale.ROOT, "%.0f", ms * 1000);
    }

    /** @return a rate with no decimals and a unit, e.g. {@code 812 steps/s} */
    public static String rate(double perSecond, String unit) {
        return String.format(Locale.ROOT, "%.0f %s/s", perSecond, unit);
    }
}
