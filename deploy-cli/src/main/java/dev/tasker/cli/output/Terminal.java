package dev.tasker.cli.output;

/**
 * What the CLI knows about its standard output. The {@code ./tasker} launcher tells it: it sets
 * {@code -Dtasker.tty=true} when stdout is a terminal ({@code [ -t 1 ]}) and {@code -Dtasker.columns=<n>}
 * from {@code tput cols}. Without those (pipes, CI, tests) output is plain lines.
 *
 * @param interactive true when stdout is a terminal, so progress may be redrawn in place with ANSI escapes
 * @param columns     terminal width in characters (lines longer than this are cut when redrawing)
 */
public record Terminal(boolean interactive, int columns) {

    /** Width assumed when the launcher did not say. */
    public static final int DEFAULT_COLUMNS = 120;

    /** @return the terminal as described by the system properties {@code tasker.tty} and {@code tasker.columns} */
    public static Terminal detect() {
        boolean tty = Boolean.getBoolean("tasker.tty");
        int columns = Integer.getInteger("tasker.columns", DEFAULT_COLUMNS);
        return new Terminal(tty, columns > 20 ? columns : DEFAULT_COLUMNS);
    }
}
