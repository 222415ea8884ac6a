package dev.tasker.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.Json;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Human-readable renderings of the orchestrator's task JSON ({@code GET /v1/tasks/{uuid}}: {@code task_uuid,
 * namespace, name, version, state, step_counts {total, complete, ...}, steps [{name, state, attempts,
 * max_attempts, result, error, execution_time_ms, ...}]}), shared by {@code tasks get}, {@code tasks create --wait}
 * and {@code demo}.
 */
public final class TaskView {

    /** Longest result text shown in a table cell before it is cut with {@code ...}. */
    public static final int DETAIL_WIDTH = 72;
    /** Longest error text shown before it is cut: errors are the news, so they get more room than results. */
    public static final int ERROR_WIDTH = 160;

    private TaskView() {
    }

    /** @return {@code namespace/name@version} of the task's template */
    public static String templateKey(JsonNode task) {
        return task.path("namespace").asText() + "/" + task.path("name").asText() + "@" + task.path("version").asText();
    }

    /** @return e.g. {@code 3/5 steps complete} (resolved-manually steps count as done) */
    public static String stepProgress(JsonNode task) {
        return done(task) + "/" + total(task) + " steps complete";
    }

    /** @return steps that are {@code complete} or {@code resolved_manually} */
    public static int done(JsonNode task) {
        JsonNode counts = task.path("step_counts");
        return counts.path("complete").asInt() + counts.path("resolved_manually").asInt();
    }

    /** @return the task's step count ({@code step_counts.total}, else the size of {@code steps}) */
    public static int total(JsonNode task) {
        return task.path("step_counts").path("total").asInt(task.path("steps").size());
    }

    /** @return e.g. {@code 2/3}: attempts made of attempts allowed */
    public static String attempts(JsonNode step) {
        return step.path("attempts").asInt() + "/" + step.path("max_attempts").asInt();
    }

    /**
     * @return what a step produced: its error when it has one (see {@link #error}), else its result as compact JSON
     *         cut to {@value #DETAIL_WIDTH} characters; empty when it has neither
     */
    public static String detail(JsonNode step) {
        String error = error(step);
        if (!error.isEmpty()) {
            return error;
        }
        JsonNode result = step.path("result");
        return result.isMissingNode() || result.isNull() ? "" : Formats.cut(Json.compact(result), DETAIL_WIDTH);
    }

    /**
     * @return the step's latest error as {@code error_type: message}, cut to {@value #ERROR_WIDTH} characters, or
     *         an empty string when it has none
     */
    public static String error(JsonNode step) {
        JsonNode error = step.path("error");
        if (error.isMissingNode() || error.isNull()) {
            return "";
        }
        String message = error.isTextual() ? error.asText() : error.path("message").asText(Json.compact(error));
        String type = error.path("error_type").asText("");
        return Formats.cut(type.isEmpty() ? message : type + ": " + message, ERROR_WIDTH);
    }

    /**
     * @return the task's steps ordered so every step comes after its dependencies (Kahn's algorithm; among steps
     *         that are ready together, the order the orchestrator listed them in)
     */
    public static List<JsonNode> stepsInDependencyOrder(JsonNode task) {
        List<JsonNode> pending = new ArrayList<>();
        task.path("steps").forEach(pending::add);
        Set<String> present = new HashSet<>();
        pending.forEach(step -> present.add(step.path("name").asText()));
        List<JsonNode> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (!pending.isEmpty()) {
            JsonNode next = pending.stream().filter(step -> dependenciesPlaced(step, placed, present)).findFirst()
                    .orElse(pending.get(0)); // a cycle cannot come from the orchestrator; never loop forever
            pending.remove(next);
            ordered.add(next);
            placed.add(next.path("name").asText());
        }
        return ordered;
    }

    private static boolean dependenciesPlaced(JsonNode step, Set<String> placed, Set<String> present) {
        for (JsonNode dependency : step.path("dependencies")) {
            if (present.contains(dependency.asText()) && !placed.contains(dependency.asText())) {
                return false;
            }
        }
        return true;
    }

    /** Prints the task header and its steps table (the {@code tasks get} view). */
    public static void print(JsonNode task, PrintWriter out) {
        out.println("Task " + task.path("task_uuid").asText() + "  " + templateKey(task));
        out.println("  state      " + task.path("state").asText() + " (" + stepProgress(task) + ")");
        out.println("  created    " + Formats.timestamp(task.path("created_at")));
        if (task.hasNonNull("completed_at")) {
            out.println("  completed  " + Formats.timestamp(task.path("completed_at")));
        }
        if (task.hasNonNull("correlation_id")) {
            out.println("  correlation_id  " + task.path("correlation_id").asText());
        }
        out.println("  context    " + Formats.cut(Json.compact(task.path("context")), DETAIL_WIDTH));
        out.println();
        Table table = new Table("step", "state", "attempts", "time", "result / error");
        for (JsonNode step : stepsInDependencyOrder(task)) {
            table.row(step.path("name").asText(), step.path("state").asText(), attempts(step),
                    step.hasNonNull("execution_time_ms") ? Formats.millis(step.path("execution_time_ms").asLong()) : null,
                    detail(step));
        }
        table.print(out);
        out.flush();
    }
}
