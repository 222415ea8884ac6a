package dev.tasker.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tasker.cli.Json;

import java.io.PrintWriter;
import java.util.function.Predicate;

/**
 * Renders a task's transition history ({@code GET /v1/tasks/{uuid}/transitions}: {@code transitions} entries
 * {@code {entity, step_name, from_state, to_state, metadata, created_at}}) as one line per transition:
 * <pre>
 *   16:54:04.395  process_payment  in_progress -> enqueued_as_error_for_orchestration  {"attempt":1}
 * </pre>
 * Task transitions show {@code task} in the step column.
 */
public final class TransitionsView {

    private TransitionsView() {
    }

    /**
     * @param history   the transitions document (or its {@code transitions} array)
     * @param which     the transitions to print
     * @param out       where to print
     */
    public static void print(JsonNode history, Predicate<JsonNode> which, PrintWriter out) {
        JsonNode transitions = history.has("transitions") ? history.get("transitions") : history;
        int width = 4;
        for (JsonNode t : transitions) {
            width = Math.max(width, subject(t).length());
        }
        for (JsonNode t : transitions) {
            if (!which.test(t)) {
                continue;
            }
            String from = Formats.text(t.path("from_state"));
            JsonNode metadata = t.path("metadata");
            boolean hasMetadata = metadata.isObject() && !metadata.isEmpty();
            out.println(String.format("  %-12s  %-" + width + "s  %s%s%s", time(t.path("created_at")), subject(t),
                    from == null ? "" : from + " -> ", t.path("to_state").asText(),
                    hasMetadata ? "  " + Formats.cut(Json.compact(metadata), TaskView.DETAIL_WIDTH) : ""));
        }
        out.flush();
    }

    /** @return true for transitions of the named step */
    public static Predicate<JsonNode> ofStep(String stepName) {
        return t -> stepName.equals(t.path("step_name").asText(null));
    }

    private static String subject(JsonNode transition) {
        String step = Formats.text(transition.path("step_name"));
        return step == null ? "task" : step;
    }

    /** {@code 2026-11-21T16:54:04.395123Z} → {@code 16:54:04.395}. */
    private static String time(JsonNode timestamp) {
        String text = timestamp.asText("");
        int t = text.indexOf('T');
        if (t < 0 || text.length() < t + 9) {
            return text;
        }
        String clock = text.substring(t + 1);
        int end = Math.min(clock.length(), 12);
        return clock.substring(0, end).replace("Z", "");
    }
}
