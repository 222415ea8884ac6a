package dev.tasker.cli.output;

/** How a command prints its answer: a human-readable table or text, or JSON for scripts. */
public enum OutputFormat {
    /** Aligned columns and short summaries (the default). */
    TABLE,
    /** The orchestrator's JSON (or the command's own JSON summary), indented, on stdout. */
    JSON
}
