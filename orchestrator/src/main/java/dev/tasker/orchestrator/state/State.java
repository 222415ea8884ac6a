package dev.tasker.orchestrator.state;

import java.util.Set;

/**
 * A state of one of Tasker's state machines (tasks, workflow steps).
 *
 * @param <S> the enum implementing it
 */
public interface State<S extends Enum<S> & State<S>> {

    /** @return the name stored in transition rows and shown on the wire, e.g. {@code waiting_for_retry}. */
    String wireName();

    /** @return the states this one may move to; every other target is an illegal transition. */
    Set<S> allowedTargets();

    /** @return whether the state is terminal (no automatic progress leaves it). */
    boolean isTerminal();

    /** @return whether a transition from this state to {@code target} is allowed. */
    default boolean canTransitionTo(S target) {
        return allowedTargets().contains(target);
    }
}
