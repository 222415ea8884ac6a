package dev.tasker.orchestrator.state;

import java.util.EnumSet;
import java.util.Set;

/**
 * Task states (DESIGN §3, following tasker-core's task state machine) and the transitions allowed between them.
 *
 * <pre>
 * pending                  → initializing | cancelled
 * initializing             → enqueuing_steps | complete | waiting_for_dependencies | error | cancelled
 * enqueuing_steps          → steps_in_process | error | cancelled
 * steps_in_process         → evaluating_results | cancelled
 * evaluating_results       → enqueuing_steps | steps_in_process | waiting_for_dependencies | waiting_for_retry
 *                            | blocked_by_failures | complete | resolved_manually | cancelled
 * waiting_for_dependencies → evaluating_results | cancelled
 * waiting_for_retry        → evaluating_results | cancelled
 * blocked_by_failures      → error | evaluating_results | cancelled
 * error                    → evaluating_results   (an operator reset or resolved a step)
 * complete, cancelled, resolved_manually: no transitions
 * </pre>
 * Terminal: {@code complete}, {@code error}, {@code cancelled}, {@code resolved_manually}.
 */
public enum TaskState implements State<TaskState> {
    PENDING,
    INITIALIZING,
    ENQUEUING_STEPS,
    STEPS_IN_PROCESS,
    EVALUATING_RESULTS,
    WAITING_FOR_DEPENDENCIES,
    WAITING_FOR_RETRY,
    BLOCKED_BY_FAILURES,
    COMPLETE,
    ERROR,
    CANCELLED,
    RESOLVED_MANUALLY;

    @Override
    public Set<TaskState> allowedTargets() {
        return switch (this) {
            case PENDING -> EnumSet.of(INITIALIZING, CANCELLED);
            case INITIALIZING -> EnumSet.of(ENQUEUING_STEPS, COMPLETE, WAITING_FOR_DEPENDENCIES, ERROR, CANCELLED);
            case ENQUEUING_STEPS -> EnumSet.of(STEPS_IN_PROCESS, ERROR, CANCELLED);
            case STEPS_IN_PROCESS -> EnumSet.of(EVALUATING_RESULTS, CANCELLED);
            case EVALUATING_RESULTS -> EnumSet.of(ENQUEUING_STEPS, STEPS_IN_PROCESS, WAITING_FOR_DEPENDENCIES,
                    WAITING_FOR_RETRY, BLOCKED_BY_FAILURES, COMPLETE, RESOLVED_MANUALLY, CANCELLED);
            case WAITING_FOR_DEPENDENCIES, WAITING_FOR_RETRY -> EnumSet.of(EVALUATING_RESULTS, CANCELLED);
            case BLOCKED_BY_FAILURES -> EnumSet.of(ERROR, EVALUATING_RESULTS, CANCELLED);
            case ERROR -> EnumSet.of(EVALUATING_RESULTS);
            case COMPLETE, CANCELLED, RESOLVED_MANUALLY -> EnumSet.noneOf(TaskState.class);
        };
    }

    @Override
    public boolean isTerminal() {
        return this == COMPLETE || this == ERROR || this == CANCELLED || this == RESOLVED_MANUALLY;
    }

    /**
     * @param wireName a stored state name, e.g. {@code steps_in_process}
     * @return the state
     * @throws IllegalArgumentException when no task state has that name
     */
    public static TaskState fromWire(String wireName) {
        return State.fromWire(TaskState.class, wireName, "task");
    }
}
