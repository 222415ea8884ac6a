package dev.tasker.cli;

/**
 * The exit codes of every {@code tasker} command, documented in {@code docs/cli.md} and in each
 * command's {@code --help}.
 */
public enum ExitCode {
    /** The command did what was asked (a waited-for task ended {@code complete} or {@code resolved_manually}). */
    OK(0, "success"),
    /** A task ended in {@code error} or {@code cancelled}, or a locally invoked step returned a failure. */
    TASK_FAILED(1, "task ended in error or was cancelled; invoked step failed"),
    /** The command line was wrong: unknown option, missing argument, malformed value. */
    USAGE(2, "usage error (unknown option, missing or malformed argument)"),
    /** No orchestrator answered at the server URL, or it did not become ready in time. */
    SERVER_UNREACHABLE(3, "orchestrator unreachable (start it with ./tasker server)"),
    /** The orchestrator does not know the handler, version, template, task or step. */
    NOT_FOUND(4, "not found (handler, version, template, task or step)"),
    /** A module, template, context, invocation or file was rejected as invalid. */
    INVALID_INPUT(5, "invalid input (module, template, context, invocation or file)"),
    /**
     * The request conflicts with current state (duplicate task, task already finished, no earlier version, other limits
     * than a stored handler version's).
     */
    CONFLICT(6, "conflict with current state (duplicate task, task already finished, nothing to roll back to, "
            + "other limits than a stored handler version's)"),
    /** The orchestrator failed (HTTP 5xx) or answered something the CLI cannot read; or the CLI itself failed. */
    INTERNAL_ERROR(7, "orchestrator or CLI internal error");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** @return the process exit status */
    public int code() {
        return code;
    }

    /** @return a one-line description for help texts */
    public String description() {
        return description;
    }
}
