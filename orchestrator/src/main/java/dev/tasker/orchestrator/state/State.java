package dev.tasker.orchestrator.state;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A state of one of Tasker's state machines (tasks, workflow steps).
 *
 * @param <S> the enum implementing it
 */
public interface State<S extends Enum<S> & State<S>> {

    /**
     * @return the name stored in transition rows and shown on the wire: the enum constant's name in lower case, e.g.
     * {@code waiting_for_retry}
     */
    default String wireName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** @return the states this one may move to; every other target is an illegal transition. */
    Set<S> allowedTargets();

    /** @return whether the state is terminal (no automatic progress leaves it). */
    boolean isTerminal();

    /** @return whether a transition from this state to {@code target} is allowed. */
    default boolean canTransitionTo(S target) {
        return allowedTargets().contains(target);
    }

    /**
     * Looks a state up by its {@link #wireName()}.
     *
     * @param type     the state enum
     * @param wireName a stored state name, e.g. {@code in_progress}
     * @param machine  what the states belong to, for the error message, e.g. {@code task}
     * @param <S>      the state enum
     * @return the state
     * @throws IllegalArgumentException when no state of {@code type} has that name:
     *                                  {@code unknown <machine> state '<wireName>'}
     */
    static <S extends Enum<S> & State<S>> S fromWire(Class<S> type, String wireName, String machine) {
        return Arrays.stream(type.getEnumConstants()).filter(s -> s.wireName().equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + machine + " state '" + wireName + "'"));
    }
}
