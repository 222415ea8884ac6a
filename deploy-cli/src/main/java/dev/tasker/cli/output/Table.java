package dev.tasker.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: a header row and data rows, each column padded to its widest cell and separated by
 * two spaces; the last column is not padded. Null cells print as {@code -}.
 */
public final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param headers column titles, printed upper-case */
    public Table(String... headers) {
        this.headers = Arrays.stream(headers).map(String::toUpperCase).toList();
    }

    /**
     * Adds a row.
     *
     * @param cells one value per column ({@link Object#toString()}; null → {@code -})
     * @return this table
     * @throws IllegalArgumentException when the number of cells differs from the number of headers
     */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toList());
        return this;
    }

    /** @return true when no rows were added */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Prints the header and all rows to {@code out}. */
    public void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        printRow(out, headers, widths);
        rows.forEach(row -> printRow(out, row, widths));
        out.flush();
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i == cells.size() - 1) {
                line.append(cells.get(i));
            } else {
                line.append(String.format("%-" + widths[i] + "s  ", cells.get(i)));
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
