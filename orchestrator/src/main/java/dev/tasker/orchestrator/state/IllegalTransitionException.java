package dev.tasker.orchestrator.state;

import java.util.UUID;

/**
 * A transition that the state machine does not allow was requested (e.g. {@code complete → pending}). Nothing
 * was written.
 */
public class IllegalTransitionException extends RuntimeException {

    private final transient State<?> from;
    private final transient State<?> to;

    public IllegalTransitionException(String entity, UUID uuid, State<?> from, State<?> to) {
        super("illegal " + entity + " transition " + from.wireName() + " → " + to.wireName() + " for " + uuid
                + " (allowed from " + from.wireName() + ": " + names(from) + ")");
        this.from = from;
        this.to = to;
    }

    private static String names(State<?> from) {
        return from.allowedTargets().isEmpty() ? "none"
                : String.join(", ", from.allowedTargets().stream().map(s -> ((State<?>) s).wireName()).toList());
    }

    /** @return the state the entity was expected to be in. */
    public State<?> from() {
        return from;
    }

    /** @return the requested target state. */
    public State<?> to() {
        return to;
    }
}
