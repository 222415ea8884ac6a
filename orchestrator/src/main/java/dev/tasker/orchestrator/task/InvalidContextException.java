package dev.tasker.orchestrator.task;

import dev.tasker.orchestrator.template.ContextProblem;

import java.util.List;

/** The task context does not satisfy the template's {@code input_schema}. */
public class InvalidContextException extends RuntimeException {

    private final transient List<ContextProblem> problems;

    public InvalidContextException(String templateKey, List<ContextProblem> problems) {
        super("the context does not match the input_schema of " + templateKey + ": "
                + String.join("; ", problems.stream().map(ContextProblem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    /** @return every way the context fails the schema */
    public List<ContextProblem> problems() {
        return problems;
    }
}
