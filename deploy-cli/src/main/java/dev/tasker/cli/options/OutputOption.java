package dev.tasker.cli.options;

import dev.tasker.cli.output.OutputFormat;
import picocli.CommandLine.Option;

/** Mixin: {@code -o/--output table|json}. */
public final class OutputOption {

    @Option(names = {"-o", "--output"}, paramLabel = "<format>", defaultValue = "table",
            description = "Output format: table (human-readable, default) or json (for scripts).")
    private OutputFormat format;

    /** @return the chosen format */
    public OutputFormat format() {
        return format;
    }

    /** @return true when {@code --output json} was given */
    public boolean json() {
        return format == OutputFormat.JSON;
    }
}
