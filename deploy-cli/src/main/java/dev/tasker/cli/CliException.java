package dev.tasker.cli;

/**
 * A failure the user can act on: the message names the cause and the fix, and the exit code classifies
 * it. Thrown by commands and the orchestrator client; {@link TaskerCli} prints the message to stderr
 * (prefixed {@code error: }) and exits with {@link #exitCode()}.
 */
public class CliException extends RuntimeException {

    private final ExitCode exitCode;

    /**
     * @param exitCode how the process ends
     * @param message  cause and fix, e.g. "cannot reach the orchestrator at http://localhost:8080: start it with ./tasker server"
     */
    public CliException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode how the process ends
     * @param message  cause and fix
     * @param cause    the underlying exception (kept for {@code --verbose}-style debugging)
     */
    public CliException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** @return how the process ends */
    public ExitCode exitCode() {
        return exitCode;
    }
}
