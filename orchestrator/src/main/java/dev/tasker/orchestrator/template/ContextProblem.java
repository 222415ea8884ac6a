package dev.tasker.orchestrator.template;

/**
 * One way a task context fails its template's {@code input_schema}.
 *
 * <p>The REST API returns these as the {@code errors[]} of a 422 problem for {@code POST /v1/tasks}.
 *
 * @param pointer JSON pointer (RFC 6901) to the offending value in the context, {@code ""} for the
 *                context itself; for a missing required property, the pointer of that property
 * @param message what is wrong, e.g. {@code string found, number expected}
 */
public record ContextProblem(String pointer, String message) {

    /** @return {@code pointer: message}, the root shown as {@code (context)}. */
    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(context)" : pointer) + ": " + message;
    }
}
