package dev.tasker.cli.testing;

import dev.tasker.cli.TaskerCli;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real {@code tasker} command line in-process and captures what it prints. */
public final class Cli {

    private Cli() {
    }

    /**
     * What one run did.
     *
     * @param exitCode the exit code {@code tasker} would exit with
     * @param out      everything printed on stdout
     * @param err      everything printed on stderr
     */
    public record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** @return the outcome of {@code tasker <args>} */
    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TaskerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
