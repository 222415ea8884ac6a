package dev.tasker.orchestrator.template;

/**
 * One problem found in a task template: what is wrong and exactly where.
 *
 * <p>Rendered by {@link #toString()} as {@code source:line:column: field: message}, the format compilers
 * use, so editors and CI logs link to the spot. The REST API returns the same five values as the
 * {@code errors[]} entries {@code {source, line, column, field, message}} of a 400/422 problem.
 *
 * @param source  where the template came from: a file path, or {@code "<api>"} for an uploaded body
 * @param line    1-based line in the YAML text (the line of the offending key, list item or scalar;
 *                for a missing field the line of the mapping that should hold it)
 * @param column  1-based column on that line
 * @param field   path of the offending field, e.g. {@code steps[2].retry.max_attempts}; empty when the
 *                problem concerns the document as a whole (a YAML syntax error)
 * @param message what is wrong, in words naming the expected form
 */
public record TemplateProblem(String source, int line, int column, String field, String message) {

    /** @return {@code source:line:column: field: message} (the {@code field: } part omitted when empty). */
    @Override
    public String toString() {
        String location = source + ":" + line + ":" + column + ": ";
        return field.isEmpty() ? location + message : location + field + ": " + message;
    }
}
