package dev.tasker.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the {@code errors} array of an orchestrator problem document (API.md §2: entries
 * {@code {source, line, column, field, message}}, all but {@code message} optional) as
 * {@code source:line:column: field: message} lines.
 */
public final class ProblemErrors {

    private ProblemErrors() {
    }

    /**
     * @param problem the problem document (may have no {@code errors})
     * @param source  the source to print instead of the one the server names (e.g. the local file the YAML came
     *                from), or null to keep the server's
     * @return one line per error, in order; empty when there are none
     */
    public static List<String> lines(JsonNode problem, String source) {
        List<String> lines = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            StringBuilder line = new StringBuilder();
            String where = source != null ? source : error.path("source").asText("");
            if (!where.isEmpty()) {
                line.append(where);
            }
            if (error.hasNonNull("line")) {
                line.append(line.isEmpty() ? "" : ":").append("line ").append(error.get("line").asInt());
                if (error.hasNonNull("column")) {
                    line.append(", column ").append(error.get("column").asInt());
                }
            }
            if (!line.isEmpty()) {
                line.append(": ");
            }
            if (error.hasNonNull("field") && !error.get("field").asText().isEmpty()) {
                line.append(error.get("field").asText()).append(": ");
            }
            line.append(error.isTextual() ? error.asText() : error.path("message").asText(error.toString()));
            lines.add(line.toString());
        }
        return lines;
    }
}
