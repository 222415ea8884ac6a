package dev.tasker.orchestrator.template;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a task template (or a directory of them) is not valid. It holds every problem found,
 * not only the first, ordered by source, line and column.
 *
 * <p>{@link #getMessage()} renders one {@code source:line:column: field: message} line per problem.
 */
public class TemplateValidationException extends Exception {

    private final transient List<TemplateProblem> problems;

    /**
     * @param problems the problems found, in any order (they are sorted stably); must not be empty
     * @throws IllegalArgumentException when {@code problems} is empty
     */
    public TemplateValidationException(List<TemplateProblem> problems) {
        super(render(sorted(problems)));
        this.problems = sorted(problems);
    }

    /** @return every problem found, in source, line and column order; never empty. */
    public List<TemplateProblem> problems() {
        return problems;
    }

    private static List<TemplateProblem> sorted(List<TemplateProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a TemplateValidationException needs at least one problem");
        }
        return problems.stream()
                .sorted(Comparator.comparing(TemplateProblem::source)
                        .thenComparingInt(TemplateProblem::line)
                        .thenComparingInt(TemplateProblem::column))
                .toList();
    }

    private static String render(List<TemplateProblem> problems) {
        return problems.stream().map(TemplateProblem::toString).collect(Collectors.joining("\n"));
    }
}
