package dev.tasker.orchestrator.state;

import java.util.EnumSet;
import java.util.Set;

/**
 * Workflow step states (DESIGN §3, following tasker-core's step state machine) and the transitions allowed
 * between them. Happy path: pending → enqueued → in_progress → enqueued_for_orchestration → complete.
 *
 * <pre>
 * pending                             → enqueued | complete* | cancelled | resolved_manually
 * enqueued                            → in_progress | complete* | cancelled | resolved_manually
 * in_progress                         → enqueued_for_orchestration | enqueued_as_error_for_orchestration
 *                                       | cancelled | resolved_manually
 * enqueued_for_orchestration          → complete | cancelled | resolved_manually
 * enqueued_as_error_for_orchestration → waiting_for_retry | error | cancelled | resolved_manually
 * waiting_for_retry                   → enqueued | complete* | cancelled | resolved_manually
 * error                               → pending (reset for retry) | complete* | cancelled | resolved_manually
 * complete, cancelled, resolved_manually: no transitions
 * </pre>
 * (* {@code complete_manually}: an operator supplies the result.) Terminal: {@code complete}, {@code cancelled},
 * {@code resolved_manually}, and {@code error} (which an operator can still reset, cancel or resolve).
 */
public enum StepState implements State<StepState> {
    PENDING,
    ENQUEUED,
    IN_PROGRESS,
    ENQUEUED_FOR_ORCHESTRATION,
    ENQUEUED_AS_ERROR_FOR_ORCHESTRATION,
    WAITING_FOR_RETRY,
    COMPLETE,
    ERROR,
    CANCELLED,
    RESOLVED_MANUALLY;

    @Override
    public Set<StepState> allowedTargets() {
        return switch (this) {
            case PENDING -> EnumSet.of(ENQUEUED, COMPLETE, CANCELLED, RESOLVED_MANUALLY);
            case ENQUEUED -> EnumSet.of(IN_PROGRESS, COMPLETE, CANCELLED, RESOLVED_MANUALLY);
            case IN_PROGRESS -> EnumSet.of(ENQUEUED_FOR_ORCHESTRATION, ENQUEUED_AS_ERROR_FOR_ORCHESTRATION,
                    CANCELLED, RESOLVED_MANUALLY);
            case ENQUEUED_FOR_ORCHESTRATION -> EnumSet.of(COMPLETE, CANCELLED, RESOLVED_MANUALLY);
            case ENQUEUED_AS_ERROR_FOR_ORCHESTRATION -> EnumSet.of(WAITING_FOR_RETRY, ERROR, CANCELLED, RESOLVED_MANUALLY);
            case WAITING_FOR_RETRY -> EnumSet.of(ENQUEUED, COMPLETE, CANCELLED, RESOLVED_MANUALLY);
            case ERROR -> EnumSet.of(PENDING, COMPLETE, CANCELLED, RESOLVED_MANUALLY);
            case COMPLETE, CANCELLED, RESOLVED_MANUALLY -> EnumSet.noneOf(StepState.class);
        };
    }

    @Override
    public boolean isTerminal() {
        return this == COMPLETE || this == ERROR || this == CANCELLED || this == RESOLVED_MANUALLY;
    }

    /** @return whether dependents of a step in this state may run ({@code complete} or {@code resolved_manually}). */
    public boolean satisfiesDependencies() {
        return this == COMPLETE || this == RESOLVED_MANUALLY;
    }

    /**
     * @param wireName a stored state name, e.g. {@code in_progress}
     * @return the state
     * @throws IllegalArgumentException when no step state has that name
     */
    public static StepState fromWire(String wireName) {
        return State.fromWire(StepState.class, wireName, "workflow step");
    }
}
