package dev.tasker.cli.output;

import dev.tasker.cli.ExitCode;

import java.util.Set;

/** Task states of DESIGN §3 that the CLI acts on: which are terminal, and the exit code each ending maps to. */
public final class TaskStates {

    private static final Set<String> TERMINAL = Set.of("complete", "error", "cancelled", "resolved_manually");

    private TaskStates() {
    }

    /** @return true for {@code complete}, {@code error}, {@code cancelled} and {@code resolved_manually} */
    public static boolean isTerminal(String state) {
        return TERMINAL.contains(state);
    }

    /**
     * @return {@link ExitCode#OK} for {@code complete} and {@code resolved_manually}, {@link ExitCode#TASK_FAILED}
     *         for {@code error} and {@code cancelled}
     * @throws IllegalArgumentException for a state that is not terminal
     */
    public static ExitCode exitCode(String terminalState) {
        return switch (terminalState) {
            case "complete", "resolved_manually" -> ExitCode.OK;
            case "error", "cancelled" -> ExitCode.TASK_FAILED;
            default -> throw new IllegalArgumentException("task state '" + terminalState + "' is not terminal");
        };
    }
}
